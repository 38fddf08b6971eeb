"""write_sample: its arguments, its files and their determinism."""

from __future__ import annotations

import tomllib

import pytest

from graph.rules import DEFAULT_OUTCOME_TYPES
from graph.sample import write_sample

FILES = (
    "partners.csv",
    "employers.csv",
    "participants.csv",
    "referrals.csv",
    "activities.csv",
    "outcomes.csv",
    "partnership.toml",
)


def _file_bytes(folder) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def test_same_seed_writes_identical_bytes(tmp_path):
    first = write_sample(tmp_path / "first", seed=7, participants=300)
    second = write_sample(tmp_path / "second", seed=7, participants=300)

    assert first == second
    first_files = _file_bytes(tmp_path / "first")
    second_files = _file_bytes(tmp_path / "second")
    for name in FILES:
        assert first_files[name] == second_files[name], name


def test_different_seeds_write_different_data(tmp_path):
    write_sample(tmp_path / "one", seed=1, participants=300)
    write_sample(tmp_path / "two", seed=2, participants=300)

    one = _file_bytes(tmp_path / "one")
    two = _file_bytes(tmp_path / "two")
    for name in ("participants.csv", "referrals.csv", "activities.csv"):
        assert one[name] != two[name], name


def test_requested_counts_are_written(tmp_path, read_sample):
    written = write_sample(tmp_path, seed=3, partners=7, participants=123)
    tables = read_sample(tmp_path)

    assert written["partners"] == 7
    assert written["participants"] == 123
    for kind, rows in tables.items():
        assert written[kind] == len(rows), kind


@pytest.mark.parametrize("partners", [2, 3, 4, 15, 40, 120])
def test_partner_counts_give_unique_names(tmp_path, read_sample, partners):
    write_sample(tmp_path, partners=partners, participants=200)
    rows = read_sample(tmp_path)["partners"]

    assert len(rows) == partners
    assert len({row["id"] for row in rows}) == partners
    assert len({row["name"] for row in rows}) == partners


def test_smallest_sample_is_written(tmp_path, read_sample):
    written = write_sample(tmp_path, partners=2, participants=1)

    assert written["partners"] == 2
    assert written["participants"] == 1
    assert len(read_sample(tmp_path)["participants"]) == 1


def test_folder_is_created(tmp_path):
    folder = tmp_path / "nested" / "sample"

    write_sample(folder, participants=20)

    for name in FILES:
        assert (folder / name).is_file(), name


def test_rewrite_replaces_files(tmp_path, read_sample):
    write_sample(tmp_path, participants=500)
    write_sample(tmp_path, participants=20)

    assert len(read_sample(tmp_path)["participants"]) == 20


@pytest.mark.parametrize(
    ("partners", "participants", "message"),
    [
        (1, 100, "partners must be 2 or more, got 1"),
        (0, 100, "partners must be 2 or more, got 0"),
        (-3, 100, "partners must be 2 or more, got -3"),
        (15, 0, "participants must be 1 or more, got 0"),
        (15, -1, "participants must be 1 or more, got -1"),
    ],
)
def test_invalid_sizes_rejected(tmp_path, partners, participants, message):
    with pytest.raises(ValueError) as excinfo:
        write_sample(tmp_path, partners=partners, participants=participants)

    assert str(excinfo.value) == message
    assert not (tmp_path / "partners.csv").exists()


def test_config_declares_framework(config, tables):
    assert config["name"] == "South London Pathways to Work"
    assert str(config["start_on"]) == "2023-04-01"
    assert str(config["end_on"]) == "2026-03-31"
    assert config["stages"] == [
        "engagement",
        "assessment",
        "training",
        "job_search",
        "in_work",
    ]
    assert config["outcome_types"] == list(DEFAULT_OUTCOME_TYPES)
    assert config["small_number_threshold"] == 5
    assert config["targets"]["job_start"] == 700
    assert set(config["targets"]) == set(DEFAULT_OUTCOME_TYPES)


def test_config_lists_every_type_used(config, tables):
    activity_types = {row["type"] for row in tables["activities"]}
    stages = {row["stage"] for row in tables["activities"]}
    outcome_types = {row["type"] for row in tables["outcomes"]}

    assert activity_types <= set(config["activity_types"])
    assert stages <= set(config["stages"])
    assert outcome_types <= set(config["outcome_types"])


def test_config_targets_scale_with_participants(tmp_path):
    write_sample(tmp_path, participants=10)
    with (tmp_path / "partnership.toml").open("rb") as file:
        targets = tomllib.load(file)["targets"]

    assert targets["job_start"] == 4
    assert min(targets.values()) >= 1


@pytest.mark.parametrize(
    ("seed", "partners", "participants"),
    [(1, 2, 1), (2, 2, 300), (3, 3, 300), (4, 5, 500), (5, 40, 1500), (6, 15, 2000)],
)
def test_any_size_stays_consistent(
    tmp_path, read_sample, check_consistent, seed, partners, participants
):
    write_sample(tmp_path, seed=seed, partners=partners, participants=participants)

    check_consistent(read_sample(tmp_path))
