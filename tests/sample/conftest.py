from __future__ import annotations

import csv
import tomllib
from datetime import date
from pathlib import Path

import pytest

from graph.sample import write_sample

KINDS = ("partners", "employers", "participants", "referrals", "activities", "outcomes")


def read_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Read every CSV file of a sample as lists of rows keyed by column."""
    tables = {}
    for kind in KINDS:
        with (folder / f"{kind}.csv").open(encoding="utf-8", newline="") as file:
            tables[kind] = list(csv.DictReader(file))
    return tables


@pytest.fixture(scope="session")
def default_sample(tmp_path_factory) -> Path:
    """The sample the CLI writes by default: seed 1, 15 partners, 2,000
    participants."""
    folder = tmp_path_factory.mktemp("default-sample")
    write_sample(folder)
    return folder


@pytest.fixture(scope="session")
def tables(default_sample) -> dict[str, list[dict[str, str]]]:
    """The default sample's CSV files as rows keyed by column."""
    return read_tables(default_sample)


@pytest.fixture(scope="session")
def read_sample():
    """The function that reads a sample folder's CSV files, for tests that
    write their own sample."""
    return read_tables


@pytest.fixture(scope="session")
def config(default_sample) -> dict:
    with (default_sample / "partnership.toml").open("rb") as file:
        return tomllib.load(file)


def assert_consistent(tables: dict[str, list[dict[str, str]]]) -> None:
    """Assert the rules every sample keeps, whatever its seed and size: ids
    resolve, dates fall inside the programme and inside each partner's
    membership, and referrals never move backwards in time."""
    end = date(2026, 3, 31)
    partners = {row["id"]: row for row in tables["partners"]}
    employers = {row["id"] for row in tables["employers"]}
    enrolled_on = {
        row["id"]: date.fromisoformat(row["enrolled_on"])
        for row in tables["participants"]
    }

    def assert_member(partner_id: str, day: date, row: dict) -> None:
        partner = partners[partner_id]
        assert date.fromisoformat(partner["joined_on"]) <= day, row
        if partner["left_on"]:
            assert day <= date.fromisoformat(partner["left_on"]), row

    for row in tables["participants"]:
        assert_member(row["partner_id"], enrolled_on[row["id"]], row)
    for row in tables["referrals"]:
        referred_on = date.fromisoformat(row["referred_on"])
        assert enrolled_on[row["participant_id"]] <= referred_on, row
        assert referred_on <= date.fromisoformat(row["status_on"]) <= end, row
        assert_member(row["from_partner_id"], referred_on, row)
        if row["to_partner_id"]:
            assert_member(row["to_partner_id"], referred_on, row)
            assert row["to_employer_id"] == "", row
        else:
            assert row["to_employer_id"] in employers, row
    for kind, column in (("activities", "occurred_on"), ("outcomes", "achieved_on")):
        for row in tables[kind]:
            day = date.fromisoformat(row[column])
            assert enrolled_on[row["participant_id"]] <= day <= end, row
            assert_member(row["partner_id"], day, row)
    for row in tables["outcomes"]:
        assert row["employer_id"] in employers | {""}, row


@pytest.fixture(scope="session")
def check_consistent():
    """The function that asserts the rules every sample keeps."""
    return assert_consistent
