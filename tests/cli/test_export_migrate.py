"""``partnergraph export`` and ``partnergraph migrate``: moving a whole
partnership between stores and folders without losing anything."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from api.cli import cli
from graph.access.audit import AuditEntry
from graph.access.users import authenticate, create_user
from graph.migration import read_audit_log
from graph.model import Partner
from graph.stores import open_store
from graph.transfer import read_dataset

NOW = datetime(2024, 6, 3, 9, 0, tzinfo=UTC)

FILES = [
    "partners.csv",
    "employers.csv",
    "participants.csv",
    "referrals.csv",
    "activities.csv",
    "outcomes.csv",
    "partnership.toml",
]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def database(tmp_path, small_dataset):
    url = f"sqlite:///{tmp_path / 'source.db'}"
    with open_store(url) as store:
        store.import_dataset(small_dataset)
    return url


def _run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def _read(url):
    with open_store(url, must_exist=True) as store:
        return read_dataset(store)


def _file_bytes(folder):
    return {path.name: path.read_bytes() for path in folder.iterdir()}


# export


def test_export_then_import_equals(runner, tmp_path, database, small_dataset):
    folder = tmp_path / "export"
    copy = f"sqlite:///{tmp_path / 'copy.db'}"

    exported = _run(runner, "--database", database, "export", str(folder))
    imported = _run(runner, "--database", copy, "import", str(folder))

    assert exported.exit_code == 0, exported.output
    assert imported.exit_code == 0, imported.output
    assert sorted(path.name for path in folder.iterdir()) == sorted(FILES)
    assert _read(copy) == small_dataset


def test_export_reports_counts_and_personal_data(runner, tmp_path, database):
    folder = tmp_path / "export"

    result = _run(runner, "--database", database, "export", str(folder))

    assert result.exit_code == 0, result.output
    assert f"exported 31 records to {folder}: 4 partners, 2 employers" in (
        result.output
    )
    assert "8 participants, 10 referrals, 4 activities, 3 outcomes" in result.output
    assert f"{folder} contains personal data" in result.output


def test_export_logs_nothing_personal(runner, tmp_path, database, small_dataset):
    result = _run(runner, "-vv", "--database", database, "export", str(tmp_path / "x"))

    assert result.exit_code == 0, result.output
    assert "INFO graph.transfer: wrote 31 records" in result.output
    personal = [
        small_dataset.participants[0].postcode_district,
        small_dataset.participants[0].ethnicity,
        small_dataset.referrals[3].reason,
    ]
    for value in personal:
        assert value not in result.output, value


def test_export_refuses_existing_files(runner, tmp_path, database):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "participants.csv").write_text("old", encoding="utf-8")

    result = _run(runner, "--database", database, "export", str(folder))

    assert result.exit_code == 2
    assert "already contains participants.csv" in result.output
    assert "--overwrite" in result.output
    assert _file_bytes(folder) == {"participants.csv": b"old"}


def test_export_overwrite_replaces_files(runner, tmp_path, database, small_dataset):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "participants.csv").write_text("old", encoding="utf-8")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")

    result = _run(runner, "--database", database, "export", str(folder), "--overwrite")

    assert result.exit_code == 0, result.output
    participants = (folder / "participants.csv").read_text(encoding="utf-8")
    assert participants.startswith("id,partner_id,enrolled_on")
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_export_writes_no_secret_or_user(runner, tmp_path, database):
    with open_store(database) as store:
        secrets = [store.secret("pseudonym"), store.secret("session")]
        user, token = create_user(store, "Ada Admin", "admin", NOW)
        store.append_audit([AuditEntry(NOW, user.id, "admin", "read", "participants")])
    folder = tmp_path / "export"

    result = _run(runner, "--database", database, "export", str(folder))

    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in folder.iterdir()) == sorted(FILES)
    text = "".join(path.read_text(encoding="utf-8") for path in folder.iterdir())
    for secret in secrets:
        assert secret.hex() not in text
    assert user.token_hash not in text
    assert token not in text
    assert user.id not in text
    assert user.name not in text


def test_export_fills_unknown_consent_record(runner, tmp_path, small_dataset):
    unknown = replace(
        small_dataset.participants[0],
        consent_recorded_on=None,
        consent_recorded_by=None,
    )
    url = f"sqlite:///{tmp_path / 'unknown.db'}"
    with open_store(url) as store:
        store.import_dataset(
            replace(
                small_dataset,
                participants=(unknown, *small_dataset.participants[1:]),
            )
        )
    folder = tmp_path / "export"

    result = _run(runner, "--database", url, "export", str(folder))

    assert result.exit_code == 0, result.output
    lines = (folder / "participants.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(
        ",consent_to_share,consent_recorded_on,consent_recorded_by"
    )
    assert lines[1].endswith(",yes,2024-01-10,import")


def test_export_rejects_file_as_folder(runner, tmp_path, database):
    target = tmp_path / "export"
    target.write_text("a file", encoding="utf-8")

    result = _run(runner, "--database", database, "export", str(target))

    assert result.exit_code == 2
    assert "is a file" in result.output


def test_export_needs_existing_database(runner, tmp_path):
    url = f"sqlite:///{tmp_path / 'missing.db'}"

    result = _run(runner, "--database", url, "export", str(tmp_path / "export"))

    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not (tmp_path / "missing.db").exists()
    assert not (tmp_path / "export").exists()


def test_failed_export_leaves_folder_as_it_was(runner, tmp_path, small_dataset):
    # An empty type reads back as no type, so the export must stop.
    lossy = replace(small_dataset.partners[0], type="")
    dataset = replace(small_dataset, partners=(lossy, *small_dataset.partners[1:]))
    url = f"sqlite:///{tmp_path / 'lossy.db'}"
    with open_store(url) as store:
        store.import_dataset(dataset)
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "partners.csv").write_text("old", encoding="utf-8")

    result = _run(runner, "--database", url, "export", str(folder), "--overwrite")

    assert result.exit_code == 1
    assert "partners: 'A' differs in type" in result.output
    assert "nothing was written" in result.output
    assert _file_bytes(folder) == {"partners.csv": b"old"}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["export", "lossy.db"]


def test_quiet_export_shows_no_progress(runner, tmp_path, database):
    quiet = _run(runner, "-q", "--database", database, "export", str(tmp_path / "q"))
    loud = _run(runner, "--database", database, "export", str(tmp_path / "l"))

    assert quiet.exit_code == 0, quiet.output
    assert "reading" not in quiet.output
    assert "reading participants" in loud.output


# migrate


def test_migrate_copies_everything(runner, tmp_path, database, small_dataset):
    target = f"sqlite:///{tmp_path / 'target.db'}"

    result = _run(runner, "--database", database, "migrate", "--to", target)

    assert result.exit_code == 0, result.output
    assert "copied 31 records" in result.output
    assert "31 created, 0 updated, 0 unchanged" in result.output
    assert "the record counts match" in result.output
    assert _read(target) == small_dataset
    assert _read(target) == _read(database)


def test_migrate_copies_secrets_users_audit(runner, tmp_path, database):
    with open_store(database) as store:
        secrets = store.secret("pseudonym"), store.secret("session")
        user, token = create_user(store, "Ada Admin", "admin", NOW)
        entries = [
            AuditEntry(NOW, user.id, "admin", "read", "participants", ("U1",)),
            AuditEntry(NOW, user.id, "admin", "export", "participants", ("U1",)),
        ]
        store.append_audit(entries)
    target = f"sqlite:///{tmp_path / 'target.db'}"

    result = _run(runner, "--database", database, "migrate", "--to", target)

    assert result.exit_code == 0, result.output
    assert f"copied 2 secrets, 1 users and 2 audit entries to {target}" in result.output
    with open_store(target, must_exist=True) as store:
        assert (store.secret("pseudonym"), store.secret("session")) == secrets
        assert authenticate(store, token, NOW) == user
        assert read_audit_log(store) == entries


def test_migrate_again_copies_no_entry_twice(runner, tmp_path, database):
    entry = AuditEntry(NOW, "u1", "admin", "read", "participants", ("U1",))
    with open_store(database) as store:
        store.append_audit([entry])
    target = f"sqlite:///{tmp_path / 'target.db'}"
    _run(runner, "--database", database, "migrate", "--to", target)

    result = _run(
        runner, "--database", database, "migrate", "--to", target, "--into-nonempty"
    )

    assert result.exit_code == 0, result.output
    assert "0 audit entries" in result.output
    assert "1 audit entries were already in" in result.output
    with open_store(target, must_exist=True) as store:
        assert read_audit_log(store) == [entry]


def test_migrate_reports_replaced_secret(runner, tmp_path, database):
    target = f"sqlite:///{tmp_path / 'target.db'}"
    with open_store(database) as store:
        store.secret("session")
    with open_store(target) as store:
        store.secret("session")

    result = _run(runner, "--database", database, "migrate", "--to", target)

    assert result.exit_code == 0, result.output
    assert f"replaced the session secrets that {target} held" in result.output


def test_failed_access_copy_says_records_copied(
    runner, tmp_path, database, monkeypatch
):
    from graph.errors import StoreError
    from graph.sqlite import SqliteStore

    def fail(self, entries):
        raise StoreError("disk full")

    with open_store(database) as store:
        store.append_audit([AuditEntry(NOW, "u1", "admin", "read", "participants")])
    monkeypatch.setattr(SqliteStore, "append_audit", fail)
    target = f"sqlite:///{tmp_path / 'target.db'}"

    result = _run(runner, "--database", database, "migrate", "--to", target)

    assert result.exit_code == 1
    assert "the records were copied, but copying the secrets" in result.output
    assert "disk full" in result.output
    assert "Run migrate again with --into-nonempty" in result.output


def test_migrate_shows_progress(runner, tmp_path, database):
    target = f"sqlite:///{tmp_path / 'target.db'}"

    result = _run(runner, "--database", database, "migrate", "--to", target)

    assert result.exit_code == 0, result.output
    for phase in ("reading", "importing", "checking"):
        assert f"{phase} participants" in result.output, phase


def test_migrate_refuses_nonempty_target(runner, tmp_path, database, small_dataset):
    target = f"sqlite:///{tmp_path / 'target.db'}"
    with open_store(target) as store:
        store.import_dataset(small_dataset)
        store.save(Partner("Z", "Other Partner"))
    before = _read(target)

    result = _run(runner, "--database", database, "migrate", "--to", target)

    assert result.exit_code == 1
    assert "already contains 5 partners" in result.output
    assert "--into-nonempty" in result.output
    assert "nothing was copied" in result.output
    assert _read(target) == before


def test_migrate_into_nonempty_adds(runner, tmp_path, database, small_dataset):
    target = f"sqlite:///{tmp_path / 'target.db'}"
    with open_store(target) as store:
        store.save(Partner("Z", "Other Partner"))
        store.save(replace(small_dataset.partners[0], name="Old Name"))

    result = _run(
        runner, "--database", database, "migrate", "--to", target, "--into-nonempty"
    )

    assert result.exit_code == 0, result.output
    assert "30 created, 1 updated, 0 unchanged" in result.output
    copy = _read(target)
    assert copy.partners == (*small_dataset.partners, Partner("Z", "Other Partner"))
    assert replace(copy, partners=small_dataset.partners) == small_dataset


def test_migrate_rejects_same_store(runner, tmp_path, database):
    same = f"sqlite:///{tmp_path / '.' / 'source.db'}"

    result = _run(runner, "--database", database, "migrate", "--to", same)

    assert result.exit_code == 2
    assert "is the store given by --database" in result.output


def test_migrate_rejects_invalid_url(runner, tmp_path, database):
    result = _run(
        runner, "--database", database, "migrate", "--to", "postgres://127.0.0.1/x"
    )

    assert result.exit_code == 2
    assert "invalid database URL 'postgres://127.0.0.1/x'" in result.output


def test_migrate_needs_source(runner, tmp_path):
    source = f"sqlite:///{tmp_path / 'missing.db'}"
    target = f"sqlite:///{tmp_path / 'target.db'}"

    result = _run(runner, "--database", source, "migrate", "--to", target)

    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not (tmp_path / "target.db").exists()


def test_failed_migrate_removes_new_target(runner, tmp_path, database, monkeypatch):
    from graph.errors import StoreError
    from graph.sqlite import SqliteStore

    def fail(self, dataset, progress=None):
        raise StoreError("disk full")

    monkeypatch.setattr(SqliteStore, "import_dataset", fail)
    target = tmp_path / "target.db"

    result = _run(
        runner, "--database", database, "migrate", "--to", f"sqlite:///{target}"
    )

    assert result.exit_code == 1
    assert "migration failed, nothing was written" in result.output
    assert "disk full" in result.output
    assert not target.exists()


def test_migrate_reports_count_mismatch(runner, tmp_path, database, monkeypatch):
    from graph.sqlite import SqliteStore

    target_path = tmp_path / "target.db"
    count_records = SqliteStore.count_records

    def miscount(self):
        counts = count_records(self)
        if self.path == target_path and counts["partners"]:
            counts["partners"] -= 1
        return counts

    monkeypatch.setattr(SqliteStore, "count_records", miscount)

    result = _run(
        runner, "--database", database, "migrate", "--to", f"sqlite:///{target_path}"
    )

    assert result.exit_code == 1
    assert "the records were written, but the record counts differ" in result.output
    assert "partners: 3 in the target, 4 expected" in result.output
    assert target_path.exists()


# the sample partnership, end to end


def test_sample_through_export_and_migrate(runner, tmp_path):
    sample = tmp_path / "sample"
    first = f"sqlite:///{tmp_path / 'first.db'}"
    second = f"sqlite:///{tmp_path / 'second.db'}"
    third = f"sqlite:///{tmp_path / 'third.db'}"
    steps = [
        ("sample", "--out", str(sample), "--participants", "60", "--partners", "5"),
        ("--database", first, "import", str(sample)),
        ("--database", first, "export", str(tmp_path / "export")),
        ("--database", second, "import", str(tmp_path / "export")),
        ("--database", second, "migrate", "--to", third),
    ]
    for step in steps:
        result = _run(runner, *step)
        assert result.exit_code == 0, (step, result.output)

    original = _read(first)
    assert len(original.participants) == 60
    assert _read(second) == original
    assert _read(third) == original
