"""The ``partnergraph`` command line, through click's test runner."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli
from graph.stores import open_store


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def database(tmp_path, small_dataset):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as store:
        store.import_dataset(small_dataset)
    return url


def _run(runner, *args):
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result


def test_sample_is_deterministic(runner, tmp_path):
    for name in ("one", "two"):
        result = _run(
            runner, "sample", "--out", str(tmp_path / name), "--participants", "50"
        )
        assert result.exit_code == 0, result.output
        assert "50 participants" in result.output
    for path in (tmp_path / "one").iterdir():
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


def test_sample_rejects_one_partner(runner, tmp_path):
    result = _run(runner, "sample", "--out", str(tmp_path / "s"), "--partners", "1")
    assert result.exit_code == 2
    assert "partners" in result.output


def test_import_then_reimport(runner, tmp_path):
    folder = tmp_path / "sample"
    _run(runner, "sample", "--out", str(folder), "--participants", "40")
    url = f"sqlite:///{tmp_path / 'imported.db'}"

    first = _run(runner, "--database", url, "import", str(folder))
    assert first.exit_code == 0, first.output
    assert re.search(r"imported .*: \d+ created, 0 updated, 0 unchanged", first.output)

    second = _run(runner, "--database", url, "import", str(folder))
    assert second.exit_code == 0, second.output
    assert re.search(r": 0 created, 0 updated, \d+ unchanged", second.output)


def test_dry_run_writes_nothing(runner, tmp_path):
    folder = tmp_path / "sample"
    _run(runner, "sample", "--out", str(folder), "--participants", "40")
    url = f"sqlite:///{tmp_path / 'dry.db'}"

    result = _run(runner, "--database", url, "import", "--dry-run", str(folder))
    assert result.exit_code == 0, result.output
    assert "nothing was written" in result.output
    assert not (tmp_path / "dry.db").exists()


def test_bad_import_lists_every_problem(runner, tmp_path):
    folder = tmp_path / "bad"
    _run(runner, "sample", "--out", str(folder), "--participants", "40")
    partners = (folder / "partners.csv").read_text(encoding="utf-8").splitlines()
    partners[1] = partners[1].replace(partners[1].split(",")[0], "", 1)
    (folder / "partners.csv").write_text("\n".join(partners) + "\n", encoding="utf-8")
    referrals = (folder / "referrals.csv").read_text(encoding="utf-8").splitlines()
    fields = referrals[1].split(",")
    fields[5] = "13/13/2024"
    referrals[1] = ",".join(fields)
    (folder / "referrals.csv").write_text("\n".join(referrals) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'bad.db'}"

    result = runner.invoke(cli, ["--database", url, "import", str(folder)])

    assert result.exit_code == 1
    assert "nothing was written" in result.output
    assert "partners.csv row 2, column 'id'" in result.output
    assert "referrals.csv row 2, column 'referred_on'" in result.output
    assert "'13/13/2024'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "bad.db").exists()


def test_rejected_import_keeps_existing_database(runner, database, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "partners.csv").write_text("id,name\n,No Id\n", encoding="utf-8")

    result = runner.invoke(cli, ["--database", database, "import", str(folder)])

    assert result.exit_code == 1
    with open_store(database, must_exist=True) as store:
        assert store.count_records()["referrals"] == 10


def test_analyse_json(runner, database):
    result = _run(runner, "--database", database, "analyse")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["partnership"] == "Riverside Test Partnership"
    flows = {(row["from_partner_id"], row["to_id"]): row for row in report["flows"]}
    # A -> C: R01 completed and R02 accepted, both taken on.
    assert flows["A", "C"]["referrals"] == 2
    assert flows["A", "C"]["acceptance_rate"] == 1.0
    # B -> A: R03 accepted, R04 declined.
    assert flows["B", "A"]["acceptance_rate"] == 0.5
    assert report["network"]["partners"] == 4
    progress = {row["type"]: row for row in report["progress"]}
    assert progress["job_start"]["achieved"] == 2
    assert progress["job_start"]["target"] == 10


def test_analyse_window(runner, database):
    result = _run(
        runner,
        "--database",
        database,
        "analyse",
        "--since",
        "2024-04-01",
        "--until",
        "2024-04-30",
    )
    report = json.loads(result.output)
    # April contains R08 (D -> E1) and R09 (A -> B) only.
    assert sorted((r["from_partner_id"], r["to_id"]) for r in report["flows"]) == [
        ("A", "B"),
        ("D", "E1"),
    ]
    assert report["window"] == {"since": "2024-04-01", "until": "2024-04-30"}


def test_analyse_named_window(runner, database):
    # 2024-04 is the month of test_analyse_window.
    result = _run(runner, "--database", database, "analyse", "--window", "2024-04")

    report = json.loads(result.output)
    assert report["window"] == {"since": "2024-04-01", "until": "2024-04-30"}
    assert len(report["flows"]) == 2


def test_analyse_half_year_window(runner, database):
    result = _run(runner, "--database", database, "analyse", "--window", "2024H1")

    report = json.loads(result.output)
    assert report["window"] == {"since": "2024-01-01", "until": "2024-06-30"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--window", "2024Q5"], "expected a year (2024), a half-year (2024H1)"),
        (["--window", "2024-13"], "there is no month 13"),
        (["--window", "2024Q1", "--since", "2024-01-01"], "not both"),
    ],
)
def test_analyse_bad_window(runner, database, arguments, message):
    result = runner.invoke(cli, ["--database", database, "analyse", *arguments])

    assert result.exit_code == 2
    assert message in result.output


def test_analyse_csv_partners(runner, database, tmp_path):
    out = tmp_path / "partners.csv"
    result = _run(
        runner,
        "--database",
        database,
        "analyse",
        "--format",
        "csv",
        "--table",
        "partners",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [row["partner_id"] for row in rows] == ["A", "B", "C", "D"]


def test_analyse_undirected_strength(runner, database):
    result = _run(
        runner,
        *("--database", database, "analyse"),
        *("--view", "undirected", "--weight", "strength"),
    )

    network = json.loads(result.output)["network"]
    # Pairs A-B, A-C and C-D, of which C-D has too few referrals for a score.
    assert (network["directed"], network["weight"]) == (False, "strength")
    assert (network["ties"], network["unscored_ties"]) == (3, 1)
    assert network["centrality_measure"] == "eigenvector"


@pytest.mark.parametrize(
    ("option", "value"), [("--view", "sideways"), ("--weight", "score")]
)
def test_analyse_rejects_unknown_view(runner, database, option, value):
    result = runner.invoke(cli, ["--database", database, "analyse", option, value])

    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output


def test_analyse_rejects_bad_date(runner, database):
    result = runner.invoke(
        cli, ["--database", database, "analyse", "--since", "1/2/24"]
    )
    assert result.exit_code == 2
    assert "invalid date '1/2/24': expected YYYY-MM-DD" in result.output


def test_map_writes_offline_file(runner, database, tmp_path):
    out = tmp_path / "map.html"
    result = _run(runner, "--database", database, "map", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Skills &amp; Training Hub" in html or "Skills \\u0026 Training Hub" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)


def test_bad_database_url_is_a_clear_error(runner):
    result = runner.invoke(cli, ["--database", "postgres://x/y", "analyse"])
    assert result.exit_code == 1
    assert "invalid database URL 'postgres://x/y'" in result.output
    assert "Traceback" not in result.output


def test_long_problem_list_is_cut(runner, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    rows = ["id,name,joined_on"] + [f"P{i},Partner {i},31/02/2024" for i in range(60)]
    (folder / "partners.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'many.db'}"

    cut = runner.invoke(cli, ["--database", url, "import", str(folder)])
    assert cut.exit_code == 1
    assert "60 problems" in cut.output
    assert cut.output.count("31/02/2024") == 50
    assert "... and 10 more; use --max-problems 0 to list all" in cut.output

    whole = runner.invoke(
        cli, ["--database", url, "import", "--max-problems", "0", str(folder)]
    )
    assert whole.output.count("31/02/2024") == 60


def test_sample_keeps_existing_files(runner, tmp_path):
    folder = tmp_path / "real"
    folder.mkdir()
    (folder / "partners.csv").write_text("id,name\nP01,Our Trust\n", encoding="utf-8")

    refused = runner.invoke(cli, ["sample", "--out", str(folder)])
    assert refused.exit_code == 2
    assert "already contains partners.csv" in refused.output
    assert "P01,Our Trust" in (folder / "partners.csv").read_text(encoding="utf-8")

    replaced = runner.invoke(
        cli, ["sample", "--out", str(folder), "--participants", "20", "--overwrite"]
    )
    assert replaced.exit_code == 0, replaced.output
    assert "P01,Our Trust" not in (folder / "partners.csv").read_text(encoding="utf-8")


def test_demo_leaves_foreign_folder_alone(runner, tmp_path):
    (tmp_path / "partnergraph.db").write_bytes(b"a partnership's real data")

    result = runner.invoke(cli, ["demo", "--dir", str(tmp_path), "--port", "0"])

    assert result.exit_code == 2
    assert "was not made by partnergraph demo" in result.output
    assert (tmp_path / "partnergraph.db").read_bytes() == b"a partnership's real data"


def test_demo_on_busy_port_replaces_nothing(tmp_path):
    # A subprocess, as a user runs it: waitress 3.0.2 leaves its wake-up
    # pipe open when binding fails, which pytest would report as a warning.
    script = Path(sys.executable).parent / "partnergraph"
    folder = tmp_path / "demo"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [str(script), "demo", "--dir", str(folder), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "choose another port with --port" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "sample").exists()


@pytest.mark.parametrize(
    "command", [["analyse"], ["map", "--out", "m.html"], ["serve"]]
)
def test_reading_commands_need_a_database(runner, tmp_path, command):
    missing = tmp_path / "typo.db"
    result = runner.invoke(cli, ["--database", f"sqlite:///{missing}", *command])
    assert result.exit_code == 1
    assert "does not exist; import a partnership into it first" in result.output
    assert not missing.exists()


def test_window_must_not_end_before_start(runner, database):
    result = runner.invoke(
        cli,
        [
            "--database",
            database,
            "analyse",
            "--since",
            "2025-01-01",
            "--until",
            "2024-01-01",
        ],
    )
    assert result.exit_code == 2
    assert "--until 2024-01-01 is before --since 2025-01-01" in result.output


def test_output_into_missing_folder(runner, database, tmp_path):
    out = tmp_path / "no" / "such" / "map.html"
    result = runner.invoke(cli, ["--database", database, "map", "--out", str(out)])
    assert result.exit_code == 1
    assert f"cannot write {out}: No such file or directory" in result.output
    assert "Traceback" not in result.output


def test_quiet_import_shows_no_progress(runner, tmp_path):
    folder = tmp_path / "sample"
    _run(runner, "sample", "--out", str(folder), "--participants", "20")
    url = f"sqlite:///{tmp_path / 'quiet.db'}"
    result = runner.invoke(cli, ["-q", "--database", url, "import", str(folder)])
    assert result.exit_code == 0, result.output
    assert "importing" not in result.output
    assert "imported" in result.output


def test_csv_cells_never_run_as_formulas(runner, tmp_path, small_dataset):
    from dataclasses import replace

    from graph.model import Partner

    hostile = Partner("A", '=HYPERLINK("http://127.0.0.1:9/x","click")', "lead")
    dataset = replace(small_dataset, partners=(hostile, *small_dataset.partners[1:]))
    url = f"sqlite:///{tmp_path / 'formula.db'}"
    with open_store(url) as store:
        store.import_dataset(dataset)

    result = _run(
        runner, "--database", url, "analyse", "--format", "csv", "--table", "partners"
    )
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows[0]["name"] == "'" + hostile.name
    assert rows[1]["name"] == "Youth Club"


def test_analyse_rejects_impossible_day(runner, database):
    result = runner.invoke(
        cli, ["--database", database, "analyse", "--since", "2024-02-30"]
    )
    assert result.exit_code == 2
    assert "invalid date '2024-02-30': no such day in the calendar" in result.output
