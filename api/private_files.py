"""Files of personal data that commands write: new, and readable by their
owner only."""

from __future__ import annotations

import os
from pathlib import Path

import click


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to the new file ``path`` with mode 0600.

    Raises ClickException when the file exists, because it may hold another
    person's data, or cannot be written.
    """
    if path.exists():
        raise click.ClickException(
            f"{path} exists; choose a new file, because it may hold another "
            "person's data"
        )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as err:
        raise click.ClickException(f"cannot write {path}: {err.strerror}") from err
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
