"""read_dataset, write_folder and the import-format writer: a partnership
leaves a store and comes back through the importer unchanged."""

from __future__ import annotations

import stat
import tomllib
from dataclasses import replace
from datetime import date

import pytest

from graph.import_format import cell_text, partnership_toml, toml_string
from graph.importer import load_dataset
from graph.model import (
    Activity,
    Dataset,
    Employer,
    Outcome,
    Participant,
    Partner,
    PartnershipConfig,
    Referral,
)
from graph.sample import write_sample
from graph.sqlite import SqliteStore
from graph.store import RECORD_KINDS, Page
from graph.stores import open_store
from graph.transfer import (
    TransferError,
    first_difference,
    read_dataset,
    record_counts,
    write_folder,
)

FILES = [f"{kind}.csv" for kind in RECORD_KINDS] + ["partnership.toml"]


def sorted_by_id(dataset: Dataset) -> Dataset:
    """Return ``dataset`` with the records of each kind ordered by id, the
    order read_dataset returns."""
    return replace(
        dataset,
        **{
            kind: tuple(sorted(getattr(dataset, kind), key=lambda r: r.id))
            for kind in RECORD_KINDS
        },
    )


def assert_same_dataset(actual: Dataset, expected: Dataset) -> None:
    """Assert each part on its own, so a failure names the kind that
    differs, then the whole dataclass."""
    actual, expected = sorted_by_id(actual), sorted_by_id(expected)
    assert actual.config == expected.config
    for kind in RECORD_KINDS:
        assert getattr(actual, kind) == getattr(expected, kind), kind
    assert actual == expected


