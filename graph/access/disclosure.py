"""Small-number suppression of the analysis tables, row by row.

Each function takes rows as dicts, the form every view of an analysis
starts from, and returns new rows in which counts of people below the
threshold read ``"<5"`` (for a threshold of 5). Counts beside them are
hidden too where the hidden one would follow from a total shown in the
same table, and a rate or score computed from a hidden count is ``None``.
Referrals, activities and outcomes each concern one person, so counts of
them are treated as counts of people.

Figures in different tables are suppressed table by table: someone who
subtracts one table's figures from another's may narrow a hidden count
down. Funders and partners see only these tables, never records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.access.privacy import SUPPRESSED, suppress_counts, suppress_rate
from graph.rules import COLLABORATION_COMPONENTS, REFERRAL_STATUSES

Row = dict[str, Any]


def hidden(value: Any) -> bool:
    """Return whether a cell was suppressed."""
    return isinstance(value, str)


def _count(threshold: int, value: int) -> int | str:
    return f"<{threshold}" if 0 < value < threshold else value


def status_counts(counts: Mapping[str, int], threshold: int) -> Row:
    """Suppress referral counts by status, with their ``total``."""
    statuses = {status: counts.get(status, 0) for status in REFERRAL_STATUSES}
    shown = suppress_counts(statuses, threshold)
    return {**shown.counts, "total": shown.total}


def flow_rows(rows: Iterable[Row], threshold: int) -> list[Row]:
    """Suppress the referral flow table: each row's counts by status, its
    total, the decided subtotal and the rates."""
    result = []
    for row in rows:
        # A flow's total is shown elsewhere anyway: a pair's referrals each
        # way in the collaboration table, and an edge's width on the map.
        # So the statuses are protected with the total in view.
        shown = suppress_counts(
            {status: row[status] for status in REFERRAL_STATUSES},
            threshold,
            keep_total=True,
        )
        new = {**row, **shown.counts, "referrals": shown.total}
        new["decided"] = _count(threshold, row["decided"])
        parts = ("accepted", "completed", "declined")
        if not hidden(new["decided"]) and any(hidden(new[part]) for part in parts):
            new["decided"] = SUPPRESSED
        positive = row["accepted"] + row["completed"]
        # A rate and the counts shown beside it give a hidden count back.
        new["acceptance_rate"] = _rate(
            row["acceptance_rate"], positive, row["decided"], threshold
        )
        if any(hidden(new[name]) for name in (*parts, "decided")):
            new["acceptance_rate"] = None
        new["completion_rate"] = _rate(
            row["completion_rate"], row["completed"], positive, threshold
        )
        if any(hidden(new[name]) for name in ("accepted", "completed")):
            new["completion_rate"] = None
        for name in ("onward", "back"):
            if name in row:
                new[name] = _count(threshold, row[name])
        if "later_outcomes" in row:
            new["later_outcomes"] = later_outcome_rows(row["later_outcomes"], threshold)
        # A median over a few referrals gives away how long each one took.
        if "waiting_over" in row:
            new["waiting_over"] = _count(threshold, row["waiting_over"])
            new["timed_decisions"] = _count(threshold, row["timed_decisions"])
            if row["timed_decisions"] < threshold:
                new["median_days_to_decision"] = None
            if row["completed"] < threshold:
                new["median_days_to_completion"] = None
        result.append(new)
    return result


def later_outcome_rows(rows: Iterable[Row], threshold: int) -> list[Row]:
    """Suppress the participants of a flow who later achieved an outcome,
    those it referred, and the share."""
    return [
        {
            **row,
            "participants": _part_count(
                row["participants"], row["referred"], threshold
            ),
            "referred": _count(threshold, row["referred"]),
            "share": suppress_rate(row["participants"], row["referred"], threshold),
        }
        for row in rows
    ]


def collaboration_rows(rows: Iterable[Row], threshold: int) -> list[Row]:
    """Suppress the collaboration table. A pair with fewer referrals than
    the threshold shows no counts and no measures. In other pairs each small
    count is hidden, with the measures computed from it."""
    result = []
    for row in rows:
        new = dict(row)
        # Pairs with few referrals are not judged, so for a pair below the
        # threshold, judged would tell 1 or 2 referrals from 3 or 4: it
        # reads false for every such pair.
        new["judged"] = bool(row["judged"]) and row["referrals"] >= threshold
        if row["referrals"] < threshold:
            # Zeros too, as beside any total below the threshold.
            for name in ("referrals_ab", "referrals_ba", "referrals", "decided"):
                new[name] = f"<{threshold}"
            new["shared_participants"] = _count(threshold, row["shared_participants"])
            new["shared_with_outcome"] = _with_outcome(row, threshold)
            # The day of the last referral would date one of so few.
            new["last_referred_on"] = None
            new["days_since_referral"] = None
            for name in (*COLLABORATION_COMPONENTS, "score", "score_low", "score_high"):
                new[name] = None
            result.append(new)
            continue
        directions = suppress_counts(
            {"referrals_ab": row["referrals_ab"], "referrals_ba": row["referrals_ba"]},
            threshold,
        )
        new.update(directions.counts)
        new["referrals"] = directions.total
        if any(hidden(new[name]) for name in ("referrals_ab", "referrals_ba")):
            new["reciprocity"] = None
        new["decided"] = _count(threshold, row["decided"])
        directions_hidden = any(
            hidden(new[name]) for name in ("referrals_ab", "referrals_ba", "referrals")
        )
        if directions_hidden and not hidden(new["decided"]):
            # Decided is at most the referrals, so it would bound them.
            new["decided"] = SUPPRESSED
        if row["acceptance"] is not None:
            # acceptance x decided gives the referrals taken on back, and
            # decided less those the ones declined. A fraction in lowest
            # terms also gives a hidden decided away, or bounds it.
            taken_on = round(row["acceptance"] * row["decided"])
            if suppress_rate(taken_on, row["decided"], threshold) is None:
                new["acceptance"] = None
            if hidden(new["decided"]):
                new["acceptance"] = None
        new["shared_participants"] = _count(threshold, row["shared_participants"])
        if hidden(new["shared_participants"]):
            new["shared"] = None
        new["shared_with_outcome"] = _with_outcome(row, threshold)
        if hidden(new["shared_with_outcome"]):
            new["joint_outcomes"] = None
        if hidden(new["referrals"]):
            new["volume"] = None
        # The score is the mean of the measures, so with one of them hidden
        # it would give that one back.
        if any(
            new[name] is None and row[name] is not None
            for name in COLLABORATION_COMPONENTS
        ):
            new["score"] = None
        if new["score"] is None:
            new["score_low"] = None
            new["score_high"] = None
        result.append(new)
    return result


def _with_outcome(row: Row, threshold: int) -> int | str:
    """Suppress the shared participants with an outcome."""
    return _part_count(
        row["shared_with_outcome"], row["shared_participants"], threshold
    )


def _part_count(part: int, whole: int, threshold: int) -> int | str:
    """Suppress ``part`` of a ``whole`` that is shown beside it, so that
    neither the part nor the rest, ``whole - part``, can be small and
    visible."""
    shown = suppress_counts(
        {"part": part, "rest": whole - part}, threshold, keep_total=True
    )
    return shown.counts["part"]


def metrics_row(row: Row, threshold: int) -> Row:
    """Suppress the network totals and each partner's referrals in and out,
    a column at a time against the network's total."""
    new = {**row, "referrals": _count(threshold, row["referrals"])}
    per_partner = [dict(partner) for partner in row["per_partner"]]
    for column in ("referrals_in", "referrals_out"):
        shown = suppress_counts(
            {index: partner[column] for index, partner in enumerate(per_partner)},
            threshold,
        )
        for index, value in shown.counts.items():
            per_partner[index][column] = value
        if hidden(shown.total) and not hidden(new["referrals"]):
            new["referrals"] = shown.total
    # Each tie carries at least one referral, so a count of ties next to a
    # hidden count of referrals bounds it, and fixes it when they are equal.
    # Degrees and Burt's measures count a partner's ties. Weighted degree
    # under volume is its referrals in and out, and the centralities and
    # weighted measures follow its volumes or, under strength, the scores
    # of its pairs. So all go with its hidden counts. Centralisation sums
    # every partner's ties.
    derived = (
        "degree",
        "degree_centrality",
        "weighted_degree",
        "effective_size",
        "constraint",
        "weighted_constraint",
        "centrality",
        "eigenvector",
        "pagerank",
        "weighted_betweenness",
        "referral_balance",
        "referral_role",
    )
    for partner in per_partner:
        for degree, column in (
            ("in_degree", "referrals_in"),
            ("out_degree", "referrals_out"),
        ):
            if hidden(partner[column]):
                partner[degree] = None
                for name in derived:
                    if name in partner:
                        partner[name] = None
                for name in _CENTRALISATIONS:
                    new[name] = None
    if hidden(new["referrals"]):
        # Ties over possible ties is the density, and reciprocated ties over
        # ties the reciprocity, so both go with them, and unscored ties are
        # some of the ties. Modularity weighs the ties by their referrals.
        new["ties"] = None
        new["density"] = None
        new["reciprocity"] = None
        new["modularity"] = None
        new["unscored_ties"] = None
    new["per_partner"] = per_partner
    return new


