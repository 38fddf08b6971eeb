"""A small valid partnership in the import format, and writers for it.

Tests take ``good_tables`` (a fresh copy each time), change one cell, write
it as CSV files or a workbook with ``write_folder`` or ``write_workbook``,
and check the problems the importer reports.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

GOOD_CONFIG = """\
name = "Riverside Jobs Partnership"
start_on = 2024-01-01
end_on = 2025-12-31
stages = ["engagement", "training", "job_search"]
activity_types = ["mentoring", "cv_workshop"]
outcome_types = ["job_start", "job_sustained_13w", "education"]
small_number_threshold = 5

[targets]
job_start = 500
education = 40
"""

# Each table is a header row followed by record rows, all text as a partner
# would type it. Participant ids "0012" and "12" are different participants.
GOOD_TABLES: dict[str, list[list[str]]] = {
    "partners": [
        ["id", "name", "type", "borough", "joined_on", "left_on"],
        ["P01", "Riverside Youth Trust", "lead", "Lambeth", "2024-01-01", ""],
        [
            "P02",
            "Northside Training",
            "delivery",
            "Hackney",
            "01/02/2024",
            "31/12/2025",
        ],
        ["P03", "City Jobs Brokerage", "employer_broker", "Camden", "", ""],
    ],
    "employers": [
        ["id", "name", "sector", "size"],
        ["E1", "Green Grocers Ltd", "retail", "small"],
    ],
    "participants": [
        [
            "id",
            "partner_id",
            "enrolled_on",
            "birth_year",
            "gender",
            "ethnicity",
            "postcode_district",
            "consent_to_share",
        ],
        ["0012", "P01", "2024-02-01", "2004", "female", "Black British", "SE11", "yes"],
        ["12", "P02", "05/03/2024", "", "", "", "", ""],
        ["0013", "P01", "2024-02-10", "2003", "male", "White British", "SW9", "No"],
    ],
    "referrals": [
        [
            "id",
            "participant_id",
            "from_partner_id",
            "to_partner_id",
            "to_employer_id",
            "referred_on",
            "status",
            "status_on",
            "reason",
        ],
        ["R1", "0012", "P01", "P02", "", "2024-02-15", "accepted", "2024-02-20", ""],
        [
            "R2",
            "0012",
            "P02",
            "",
            "E1",
            "2024-04-01",
            "completed",
            "2024-05-01",
            "offer",
        ],
        ["R3", "12", "P02", "P03", "", "2024-03-10", "made", "", ""],
    ],
    "activities": [
        ["id", "participant_id", "partner_id", "type", "stage", "occurred_on", "hours"],
        ["A1", "0012", "P01", "mentoring", "engagement", "2024-02-05", "1.5"],
        ["A2", "0012", "P02", "cv_workshop", "training", "2024-03-01", "3"],
        ["A3", "12", "P02", "mentoring", "", "2024-03-06", ""],
    ],
    "outcomes": [
        ["id", "participant_id", "partner_id", "type", "achieved_on", "employer_id"],
        ["O1", "0012", "P02", "job_start", "2024-05-01", "E1"],
        ["O2", "0013", "P01", "education", "2024-09-01", ""],
    ],
}


@pytest.fixture
def good_tables() -> dict[str, list[list[str]]]:
    return {kind: [list(row) for row in rows] for kind, rows in GOOD_TABLES.items()}


@pytest.fixture
def good_config() -> str:
    return GOOD_CONFIG


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)


@pytest.fixture
def write_folder(tmp_path):
    """Return a function that writes tables (and a framework) as a CSV folder."""

    def write(
        tables: dict[str, list[list[object]]],
        config: str | None = GOOD_CONFIG,
        name: str = "import",
    ) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for kind, rows in tables.items():
            write_csv(folder / f"{kind}.csv", rows)
        if config is not None:
            (folder / "partnership.toml").write_text(config, encoding="utf-8")
        return folder

    return write


@pytest.fixture
def write_workbook(tmp_path):
    """Return a function that writes tables as the sheets of an .xlsx file,
    with the framework beside it."""

    def write(
        tables: dict[str, list[list[object]]],
        config: str | None = GOOD_CONFIG,
        name: str = "book",
    ) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for sheet_name, rows in tables.items():
            sheet = workbook.create_sheet(sheet_name)
            for row in rows:
                sheet.append([None if cell == "" else cell for cell in row])
        path = folder / "partnership.xlsx"
        workbook.save(path)
        if config is not None:
            (folder / "partnership.toml").write_text(config, encoding="utf-8")
        return path

    return write
