"""Import a partnership's records from CSV files or an .xlsx workbook.

The format is described in ``docs/data-format.md``. ``load_dataset`` reads
and validates; ``import_path`` also writes to a store, all or nothing.
"""

from graph.importer.config import load_config
from graph.importer.dates import InvalidDateError, parse_date
from graph.importer.loading import ImportReport, import_path, load_dataset

__all__ = [
    "ImportReport",
    "InvalidDateError",
    "import_path",
    "load_config",
    "load_dataset",
    "parse_date",
]
