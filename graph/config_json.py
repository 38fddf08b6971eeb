"""The partnership's framework as JSON text, the form every store keeps it in.

Dates are ISO 8601 text and tuples are lists, so the text is plain JSON
that any store can hold in one value.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from graph.model import PartnershipConfig


def config_to_json(config: PartnershipConfig) -> str:
    """Serialise the partnership's framework."""
    return json.dumps(dataclasses.asdict(config), default=_plain, sort_keys=True)


def config_from_json(text: str | None) -> PartnershipConfig:
    """Read a framework written by ``config_to_json``, or the defaults."""
    if text is None:
        return PartnershipConfig()
    values = json.loads(text)
    for name in ("start_on", "end_on"):
        if values.get(name) is not None:
            values[name] = date.fromisoformat(values[name])
    for name in ("stages", "outcome_types"):
        values[name] = tuple(values[name])
    if values.get("activity_types") is not None:
        values["activity_types"] = tuple(values["activity_types"])
    return PartnershipConfig(**values)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
