"""The store contract for filtered, ordered pages of records.

Each test runs on the SQLite store and on a real Neo4j server. The expected
ids come from the small partnership of ``tests/conftest.py``. ``tied_store``
adds records whose dates tie with others or sort against their ids, so the
date orders differ from the id order.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.model import Activity, Outcome, Referral
from graph.store import ActivityFilter, OutcomeFilter, ReferralFilter


def _day(month: int, day: int) -> date:
    return date(2024, month, day)


@pytest.fixture
def tied_store(loaded_store):
    extra = [
        # R00 ties with R10 and R12 with R06 on their dates; R11 is oldest.
        Referral("R00", "U2", "B", _day(5, 1), "made", to_partner_id="D"),
        Referral("R11", "U3", "A", _day(1, 25), "declined", "B", None, _day(2, 1)),
        Referral("R12", "U6", "D", _day(3, 15), "accepted", "C"),
        Activity("A0", "U2", "B", "mentoring", _day(2, 25), "engagement"),
        Activity("A5", "U6", "D", "job_search_support", _day(1, 5), "job_search"),
        Outcome("O0", "U2", "A", "job_start", _day(5, 10), "E1"),
        Outcome("O4", "U3", "B", "education", _day(3, 1)),
    ]
    for record in extra:
        loaded_store.save(record)
    return loaded_store


# Every record of tied_store in each order.
ORDERED_IDS = {
    "referrals": {
        "id": [f"R{number:02d}" for number in range(13)],
        "oldest": ["R11", "R01", "R02", "R03", "R04", "R05", "R06", "R12"]
        + ["R07", "R08", "R09", "R00", "R10"],
        "newest": ["R10", "R00", "R09", "R08", "R07", "R12", "R06", "R05"]
        + ["R04", "R03", "R02", "R01", "R11"],
    },
    "activities": {
        "id": ["A0", "A1", "A2", "A3", "A4", "A5"],
        "oldest": ["A5", "A1", "A2", "A0", "A3", "A4"],
        "newest": ["A4", "A3", "A0", "A2", "A1", "A5"],
    },
    "outcomes": {
        "id": ["O0", "O1", "O2", "O3", "O4"],
        "oldest": ["O4", "O1", "O2", "O0", "O3"],
        "newest": ["O3", "O0", "O2", "O1", "O4"],
    },
}


def _lister(store, kind: str):
    return {
        "referrals": store.list_referrals,
        "activities": store.list_activities,
        "outcomes": store.list_outcomes,
    }[kind]


def _ids(page) -> list[str]:
    return [record.id for record in page.items]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (ReferralFilter(partner_id="A"), ["R01", "R02", "R03", "R04", "R05", "R09"]),
        (ReferralFilter(partner_id="D"), ["R06", "R07", "R08", "R10"]),
        (ReferralFilter(partner_id="D", status="made"), ["R06", "R10"]),
        (ReferralFilter(to_employer_id="E1"), ["R08"]),
        (ReferralFilter(to_employer_id="E2", status="made"), ["R10"]),
        (ReferralFilter(to_employer_id="E1", to_partner_id="C"), []),
        (ReferralFilter(partner_id="nobody"), []),
    ],
)
def test_referral_new_filters(loaded_store, where, expected):
    page = loaded_store.list_referrals(where, first=100)
    assert _ids(page) == expected
    assert page.total_count == len(expected)
    assert page.has_next_page is False


@pytest.mark.parametrize(
    ("where", "order", "expected"),
    [
        # R06 (from C) and R12 (to C) tie on 03-15.
        (
            ReferralFilter(partner_id="C"),
            "newest",
            ["R07", "R12", "R06", "R05", "R02", "R01"],
        ),
        (
            ReferralFilter(partner_id="C"),
            "oldest",
            ["R01", "R02", "R05", "R06", "R12", "R07"],
        ),
        # A partner's inbox: referrals to it that wait for its decision.
        (ReferralFilter(to_partner_id="D", status="made"), "oldest", ["R06", "R00"]),
        (ReferralFilter(to_partner_id="D", status="made"), "id", ["R00", "R06"]),
        (
            ReferralFilter(since=_day(3, 15), until=_day(3, 15)),
            "newest",
            ["R12", "R06"],
        ),
    ],
)
def test_referrals_filtered_in_order(tied_store, where, order, expected):
    page = tied_store.list_referrals(where, first=100, order=order)
    assert _ids(page) == expected
    assert page.total_count == len(expected)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (ActivityFilter(), ["A1", "A2", "A3", "A4"]),
        (ActivityFilter(participant_id="U1"), ["A1", "A2"]),
        (ActivityFilter(partner_id="A"), ["A1", "A3"]),
        (ActivityFilter(type="cv_workshop"), ["A2", "A4"]),
        (ActivityFilter(stage="engagement"), ["A1", "A3"]),
        (ActivityFilter(since=_day(2, 15)), ["A2", "A3", "A4"]),
        (ActivityFilter(until=_day(2, 15)), ["A1", "A2"]),
        (ActivityFilter(partner_id="C", stage="training"), ["A2", "A4"]),
        (ActivityFilter(partner_id="C", type="mentoring"), []),
    ],
)
def test_activity_filters(loaded_store, where, expected):
    page = loaded_store.list_activities(where, first=100)
    assert _ids(page) == expected
    assert page.total_count == len(expected)
    assert page.has_next_page is False


def test_activities_keep_every_field(loaded_store):
    page = loaded_store.list_activities(ActivityFilter(participant_id="U1"))
    assert page.items == [
        Activity("A1", "U1", "A", "mentoring", _day(1, 20), "engagement", 2.0),
        Activity("A2", "U1", "C", "cv_workshop", _day(2, 15), "training", 3.5),
    ]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (OutcomeFilter(), ["O1", "O2", "O3"]),
        (OutcomeFilter(participant_id="U5"), ["O2"]),
        (OutcomeFilter(partner_id="D"), ["O1", "O3"]),
        (OutcomeFilter(type="job_start"), ["O1", "O3"]),
        (OutcomeFilter(employer_id="E2"), ["O3"]),
        (OutcomeFilter(since=_day(5, 1)), ["O2", "O3"]),
        (OutcomeFilter(until=_day(4, 30)), ["O1"]),
        (OutcomeFilter(partner_id="A", type="job_start"), []),
    ],
)
def test_outcome_filters(loaded_store, where, expected):
    page = loaded_store.list_outcomes(where, first=100)
    assert _ids(page) == expected
    assert page.total_count == len(expected)
    assert page.has_next_page is False


def test_outcomes_keep_every_field(loaded_store):
    page = loaded_store.list_outcomes(OutcomeFilter(partner_id="D"))
    assert page.items == [
        Outcome("O1", "U1", "D", "job_start", _day(4, 20), "E1"),
        Outcome("O3", "U7", "D", "job_start", _day(5, 10), "E2"),
    ]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"since": _day(3, 1)}, ["U5", "U6", "U7", "U8"]),
        ({"until": _day(2, 1)}, ["U1", "U2", "U3"]),
        ({"since": _day(2, 1), "until": _day(3, 5)}, ["U3", "U4", "U5", "U6"]),
        ({"consent_to_share": False}, ["U4", "U8"]),
        ({"consent_to_share": True}, ["U1", "U2", "U3", "U5", "U6", "U7"]),
        ({"partner_id": "A", "consent_to_share": True}, ["U1", "U2"]),
        ({"partner_id": "B", "since": _day(2, 5)}, ["U4"]),
    ],
)
def test_participant_filters(loaded_store, arguments, expected):
    page = loaded_store.list_participants(first=100, **arguments)
    assert _ids(page) == expected
    assert page.total_count == len(expected)
    assert page.has_next_page is False


def test_participant_filters_page_by_id(loaded_store):
    first_page = loaded_store.list_participants(first=2, consent_to_share=True)
    second_page = loaded_store.list_participants(
        after="U2", first=10, consent_to_share=True
    )
    assert _ids(first_page) == ["U1", "U2"]
    assert first_page.has_next_page is True
    assert _ids(second_page) == ["U3", "U5", "U6", "U7"]
    assert second_page.total_count == 6
    assert second_page.has_next_page is False


@pytest.mark.parametrize("kind", ["referrals", "activities", "outcomes"])
@pytest.mark.parametrize("order", ["id", "oldest", "newest"])
def test_whole_list_in_order(tied_store, kind, order):
    page = _lister(tied_store, kind)(first=100, order=order)
    assert _ids(page) == ORDERED_IDS[kind][order]
    assert page.total_count == len(ORDERED_IDS[kind][order])


@pytest.mark.parametrize("kind", ["referrals", "activities", "outcomes"])
@pytest.mark.parametrize("order", ["id", "oldest", "newest"])
@pytest.mark.parametrize("size", [1, 2, 3])
def test_pages_cover_list_once(tied_store, kind, order, size):
    expected = ORDERED_IDS[kind][order]
    list_page = _lister(tied_store, kind)
    pages = []
    after = None
    while len(pages) <= len(expected):
        page = list_page(after=after, first=size, order=order)
        pages.append(_ids(page))
        assert page.total_count == len(expected)
        if not page.has_next_page:
            break
        after = page.items[-1].id

    assert [record_id for page in pages for record_id in page] == expected
    assert [len(page) for page in pages[:-1]] == [size] * (len(pages) - 1)
    assert 1 <= len(pages[-1]) <= size


def test_pages_are_stable(tied_store):
    first_read = tied_store.list_referrals(after="R06", first=4, order="newest")
    second_read = tied_store.list_referrals(after="R06", first=4, order="newest")
    assert _ids(first_read) == ["R05", "R04", "R03", "R02"]
    assert second_read == first_read
    assert first_read.has_next_page is True


def test_filtered_pages_in_date_order(tied_store):
    where = ReferralFilter(partner_id="D")
    first_page = tied_store.list_referrals(where, first=3, order="newest")
    second_page = tied_store.list_referrals(
        where, after=first_page.items[-1].id, first=3, order="newest"
    )
    assert _ids(first_page) == ["R10", "R00", "R08"]
    assert first_page.has_next_page is True
    assert _ids(second_page) == ["R07", "R12", "R06"]
    assert second_page.has_next_page is False
    assert second_page.total_count == 6


def test_cursor_outside_filter_keeps_position(tied_store):
    # R09 is from A to B, so it is not in D's list, but its date still
    # places the page.
    page = tied_store.list_referrals(
        ReferralFilter(partner_id="D"), after="R09", first=10, order="newest"
    )
    assert _ids(page) == ["R08", "R07", "R12", "R06"]


@pytest.mark.parametrize("kind", ["referrals", "activities", "outcomes"])
@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_unknown_cursor_raises(loaded_store, kind, order):
    with pytest.raises(ValueError, match=f"invalid cursor: no record of {kind}"):
        _lister(loaded_store, kind)(after="X404", order=order)


def test_id_order_accepts_any_cursor(loaded_store):
    page = loaded_store.list_referrals(after="R055", first=2)
    assert _ids(page) == ["R06", "R07"]


@pytest.mark.parametrize("kind", ["referrals", "activities", "outcomes"])
def test_unknown_order_raises(loaded_store, kind):
    with pytest.raises(ValueError, match="unknown order 'latest'"):
        _lister(loaded_store, kind)(order="latest")


@pytest.mark.parametrize("kind", ["referrals", "activities", "outcomes"])
def test_negative_page_size_raises(loaded_store, kind):
    with pytest.raises(ValueError, match="page size must not be negative"):
        _lister(loaded_store, kind)(first=-1)


def test_empty_page_reports_next(tied_store):
    page = tied_store.list_outcomes(first=0, order="oldest")
    assert page.items == []
    assert page.total_count == 5
    assert page.has_next_page is True
