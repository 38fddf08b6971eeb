"""The ``partnergraph`` command: one subcommand per task.

Domain errors become click errors here, at the command boundary, so the
user sees a plain message and a non-zero exit status, never a traceback.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from analysis.collaboration import MAX_RESAMPLES, MIN_RESAMPLES
from analysis.periods import PERIOD_LENGTHS
from api.cli_audit import audit, command_line_entry
from api.cli_people import erase_person, export_person
from api.cli_users import users
from api.progress import ProgressBars
from graph.access.policy import suppression_threshold
from graph.access.users import ROLES
from graph.errors import (
    ImportValidationError,
    PartialImportError,
    PartnergraphError,
)
from graph.model import Dataset
from graph.store import Store
from graph.stores import (
    DEFAULT_DATABASE_URL,
    is_neo4j_url,
    open_store,
    sqlite_path,
)

logger = logging.getLogger(__name__)

# The Bolt port a Neo4j URL without a port connects to.
NEO4J_PORT = 7687

DATABASE_HELP = (
    "Store to use, e.g. sqlite:///partnergraph.db (a file relative to the "
    "current folder), sqlite:////abs/path.db, or a Neo4j server such as "
    "neo4j://127.0.0.1:7687 (also neo4j+s://, bolt://, bolt+s://) with "
    "NEO4J_USER and NEO4J_PASSWORD. Default: the "
    "PARTNERGRAPH_DATABASE environment variable, else "
    f"{DEFAULT_DATABASE_URL}."
)


class DateParam(click.ParamType):
    """A calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.fail(f"invalid date {value!r}: expected YYYY-MM-DD", param, ctx)
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(
                f"invalid date {value!r}: no such day in the calendar", param, ctx
            )


DATE = DateParam()
since_option = click.option(
    "--since", type=DATE, help="First day of the window (inclusive). Default: open."
)
until_option = click.option(
    "--until", type=DATE, help="Last day of the window (inclusive). Default: open."
)
window_option = click.option(
    "--window",
    "period",
    metavar="PERIOD",
    help="A year (2024), half-year (2024H1), quarter (2024Q1) or month "
    "(2024-03) as the window, in place of --since and --until.",
)


def _resolve_window(
    period: str | None, since: date | None, until: date | None
) -> tuple[date | None, date | None]:
    """Return the window of ``--window``, or of ``--since`` and ``--until``."""
    if period is None:
        _check_window(since, until)
        return since, until
    if since is not None or until is not None:
        raise click.BadParameter(
            "give either --window or --since/--until, not both",
            param_hint="--window",
        )
    from analysis.periods import window_of

    try:
        return window_of(period)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--window") from err