def round_trip(dataset: Dataset, tmp_path) -> Dataset:
    """Import ``dataset`` into a new store, export it and import the files
    into another new store; return what the last store holds."""
    with open_store(f"sqlite:///{tmp_path / 'source.db'}") as source:
        source.import_dataset(dataset)
        exported = read_dataset(source)
    write_folder(exported, tmp_path / "export")
    with open_store(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        copy.import_dataset(load_dataset(tmp_path / "export"))
        return read_dataset(copy)


# read_dataset


def test_read_returns_small_dataset(loaded_store, small_dataset):
    assert_same_dataset(read_dataset(loaded_store), small_dataset)


@pytest.mark.parametrize("page_size", [1, 2, 3, 7, 500])
def test_read_pages_through_every_record(loaded_store, small_dataset, page_size):
    dataset = read_dataset(loaded_store, page_size=page_size)

    assert record_counts(dataset) == record_counts(small_dataset)
    assert_same_dataset(dataset, small_dataset)


def test_read_orders_records_by_id(loaded_store):
    dataset = read_dataset(loaded_store)

    for kind in RECORD_KINDS:
        ids = [record.id for record in getattr(dataset, kind)]
        assert ids == sorted(ids), kind


def test_read_reports_progress_to_totals(loaded_store, small_dataset):
    calls = []
    read_dataset(loaded_store, lambda *call: calls.append(call), page_size=3)

    kinds = [kind for kind, _, _ in calls]
    assert sorted(set(kinds), key=kinds.index) == list(RECORD_KINDS)
    last = {kind: (done, total) for kind, done, total in calls}
    for kind, count in record_counts(small_dataset).items():
        assert last[kind] == (count, count), kind
    participant_calls = [call for call in calls if call[0] == "participants"]
    assert [done for _, done, _ in participant_calls] == [3, 6, 8]


def test_read_empty_store(store):
    dataset = read_dataset(store)

    assert dataset == Dataset(config=PartnershipConfig())


def test_read_rejects_page_size_zero(loaded_store):
    with pytest.raises(ValueError, match="page size"):
        read_dataset(loaded_store, page_size=0)


class MiscountingStore(SqliteStore):
    """Counts one activity more than it can list, like a store written to
    during the read."""

    def count_records(self) -> dict[str, int]:
        counts = super().count_records()
        counts["activities"] += 1
        return counts


def test_read_rejects_count_mismatch(tmp_path, small_dataset):
    with MiscountingStore(tmp_path / "miscount.db") as store:
        store.import_dataset(small_dataset)
        with pytest.raises(TransferError, match="4 activities read, 5 counted"):
            read_dataset(store)


class StuckPagingStore(SqliteStore):
    """Reports a next page of participants but never returns one."""

    def list_participants(self, partner_id=None, after=None, first=50):
        page = super().list_participants(partner_id, after, first)
        if after is None:
            return page
        return Page(items=[], total_count=page.total_count, has_next_page=True)


def test_read_stops_on_stuck_paging(tmp_path, small_dataset):
    with StuckPagingStore(tmp_path / "stuck.db") as store:
        store.import_dataset(small_dataset)
        with pytest.raises(TransferError, match="paging is broken"):
            read_dataset(store, page_size=3)


# first_difference


def test_difference_none_for_reordered(small_dataset):
    reordered = replace(small_dataset, partners=small_dataset.partners[::-1])

    assert first_difference(small_dataset, reordered) is None


def test_difference_names_field_not_value(small_dataset):
    changed = replace(small_dataset.participants[0], gender="female")
    actual = replace(
        small_dataset, participants=(changed, *small_dataset.participants[1:])
    )

    difference = first_difference(small_dataset, actual)

    assert difference == "participants: 'U1' differs in gender"


def test_difference_missing_and_extra(small_dataset):
    fewer = replace(small_dataset, outcomes=small_dataset.outcomes[:-1])

    assert first_difference(small_dataset, fewer) == "outcomes: 'O3' is missing"
    assert first_difference(fewer, small_dataset) == (
        "outcomes: 'O3' is not in the original"
    )
    assert first_difference(fewer, small_dataset, allow_extra=True) is None


def test_difference_in_config(small_dataset):
    config = replace(small_dataset.config, activity_types=("mentoring",))

    difference = first_difference(small_dataset, replace(small_dataset, config=config))

    assert difference == "the partnership's framework differs in activity_types"


# write_folder and the round trip


def test_round_trip_small_dataset(tmp_path, small_dataset):
    assert_same_dataset(round_trip(small_dataset, tmp_path), small_dataset)


def awkward_dataset(base: Dataset) -> Dataset:
    """Return ``base`` with values a CSV round trip can get wrong."""
    partners = (
        Partner(
            "0012",
            'Zoë\'s "Café", Łódź & 東京',
            "lead",
            "Tower Hamlets",
            date(2024, 1, 1),
            date(2099, 12, 31),
        ),
        Partner("12", "Plain Partner"),
        *base.partners,
    )
    participants = (
        Participant(
            "007",
            "0012",
            date(2024, 2, 1),
            birth_year=None,
            gender="non-binary",
            ethnicity="Mixed, White and Asian",
            postcode_district=None,
            consent_to_share=True,
            consent_recorded_on=date(2024, 3, 1),
            consent_recorded_by="a1b2c3d4e5f6",
        ),
        Participant(
            "7",
            "12",
            date(2024, 2, 2),
            consent_to_share=False,
            consent_recorded_on=date(2024, 2, 2),
            consent_recorded_by="import",
        ),
        *base.participants,
    )
    referrals = (
        Referral(
            "R-0001",
            "007",
            "0012",
            date(2024, 2, 3),
            "declined",
            to_partner_id="12",
            status_on=date(2024, 2, 4),
            reason='line one\nline two, with "quotes"\r\nline three\rline four\tend',
        ),
        *base.referrals,
    )
    activities = (
        Activity("A-a", "007", "0012", "mentoring", date(2024, 2, 5), None, 2.5),
        Activity("A-b", "007", "0012", "mentoring", date(2024, 2, 6), None, 0.1),
        Activity("A-c", "007", "0012", "mentoring", date(2024, 2, 7), None, 1e-05),
        Activity(
            "A-d", "7", "12", "cv_workshop", date(2024, 2, 8), "training", 123456.789
        ),
        Activity("A-e", "7", "12", "cv_workshop", date(2024, 2, 9), None, 0.0),
        Activity("A-f", "7", "12", "cv_workshop", date(2024, 2, 10), None, None),
        *base.activities,
    )
    employers = (
        Employer("0E", "Ünïcode Employer, Ltd.", "retail\rwholesale", "250"),
        *base.employers,
    )
    outcomes = (
        Outcome("O-x", "7", "12", "job_start", date(2024, 3, 1), "0E"),
        *base.outcomes,
    )
    return replace(
        base,
        partners=partners,
        employers=employers,
        participants=participants,
        referrals=referrals,
        activities=activities,
        outcomes=outcomes,
    )


def test_round_trip_awkward_values(tmp_path, small_dataset):
    dataset = awkward_dataset(small_dataset)

    copy = round_trip(dataset, tmp_path)

    assert_same_dataset(copy, dataset)
    by_id = {record.id: record for record in copy.activities}
    assert by_id["A-a"].hours == 2.5
    assert by_id["A-c"].hours == 1e-05
    assert by_id["A-f"].hours is None
    assert {"0012", "12"} <= {partner.id for partner in copy.partners}


CONFIGS = {
    "defaults": PartnershipConfig(),
    "no dates, free activity types": PartnershipConfig(
        name="Northside Partnership",
        stages=("engagement",),
        activity_types=None,
        targets={},
        small_number_threshold=1,
    ),
    "every key": PartnershipConfig(
        name='Partnership "Zoë" \\ Ünïcode\x7f',
        start_on=date(2023, 4, 1),
        end_on=date(2026, 3, 31),
        stages=("engagement", "job search", "in-work"),
        activity_types=("mentoring", "cv_workshop", "job search, advanced"),
        outcome_types=("job_start", "job start (part-time)", "education"),
        targets={"job_start": 500, "job start (part-time)": 7, "education": 40},
        small_number_threshold=12,
    ),
    "end date only": PartnershipConfig(end_on=date(2025, 1, 31)),
}


@pytest.mark.parametrize("config", CONFIGS.values(), ids=CONFIGS.keys())
def test_config_round_trip(tmp_path, small_dataset, config):
    # Partners only, so no activity can fall outside the framework's lists.
    dataset = Dataset(config=config, partners=small_dataset.partners)

    write_folder(dataset, tmp_path / "export")

    assert load_dataset(tmp_path / "export").config == config


def test_round_trip_sample_partnership(tmp_path):
    write_sample(tmp_path / "sample", seed=5, partners=6, participants=80)
    original = load_dataset(tmp_path / "sample")

    copy = round_trip(original, tmp_path)

    assert sum(record_counts(copy).values()) > 80
    assert_same_dataset(copy, original)


def test_write_returns_counts(tmp_path, small_dataset):
    written = write_folder(small_dataset, tmp_path / "export")

    assert written == record_counts(small_dataset)
    assert sorted(path.name for path in (tmp_path / "export").iterdir()) == sorted(
        FILES
    )


def test_new_folder_is_private(tmp_path, small_dataset):
    write_folder(small_dataset, tmp_path / "export")

    mode = stat.S_IMODE((tmp_path / "export").stat().st_mode)
    assert mode == 0o700


def test_write_keeps_other_files(tmp_path, small_dataset):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    (folder / "partners.csv").write_text("old", encoding="utf-8")

    write_folder(small_dataset, folder)

    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert (folder / "partners.csv").read_text(encoding="utf-8").startswith("id,")


UNREPRESENTABLE = {
    "empty text": replace(Partner("A", "Lead Trust"), type=""),
    "surrounding spaces": Partner("A", "  Lead Trust "),
}


@pytest.mark.parametrize("partner", UNREPRESENTABLE.values(), ids=UNREPRESENTABLE)
def test_write_rejects_lossy_values(tmp_path, small_dataset, partner):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "partners.csv").write_text("old", encoding="utf-8")
    dataset = replace(small_dataset, partners=(partner, *small_dataset.partners[1:]))

    with pytest.raises(TransferError, match="partners: 'A' differs in"):
        write_folder(dataset, folder)

    assert [path.name for path in folder.iterdir()] == ["partners.csv"]
    assert (folder / "partners.csv").read_text(encoding="utf-8") == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["export"]


