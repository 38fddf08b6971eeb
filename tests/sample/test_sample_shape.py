"""The default sample looks like a real partnership and its references hold."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from graph.rules import DECIDED_STATUSES, REFERRAL_STATUSES

START = date(2023, 4, 1)
END = date(2026, 3, 31)

DATE_COLUMNS = {
    "partners": ("joined_on", "left_on"),
    "participants": ("enrolled_on", "consent_recorded_on"),
    "referrals": ("referred_on", "status_on"),
    "activities": ("occurred_on",),
    "outcomes": ("achieved_on",),
}
ID_PREFIXES = {
    "partners": "ORG",
    "employers": "EMP",
    "participants": "P",
    "referrals": "R",
    "activities": "A",
    "outcomes": "OUT",
}


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _participants_with(outcomes, outcome_type) -> set[str]:
    return {row["participant_id"] for row in outcomes if row["type"] == outcome_type}


# counts and references


def test_default_counts(tables):
    assert len(tables["partners"]) == 15
    assert len(tables["participants"]) == 2000
    assert 40 <= len(tables["employers"]) <= 80


@pytest.mark.parametrize("kind", list(ID_PREFIXES))
def test_ids_unique_with_prefix(tables, kind):
    ids = [row["id"] for row in tables[kind]]

    assert len(ids) == len(set(ids))
    assert all(record_id.startswith(ID_PREFIXES[kind]) for record_id in ids)


def test_references_point_at_records(tables):
    partners = {row["id"] for row in tables["partners"]}
    employers = {row["id"] for row in tables["employers"]}
    participants = {row["id"] for row in tables["participants"]}

    for row in tables["participants"]:
        assert row["partner_id"] in partners, row
    for row in tables["referrals"]:
        assert row["participant_id"] in participants, row
        assert row["from_partner_id"] in partners, row
        assert row["to_partner_id"] in partners | {""}, row
        assert row["to_employer_id"] in employers | {""}, row
    for kind in ("activities", "outcomes"):
        for row in tables[kind]:
            assert row["participant_id"] in participants, row
            assert row["partner_id"] in partners, row
    for row in tables["outcomes"]:
        assert row["employer_id"] in employers | {""}, row


def test_referral_has_one_receiver(tables):
    for row in tables["referrals"]:
        assert bool(row["to_partner_id"]) != bool(row["to_employer_id"]), row
        assert row["from_partner_id"] != row["to_partner_id"], row


def test_names_need_escaping(tables):
    partner_names = [row["name"] for row in tables["partners"]]
    employer_names = [row["name"] for row in tables["employers"]]

    assert any("&" in name for name in partner_names)
    assert any("'" in name for name in partner_names)
    assert any("," in name for name in employer_names)
    assert any(not name.isascii() for name in employer_names)


# dates


@pytest.mark.parametrize("kind", list(DATE_COLUMNS))
def test_no_date_outside_programme(tables, kind):
    for row in tables[kind]:
        for column in DATE_COLUMNS[kind]:
            if row[column]:
                assert START <= _day(row[column]) <= END, (column, row)


def test_status_on_not_before_referred_on(tables):
    for row in tables["referrals"]:
        assert _day(row["status_on"]) >= _day(row["referred_on"]), row


def test_records_dated_after_enrolment(tables):
    enrolled_on = {
        row["id"]: _day(row["enrolled_on"]) for row in tables["participants"]
    }

    for kind, column in (
        ("referrals", "referred_on"),
        ("activities", "occurred_on"),
        ("outcomes", "achieved_on"),
    ):
        for row in tables[kind]:
            assert _day(row[column]) >= enrolled_on[row["participant_id"]], row


def test_partner_joins_and_one_leaves(tables):
    partners = tables["partners"]
    leavers = [row for row in partners if row["left_on"]]
    late_joiners = [row for row in partners if _day(row["joined_on"]) > START]

    assert len(leavers) == 1
    assert len(late_joiners) == 2
    assert _day(leavers[0]["left_on"]) < END


def test_no_referral_to_partner_after_it_left(tables):
    left_on = {
        row["id"]: _day(row["left_on"]) for row in tables["partners"] if row["left_on"]
    }
    received = 0

    for row in tables["referrals"]:
        if row["to_partner_id"] in left_on:
            received += 1
            assert _day(row["referred_on"]) <= left_on[row["to_partner_id"]], row

    assert received > 0


def test_default_sample_consistent(tables, check_consistent):
    check_consistent(tables)


# participants


def test_ages_at_enrolment(tables):
    for row in tables["participants"]:
        year = _day(row["enrolled_on"]).year
        birth_year = int(row["birth_year"])
        # Without a birth date, the age is one of two values.
        assert year - birth_year - 1 >= 16, row
        assert year - birth_year <= 30, row


def test_participants_mostly_young_black_men(tables):
    participants = tables["participants"]
    genders = Counter(row["gender"] for row in participants)
    black_groups = {
        "Black African",
        "Black Caribbean",
        "Mixed White and Black Caribbean",
        "Other Black",
        "Mixed White and Black African",
    }
    black = sum(row["ethnicity"] in black_groups for row in participants)

    assert genders["male"] / len(participants) > 0.8
    assert black / len(participants) > 0.7


def test_consent_near_85_percent(tables):
    participants = tables["participants"]
    values = Counter(row["consent_to_share"] for row in participants)

    assert set(values) == {"yes", "no"}
    assert 0.8 <= values["yes"] / len(participants) <= 0.9


def test_postcode_districts_in_london(tables):
    for row in tables["participants"]:
        district = row["postcode_district"]
        assert district[:1] in {"E", "N", "S", "W", "C", "H", "I", "R"}, row
        assert district[-1].isdigit(), row


# referrals


def test_hubs_carry_most_referrals(tables):
    referrals = tables["referrals"]
    degree = Counter()
    for row in referrals:
        degree[row["from_partner_id"]] += 1
        if row["to_partner_id"]:
            degree[row["to_partner_id"]] += 1
    hubs = {partner_id for partner_id, _ in degree.most_common(3)}

    through_hubs = sum(
        row["from_partner_id"] in hubs or row["to_partner_id"] in hubs
        for row in referrals
    )
    assert through_hubs / len(referrals) > 0.5


def test_peripheral_partners_exist(tables):
    degree = Counter()
    for row in tables["referrals"]:
        degree[row["from_partner_id"]] += 1
        if row["to_partner_id"]:
            degree[row["to_partner_id"]] += 1

    smallest = min(degree.get(row["id"], 0) for row in tables["partners"])
    assert smallest < 0.01 * len(tables["referrals"])


def test_acceptance_rate_among_decided(tables):
    statuses = Counter(row["status"] for row in tables["referrals"])
    decided = sum(statuses[status] for status in DECIDED_STATUSES)
    accepted = statuses["accepted"] + statuses["completed"]

    assert set(statuses) == set(REFERRAL_STATUSES)
    assert 0.6 <= accepted / decided <= 0.8
    assert 0.02 <= statuses["withdrawn"] / len(tables["referrals"]) <= 0.1


def test_open_referrals_are_recent(tables):
    made = [row for row in tables["referrals"] if row["status"] == "made"]

    assert made
    for row in made:
        assert _day(row["referred_on"]) > END - timedelta(days=30), row
        assert row["status_on"] == row["referred_on"], row


def test_reasons_only_on_declines_and_withdrawals(tables):
    for row in tables["referrals"]:
        if row["status"] in ("declined", "withdrawn"):
            assert row["reason"], row
        else:
            assert row["reason"] == "", row


def test_chains_pass_through_several_partners(tables):
    partners_by_participant = defaultdict(set)
    for row in tables["referrals"]:
        if row["to_partner_id"] and row["status"] in ("accepted", "completed"):
            partners_by_participant[row["participant_id"]].add(row["to_partner_id"])

    longest = max(len(partners) for partners in partners_by_participant.values())
    assert longest >= 3


def test_brokers_refer_to_employers(tables):
    partner_types = {row["id"]: row["type"] for row in tables["partners"]}
    to_employers = [row for row in tables["referrals"] if row["to_employer_id"]]

    assert len(to_employers) > 100
    for row in to_employers:
        assert partner_types[row["from_partner_id"]] == "employer_broker", row


# activities


def test_activities_follow_stage_order(tables, config):
    stage_index = {stage: index for index, stage in enumerate(config["stages"])}
    by_participant = defaultdict(list)
    for row in tables["activities"]:
        by_participant[row["participant_id"]].append(row)

    for rows in by_participant.values():
        first_by_stage = {}
        for row in sorted(rows, key=lambda row: row["occurred_on"]):
            first_by_stage.setdefault(row["stage"], row["occurred_on"])
        firsts = sorted(first_by_stage.items(), key=lambda item: stage_index[item[0]])
        dates = [first for _, first in firsts]
        assert dates == sorted(dates), rows


def test_activity_hours_positive(tables):
    for row in tables["activities"]:
        assert 0 < float(row["hours"]) <= 35, row


# outcomes


def test_job_start_share(tables):
    job_starts = _participants_with(tables["outcomes"], "job_start")

    assert 0.25 <= len(job_starts) / len(tables["participants"]) <= 0.4


def test_sustained_fewer_and_after_start(tables):
    outcomes = tables["outcomes"]
    started = _participants_with(outcomes, "job_start")
    sustained_13w = _participants_with(outcomes, "job_sustained_13w")
    sustained_26w = _participants_with(outcomes, "job_sustained_26w")

    assert 0 < len(sustained_13w) < len(started)
    assert 0 < len(sustained_26w) < len(sustained_13w)
    assert sustained_13w <= started
    assert sustained_26w <= sustained_13w


def test_sustained_dated_weeks_after_start(tables):
    dates = defaultdict(dict)
    for row in tables["outcomes"]:
        dates[row["participant_id"]][row["type"]] = _day(row["achieved_on"])

    for by_type in dates.values():
        if "job_sustained_13w" in by_type:
            weeks = by_type["job_sustained_13w"] - by_type["job_start"]
            assert weeks >= timedelta(weeks=13), by_type
        if "job_sustained_26w" in by_type:
            weeks = by_type["job_sustained_26w"] - by_type["job_start"]
            assert weeks >= timedelta(weeks=26), by_type


def test_every_outcome_type_present(tables, config):
    counts = Counter(row["type"] for row in tables["outcomes"])

    for outcome_type in config["outcome_types"]:
        assert counts[outcome_type] > 0, outcome_type


def test_job_outcomes_carry_employer(tables):
    job_types = {
        "job_start",
        "job_sustained_13w",
        "job_sustained_26w",
        "apprenticeship",
    }

    for row in tables["outcomes"]:
        if row["type"] in job_types:
            assert row["employer_id"], row
        else:
            assert row["employer_id"] == "", row


def test_outcomes_credited_to_partner_that_worked(tables):
    worked_with = defaultdict(set)
    for row in tables["activities"]:
        worked_with[row["participant_id"]].add(row["partner_id"])

    for row in tables["outcomes"]:
        assert row["partner_id"] in worked_with[row["participant_id"]], row