_CENTRALISATIONS = (
    "degree_centralisation",
    "in_degree_centralisation",
    "out_degree_centralisation",
)


def period_rows(
    rows: Iterable[Row], threshold: int, total_hidden: bool = False
) -> list[Row]:
    """Suppress the periods of the network over time, in date order.

    The periods' referrals add up to the referrals of the whole window,
    which the network measures show, so they are suppressed as counts with
    a total. A period with hidden referrals hides its ties and what is
    computed from them, because each tie carries at least one referral.
    So does the next period's change in ties, which would give them back
    (ties = next ties - new ties + lost ties). So do the measures of the
    period's tie structure: reciprocity, centralisation, communities and
    modularity, and each partner's degree centrality and betweenness, which
    with the number of partners narrow the ties down.

    ``total_hidden`` is true when the network measures of the same window
    hide its referrals. The periods add up to that total, so then every period
    is hidden, and the window's ties with it.
    """
    result = [dict(row) for row in rows]
    _suppress_column(result, "referrals", threshold)
    if total_hidden:
        for row in result:
            if not hidden(row["referrals"]):
                row["referrals"] = SUPPRESSED
    structure = (
        "ties",
        "density",
        "new_ties",
        "lost_ties",
        "reciprocity",
        "degree_centralisation",
        "communities",
        "modularity",
    )
    for index, row in enumerate(result):
        if not hidden(row["referrals"]):
            continue
        for name in structure:
            if name in row:
                row[name] = None
        if index + 1 < len(result):
            result[index + 1]["new_ties"] = None
            result[index + 1]["lost_ties"] = None
            if "per_partner" in result[index + 1]:
                # The change in betweenness would give this period's back.
                result[index + 1]["per_partner"] = [
                    {**partner, "betweenness_change": None}
                    for partner in result[index + 1]["per_partner"]
                ]
        if "per_partner" in row:
            row["per_partner"] = [
                {
                    **partner,
                    "degree_centrality": None,
                    "betweenness": None,
                    "betweenness_change": None,
                }
                for partner in row["per_partner"]
            ]
    return result


