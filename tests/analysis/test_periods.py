"""Named periods as date windows."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.periods import window_of


@pytest.mark.parametrize(
    ("period", "window"),
    [
        ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
        ("2024Q1", (date(2024, 1, 1), date(2024, 3, 31))),
        ("2024q4", (date(2024, 10, 1), date(2024, 12, 31))),
        # 2024 is a leap year, 2023 is not.
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2023-02", (date(2023, 2, 1), date(2023, 2, 28))),
        (" 2025-11 ", (date(2025, 11, 1), date(2025, 11, 30))),
    ],
)
def test_window_of(period, window):
    assert window_of(period) == window


@pytest.mark.parametrize("period", ["2024Q0", "2024Q5", "24Q1", "2024-1", "Q1", ""])
def test_invalid_periods(period):
    with pytest.raises(ValueError, match="invalid period"):
        window_of(period)
