"""import_path over a stand-in store that records what it was given."""

import pytest

from graph.errors import ImportValidationError
from graph.importer import ImportReport, import_path
from graph.model import PartnershipConfig
from graph.store import ImportSummary

READ_COUNTS = {
    "partners": 3,
    "employers": 1,
    "participants": 3,
    "referrals": 3,
    "activities": 3,
    "outcomes": 2,
}


class WritingStore:
    """The Store methods import_path calls; writes are only recorded."""

    def __init__(self):
        self.imports = []

    def existing_ids(self, kind, ids):
        return set()

    def get_partner(self, partner_id):
        return None

    def get_participant(self, participant_id):
        return None

    def load_config(self):
        return PartnershipConfig()

    def import_dataset(self, dataset, progress=None):
        self.imports.append((dataset, progress))
        return ImportSummary(created={"partners": 3})


def test_dry_run_writes_nothing(write_folder, good_tables):
    store = WritingStore()

    report = import_path(store, write_folder(good_tables), dry_run=True)

    assert report == ImportReport(read=READ_COUNTS, summary=None)
    assert store.imports == []


def test_import_hands_dataset_to_store(write_folder, good_tables):
    store = WritingStore()

    def progress(kind, done, total):
        pass

    report = import_path(store, write_folder(good_tables), progress=progress)

    assert report.read == READ_COUNTS
    assert report.summary == ImportSummary(created={"partners": 3})
    assert len(store.imports) == 1
    dataset, given_progress = store.imports[0]
    assert len(dataset.referrals) == 3
    assert given_progress is progress


def test_rejected_import_never_reaches_store(write_folder, good_tables):
    good_tables["referrals"][1][6] = "lost"
    store = WritingStore()

    with pytest.raises(ImportValidationError):
        import_path(store, write_folder(good_tables))

    assert store.imports == []


def test_import_path_accepts_workbook(write_workbook, good_tables):
    store = WritingStore()

    report = import_path(store, str(write_workbook(good_tables)), dry_run=True)

    assert report.read == READ_COUNTS
