"""Imports into the real SQLite store: dry runs, rejections and re-imports.

``store`` is an empty store and ``loaded_store`` one that already contains
``small_dataset``; both come from the suite's conftest.
"""

import pytest

from graph.errors import ImportValidationError
from graph.importer import import_path
from graph.store import RECORD_KINDS

READ_COUNTS = {
    "partners": 3,
    "employers": 1,
    "participants": 3,
    "referrals": 3,
    "activities": 3,
    "outcomes": 2,
}
NO_RECORDS = dict.fromkeys(RECORD_KINDS, 0)


def _snapshot(store):
    return {
        "counts": store.count_records(),
        "config": store.load_config(),
        "partners": store.list_partners(),
        "employers": store.list_employers(),
        "participants": store.list_participants(first=1000).items,
        "referrals": store.list_referrals(first=1000).items,
    }


def test_dry_run_writes_nothing(store, write_folder, good_tables):
    report = import_path(store, write_folder(good_tables), dry_run=True)

    assert report.summary is None
    assert report.read == READ_COUNTS
    assert store.count_records() == NO_RECORDS


def test_import_writes_every_record(store, write_folder, good_tables):
    report = import_path(store, write_folder(good_tables))

    assert report.summary.created == READ_COUNTS
    assert store.count_records() == READ_COUNTS
    assert store.get_participant("0012").consent_to_share is True
    assert store.get_participant("12") is not None
    assert store.load_config().name == "Riverside Jobs Partnership"


def test_second_import_changes_nothing(store, write_folder, good_tables):
    folder = write_folder(good_tables)
    import_path(store, folder)
    before = _snapshot(store)

    summary = import_path(store, folder).summary

    assert summary.total(summary.created) == 0
    assert summary.total(summary.updated) == 0
    assert summary.unchanged == READ_COUNTS
    assert _snapshot(store) == before


def test_changed_row_updates_record(store, write_folder, good_tables):
    import_path(store, write_folder(good_tables, name="first"))
    good_tables["partners"][1][1] = "Riverside Youth Trust (renamed)"

    summary = import_path(store, write_folder(good_tables, name="second")).summary

    assert summary.updated.get("partners") == 1
    assert summary.total(summary.created) == 0
    assert store.get_partner("P01").name == "Riverside Youth Trust (renamed)"


def test_rejected_import_writes_nothing(store, write_folder, good_tables):
    good_tables["outcomes"][2][3] = "volunteering"

    with pytest.raises(ImportValidationError):
        import_path(store, write_folder(good_tables))

    assert store.count_records() == NO_RECORDS


def test_rejected_import_leaves_store_unchanged(
    loaded_store, write_folder, good_tables
):
    before = _snapshot(loaded_store)
    good_tables["referrals"][3][6] = "lost"

    with pytest.raises(ImportValidationError):
        import_path(loaded_store, write_folder(good_tables))

    assert _snapshot(loaded_store) == before


def test_references_resolve_against_store(store, write_folder, good_tables):
    import_path(store, write_folder(good_tables, name="first"))
    later = {
        "partners": good_tables["partners"],
        "referrals": [
            good_tables["referrals"][0],
            ["R4", "0013", "P01", "P03", "", "2024-06-01", "made", "", ""],
        ],
    }

    report = import_path(store, write_folder(later, name="later"))

    assert report.summary.created == {**NO_RECORDS, "referrals": 1}
    assert store.get_referral("R4").participant_id == "0013"


def test_unknown_reference_names_store(store, write_folder, good_tables):
    later = {
        "partners": good_tables["partners"],
        "referrals": [
            good_tables["referrals"][0],
            ["R4", "0099", "P01", "P03", "", "2024-06-01", "made", "", ""],
        ],
    }

    with pytest.raises(ImportValidationError) as caught:
        import_path(store, write_folder(later))

    assert caught.value.problems[0].message == (
        "unknown participant: no record in participants.csv or the store has this id"
    )


def test_import_keeps_stored_framework(store, write_folder, good_tables):
    import_path(store, write_folder(good_tables, name="first"))
    later = {"partners": good_tables["partners"]}

    import_path(store, write_folder(later, config=None, name="later"))

    assert store.load_config().name == "Riverside Jobs Partnership"


def test_new_rows_refer_to_loaded_records(loaded_store, write_folder):
    later = {
        "partners": [["id", "name"], ["F", "Faith Centre"]],
        "referrals": [
            [
                "id",
                "participant_id",
                "from_partner_id",
                "to_partner_id",
                "referred_on",
                "status",
            ],
            ["R11", "U1", "F", "A", "2024-06-01", "made"],
        ],
    }

    report = import_path(loaded_store, write_folder(later, config=None))

    assert report.summary.created == {**NO_RECORDS, "partners": 1, "referrals": 1}
    assert loaded_store.get_referral("R11").to_partner_id == "A"
    assert loaded_store.load_config().name == "Riverside Test Partnership"
