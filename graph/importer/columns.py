"""The files of the data collection framework and the columns each accepts."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import ImportProblem
from graph.importer.tables import Table

PARTNERSHIP_FILE = "partnership.toml"


@dataclass(frozen=True)
class FileSpec:
    """The columns of one import file, in the documented order."""

    kind: str
    columns: tuple[str, ...]
    required: frozenset[str]
    # Groups of columns of which a file must have at least one.
    one_of: tuple[tuple[str, ...], ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.kind}.csv"


FILE_SPECS: dict[str, FileSpec] = {
    spec.kind: spec
    for spec in (
        FileSpec(
            "partners",
            ("id", "name", "type", "borough", "joined_on", "left_on"),
            frozenset({"id", "name"}),
        ),
        FileSpec(
            "employers",
            ("id", "name", "sector", "size"),
            frozenset({"id", "name"}),
        ),
        FileSpec(
            "participants",
            (
                "id",
                "partner_id",
                "enrolled_on",
                "birth_year",
                "gender",
                "ethnicity",
                "postcode_district",
                "consent_to_share",
                "consent_recorded_on",
                "consent_recorded_by",
            ),
            frozenset({"id", "partner_id", "enrolled_on"}),
        ),
        FileSpec(
            "referrals",
            (
                "id",
                "participant_id",
                "from_partner_id",
                "to_partner_id",
                "to_employer_id",
                "referred_on",
                "status",
                "status_on",
                "reason",
            ),
            frozenset(
                {"id", "participant_id", "from_partner_id", "referred_on", "status"}
            ),
            one_of=(("to_partner_id", "to_employer_id"),),
        ),
        FileSpec(
            "activities",
            (
                "id",
                "participant_id",
                "partner_id",
                "type",
                "stage",
                "occurred_on",
                "hours",
            ),
            frozenset({"id", "participant_id", "partner_id", "type", "occurred_on"}),
        ),
        FileSpec(
            "outcomes",
            (
                "id",
                "participant_id",
                "partner_id",
                "type",
                "achieved_on",
                "employer_id",
            ),
            frozenset({"id", "participant_id", "partner_id", "type", "achieved_on"}),
        ),
    )
}


def check_header(table: Table, spec: FileSpec) -> list[ImportProblem]:
    """Return the problems of a table's header row.

    A header must name every required column, may name the optional ones,
    and must name no other column and none twice. Columns without a name
    are checked when the table is read.
    """
    accepted = ", ".join(spec.columns)
    if not any(table.header):
        return [
            ImportProblem(
                table.source,
                f"the header row is missing; expected the columns {accepted}",
            )
        ]

    problems = []
    names = [name for name in table.header if name]
    if len(names) == 1 and any(separator in names[0] for separator in ";\t|"):
        problems.append(
            ImportProblem(
                table.source,
                "the header row has only one column; save the file as "
                "comma-separated values",
                value=names[0],
            )
        )
        return problems

    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(
                ImportProblem(
                    table.source, "the column appears more than once", field=name
                )
            )
        elif name not in spec.columns:
            problems.append(
                ImportProblem(
                    table.source,
                    f"unknown column; the accepted columns are {accepted}",
                    field=name,
                )
            )
        seen.add(name)

    for name in spec.columns:
        if name in spec.required and name not in seen:
            problems.append(
                ImportProblem(table.source, "required column is missing", field=name)
            )
    for group in spec.one_of:
        if not seen.intersection(group):
            problems.append(
                ImportProblem(
                    table.source,
                    f"the file needs one of the columns {' or '.join(group)}",
                )
            )
    return problems
