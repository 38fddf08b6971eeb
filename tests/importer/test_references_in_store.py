"""References resolved against records a store already contains.

A stand-in store records the ids it was asked about, so these tests also
check that only ids missing from the files are looked up.
"""

import pytest

from graph import rules
from graph.errors import ImportValidationError
from graph.importer import load_dataset
from graph.model import Participant, Partner, PartnershipConfig


class RecordingStore:
    """The Store methods load_dataset calls, over fixed ids.

    ``records`` holds the partners and participants that ``get_partner`` and
    ``get_participant`` return; other stored ids have no record to read.
    """

    def __init__(
        self,
        ids: dict[str, set[str]],
        config: PartnershipConfig,
        records: tuple[Partner | Participant, ...] = (),
    ):
        self.ids = ids
        self.config = config
        self.records = {type(record): {} for record in records}
        for record in records:
            self.records[type(record)][record.id] = record
        self.requests: list[tuple[str, set[str]]] = []

    def existing_ids(self, kind, ids):
        ids = set(ids)
        self.requests.append((kind, ids))
        return ids & self.ids.get(kind, set())

    def get_partner(self, partner_id):
        return self.records.get(Partner, {}).get(partner_id)

    def get_participant(self, participant_id):
        return self.records.get(Participant, {}).get(participant_id)

    def load_config(self):
        return self.config


def test_reference_to_stored_participant(write_folder, good_tables):
    good_tables["referrals"][3][1] = "P-OLD"
    store = RecordingStore({"participants": {"P-OLD"}}, PartnershipConfig())

    dataset = load_dataset(write_folder(good_tables), store)

    assert dataset.referrals[2].participant_id == "P-OLD"
    # The second request checks that no stored partner has an employer's id.
    assert store.requests == [("participants", {"P-OLD"}), ("partners", {"E1"})]


def test_reference_found_nowhere(write_folder, good_tables):
    good_tables["referrals"][3][1] = "P-NEW"
    store = RecordingStore({}, PartnershipConfig())

    with pytest.raises(ImportValidationError) as caught:
        load_dataset(write_folder(good_tables), store)

    problem = caught.value.problems[0]
    assert problem.message == (
        "unknown participant: no record in participants.csv or the store has this id"
    )
    assert problem.value == "P-NEW"


def test_store_asked_only_about_employer_ids(write_folder, good_tables):
    # Every reference resolves in the files, so the store is asked only
    # whether a stored partner has an employer's id.
    store = RecordingStore({}, PartnershipConfig())

    load_dataset(write_folder(good_tables), store)

    assert store.requests == [("partners", {"E1"})]


def test_employer_with_a_stored_partner_id(write_folder, good_tables):
    store = RecordingStore({"partners": {"E1"}}, PartnershipConfig())

    with pytest.raises(ImportValidationError) as caught:
        load_dataset(write_folder(good_tables), store)

    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.field, problem.value) == (
        "employers.csv",
        2,
        "id",
        "E1",
    )


def test_stored_framework_used_without_toml(write_folder, good_tables):
    stored = PartnershipConfig(name="Stored", activity_types=("mentoring",))
    store = RecordingStore({}, stored)

    with pytest.raises(ImportValidationError) as caught:
        load_dataset(write_folder(good_tables, config=None), store)

    assert [(p.file, p.row, p.value) for p in caught.value.problems] == [
        ("activities.csv", 3, "cv_workshop")
    ]


def test_stored_framework_without_outcome_types(write_folder, good_tables):
    store = RecordingStore({}, PartnershipConfig(name="Stored"))

    dataset = load_dataset(write_folder(good_tables, config=None), store)

    assert dataset.config.name == "Stored"
    assert dataset.config.outcome_types == rules.DEFAULT_OUTCOME_TYPES


def test_toml_overrides_stored_framework(write_folder, good_tables):
    store = RecordingStore({}, PartnershipConfig(name="Stored"))

    dataset = load_dataset(write_folder(good_tables), store)

    assert dataset.config.name == "Riverside Jobs Partnership"
