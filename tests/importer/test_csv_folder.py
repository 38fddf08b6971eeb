from datetime import date

import pytest

from graph import rules
from graph.errors import ImportProblem, ImportValidationError
from graph.importer import load_dataset
from graph.model import Activity, Participant, Partner, Referral


def test_good_folder_counts(write_folder, good_tables):
    dataset = load_dataset(write_folder(good_tables))

    assert len(dataset.partners) == 3
    assert len(dataset.employers) == 1
    assert len(dataset.participants) == 3
    assert len(dataset.referrals) == 3
    assert len(dataset.activities) == 3
    assert len(dataset.outcomes) == 2


def test_good_folder_records(write_folder, good_tables):
    dataset = load_dataset(write_folder(good_tables))

    assert dataset.partners[1] == Partner(
        id="P02",
        name="Northside Training",
        type="delivery",
        borough="Hackney",
        joined_on=date(2024, 2, 1),
        left_on=date(2025, 12, 31),
    )
    assert dataset.participants[0] == Participant(
        id="0012",
        partner_id="P01",
        enrolled_on=date(2024, 2, 1),
        birth_year=2004,
        gender="female",
        ethnicity="Black British",
        postcode_district="SE11",
        consent_to_share=True,
        consent_recorded_on=date(2024, 2, 1),
        consent_recorded_by="import",
    )
    assert dataset.referrals[1] == Referral(
        id="R2",
        participant_id="0012",
        from_partner_id="P02",
        referred_on=date(2024, 4, 1),
        status="completed",
        to_partner_id=None,
        to_employer_id="E1",
        status_on=date(2024, 5, 1),
        reason="offer",
    )
    assert dataset.activities[0] == Activity(
        id="A1",
        participant_id="0012",
        partner_id="P01",
        type="mentoring",
        occurred_on=date(2024, 2, 5),
        stage="engagement",
        hours=1.5,
    )


def test_empty_cells_become_none_and_no_consent(write_folder, good_tables):
    dataset = load_dataset(write_folder(good_tables))

    participant = dataset.participants[1]
    assert participant.birth_year is None
    assert participant.gender is None
    assert participant.consent_to_share is False
    assert dataset.activities[2].hours is None
    assert dataset.activities[2].stage is None


def test_slash_date_read_as_day_first(write_folder, good_tables):
    dataset = load_dataset(write_folder(good_tables))

    assert dataset.participants[1].enrolled_on == date(2024, 3, 5)


def test_leading_zero_ids_preserved(write_folder, good_tables):
    dataset = load_dataset(write_folder(good_tables))

    assert [p.id for p in dataset.participants] == ["0012", "12", "0013"]
    assert dataset.referrals[0].participant_id == "0012"
    assert dataset.referrals[2].participant_id == "12"


def test_config_read_from_folder(write_folder, good_tables):
    dataset = load_dataset(write_folder(good_tables))

    assert dataset.config.name == "Riverside Jobs Partnership"
    assert dataset.config.targets == {"job_start": 500, "education": 40}


def test_headers_case_and_spaces_ignored(write_folder, good_tables):
    for rows in good_tables.values():
        rows[0] = [f"  {name.upper()} " for name in rows[0]]

    dataset = load_dataset(write_folder(good_tables))

    assert len(dataset.referrals) == 3
    assert dataset.partners[0].name == "Riverside Youth Trust"


def test_columns_in_any_order(write_folder, good_tables):
    good_tables["employers"] = [
        ["size", "name", "id"],
        ["small", "Green Grocers Ltd", "E1"],
    ]

    dataset = load_dataset(write_folder(good_tables))

    assert dataset.employers[0].name == "Green Grocers Ltd"
    assert dataset.employers[0].sector is None


def test_optional_columns_may_be_left_out(write_folder, good_tables):
    good_tables["partners"] = [["id", "name"], ["P01", "A"], ["P02", "B"], ["P03", "C"]]

    dataset = load_dataset(write_folder(good_tables))

    assert dataset.partners[0] == Partner(id="P01", name="A")


