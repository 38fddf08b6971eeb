"""``partnergraph export-person``: what partnergraph stores about one
participant, for a subject access request."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from api.cli_audit import command_line_entry
from api.private_files import write_private
from graph.access.subject import person_report
from graph.stores import open_store


@click.command(name="export-person")
@click.argument("participant_id", metavar="ID")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file to write, readable by its owner only. Default: standard output.",
)
@click.pass_context
def export_person(ctx: click.Context, participant_id: str, out: Path | None) -> None:
    """Write everything held about the participant ID as JSON: profile,
    referrals, activities, outcomes, journey and the audit entries naming
    them. The export itself is added to the audit log."""
    now = datetime.now(UTC)
    with open_store(ctx.obj["database"], must_exist=True) as store:
        report = person_report(store, participant_id, now)
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        if out is None:
            click.echo(text, nl=False)
        else:
            write_private(out, text)
        store.append_audit(
            [command_line_entry("export", "participants", (participant_id,))]
        )
    if out is not None:
        click.echo(
            f"wrote {out}: personal data of one participant; send it to them "
            "securely and delete it afterwards",
            err=True,
        )


@click.command(name="erase-person")
@click.argument("participant_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Erase without asking to confirm.")
@click.pass_context
def erase_person(ctx: click.Context, participant_id: str, yes: bool) -> None:
    """Erase the participant ID and every referral, activity and outcome of
    theirs, for good. Analyses no longer count them. Maps and exports
    written before stay as they are: delete them too. The erasure itself is
    audited, by id only."""
    if not yes:
        click.confirm(
            f"Erase participant {participant_id} and all their records? This "
            "cannot be undone",
            abort=True,
        )
    with open_store(ctx.obj["database"], must_exist=True) as store:
        erased = store.erase_participant(participant_id)
        if not erased["participants"]:
            raise click.ClickException(
                f"participant {participant_id!r} not found; nothing was erased"
            )
        store.append_audit(
            [command_line_entry("erase", "participants", (participant_id,))]
        )
    click.echo(
        f"erased participant {participant_id}: {erased['referrals']} referrals, "
        f"{erased['activities']} activities, {erased['outcomes']} outcomes. "
        "Delete any map or export written before now, because they still "
        "contain this person"
    )
