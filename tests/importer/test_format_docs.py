"""The format page documents every file, column and partnership.toml key."""

from pathlib import Path

import pytest

from graph.importer.columns import FILE_SPECS
from graph.importer.config import CONFIG_KEYS

DOC = (Path(__file__).parents[2] / "docs" / "data-format.md").read_text(
    encoding="utf-8"
)

COLUMNS = [
    (spec.file_name, column) for spec in FILE_SPECS.values() for column in spec.columns
]


@pytest.mark.parametrize("file_name", [spec.file_name for spec in FILE_SPECS.values()])
def test_file_documented(file_name):
    assert f"**{file_name}**" in DOC


@pytest.mark.parametrize(("file_name", "column"), COLUMNS)
def test_column_documented(file_name, column):
    section = DOC.split(f"**{file_name}**", 1)[1].split("**", 1)[0]
    assert f"| `{column}`" in section


@pytest.mark.parametrize("key", CONFIG_KEYS)
def test_config_key_documented(key):
    assert f"`{key}`" in DOC or f"`[{key}]`" in DOC