def progress_rows(rows: Iterable[Row], threshold: int) -> list[Row]:
    """Suppress participants and outcome records per outcome type, and the
    share of the target when the participants are hidden."""
    result = []
    for row in rows:
        new = {
            **row,
            "achieved": _count(threshold, row["achieved"]),
            "outcomes": _count(threshold, row["outcomes"]),
        }
        if hidden(new["achieved"]):
            new["share"] = None
        result.append(new)
    return result


def partner_progress_rows(rows: list[Row], threshold: int) -> list[Row]:
    """Suppress one outcome type's rows per partner, a column at a time,
    against the type's totals, which the progress table shows."""
    result = [dict(row) for row in rows]
    for column in ("participants", "outcomes"):
        _suppress_column(result, column, threshold)
    return result


def quarter_rows(rows: list[Row], threshold: int) -> list[Row]:
    """Suppress one outcome type's quarters, in date order.

    The participants and the outcome records of the quarters add up to the
    type's totals shown beside them, so each column is suppressed as counts
    with a total. Two running totals either side of some quarters give the
    sum of those quarters, so the running totals from the first hidden
    quarter to the last are hidden too: the sum they leave is that of every
    hidden quarter, which the suppression protects.
    """
    result = [dict(row) for row in rows]
    for column in ("achieved", "outcomes"):
        _suppress_column(result, column, threshold)
    hidden_quarters = [
        index
        for index, row in enumerate(result)
        if hidden(row["achieved"]) or hidden(row["outcomes"])
    ]
    for index, row in enumerate(result):
        row["achieved_to_date"] = _count(threshold, row["achieved_to_date"])
        if hidden_quarters and hidden_quarters[0] <= index <= hidden_quarters[-1]:
            _hide(row, "achieved_to_date")
        if hidden(row["achieved_to_date"]):
            row["share_to_date"] = None
    return result