def test_optional_files_may_be_missing(write_folder, good_tables):
    folder = write_folder({"partners": good_tables["partners"]})

    dataset = load_dataset(folder)

    assert len(dataset.partners) == 3
    assert dataset.employers == ()
    assert dataset.participants == ()
    assert dataset.referrals == ()
    assert dataset.activities == ()
    assert dataset.outcomes == ()


def test_blank_rows_skipped_but_counted(write_folder, good_tables):
    good_tables["partners"].insert(2, ["", "", "", "", "", ""])
    good_tables["partners"].insert(3, [])
    good_tables["partners"][4][4] = "bad"

    with pytest.raises(ImportValidationError) as caught:
        load_dataset(write_folder(good_tables))

    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].row == 5


def test_byte_order_mark_accepted(write_folder, good_tables):
    folder = write_folder(good_tables)
    path = folder / "partners.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    dataset = load_dataset(folder)

    assert dataset.partners[0].id == "P01"


def test_crlf_line_endings_accepted(write_folder, good_tables):
    folder = write_folder(good_tables)
    path = folder / "employers.csv"
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))

    assert load_dataset(folder).employers[0].id == "E1"


def test_lock_files_ignored(write_folder, good_tables):
    folder = write_folder(good_tables)
    (folder / ".~lock.partners.csv#").write_text("lock", encoding="utf-8")
    (folder / "notes.txt").write_text("notes", encoding="utf-8")

    assert len(load_dataset(folder).partners) == 3


def test_status_case_ignored(write_folder, good_tables):
    good_tables["referrals"][1][6] = "Accepted"

    dataset = load_dataset(write_folder(good_tables))

    assert dataset.referrals[0].status == "accepted"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("YES", True),
        ("y", True),
        ("True", True),
        ("1", True),
        ("no", False),
        ("N", False),
        ("false", False),
        ("0", False),
        ("", False),
    ],
)
def test_consent_values(write_folder, good_tables, text, expected):
    good_tables["participants"][1][7] = text

    dataset = load_dataset(write_folder(good_tables))

    assert dataset.participants[0].consent_to_share is expected


def test_without_config_types_free_and_outcomes_default(write_folder, good_tables):
    good_tables["activities"][1][3] = "anything_at_all"
    good_tables["activities"][1][4] = "any_stage"
    good_tables["outcomes"][1][3] = "job_sustained_26w"

    dataset = load_dataset(write_folder(good_tables, config=None))

    assert dataset.activities[0].type == "anything_at_all"
    assert dataset.activities[0].stage == "any_stage"
    assert dataset.outcomes[0].type == "job_sustained_26w"
    assert dataset.config.outcome_types == rules.DEFAULT_OUTCOME_TYPES
    assert dataset.config.activity_types is None


def test_without_config_unknown_outcome_type_rejected(write_folder, good_tables):
    good_tables["outcomes"][1][3] = "volunteering"

    with pytest.raises(ImportValidationError) as caught:
        load_dataset(write_folder(good_tables, config=None))

    assert caught.value.problems == [
        ImportProblem(
            "outcomes.csv",
            "not in the partnership's list; expected one of "
            + ", ".join(rules.DEFAULT_OUTCOME_TYPES),
            row=2,
            field="type",
            value="volunteering",
        )
    ]


def test_configured_outcome_type_accepted(write_folder, good_tables, good_config):
    config = good_config.replace('"education"]', '"education", "volunteering"]')
    good_tables["outcomes"][1][3] = "volunteering"

    dataset = load_dataset(write_folder(good_tables, config=config))

    assert dataset.outcomes[0].type == "volunteering"


def test_path_not_found(tmp_path):
    with pytest.raises(ImportValidationError) as caught:
        load_dataset(tmp_path / "missing")

    assert caught.value.problems[0].message == "not found"


def test_path_of_wrong_kind(tmp_path):
    path = tmp_path / "partners.txt"
    path.write_text("id,name\n", encoding="utf-8")

    with pytest.raises(ImportValidationError) as caught:
        load_dataset(path)

    assert "expected a folder of CSV files" in caught.value.problems[0].message
