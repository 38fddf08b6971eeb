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
    prepare: Callable[[], None] | None = None,
) -> None:
    """Serve ``app`` until interrupted or sent SIGTERM, logging start and stop.

    ``port`` 0 picks a free port. Once the socket is bound, ``prepare`` runs
    (so work it does is skipped when the port is busy), then ``on_ready``
    receives the base URL before the first request is accepted. Raises
    OSError when the address cannot be bound.
    """
    server = create_server(app, host=host, port=port, threads=threads)
    if prepare is not None:
        try:
            prepare()
        except BaseException:
            server.close()
            raise
    # One host and port give one listening socket, never waitress's
    # multi-socket server.
    if not isinstance(server, BaseWSGIServer):
        raise TypeError(f"expected one listening socket for {host}:{port}")
    bound_host, bound_port = server.getsockname()[:2]
    url = f"http://{bound_host}:{bound_port}/"
    logger.info("partnergraph serving %s", url)

    # The handler is in place before on_ready announces the URL, so a
    # SIGTERM sent as soon as the URL appears still stops the server cleanly.
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        if on_ready is not None:
            on_ready(url)
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        signal.signal(signal.SIGTERM, previous)
        logger.info("partnergraph stopped serving %s", url)


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)