class _Commands(click.Group):
    """The command group; a store or input error that escapes a command
    ends it with the error's message instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PartnergraphError as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database",
    envvar="PARTNERGRAPH_DATABASE",
    default=DEFAULT_DATABASE_URL,
    show_envvar=True,
    help=DATABASE_HELP,
)
@click.option("-v", "--verbose", count=True, help="Log more; repeat for debug.")
@click.option("-q", "--quiet", is_flag=True, help="Log only warnings and errors.")
@click.version_option(package_name="partnergraph")
@click.pass_context
def cli(ctx: click.Context, database: str, verbose: int, quiet: bool) -> None:
    """partnergraph: referral networks, journeys and outcomes of a
    Collective Impact partnership."""
    from api.logs import configure_logging

    configure_logging(-1 if quiet else verbose)
    ctx.obj = {"database": database, "quiet": quiet}


def _open(ctx: click.Context, must_exist: bool = True) -> Store:
    try:
        return open_store(ctx.obj["database"], must_exist=must_exist)
    except PartnergraphError as err:
        raise click.ClickException(str(err)) from err


def _check_window(since: date | None, until: date | None) -> None:
    if since is not None and until is not None and until < since:
        raise click.BadParameter(
            f"--until {until.isoformat()} is before --since {since.isoformat()}; "
            "swap them or widen the window",
            param_hint="--until",
        )


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the CSV files and partnership.toml into.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--partners", type=int, default=15, show_default=True, help="Number of partners."
)
@click.option(
    "--participants",
    type=int,
    default=2000,
    show_default=True,
    help="Number of participants.",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace import files already in the folder. Default: refuse.",
)
def sample(
    out: Path, seed: int, partners: int, participants: int, overwrite: bool
) -> None:
    """Write a synthetic partnership in the import format.

    The same seed and sizes always write the same files.
    """
    if not overwrite:
        _refuse_to_overwrite(out)
    written = _write_sample(out, seed, partners, participants)
    click.echo(f"wrote sample partnership to {out}: {_counts_text(written)}")


@cli.command(name="import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--dry-run", is_flag=True, help="Validate every file without writing anything."
)
@click.option(
    "--max-problems",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Maximum number of problems listed when the import is rejected; 0 lists all.",
)
@click.pass_context
def import_command(
    ctx: click.Context, path: Path, dry_run: bool, max_problems: int
) -> None:
    """Import a folder of CSV files or an .xlsx workbook.

    The import is all or nothing: any invalid value rejects the whole import
    and every problem is listed. Importing the same files again changes
    nothing.
    """
    database_file = sqlite_path(ctx.obj["database"])
    created = database_file is not None and not database_file.exists()
    wrote = False
    try:
        with _open(ctx, must_exist=False) as store:
            _import(store, path, dry_run, max_problems, quiet=ctx.obj["quiet"])
        wrote = not dry_run
    finally:
        if created and not wrote and database_file is not None:
            # The import wrote nothing, so the empty file it opened goes too.
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database_file}{suffix}").unlink(missing_ok=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address.")
@click.option(
    "--port", type=int, default=8000, show_default=True, help="Port; 0 picks one."
)
@click.option(
    "--threads", type=int, default=4, show_default=True, help="Worker threads."
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int) -> None:
    """Serve the web pages and the GraphQL API until interrupted."""
    _open(ctx).close()
    _serve(ctx.obj["database"], host, port, threads)


@cli.command()
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo"),
    show_default=True,
    help="Folder for the sample files and the demo database; replaced each "
    "run. A folder that an earlier demo did not make is never touched.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address.")
@click.option(
    "--port", type=int, default=8000, show_default=True, help="Port; 0 picks one."
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--partners", type=int, default=15, show_default=True, help="Number of partners."
)
@click.option(
    "--participants",
    type=int,
    default=2000,
    show_default=True,
    help="Number of participants.",
)
def demo(
    folder: Path, host: str, port: int, seed: int, partners: int, participants: int
) -> None:
    """Generate a sample partnership, import it into a fresh store and serve it.

    Creates one user per role and prints their tokens, once. Open the
    printed login address in a browser and sign in with one of them: the
    home page links the GraphQL explorer, the progress dashboard and the
    network map.
    """
    sample_dir = folder / "sample"
    database_path = folder / "partnergraph.db"
    _claim_demo_folder(folder)
    database = f"sqlite:///{database_path}"

    def prepare() -> None:
        # Runs once the port is bound, so a busy port replaces nothing.
        if sample_dir.exists():
            shutil.rmtree(sample_dir)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database_path}{suffix}").unlink(missing_ok=True)
        written = _write_sample(sample_dir, seed, partners, participants)
        click.echo(f"wrote sample partnership to {sample_dir}: {_counts_text(written)}")
        with open_store(database) as store:
            _import(store, sample_dir, dry_run=False)
            _print_demo_users(store)

    _serve(
        database,
        host,
        port,
        threads=4,
        prepare=prepare,
        token_source="one of the tokens above",
    )


def _print_demo_users(store: Store) -> None:
    from api.demo_users import create_demo_users, users_table

    users = create_demo_users(store, datetime.now(UTC))
    # Standard output only, never the log: the tokens are secrets.
    click.echo(
        "Demo users. Each token is shown only now and stops working at the "
        "next demo run:"
    )
    click.echo(users_table(users))


# Marker file in a demo folder; a later run replaces only folders that have it.
DEMO_MARKER = ".partnergraph-demo"


def _claim_demo_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(f"{folder} is a file", param_hint="--dir")
    if folder.is_dir() and any(folder.iterdir()):
        if not (folder / DEMO_MARKER).exists():
            raise click.BadParameter(
                f"{folder} is not empty and was not made by partnergraph demo; "
                "choose a new or empty folder",
                param_hint="--dir",
            )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DEMO_MARKER).write_text(
        "made by partnergraph demo, which replaces this folder's contents\n",
        encoding="utf-8",
    )


def _refuse_to_overwrite(out: Path, param_hint: str = "--out") -> None:
    from graph.importer.columns import FILE_SPECS

    names = [f"{kind}.csv" for kind in FILE_SPECS] + ["partnership.toml"]
    present = [name for name in names if (out / name).exists()]
    if present:
        raise click.BadParameter(
            f"{out} already contains {', '.join(present)}; choose an empty "
            "folder, or pass --overwrite to replace them",
            param_hint=param_hint,
        )


@cli.command(name="export")
@click.argument(
    "folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Replace import files already in the folder. Default: stop with an error.",
)
@click.pass_context
def export_command(ctx: click.Context, folder: Path, overwrite: bool) -> None:
    """Write every record and the framework of the store to DIR in the
    import format.

    Importing DIR into an empty store gives back the same records. The
    files are imported once from a temporary folder before they replace
    anything, so a failed export leaves DIR as it was.
    """
    from graph.transfer import TransferError, write_folder

    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(
            f"{folder} is a file, expected a folder", param_hint="DIR"
        )
    if not overwrite:
        _refuse_to_overwrite(folder, param_hint="DIR")

    with _open(ctx) as store:
        dataset = _read_store(store, "reading", quiet=ctx.obj["quiet"])
    try:
        written = write_folder(dataset, folder)
    except TransferError as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        raise click.ClickException(
            f"failed to write {folder}: {err.strerror}; nothing was written"
        ) from err

    with _open(ctx) as store:
        store.append_audit([command_line_entry("export", "partnership")])
    click.echo(
        f"exported {sum(written.values())} records to {folder}: {_counts_text(written)}"
    )
    click.echo(
        f"{folder} contains personal data: keep it where only the people "
        "allowed to see it can, and delete it when it is no longer needed"
    )


@cli.command()
@click.option(
    "--to",
    "target_url",
    required=True,
    metavar="URL",
    help="Store to copy into, in the same forms as --database. A missing "
    "SQLite file is created. Neo4j credentials come from NEO4J_USER and "
    "NEO4J_PASSWORD, the same for both stores.",
)
@click.option(
    "--into-nonempty",
    is_flag=True,
    help="Copy into a store that already contains records, replacing those "
    "with the same ids. Default: stop with an error.",
)
@click.pass_context
def migrate(ctx: click.Context, target_url: str, into_nonempty: bool) -> None:
    """Copy every record and the framework from the --database store into
    the store at --to, then its secrets, users and audit log.

    The records are written in one import, which is undone if it fails
    (unless the target becomes unreachable mid-way). Afterwards the
    record counts of both stores are compared and every copied record is
    read back from the target. Any difference is an error.

    The secrets replace the target's, so pseudonyms and web sessions stay
    the same, and users keep their tokens. Audit entries are appended in
    their original order, except those the target's log already begins
    with, so running migrate again copies no entry twice.
    """
    from graph.transfer import record_counts

    source_url = ctx.obj["database"]
    if _same_store(source_url, target_url):
        raise click.BadParameter(
            f"{target_url} is the store given by --database; name another store",
            param_hint="--to",
        )

    target_file = sqlite_path(target_url)
    created = target_file is not None and not target_file.exists()
    wrote = False
    quiet = ctx.obj["quiet"]
    try:
        with _open(ctx) as source, _open_url(target_url, "--to") as target:
            before = target.count_records()
            if any(before.values()) and not into_nonempty:
                raise click.ClickException(
                    f"{target_url} already contains {_counts_text(before)}; "
                    "nothing was copied. Choose an empty store, or pass "
                    "--into-nonempty to add the records to it and replace "
                    "those with the same ids"
                )
            dataset = _read_store(source, "reading", quiet=quiet)
            try:
                with ProgressBars(enabled=not quiet) as progress:
                    summary = target.import_dataset(dataset, progress)
            except PartialImportError as err:
                raise click.ClickException(
                    f"migration failed: {err.failure}; undoing what it had "
                    f"written failed too ({err.undo_failure}), so {target_url} "
                    "holds part of the copy. Run migrate again with "
                    "--into-nonempty to complete it"
                ) from err
            except PartnergraphError as err:
                raise click.ClickException(
                    f"migration failed, nothing was written to {target_url}: {err}"
                ) from err
            wrote = True

            copied = record_counts(dataset)
            click.echo(
                f"copied {sum(copied.values())} records to {target_url}: "
                f"{summary.total(summary.created)} created, "
                f"{summary.total(summary.updated)} updated, "
                f"{summary.total(summary.unchanged)} unchanged "
                f"({_counts_text(copied)})"
            )
            _check_migration(source, target, dataset, before, summary.created, quiet)
            _copy_access(source, target, target_url)
    finally:
        if created and not wrote and target_file is not None:
            # Nothing was copied, so the empty file opened for it goes too.
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target_file}{suffix}").unlink(missing_ok=True)
    logger.info("migrated the store to %s", target_url)


def _check_migration(
    source: Store,
    target: Store,
    dataset: Dataset,
    before: dict[str, int],
    created: dict[str, int],
    quiet: bool,
) -> None:
    """Compare the counts of both stores and read every copied record back."""
    from graph.store import RECORD_KINDS
    from graph.transfer import first_difference

    expected = {
        kind: before.get(kind, 0) + created.get(kind, 0) for kind in RECORD_KINDS
    }
    source_counts = source.count_records()
    target_counts = target.count_records()
    mismatches = [
        f"{kind}: {target_counts.get(kind, 0)} in the target, {expected[kind]} expected"
        for kind in RECORD_KINDS
        if target_counts.get(kind, 0) != expected[kind]
    ]
    if not any(before.values()):
        mismatches += [
            f"{kind}: {target_counts.get(kind, 0)} in the target, "
            f"{source_counts.get(kind, 0)} in the source"
            for kind in RECORD_KINDS
            if target_counts.get(kind, 0) != source_counts.get(kind, 0)
        ]
    if mismatches:
        raise click.ClickException(
            "the records were written, but the record counts differ: "
            + "; ".join(mismatches)
            + ". Another program may have written to either store during the "
            "migration; run migrate again with --into-nonempty"
        )

    copy = _read_store(target, "checking", quiet=quiet)
    difference = first_difference(dataset, copy, allow_extra=any(before.values()))
    if difference is not None:
        raise click.ClickException(
            f"the records were written, but the target does not read back the "
            f"same: {difference}"
        )
    click.echo(
        f"checked: the record counts match ({_counts_text(target_counts)}) "
        "and every copied record reads back unchanged"
    )


def _copy_access(source: Store, target: Store, target_url: str) -> None:
    """Copy the secrets, users and audit log, which an export leaves out."""
    from graph.migration import copy_access

    try:
        copied = copy_access(source, target)
    except PartnergraphError as err:
        raise click.ClickException(
            f"the records were copied, but copying the secrets, users and audit "
            f"log failed: {err}. Run migrate again with --into-nonempty"
        ) from err
    click.echo(
        f"copied {len(copied.secrets)} secrets, {copied.users} users and "
        f"{copied.audit_entries} audit entries to {target_url}"
    )
    if copied.audit_entries_present:
        click.echo(
            f"{copied.audit_entries_present} audit entries were already in "
            f"{target_url} and were not copied again"
        )
    if copied.replaced_secrets:
        click.echo(
            f"replaced the {', '.join(copied.replaced_secrets)} secrets that "
            f"{target_url} held: pseudonyms and sessions it made before changed"
        )


def _read_store(store: Store, verb: str, quiet: bool) -> Dataset:
    """Read every record of ``store``, with progress bars unless ``quiet``."""
    from graph.transfer import TransferError, read_dataset

    try:
        with ProgressBars(verb, enabled=not quiet) as progress:
            return read_dataset(store, progress)
    except TransferError as err:
        raise click.ClickException(str(err)) from err
    except PartnergraphError as err:
        raise click.ClickException(f"cannot read the store: {err}") from err


def _open_url(url: str, param_hint: str) -> Store:
    try:
        return open_store(url)
    except PartnergraphError as err:
        raise click.BadParameter(str(err), param_hint=param_hint) from err


def _same_store(first_url: str, second_url: str) -> bool:
    """Return whether two database URLs name the same store.

    Two Neo4j URLs with the same host and port are the same store, because
    both use the database that NEO4J_DATABASE names.
    """
    first_path = sqlite_path(first_url)
    second_path = sqlite_path(second_url)
    if first_path is not None or second_path is not None:
        if first_path is None or second_path is None:
            return False
        return first_path.resolve() == second_path.resolve()
    if is_neo4j_url(first_url) and is_neo4j_url(second_url):
        first, second = urlsplit(first_url), urlsplit(second_url)
        return (first.hostname, first.port or NEO4J_PORT) == (
            second.hostname,
            second.port or NEO4J_PORT,
        )
    return first_url == second_url


# Whom a map or report is for: roles that see suppressed counts get them.
for_option = click.option(
    "--for",
    "audience",
    type=click.Choice(ROLES),
    default="facilitator",
    show_default=True,
    help="The role the output is for. partner and funder get counts below "
    "the partnership's small-number threshold suppressed.",
)


@cli.command(name="map")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="HTML file to write; it works offline.",
)
@since_option
@until_option
@window_option
@click.option(
    "--employers", is_flag=True, help="Show employers that received referrals."
)
@for_option
@click.pass_context
def map_command(
    ctx: click.Context,
    out: Path,
    since: date | None,
    until: date | None,
    period: str | None,
    employers: bool,
    audience: str,
) -> None:
    """Write the interactive referral network map as one HTML file."""
    from api import analyses
    from visualisations.network_map import write_network_map

    since, until = _resolve_window(period, since, until)
    with _open(ctx) as store:
        config = store.load_config()
        graph = analyses.referral_graph(
            store, since, until, include_employers=employers
        )
    try:
        write_network_map(
            graph,
            out,
            title=f"{config.name}: referral network",
            suppress_below=suppression_threshold(
                audience, config.small_number_threshold
            ),
        )
    except OSError as err:
        raise click.ClickException(f"cannot write {out}: {err.strerror}") from err
    click.echo(f"wrote {out}")


@cli.command()
@since_option
@until_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json writes every table; csv writes the one named by --table.",
)
@click.option(
    "--table",
    type=click.Choice(
        [
            "flows",
            "later_outcomes",
            "collaboration",
            "partners",
            "progress",
            "over_time",
            "funnel",
            "time_to_job",
            "time_to_job_curve",
            "collaboration_effect",
            "partner_outcomes",
        ]
    ),
    default="flows",
    show_default=True,
    help="Table to write with --format csv.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write. Default: standard output.",
)
@click.option(
    "--view",
    type=click.Choice(["directed", "undirected"]),
    default="directed",
    show_default=True,
    help="Ties of the network and partners tables: directed takes an ordered "
    "pair of partners with a referral from the first to the second, "
    "undirected an unordered pair with a referral either way.",
)
@click.option(
    "--weight",
    type=click.Choice(["volume", "strength"]),
    default="volume",
    show_default=True,
    help="Tie weight of the network and partners tables: volume is the "
    "referrals on a tie, strength the pair's collaboration score. Under "
    "strength, ties of pairs without a score are left out of the weighted "
    "measures.",
)
@window_option
@for_option
@click.option(
    "--period",
    "period_length",
    type=click.Choice(PERIOD_LENGTHS),
    default="quarter",
    show_default=True,
    help="Length of the calendar periods that the over_time table splits "
    "the window into. A window of more than 60 periods leaves the table "
    "empty, with the reason in over_time_note.",
)
@click.option(
    "--outcome-type",
    help="Outcome type of the time_to_job and collaboration_effect tables. "
    "Default: job_start, or the framework's first outcome type when it has "
    "no job_start.",
)
@click.option(
    "--resamples",
    type=click.IntRange(0, MAX_RESAMPLES),
    default=0,
    show_default=True,
    callback=lambda _ctx, _param, value: _checked_resamples(value),
    help="Bootstrap resamples for the score_low and score_high of each judged "
    f"pair in the collaboration table: 0 leaves them empty, or give "
    f"{MIN_RESAMPLES} to {MAX_RESAMPLES}. 1000 is plenty.",
)
@click.pass_context
def analyse(
    ctx: click.Context,
    since: date | None,
    until: date | None,
    output_format: str,
    table: str,
    out: Path | None,
    view: str,
    weight: str,
    period: str | None,
    audience: str,
    period_length: str,
    outcome_type: str | None,
    resamples: int,
) -> None:
    """Compute referral flows, collaboration strength, network metrics,
    the network over time, progress against targets and participants'
    journeys for a date window."""
    from api import analyses
    from api.report import TableNotWritten, analysis_report, report_table_csv

    since, until = _resolve_window(period, since, until)
    with _open(ctx) as store:
        try:
            outcome_type = analyses.journey_outcome_type(store, outcome_type)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--outcome-type") from err
        threshold = suppression_threshold(
            audience, store.load_config().small_number_threshold
        )
        # The bars go to standard error on a terminal only, so that a script
        # reading the report from standard output gets nothing else.
        with ProgressBars("computing", enabled=sys.stderr.isatty()) as bars:
            report = analysis_report(
                store,
                since,
                until,
                threshold,
                period_length,
                outcome_type,
                resamples=resamples,
                directed=view == "directed",
                weight=weight,
                progress=bars,
            )
    if output_format == "json":
        text = json.dumps(report, indent=2, default=str) + "\n"
    else:
        try:
            text = report_table_csv(report, table)
        except TableNotWritten as err:
            raise click.BadParameter(str(err), param_hint="--table") from err
        if not text:
            reason = report["over_time_note"] if table == "over_time" else None
            click.echo(
                f"the {table} table has no rows for this window"
                + (f": {reason}" if reason else ""),
                err=True,
            )
    if out is None:
        click.echo(text, nl=False)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as err:
            raise click.ClickException(f"cannot write {out}: {err.strerror}") from err
        click.echo(f"wrote {out}", err=True)


def _checked_resamples(value: int) -> int:
    """Reject a number of resamples too small to give an interval."""
    if 0 < value < MIN_RESAMPLES:
        raise click.BadParameter(
            f"{value} resamples are too few for a 95% interval; give 0 for "
            f"none, or {MIN_RESAMPLES} or more",
            param_hint="--resamples",
        )
    return value


def _write_sample(
    out: Path, seed: int, partners: int, participants: int
) -> dict[str, int]:
    from graph.sample import write_sample

    if out.exists() and not out.is_dir():
        raise click.BadParameter(
            f"{out} is a file, expected a folder", param_hint="--out"
        )
    try:
        return write_sample(
            out, seed=seed, partners=partners, participants=participants
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from err


def _import(
    store: Store,
    path: Path,
    dry_run: bool,
    max_problems: int = 50,
    quiet: bool = False,
) -> None:
    from graph.importer import import_path

    try:
        with ProgressBars(enabled=not quiet) as progress:
            report = import_path(store, path, dry_run=dry_run, progress=progress)
    except ImportValidationError as err:
        raise click.ClickException(_problems_text(err, max_problems)) from err
    except PartnergraphError as err:
        raise click.ClickException(str(err)) from err

    read = _counts_text(report.read)
    if report.summary is None:
        click.echo(f"{path} is valid, nothing was written (dry run): {read}")
        return
    summary = report.summary
    click.echo(
        f"imported {path}: {summary.total(summary.created)} created, "
        f"{summary.total(summary.updated)} updated, "
        f"{summary.total(summary.unchanged)} unchanged ({read})"
    )


def _problems_text(error: ImportValidationError, max_problems: int) -> str:
    problems = error.problems
    count = len(problems)
    shown = problems if max_problems == 0 else problems[:max_problems]
    noun = "problem" if count == 1 else "problems"
    lines = [f"import rejected, nothing was written: {count} {noun}"]
    lines += [f"  {problem}" for problem in shown]
    if len(shown) < count:
        lines.append(
            f"  ... and {count - len(shown)} more; use --max-problems 0 to list all"
        )
    return "\n".join(lines)


def _serve(
    database: str,
    host: str,
    port: int,
    threads: int,
    prepare: Callable[[], None] | None = None,
    token_source: str = "a token from: partnergraph users add",
) -> None:
    from api.app import create_app, trusted_hosts
    from api.serving import serve as run_server

    try:
        app = create_app(
            {"DATABASE": database, "TRUSTED_HOSTS": trusted_hosts(extra=host)}
        )
    except PartnergraphError as err:
        raise click.ClickException(str(err)) from err

    def announce(url: str) -> None:
        click.echo(f"partnergraph is running at {url}")
        if app.config["GRAPHQL_INTROSPECTION"]:
            click.echo(f"  GraphQL explorer:   {url}explorer")
        click.echo(f"  progress dashboard: {url}dashboard")
        click.echo(f"  network map:        {url}map")
        click.echo(f"Sign in at {url}login with {token_source}.")
        click.echo("Press Ctrl+C to stop.")

    try:
        run_server(app, host, port, threads=threads, prepare=prepare, on_ready=announce)
    except OSError as err:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {err.strerror}; choose another "
            "port with --port (0 picks a free one)"
        ) from err


_SINGULAR = {
    "partners": "partner",
    "employers": "employer",
    "participants": "participant",
    "referrals": "referral",
    "activities": "activity",
    "outcomes": "outcome",
}


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(
        f"{count} {_SINGULAR.get(kind, kind) if count == 1 else kind}"
        for kind, count in counts.items()
    )


cli.add_command(users)
cli.add_command(audit)
cli.add_command(export_person)
cli.add_command(erase_person)


def main() -> None:
    """Run the command line, as the ``partnergraph`` console script."""
    cli(prog_name="partnergraph")


if __name__ == "__main__":
    main()
