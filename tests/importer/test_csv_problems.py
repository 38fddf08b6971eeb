"""Each kind of invalid file or value, and the problem the importer reports.

Row numbers are spreadsheet rows: the header is row 1, so the first record
is row 2.
"""

import pytest

from graph.errors import ImportProblem, ImportValidationError
from graph.importer import load_dataset


def _problems(folder) -> list[ImportProblem]:
    with pytest.raises(ImportValidationError) as caught:
        load_dataset(folder)
    return caught.value.problems


def _set_cell(tables, kind, record, column, value):
    """Set a cell of the ``record``-th record row (1 is the first)."""
    header = tables[kind][0]
    tables[kind][record][header.index(column)] = value


# (file kind, record row, column, new value, expected message fragment)
BAD_VALUES = [
    ("partners", 2, "name", "", "missing value; this column is required"),
    ("partners", 2, "left_on", "2023-01-01", "the partner left before it joined"),
    ("partners", 3, "joined_on", "someday", "invalid date: expected YYYY-MM-DD"),
    ("employers", 1, "name", "", "missing value"),
    ("participants", 1, "enrolled_on", "", "missing value"),
    ("participants", 1, "enrolled_on", "13/13/2024", "month 13 does not exist"),
    ("participants", 1, "enrolled_on", "03/25/2024", "looks like a month-first date"),
    ("participants", 1, "enrolled_on", "31/02/2024", "day 31 does not exist"),
    ("participants", 1, "partner_id", "P99", "unknown partner: no record in"),
    ("participants", 1, "consent_to_share", "maybe", "expected yes or no"),
    ("participants", 1, "birth_year", "1850", "expected a whole number from 1900"),
    ("participants", 1, "birth_year", "nineteen", "expected a whole number"),
    ("participants", 1, "birth_year", "2004.5", "expected a whole number"),
    ("participants", 1, "birth_year", "2025", "born after enrolling in 2024"),
    ("referrals", 1, "participant_id", "X9", "unknown participant: no record in"),
    ("referrals", 1, "from_partner_id", "P99", "unknown partner"),
    ("referrals", 1, "to_partner_id", "P99", "unknown partner"),
    ("referrals", 2, "to_employer_id", "E9", "unknown employer"),
    ("referrals", 1, "status", "pending", "expected one of made, accepted, declined"),
    ("referrals", 1, "status", "", "missing value"),
    ("referrals", 1, "to_employer_id", "E1", "to a partner or an employer, not both"),
    ("referrals", 1, "to_partner_id", "", "missing receiver; fill in to_partner_id"),
    ("referrals", 1, "to_partner_id", "P01", "a partner cannot refer to itself"),
    ("referrals", 1, "status_on", "2024-02-01", "the status date is before"),
    ("referrals", 1, "referred_on", "2024-02-31", "day 31 does not exist"),
    ("activities", 1, "type", "yoga", "not in the partnership's list"),
    ("activities", 1, "stage", "aftercare", "not in the partnership's list"),
    ("activities", 1, "hours", "-1", "expected a number of 0 or more"),
    ("activities", 1, "hours", "two", "expected a number of 0 or more"),
    ("activities", 1, "hours", "nan", "expected a number of 0 or more"),
    ("activities", 1, "partner_id", "P99", "unknown partner"),
    ("activities", 1, "occurred_on", "", "missing value"),
    ("outcomes", 1, "type", "job_sustained_26w", "not in the partnership's list"),
    ("outcomes", 1, "employer_id", "E9", "unknown employer"),
    ("outcomes", 2, "participant_id", "X9", "unknown participant"),
    ("outcomes", 1, "achieved_on", "1 Smarch 2024", "not an English month name"),
]


@pytest.mark.parametrize(
    ("kind", "record", "column", "value", "message"),
    BAD_VALUES,
    ids=[
        f"{kind}-{column}-{value or 'empty'}"
        for kind, _, column, value, _ in BAD_VALUES
    ],
)
def test_bad_value_reported(
    write_folder, good_tables, kind, record, column, value, message
):
    _set_cell(good_tables, kind, record, column, value)

    problems = _problems(write_folder(good_tables))

    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == f"{kind}.csv"
    assert problem.row == record + 1
    assert problem.field == column
    assert problem.value == (value or None)
    assert message in problem.message


