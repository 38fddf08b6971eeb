"""``partnergraph audit``: read or export the audit log."""

from __future__ import annotations

import csv
import getpass
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import click

from api.private_files import write_private
from api.report import safe_cell
from graph.access.audit import AuditEntry
from graph.stores import open_store

COLUMNS = ("at", "user_id", "role", "operation", "kind", "record_ids", "request_id")


@click.command()
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="Only entries at or after this day or time, in UTC.",
)
@click.option("--user", "user_id", help="Only entries of this user id.")
@click.option("--record", "record_id", help="Only entries naming this record id.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="The maximum number of entries to write, oldest first.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write. Default: standard output.",
)
@click.pass_context
def audit(
    ctx: click.Context,
    since: datetime | None,
    user_id: str | None,
    record_id: str | None,
    limit: int,
    output_format: str,
    out: Path | None,
) -> None:
    """Write the audit log: who read, wrote, exported or erased which
    records, and when. It holds ids only, never personal data."""
    with open_store(ctx.obj["database"], must_exist=True) as store:
        entries = store.audit_entries(
            since=None if since is None else since.replace(tzinfo=UTC),
            user_id=user_id,
            record_id=record_id,
            limit=limit,
        )
    rows = [entry_row(entry) for entry in entries]
    if output_format == "json":
        text = json.dumps(rows, indent=2) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(
            {
                name: safe_cell(" ".join(value) if name == "record_ids" else value)
                for name, value in row.items()
            }
            for row in rows
        )
        text = buffer.getvalue()
    if out is None:
        click.echo(text, nl=False)
        return
    # The log names who looked at which participant: readable by its owner
    # only, like a subject access export.
    write_private(out, text)
    click.echo(f"wrote {len(rows)} audit entries to {out}", err=True)


def command_line_entry(
    operation: str, kind: str, record_ids: tuple[str, ...] = ()
) -> AuditEntry:
    """Return the audit entry of a command run now by the operating-system
    user, who acts as an admin: whoever can open the database can read it
    all."""
    return AuditEntry(
        at=datetime.now(UTC),
        user_id=f"cli:{getpass.getuser()}",
        role="admin",
        operation=operation,
        kind=kind,
        record_ids=record_ids,
    )


def entry_row(entry: AuditEntry) -> dict:
    """Return ``entry`` as a JSON-ready dict."""
    return {
        "at": entry.at.isoformat(),
        "user_id": entry.user_id,
        "role": entry.role,
        "operation": entry.operation,
        "kind": entry.kind,
        "record_ids": list(entry.record_ids),
        "request_id": entry.request_id,
    }
