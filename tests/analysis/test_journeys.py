"""The journey analyses on small inputs worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.journeys import (
    ASSOCIATION_NOTE,
    CURVE_COLUMNS,
    EFFECT_COLUMNS,
    FUNNEL_COLUMNS,
    collaboration_effect,
    kaplan_meier,
    stage_funnel,
    time_to_outcome,
    wilson_interval,
)
from graph.store import JourneyMilestones

START = date(2024, 1, 1)


def person(stages=None, outcomes=None, partners=1, enrolled_on=START):
    """Return milestones with days given as offsets from enrolment."""
    return JourneyMilestones(
        enrolled_on,
        {name: enrolled_on + timedelta(days) for name, days in (stages or {}).items()},
        {
            name: enrolled_on + timedelta(days)
            for name, days in (outcomes or {}).items()
        },
        partners,
    )


def test_funnel_counts_drop_off_and_days():
    people = [
        person({"engaged": 2, "trained": 12, "searching": 20}),
        person({"engaged": 4, "trained": 10}),
        person({"engaged": 0}),
        person(),
    ]

    table = stage_funnel(people, ["engaged", "trained", "searching"])

    # engaged: 3 of 4 enrolled, 1 dropped (1/4), days 2, 4, 0 -> median 2.
    # trained: 2 of the 3 engaged, 1 dropped (1/3), days 10, 6 -> median 8.
    # searching: 1 of the 2 trained, 1 dropped (1/2), days 8 -> median 8.
    assert list(table.columns) == list(FUNNEL_COLUMNS)
    assert table.values.tolist() == [
        ["engaged", 3, 1, 0.25, 2.0],
        ["trained", 2, 1, pytest.approx(1 / 3), 8.0],
        ["searching", 1, 1, 0.5, 8.0],
    ]


def test_funnel_of_a_skipped_stage():
    # The second person reached "trained" without "engaged": they count as
    # reaching "trained" but not as dropped, and add no days to its median.
    people = [person({"engaged": 1, "trained": 3}), person({"trained": 5})]

    table = stage_funnel(people, ["engaged", "trained"])

    assert table["reached"].tolist() == [1, 2]
    assert table["dropped"].tolist() == [1, 0]
    assert table["median_days_from_previous"].tolist() == [1.0, 2.0]


def test_funnel_of_nobody_has_no_shares():
    table = stage_funnel([], ["engaged", "trained"])

    assert table.values.tolist() == [
        ["engaged", 0, 0, None, None],
        ["trained", 0, 0, None, None],
    ]


def test_funnel_without_stages_is_empty():
    table = stage_funnel([person()], [])

    assert table.empty
    assert list(table.columns) == list(FUNNEL_COLUMNS)


def test_kaplan_meier_hand_example():
    # Six people: events on days 3, 6, 6 and 10; censored on days 5 and 8.
    # Product-limit by hand:
    #   day 3:  6 at risk, 1 event  -> S = 5/6
    #   day 5:  censored            -> S = 5/6
    #   day 6:  4 at risk, 2 events -> S = 5/6 * 2/4 = 5/12
    #   day 8:  censored            -> S = 5/12
    #   day 10: 1 at risk, 1 event  -> S = 0
    curve = kaplan_meier([3, 5, 6, 6, 8, 10], [True, False, True, True, False, True])

    assert list(curve.columns) == list(CURVE_COLUMNS)
    assert curve["days"].tolist() == [3, 5, 6, 8, 10]
    assert curve["at_risk"].tolist() == [6, 5, 4, 2, 1]
    assert curve["events"].tolist() == [1, 0, 2, 0, 1]
    assert curve["censored"].tolist() == [0, 1, 0, 1, 0]
    assert curve["without_outcome"].tolist() == pytest.approx(
        [5 / 6, 5 / 6, 5 / 12, 5 / 12, 0.0]
    )


def test_kaplan_meier_rejects_unequal_lengths():
    with pytest.raises(ValueError, match="durations has 2 values"):
        kaplan_meier([1, 2], [True])


def test_time_to_outcome_censors_people_without_it():
    end = START + timedelta(days=400)
    people = [
        person(outcomes={"job_start": 3}),
        person(outcomes={"job_start": 6}),
        person(outcomes={"job_start": 6}),
        person(outcomes={"job_start": 10}),
        # Censored on day 5 and day 8: enrolled 5 and 8 days before the end.
        person(enrolled_on=end - timedelta(days=5)),
        person(enrolled_on=end - timedelta(days=8)),
    ]

    result = time_to_outcome(people, end)

    # The hand example above: S falls to 5/12 on day 6, so the median is
    # day 6. Day 10 is the last day followed, so 90, 180 and 365 are past it.
    assert result.participants == 6
    assert result.with_outcome == 4
    assert result.median_days == 6
    assert result.without_outcome_at == {90: None, 180: None, 365: None}


def test_time_to_outcome_at_checkpoints():
    end = START + timedelta(days=400)
    people = [
        person(outcomes={"job_start": 50}),
        person(outcomes={"job_start": 100}),
        person(outcomes={"job_start": 500}),
        person(),
    ]

    result = time_to_outcome(people, end)

    # Day 50: 4 at risk, 1 event -> 3/4. Day 100: 3 at risk, 1 event -> 1/2.
    # The outcome on day 500 is after the end, so two people are censored
    # on day 400. The median is day 100, where S first reaches 0.5.
    assert result.participants == 4
    assert result.with_outcome == 2
    assert result.median_days == 100
    assert result.without_outcome_at == {90: 0.75, 180: 0.5, 365: 0.5}


def test_time_to_outcome_leaves_out_later_enrolments():
    people = [person(), person(enrolled_on=START + timedelta(days=10))]

    result = time_to_outcome(people, START + timedelta(days=5))

    assert result.participants == 1
    assert result.curve["days"].tolist() == [5]


def test_time_to_outcome_of_nobody():
    result = time_to_outcome([], START)

    assert result.participants == 0
    assert result.with_outcome == 0
    assert result.median_days is None
    assert result.without_outcome_at == {90: None, 180: None, 365: None}
    assert result.curve.empty


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        # Worked by hand with z = 1.96: centre (0.8 + 0.19208) / 1.38416 =
        # 0.71674, half-width 1.96 / 1.38416 * sqrt(0.016 + 0.009604) =
        # 0.22658.
        (8, 10, 0.4902, 0.9433),
        # x = 0: the interval is [0, z^2 / (n + z^2)] = [0, 3.8415 / 6.8415].
        (0, 3, 0.0, 0.5615),
        # x = n: the mirror image, [n / (n + z^2), 1] = [2 / 5.8415, 1].
        (2, 2, 0.3424, 1.0),
    ],
)
def test_wilson_interval(successes, trials, low, high):
    found_low, found_high = wilson_interval(successes, trials)

    assert found_low == pytest.approx(low, abs=1e-4)
    assert found_high == pytest.approx(high, abs=1e-4)


def test_wilson_interval_of_no_trials():
    assert wilson_interval(0, 0) == (None, None)


def test_collaboration_effect_compares_groups():
    people = [
        person(partners=1, outcomes={"job_start": 30}),
        person(partners=1),
        person(partners=1),
        person(partners=1),
        person(partners=2, outcomes={"job_start": 30}),
        person(partners=3, outcomes={"education": 30}),
    ]

    effect = collaboration_effect(people)

    # One partner: 1 of 4 = 0.25. Two or more: 1 of 2 = 0.5.
    assert list(effect.table.columns) == list(EFFECT_COLUMNS)
    assert effect.table["group"].tolist() == ["one partner", "two or more partners"]
    assert effect.table["participants"].tolist() == [4, 2]
    assert effect.table["with_outcome"].tolist() == [1, 1]
    assert effect.table["share"].tolist() == [0.25, 0.5]
    assert effect.difference == 0.25
    assert effect.note == ASSOCIATION_NOTE
    low, high = wilson_interval(1, 4)
    assert effect.table.loc[0, "ci_low"] == low
    assert effect.table.loc[0, "ci_high"] == high


def test_collaboration_effect_of_another_outcome():
    people = [person(partners=1), person(partners=3, outcomes={"education": 30})]

    effect = collaboration_effect(people, "education")

    assert effect.outcome_type == "education"
    assert effect.table["share"].tolist() == [0.0, 1.0]
    assert effect.difference == 1.0


def test_collaboration_effect_of_one_empty_group():
    effect = collaboration_effect([person(partners=2)])

    assert effect.table["share"].tolist() == [None, 0.0]
    assert effect.table["ci_low"].tolist()[0] is None
    assert effect.difference is None


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=400), st.booleans()),
        max_size=60,
    )
)
def test_kaplan_meier_never_rises(people):
    durations = [days for days, _ in people]
    observed = [event for _, event in people]

    curve = kaplan_meier(durations, observed)
    shares = curve["without_outcome"].tolist()

    assert all(0.0 <= share <= 1.0 for share in shares)
    assert all(later <= earlier for earlier, later in pairwise(shares))
    assert curve["events"].sum() == sum(observed)
    assert curve["events"].sum() + curve["censored"].sum() == len(people)
    if shares and not any(observed):
        assert shares[-1] == 1.0


@given(st.integers(min_value=1, max_value=500), st.data())
def test_wilson_interval_contains_the_share(trials, data):
    successes = data.draw(st.integers(min_value=0, max_value=trials))

    low, high = wilson_interval(successes, trials)

    assert 0.0 <= low <= successes / trials <= high <= 1.0


def test_funnel_keeps_none_beside_numbers():
    # The second stage has no one before it to drop from, but the first
    # has: the column contains None, not NaN.
    table = stage_funnel([person({"trained": 3})], ["engaged", "trained"])

    assert table["dropped_share"].tolist() == [1.0, None]
    assert table["median_days_from_previous"].tolist() == [None, None]