def test_bad_date_problem_text(write_folder, good_tables):
    _set_cell(good_tables, "participants", 1, "enrolled_on", "13/13/2024")

    problems = _problems(write_folder(good_tables))

    assert str(problems[0]) == (
        "participants.csv row 2, column 'enrolled_on': invalid date: month 13 "
        "does not exist; dates like this are read day first as DD/MM/YYYY "
        "(value '13/13/2024')"
    )


def test_missing_required_column(write_folder, good_tables):
    good_tables["employers"] = [
        [row[0], *row[2:]] for row in good_tables["employers"]
    ]  # drops "name"

    problems = _problems(write_folder(good_tables))

    assert problems == [
        ImportProblem("employers.csv", "required column is missing", field="name")
    ]


def test_missing_receiver_columns(write_folder, good_tables):
    good_tables["referrals"] = [
        [cell for index, cell in enumerate(row) if index not in (3, 4)]
        for row in good_tables["referrals"]
    ]

    problems = _problems(write_folder(good_tables))

    assert [problem.message for problem in problems] == [
        "the file needs one of the columns to_partner_id or to_employer_id"
    ]


def test_extra_column_rejected(write_folder, good_tables):
    good_tables["participants"][0].append("Phone")
    for row in good_tables["participants"][1:]:
        row.append("07700 900000")

    problems = _problems(write_folder(good_tables))

    assert problems == [
        ImportProblem(
            "participants.csv",
            "unknown column; the accepted columns are id, partner_id, enrolled_on, "
            "birth_year, gender, ethnicity, postcode_district, consent_to_share, "
            "consent_recorded_on, consent_recorded_by",
            field="phone",
        )
    ]


def test_duplicate_column_rejected(write_folder, good_tables):
    good_tables["employers"][0][3] = "Name"

    problems = _problems(write_folder(good_tables))

    assert problems == [
        ImportProblem(
            "employers.csv", "the column appears more than once", field="name"
        )
    ]


def test_values_without_header_rejected(write_folder, good_tables):
    good_tables["employers"][1].append("stray")

    problems = _problems(write_folder(good_tables))

    assert [problem.message for problem in problems] == [
        "column 5 has values but has no name in the header row; name it or delete it"
    ]


def test_semicolon_file_gets_hint(write_folder, good_tables):
    good_tables["employers"] = [[";".join(row)] for row in good_tables["employers"]]

    problems = _problems(write_folder(good_tables))

    assert "save the file as comma-separated values" in problems[0].message


def test_empty_file_rejected(write_folder, good_tables):
    folder = write_folder(good_tables)
    (folder / "employers.csv").write_bytes(b"")

    problems = _problems(folder)

    assert problems[0].file == "employers.csv"
    assert problems[0].message.startswith("the header row is missing")


def test_non_utf8_file_rejected(write_folder, good_tables):
    folder = write_folder(good_tables)
    (folder / "employers.csv").write_bytes(
        "id,name\nE1,Caf\u00e9 Rouge\n".encode("cp1252")
    )

    problems = _problems(folder)

    assert len(problems) == 1
    assert problems[0].file == "employers.csv"
    assert problems[0].message.startswith("the file is not UTF-8 text")
    assert "save it as CSV UTF-8" in problems[0].message


def test_non_utf8_file_hides_no_other_problem(write_folder, good_tables):
    _set_cell(good_tables, "outcomes", 2, "participant_id", "X9")
    folder = write_folder(good_tables)
    (folder / "employers.csv").write_bytes("id,name\nE1,Caf\u00e9\n".encode("cp1252"))

    problems = _problems(folder)

    assert [(p.file, p.field, p.value) for p in problems] == [
        ("employers.csv", None, None),
        ("outcomes.csv", "participant_id", "X9"),
    ]


