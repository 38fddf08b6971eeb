"""Logging set-up for the command-line interface and the server."""

from __future__ import annotations

import logging

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(verbosity: int = 0) -> None:
    """Send log records to standard error, once per process.

    ``verbosity`` 0 logs INFO and above, 1 or more adds DEBUG, and a
    negative value keeps only warnings and errors.
    """
    if verbosity < 0:
        level = logging.WARNING
    elif verbosity == 0:
        level = logging.INFO
    else:
        level = logging.DEBUG
    logging.basicConfig(level=level, format=LOG_FORMAT, force=True)
    # waitress logs each queue warning at WARNING already; its INFO lines
    # repeat our own start line.
    logging.getLogger("waitress").setLevel(max(level, logging.WARNING))