def _suppress_column(rows: list[Row], column: str, threshold: int) -> None:
    """Suppress ``column`` of ``rows`` in place, as counts whose total
    another table shows."""
    shown = suppress_counts(
        {index: row[column] for index, row in enumerate(rows)},
        threshold,
        keep_total=True,
    )
    for index, value in shown.counts.items():
        rows[index][column] = value


def _hide(row: Row, name: str) -> None:
    if not hidden(row[name]):
        row[name] = SUPPRESSED


def _rate(
    value: float | None, numerator: int, denominator: int, threshold: int
) -> float | None:
    if value is None:
        return None
    return (
        value if suppress_rate(numerator, denominator, threshold) is not None else None
    )


def journey_result(result: Row, threshold: int) -> Row:
    """Suppress the journey analyses: the funnel's counts, the time to an
    outcome when too few people or outcomes stand behind it, and the
    collaboration effect's groups."""
    funnel = []
    previous: int | None = None
    previous_hidden = False
    for step in result["funnel"]:
        new = {
            **step,
            "reached": _count(threshold, step["reached"]),
            "dropped": _count(threshold, step["dropped"]),
        }
        if not previous_hidden:
            # Those who reached the stage before (enrolment, whose total the
            # time to an outcome shows, for the first stage) either reached
            # this one or dropped, unless they skipped it. So the two are
            # suppressed as parts of that total.
            parts = suppress_counts(
                {"reached": step["reached"], "dropped": step["dropped"]},
                threshold,
                keep_total=True,
            )
            new.update(parts.counts)
        else:
            # With a stage before hidden, the counts here and after would
            # add up to it, and with the stages around it give its drop.
            for name in ("reached", "dropped"):
                if not hidden(new[name]):
                    new[name] = SUPPRESSED
        previous_hidden = hidden(new["reached"])
        if hidden(new["reached"]) or hidden(new["dropped"]):
            new["dropped_share"] = None
            new["median_days_from_previous"] = None
        if previous is not None and previous < threshold:
            new["dropped_share"] = None
        previous = step["reached"]
        funnel.append(new)
    timing = dict(result["time_to_outcome"])
    events_by: dict[int, int] = timing.pop("events_by", {})
    timing_total = timing["participants"]
    few = min(timing["participants"], timing["with_outcome"]) < threshold
    # With the participants shown, a with_outcome near them would give the
    # few without the outcome away, so it is suppressed as a part of them.
    timing["with_outcome"] = _part_count(
        timing["with_outcome"], timing["participants"], threshold
    )
    timing["participants"] = _count(threshold, timing["participants"])
    if "censored" in timing:
        # Those without the outcome, as the report adds them: shown beside
        # the participants, they would give a hidden with_outcome back.
        timing["censored"] = _count(threshold, timing["censored"])
        if hidden(timing["with_outcome"]) and not hidden(timing["participants"]):
            _hide(timing, "censored")
    if few:
        # The steps of a curve over a few people are their own days.
        for name in list(timing):
            if name == "median_days" or name.startswith("without_outcome_at_"):
                timing[name] = None
    # An estimate read on a day when few had reached the outcome, or few
    # had not, gives that number back times the participants. A median
    # reached after few outcomes is one of their days.
    for day, events in events_by.items():
        rest = timing_total - events
        if 0 < events < threshold or 0 < rest < threshold:
            name = f"without_outcome_at_{day}"
            if name in timing:
                timing[name] = None
            if day == result["time_to_outcome"].get("median_days"):
                timing["median_days"] = None
    effect = dict(result["collaboration_effect"])
    # The groups split the participants the time to an outcome shows.
    sizes = suppress_counts(
        {index: group["participants"] for index, group in enumerate(effect["groups"])},
        threshold,
        keep_total=True,
    )
    groups = []
    for index, group in enumerate(effect["groups"]):
        share = suppress_rate(group["with_outcome"], group["participants"], threshold)
        new = {
            **group,
            "participants": sizes.counts[index],
            "with_outcome": _part_count(
                group["with_outcome"], group["participants"], threshold
            ),
        }
        if share is None:
            new.update(share=None, ci_low=None, ci_high=None)
        groups.append(new)
    if any(group["share"] is None for group in groups):
        effect["difference"] = None
    effect["groups"] = groups
    return {"funnel": funnel, "time_to_outcome": timing, "collaboration_effect": effect}
