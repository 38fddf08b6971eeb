"""Check that every id a row refers to names a record in the import or store."""

from __future__ import annotations

from graph.errors import ImportProblem
from graph.importer.fields import RowReader
from graph.importer.sources import Source
from graph.importer.tables import Table
from graph.store import Store

# For each kind of file, its reference columns and the kind each refers to.
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "participants": (("partner_id", "partners"),),
    "referrals": (
        ("participant_id", "participants"),
        ("from_partner_id", "partners"),
        ("to_partner_id", "partners"),
        ("to_employer_id", "employers"),
    ),
    "activities": (
        ("participant_id", "participants"),
        ("partner_id", "partners"),
    ),
    "outcomes": (
        ("participant_id", "participants"),
        ("partner_id", "partners"),
        ("employer_id", "employers"),
    ),
}

_NOUNS = {
    "partners": "partner",
    "employers": "employer",
    "participants": "participant",
}


def check_references(
    source: Source, store: Store | None, problems: list[ImportProblem]
) -> None:
    """Append a problem for every reference to an id found nowhere.

    An id is found when a row of the referenced file has it, valid or not,
    so one bad row does not also make every reference to it a problem. With
    a ``store``, ids it already contains are found too. References to a file
    that could not be read, or that has no id column, are not checked,
    because that file's own problem already explains them.
    """
    known = {kind: _ids(source.tables.get(kind)) for kind in _NOUNS}
    unchecked = source.unreadable | {
        kind
        for kind, table in source.tables.items()
        if table.column_index("id") is None
    }
    # The values are read without collecting problems, because reading the
    # rows into records already reported every invalid value.
    references = [
        (
            RowReader(table, row, problems),
            column,
            target,
            RowReader(table, row, []).text(column),
        )
        for kind, table in source.tables.items()
        for column, target in REFERENCES.get(kind, ())
        if target not in unchecked
        for row in table.rows
    ]

    if store is not None:
        missing_ids: dict[str, set[str]] = {kind: set() for kind in known}
        for _, _, target, value in references:
            if value is not None and value not in known[target]:
                missing_ids[target].add(value)
        for kind, ids in missing_ids.items():
            if ids:
                known[kind] |= store.existing_ids(kind, ids)

    for reader, column, target, value in references:
        if value is None or value in known[target]:
            continue
        where = source.names[target]
        if store is not None:
            where += " or the store"
        reader.report(
            column, f"unknown {_NOUNS[target]}: no record in {where} has this id", value
        )


def check_organisation_ids(
    source: Source, store: Store | None, problems: list[ImportProblem]
) -> None:
    """Append a problem for every employer whose id is also a partner's, in
    the import or the store. Referral receivers and network nodes are
    named by id, so one id cannot be both."""
    employers = source.tables.get("employers")
    if employers is None or employers.column_index("id") is None:
        return
    partner_ids = _ids(source.tables.get("partners"))
    employer_ids = _ids(employers)
    if store is not None:
        partner_ids |= store.existing_ids("partners", employer_ids - partner_ids)
    for row in employers.rows:
        reader = RowReader(employers, row, problems)
        value = RowReader(employers, row, []).text("id")
        if value is not None and value in partner_ids:
            reader.report(
                "id",
                "already used by a partner; give the employer an id of its own",
                value,
            )


def _ids(table: Table | None) -> set[str]:
    if table is None:
        return set()
    ids = set()
    for row in table.rows:
        value = RowReader(table, row, []).text("id")
        if value is not None:
            ids.add(value)
    return ids
