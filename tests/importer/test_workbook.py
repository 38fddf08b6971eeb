from datetime import date, datetime

import openpyxl
import pytest

from graph.errors import ImportProblem, ImportValidationError
from graph.importer import load_dataset


def _problems(path) -> list[ImportProblem]:
    with pytest.raises(ImportValidationError) as caught:
        load_dataset(path)
    return caught.value.problems


def test_workbook_equals_csv_folder(write_folder, write_workbook, good_tables):
    from_csv = load_dataset(write_folder(good_tables))
    from_workbook = load_dataset(write_workbook(good_tables))

    assert from_workbook == from_csv


def test_workbook_reads_config_beside_it(write_workbook, good_tables):
    dataset = load_dataset(write_workbook(good_tables))

    assert dataset.config.name == "Riverside Jobs Partnership"


def test_sheet_names_case_and_spaces_ignored(write_workbook, good_tables):
    tables = {f" {kind.title()} ": rows for kind, rows in good_tables.items()}

    dataset = load_dataset(write_workbook(tables))

    assert len(dataset.referrals) == 3


def test_real_date_cells_accepted(write_workbook, good_tables):
    good_tables["participants"][1][2] = date(2024, 2, 1)
    good_tables["participants"][2][2] = datetime(2024, 3, 5, 9, 30)

    dataset = load_dataset(write_workbook(good_tables))

    assert dataset.participants[0].enrolled_on == date(2024, 2, 1)
    assert dataset.participants[1].enrolled_on == date(2024, 3, 5)


def test_numeric_cells_become_plain_text(write_workbook, good_tables):
    good_tables["employers"].append([12, "Twelve Ltd", "retail", 250.0])
    good_tables["employers"].append([13.0, "Thirteen Ltd", "", ""])
    good_tables["employers"].append(["0014", "Fourteen Ltd", "", ""])

    dataset = load_dataset(write_workbook(good_tables))

    assert [employer.id for employer in dataset.employers] == [
        "E1",
        "12",
        "13",
        "0014",
    ]
    assert dataset.employers[1].size == "250"


def test_numeric_year_hours_and_consent(write_workbook, good_tables):
    good_tables["participants"][1][3] = 2004
    good_tables["participants"][1][7] = True
    good_tables["activities"][1][6] = 1.5

    dataset = load_dataset(write_workbook(good_tables))

    assert dataset.participants[0].birth_year == 2004
    assert dataset.participants[0].consent_to_share is True
    assert dataset.activities[0].hours == 1.5


def test_unknown_sheet_rejected(write_workbook, good_tables):
    good_tables["Sheet1"] = [["notes"], ["call back"]]

    problems = _problems(write_workbook(good_tables))

    assert problems == [
        ImportProblem(
            "partnership.xlsx (sheet Sheet1)",
            "unknown sheet; expected sheets named partners, employers, "
            "participants, referrals, activities, outcomes",
        )
    ]


def test_missing_partners_sheet(write_workbook, good_tables):
    problems = _problems(write_workbook({"employers": good_tables["employers"]}))

    assert problems[0].file == "partnership.xlsx"
    assert "has no partners sheet" in problems[0].message


def test_bad_value_names_sheet_row_and_column(write_workbook, good_tables):
    good_tables["referrals"][2][6] = "lost"

    problems = _problems(write_workbook(good_tables))

    assert problems == [
        ImportProblem(
            "partnership.xlsx (sheet referrals)",
            "expected one of made, accepted, declined, withdrawn, completed",
            row=3,
            field="status",
            value="lost",
        )
    ]


def test_unknown_reference_names_sheet(write_workbook, good_tables):
    good_tables["outcomes"][1][5] = "E9"

    problems = _problems(write_workbook(good_tables))

    assert problems[0].message == (
        "unknown employer: no record in partnership.xlsx (sheet employers) has this id"
    )


def test_month_first_date_text_rejected(write_workbook, good_tables):
    good_tables["activities"][1][5] = "03/25/2024"

    problems = _problems(write_workbook(good_tables))

    assert problems[0].field == "occurred_on"
    assert "looks like a month-first date" in problems[0].message


def test_blank_sheet_rows_keep_row_numbers(tmp_path, good_tables):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "partners"
    sheet.append(good_tables["partners"][0])
    sheet.append(good_tables["partners"][1])
    sheet.cell(row=5, column=1, value="P02")  # rows 3 and 4 stay blank
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    problems = _problems(path)

    assert problems == [
        ImportProblem(
            "book.xlsx (sheet partners)",
            "missing value; this column is required",
            row=5,
            field="name",
        )
    ]


def test_not_a_workbook_rejected(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_text("id,name\n", encoding="utf-8")

    problems = _problems(path)

    assert len(problems) == 1
    assert problems[0].file == "book.xlsx"
    assert problems[0].message.startswith("the file is not a readable .xlsx workbook")
