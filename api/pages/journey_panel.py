"""The dashboard's journeys panel, ready for its template.

The panel follows the participants enrolled in the window. It shows how
far they got through the programme's stages and how long they took to a
first job start, or to the framework's first outcome type when it has no
job start. It also compares those supported by one partner with those
supported by two or more. Its counts go through the same small-number
suppression as the rest of the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from analysis.journeys import CHECKPOINT_DAYS
from api import analyses
from api.graphql import tables
from api.pages.dashboard import count_text
from graph.access import disclosure
from graph.store import Store


@dataclass(frozen=True)
class StageRow:
    """Participants who reached one stage, and those lost since the one
    before."""

    stage: str
    reached: str
    dropped: str
    dropped_share: str
    median_days: str


@dataclass(frozen=True)
class GroupRow:
    """Participants supported by one partner, or by two or more, and the
    share of them with the outcome, with its 95% interval."""

    group: str
    participants: str
    with_outcome: str
    share: str
    interval: str


def build_journey_panel(
    store: Store, since: date | None, until: date | None, today: date | None = None
) -> dict[str, Any]:
    """Compute the journeys panel for participants enrolled in the window."""
    threshold = store.load_config().small_number_threshold
    outcome_type = analyses.journey_outcome_type(store)
    cohort = analyses.journeys(store, since, until, outcome_type, today)
    journeys = disclosure.journey_result(
        tables.journey_rows(cohort.funnel, cohort.timing, cohort.effect, outcome_type),
        threshold,
    )
    timing = journeys["time_to_outcome"]
    effect = journeys["collaboration_effect"]
    return {
        "outcome_label": outcome_type.replace("_", " "),
        "funnel": [_stage_row(step) for step in journeys["funnel"]],
        "followed_until": analyses.follow_up_end(store.load_config(), today),
        "time_to_job": {
            "participants": count_text(timing["participants"]),
            "with_outcome": count_text(timing["with_outcome"]),
            "median_days": _days(timing["median_days"]),
            "checkpoints": [
                (day, _percent(timing[f"without_outcome_at_{day}"]))
                for day in CHECKPOINT_DAYS
            ],
        },
        "groups": [_group_row(group) for group in effect["groups"]],
        "difference": _points(effect["difference"]),
        "effect_note": effect["note"],
    }


def _stage_row(step: dict[str, Any]) -> StageRow:
    return StageRow(
        stage=str(step["stage"]).replace("_", " ").capitalize(),
        reached=count_text(step["reached"]),
        dropped=count_text(step["dropped"]),
        dropped_share=_percent(step["dropped_share"]),
        median_days=_days(step["median_days_from_previous"]),
    )


def _group_row(group: dict[str, Any]) -> GroupRow:
    low, high = group["ci_low"], group["ci_high"]
    interval = "–" if low is None or high is None else f"{low:.0%} to {high:.0%}"
    return GroupRow(
        group=str(group["group"]),
        participants=count_text(group["participants"]),
        with_outcome=count_text(group["with_outcome"]),
        share=_percent(group["share"]),
        interval=interval,
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _points(value: float | None) -> str:
    """Format a difference of two shares in percentage points."""
    return "–" if value is None else f"{value * 100:+.0f} points"
