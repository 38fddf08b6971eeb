"""A limit on failed sign-ins per client address.

Access tokens are 256-bit random strings, so guessing one is hopeless. The
limit stops a script from making the server look up and log token after
token. Counts are kept in the memory of one process and start again when
it restarts.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict, deque

# Addresses tracked at once. When more fail within one window, the address
# whose latest failure is oldest is forgotten first.
MAX_TRACKED_ADDRESSES = 10_000


class FailedLoginLimiter:
    """Count failed sign-ins per address over a sliding window.

    ``max_failures`` failures within ``window_seconds`` block the address
    until the oldest of them leaves the window. Times are in seconds from
    any fixed point, such as ``time.monotonic()``. Safe to share between
    threads.
    """

    def __init__(self, max_failures: int, window_seconds: float) -> None:
        if max_failures < 1 or window_seconds <= 0:
            raise ValueError(
                f"invalid sign-in limit {max_failures} per {window_seconds} s: "
                "expected at least 1 failure over a positive window"
            )
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, address: str, now: float) -> int | None:
        """Return the whole seconds until ``address`` may try again, or
        ``None`` when it is not blocked."""
        with self._lock:
            failures = self._recent(address, now)
            if len(failures) < self.max_failures:
                return None
            wait = failures[-self.max_failures] + self.window_seconds - now
            return max(1, math.ceil(wait))

    def record_failure(self, address: str, now: float) -> bool:
        """Count a failed sign-in from ``address`` and return whether this
        failure reached the limit."""
        with self._lock:
            failures = self._recent(address, now)
            failures.append(now)
            self._failures[address] = failures
            self._failures.move_to_end(address)
            while len(self._failures) > MAX_TRACKED_ADDRESSES:
                self._failures.popitem(last=False)
            return len(failures) == self.max_failures

    def _recent(self, address: str, now: float) -> deque[float]:
        failures = self._failures.get(address, deque(maxlen=self.max_failures))
        while failures and failures[0] <= now - self.window_seconds:
            failures.popleft()
        if not failures:
            self._failures.pop(address, None)
        return failures
