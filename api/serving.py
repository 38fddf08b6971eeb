"""Run the application under waitress, a production WSGI server."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from types import FrameType

from flask import Flask
from waitress.server import BaseWSGIServer, create_server

logger = logging.getLogger(__name__)


def serve(
    app: Flask,
    host: str,
    port: int,
    threads: int = 4,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``app`` until interrupted or sent SIGTERM, logging start and stop.

    ``port`` 0 picks a free port; ``on_ready`` receives the base URL once the
    socket is listening, before the first request is accepted.
    """
    server = create_server(app, host=host, port=port, threads=threads)
    # One host and port give one listening socket, never waitress's
    # multi-socket server.
    if not isinstance(server, BaseWSGIServer):
        raise TypeError(f"expected one listening socket for {host}:{port}")
    bound_host, bound_port = server.getsockname()[:2]
    url = f"http://{bound_host}:{bound_port}/"
    logger.info("partnergraph serving %s", url)
    if on_ready is not None:
        on_ready(url)

    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        signal.signal(signal.SIGTERM, previous)
        logger.info("partnergraph stopped serving %s", url)


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)
