"""The importer and the store accept samples of several seeds and sizes."""

from __future__ import annotations

from datetime import date

import pytest

from graph.importer import load_dataset
from graph.rules import DEFAULT_OUTCOME_TYPES
from graph.sample import write_sample
from graph.store import RECORD_KINDS


def test_default_sample_loads(default_sample, tables):
    dataset = load_dataset(default_sample)

    for kind in RECORD_KINDS:
        assert len(getattr(dataset, kind)) == len(tables[kind]), kind


def test_default_sample_config_loads(default_sample):
    config = load_dataset(default_sample).config

    assert config.name == "South London Pathways to Work"
    assert config.start_on == date(2023, 4, 1)
    assert config.end_on == date(2026, 3, 31)
    assert config.stages == (
        "engagement",
        "assessment",
        "training",
        "job_search",
        "in_work",
    )
    assert config.activity_types is not None
    assert "in_work_support" in config.activity_types
    assert config.outcome_types == DEFAULT_OUTCOME_TYPES
    assert config.small_number_threshold == 5
    assert config.targets["job_start"] == 700


def test_loaded_names_keep_punctuation(default_sample):
    dataset = load_dataset(default_sample)
    partner_names = {partner.name for partner in dataset.partners}
    employer_names = {employer.name for employer in dataset.employers}

    assert "Brixton Youth & Community Trust" in partner_names
    assert "St Mary's Training Hub" in partner_names
    assert "Mensah, Boateng and Co Logistics" in employer_names
    assert "Café Lumière Bakery" in employer_names


@pytest.mark.parametrize(
    ("seed", "partners", "participants"),
    [(1, 2, 1), (2, 3, 200), (3, 40, 1000)],
)
def test_other_sizes_load(tmp_path, seed, partners, participants):
    written = write_sample(
        tmp_path, seed=seed, partners=partners, participants=participants
    )

    dataset = load_dataset(tmp_path)

    for kind in RECORD_KINDS:
        assert len(getattr(dataset, kind)) == written[kind], kind


def test_default_sample_stored(store, default_sample, tables):
    store.import_dataset(load_dataset(default_sample))

    counts = store.count_records()
    for kind in RECORD_KINDS:
        assert counts[kind] == len(tables[kind]), kind
