"""Progress bars for long reads and writes, written to standard error."""

from __future__ import annotations

import sys
from typing import Any

import click


class ProgressBars:
    """A progress callback that shows one bar per kind of record.

    Use it as a context manager and pass it as the ``progress`` argument of
    an import or a read of a whole store; it receives ``(kind, done,
    total)`` after each batch. ``verb`` starts each bar's label.
    """

    def __init__(self, verb: str = "importing", enabled: bool = True) -> None:
        self._verb = verb
        self._enabled = enabled
        self._kind: str | None = None
        self._bar: Any = None
        self._done = 0

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._finish()

    def __call__(self, kind: str, done: int, total: int) -> None:
        if not self._enabled:
            return
        if kind != self._kind:
            self._finish()
            self._kind = kind
            self._done = 0
            self._bar = click.progressbar(
                length=total, label=f"{self._verb} {kind:<12}", file=sys.stderr
            )
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def _finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
            self._kind = None
