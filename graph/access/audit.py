"""The audit log: who read or wrote which records, and when.

Every access to personal data adds one entry. An entry contains ids, not the
personal data itself, so the log can be shown to an auditor. Stores only
append entries and read them back, and none can change or remove one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

OPERATIONS = ("read", "write", "export", "erase")


@dataclass(frozen=True)
class AuditEntry:
    """One access: ``user_id`` with ``role`` did ``operation`` on records
    of ``kind`` with ``record_ids`` at ``at`` (UTC), in the request
    ``request_id`` when it came through the API."""

    at: datetime
    user_id: str
    role: str
    operation: str
    kind: str
    record_ids: tuple[str, ...] = field(default_factory=tuple)
    request_id: str | None = None

    def __post_init__(self) -> None:
        if self.operation not in OPERATIONS:
            raise ValueError(
                f"unknown audit operation {self.operation!r}; expected one of "
                f"{', '.join(OPERATIONS)}"
            )
