"""Find the tables of an import: CSV files in a folder or sheets in a workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import ImportProblem
from graph.importer.columns import FILE_SPECS, PARTNERSHIP_FILE
from graph.importer.tables import Table, read_csv_table, read_workbook_tables

WORKBOOK_SUFFIX = ".xlsx"


@dataclass
class Source:
    """The tables found at an import path, by kind, and what was wrong.

    ``names`` gives each kind's file or sheet name for messages, also for
    kinds that are absent. ``unreadable`` lists the kinds whose file exists
    but could not be read as a table.
    """

    tables: dict[str, Table] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    problems: list[ImportProblem] = field(default_factory=list)
    config_path: Path | None = None


def read_source(path: Path) -> Source:
    """Read the folder or workbook at ``path``.

    ``config_path`` is the ``partnership.toml`` in the folder or beside the
    workbook, when it exists.
    """
    if path.is_dir():
        source = _read_folder(path)
        folder = path
    elif path.is_file() and path.suffix.lower() == WORKBOOK_SUFFIX:
        source = _read_workbook(path)
        folder = path.parent
    else:
        problem = ImportProblem(
            str(path),
            "not found"
            if not path.exists()
            else "expected a folder of CSV files or an .xlsx workbook",
        )
        return Source(problems=[problem])

    config_path = folder / PARTNERSHIP_FILE
    if config_path.is_file():
        source.config_path = config_path
    return source


def _read_folder(folder: Path) -> Source:
    source = Source(names={kind: spec.file_name for kind, spec in FILE_SPECS.items()})
    expected = ", ".join(spec.file_name for spec in FILE_SPECS.values())
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".csv" or _is_hidden(path.name):
            continue
        kind = path.stem.strip().lower()
        if kind not in FILE_SPECS:
            source.problems.append(
                ImportProblem(
                    path.name, f"unknown file; expected files named {expected}"
                )
            )
        elif kind in found:
            source.problems.append(
                ImportProblem(
                    path.name,
                    f"two files hold {kind}: {found[kind].name} and {path.name}; "
                    "keep one",
                )
            )
        else:
            found[kind] = path

    for kind in FILE_SPECS:
        if kind not in found:
            continue
        source.names[kind] = found[kind].name
        table, problems = read_csv_table(found[kind], found[kind].name)
        source.problems.extend(problems)
        if table is None:
            source.unreadable.add(kind)
        else:
            source.tables[kind] = table

    if "partners" not in found:
        source.problems.append(
            ImportProblem(
                "partners.csv",
                "file not found; every import needs partners.csv, even when "
                "the store already contains the partners",
            )
        )
    return source


def _read_workbook(path: Path) -> Source:
    source = Source(names={kind: f"{path.name} (sheet {kind})" for kind in FILE_SPECS})
    sheets, problems = read_workbook_tables(path)
    source.problems.extend(problems)
    if problems and not sheets:
        return source

    expected = ", ".join(FILE_SPECS)
    found: dict[str, str] = {}
    for sheet_name, table in sheets:
        kind = sheet_name.strip().lower()
        if kind not in FILE_SPECS:
            source.problems.append(
                ImportProblem(
                    table.source, f"unknown sheet; expected sheets named {expected}"
                )
            )
        elif kind in found:
            source.problems.append(
                ImportProblem(
                    table.source,
                    f"two sheets hold {kind}: {found[kind]} and {sheet_name}; keep one",
                )
            )
        else:
            found[kind] = sheet_name
            source.names[kind] = table.source
            source.tables[kind] = table

    if "partners" not in found:
        source.problems.append(
            ImportProblem(
                path.name,
                "the workbook has no partners sheet; every import needs one, "
                "even when the store already contains the partners",
            )
        )
    return source


def _is_hidden(name: str) -> bool:
    # Spreadsheet programs leave lock files such as ".~lock.partners.csv#"
    # and "~$partners.csv" beside the files they open.
    return name.startswith((".", "~$"))
