"""The limit on failed sign-ins per address, with times given by hand."""

from __future__ import annotations

import pytest

from api import login_limits
from api.login_limits import FailedLoginLimiter


def test_limit_blocks_after_max_failures():
    limiter = FailedLoginLimiter(max_failures=3, window_seconds=60)

    reached = [limiter.record_failure("a", now) for now in (0, 10, 20)]

    assert reached == [False, False, True]
    # The oldest failure, at 0, leaves the window at 60.
    assert limiter.retry_after("a", 20) == 40
    assert limiter.retry_after("a", 59.5) == 1
    assert limiter.retry_after("a", 60) is None
    assert limiter.retry_after("b", 20) is None


def test_window_slides():
    limiter = FailedLoginLimiter(max_failures=2, window_seconds=60)
    limiter.record_failure("a", 0)
    limiter.record_failure("a", 50)

    assert limiter.retry_after("a", 55) == 5
    # At 61 only the failure at 50 is recent, so one more is allowed.
    assert limiter.retry_after("a", 61) is None
    assert limiter.record_failure("a", 61) is True
    assert limiter.retry_after("a", 61) == 49


def test_fewer_failures_do_not_block():
    limiter = FailedLoginLimiter(max_failures=10, window_seconds=60)
    for now in range(9):
        limiter.record_failure("a", now)

    assert limiter.retry_after("a", 9) is None


def test_oldest_address_is_forgotten(monkeypatch):
    monkeypatch.setattr(login_limits, "MAX_TRACKED_ADDRESSES", 2)
    limiter = FailedLoginLimiter(max_failures=1, window_seconds=60)

    for address in ("a", "b", "c"):
        limiter.record_failure(address, 0)

    assert limiter.retry_after("a", 1) is None
    assert limiter.retry_after("b", 1) == 59
    assert limiter.retry_after("c", 1) == 59


@pytest.mark.parametrize(("failures", "window"), [(0, 60), (5, 0), (5, -1)])
def test_invalid_limit_is_rejected(failures, window):
    with pytest.raises(ValueError, match="invalid sign-in limit"):
        FailedLoginLimiter(failures, window)