def test_write_rejects_invalid_records(tmp_path, small_dataset):
    late = replace(small_dataset.activities[0], occurred_on=date(2023, 1, 1))
    dataset = replace(small_dataset, activities=(late, *small_dataset.activities[1:]))

    with pytest.raises(TransferError, match="would not import again: 1 problem;"):
        write_folder(dataset, tmp_path / "export")

    assert not (tmp_path / "export").exists()
    assert list(tmp_path.iterdir()) == []


def test_write_rejects_file_as_folder(tmp_path, small_dataset):
    (tmp_path / "export").write_text("a file", encoding="utf-8")

    with pytest.raises(TransferError, match="is a file"):
        write_folder(small_dataset, tmp_path / "export")


# the import-format writer


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (date(2024, 3, 5), "2024-03-05"),
        (2.5, "2.5"),
        (2.0, "2"),
        (0.1, "0.1"),
        (1e-05, "0.00001"),
        (1e16, "10000000000000000"),
        (123456.789, "123456.789"),
        (2004, "2004"),
        ("0012", "0012"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize("text", ['say "hi"', "back\\slash", "tab\tnew\nline", "\x7f"])
def test_toml_string_reads_back(text):
    assert tomllib.loads(f"key = {toml_string(text)}")["key"] == text


def test_toml_leaves_out_empty_keys():
    document = tomllib.loads(partnership_toml(PartnershipConfig()))

    assert sorted(document) == [
        "name",
        "outcome_types",
        "recency_half_life_days",
        "small_number_threshold",
    ]