def test_duplicate_id_names_both_rows(write_folder, good_tables):
    good_tables["partners"].append(["P02", "Northside Again", "", "", "", ""])

    problems = _problems(write_folder(good_tables))

    assert problems == [
        ImportProblem(
            "partners.csv",
            "duplicate id: row 3 has the same id; every id in a file must be unique",
            row=5,
            field="id",
            value="P02",
        )
    ]


def test_ids_differing_by_leading_zero_not_duplicates(write_folder, good_tables):
    good_tables["employers"].append(["01", "One Ltd", "", ""])
    good_tables["employers"].append(["1", "Another Ltd", "", ""])

    dataset = load_dataset(write_folder(good_tables))

    assert [employer.id for employer in dataset.employers] == ["E1", "01", "1"]


def test_partners_file_required(write_folder, good_tables):
    del good_tables["partners"]
    del good_tables["participants"]
    del good_tables["referrals"]
    del good_tables["activities"]
    del good_tables["outcomes"]

    problems = _problems(write_folder(good_tables))

    assert len(problems) == 1
    assert problems[0].file == "partners.csv"
    assert problems[0].message.startswith("file not found")


def test_unknown_file_rejected(write_folder, good_tables):
    good_tables["referals"] = good_tables.pop("referrals")

    problems = _problems(write_folder(good_tables))

    assert problems[0] == ImportProblem(
        "referals.csv",
        "unknown file; expected files named partners.csv, employers.csv, "
        "participants.csv, referrals.csv, activities.csv, outcomes.csv",
    )


def test_several_problems_across_files(write_folder, good_tables, good_config):
    _set_cell(good_tables, "partners", 2, "name", "")
    _set_cell(good_tables, "participants", 1, "enrolled_on", "13/13/2024")
    _set_cell(good_tables, "participants", 2, "consent_to_share", "maybe")
    _set_cell(good_tables, "referrals", 3, "status", "lost")
    _set_cell(good_tables, "activities", 2, "hours", "-3")
    _set_cell(good_tables, "outcomes", 1, "employer_id", "E404")
    config = good_config.replace(
        "small_number_threshold = 5", "small_number_threshold = 0"
    )

    problems = _problems(write_folder(good_tables, config=config))

    assert [(p.file, p.row, p.field) for p in problems] == [
        ("partnership.toml", None, "small_number_threshold"),
        ("partners.csv", 3, "name"),
        ("participants.csv", 2, "enrolled_on"),
        ("participants.csv", 3, "consent_to_share"),
        ("referrals.csv", 4, "status"),
        ("activities.csv", 3, "hours"),
        ("outcomes.csv", 2, "employer_id"),
    ]


def test_every_problem_in_one_file(write_folder, good_tables):
    for record in (1, 2, 3):
        _set_cell(good_tables, "activities", record, "hours", "lots")

    problems = _problems(write_folder(good_tables))

    assert [problem.row for problem in problems] == [2, 3, 4]


def test_invalid_row_still_counts_for_references(write_folder, good_tables):
    # Participant 0012 has a bad date, but references to it are not errors.
    _set_cell(good_tables, "participants", 1, "enrolled_on", "soon")

    problems = _problems(write_folder(good_tables))

    assert [(p.file, p.field) for p in problems] == [
        ("participants.csv", "enrolled_on")
    ]


def test_error_message_lists_problems(write_folder, good_tables):
    _set_cell(good_tables, "referrals", 1, "status", "pending")
    _set_cell(good_tables, "referrals", 2, "status", "lost")

    with pytest.raises(ImportValidationError) as caught:
        load_dataset(write_folder(good_tables))

    message = str(caught.value)
    assert message.startswith("import rejected, nothing was written: 2 problems")
    assert "referrals.csv row 2, column 'status'" in message
    assert "referrals.csv row 3, column 'status'" in message


def test_employer_with_a_partner_id(write_folder, good_tables):
    # Receivers of referrals and nodes of the network are named by id, so
    # one id cannot name a partner and an employer.
    _set_cell(good_tables, "employers", 1, "id", "P01")

    problems = _problems(write_folder(good_tables))

    assert (
        ImportProblem(
            "employers.csv",
            "already used by a partner; give the employer an id of its own",
            row=2,
            field="id",
            value="P01",
        )
        in problems
    )
