"""Start a real Neo4j Community server for tests, benchmarks and development.

The server is the embedded DBMS from Maven Central, started by
``neo4j-server/Launcher.java`` with Bolt on 127.0.0.1 and auth and TLS off.
It needs Java 17 or newer and, to fetch its jars the first time and whenever
``neo4j-server/pom.xml`` changes, Maven. The jars go to ``.cache/neo4j/lib``.

``start_server()`` starts one on a free port with a temporary data directory
and returns a context manager whose ``uri`` accepts Bolt connections::

    with start_server() as server:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=None)

``python -m tests.neo4j_server`` runs one on bolt://127.0.0.1:7687 with its
data in ``.cache/neo4j/data`` until Ctrl-C.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

REPO_ROOT = Path(__file__).resolve().parent.parent
SERVER_DIR = REPO_ROOT / "neo4j-server"
POM = SERVER_DIR / "pom.xml"
LAUNCHER = SERVER_DIR / "Launcher.java"
CACHE_DIR = REPO_ROOT / ".cache" / "neo4j"
LIB_DIR = CACHE_DIR / "lib"
DEVELOPMENT_DATA_DIR = CACHE_DIR / "data"
# SHA-256 of the POM that filled LIB_DIR. A different POM needs new jars.
POM_STAMP = LIB_DIR / ".pom.sha256"

INSTALL_COMMAND = "sudo apt-get install -y openjdk-17-jre-headless maven"
MIN_JAVA_VERSION = 17
HOST = "127.0.0.1"
DEVELOPMENT_PORT = 7687

# --add-opens and the Netty flag let Neo4j 5.26 reach JDK internals on Java 17
# without reflective-access failures. The heap is enough for test data and
# small enough to run beside the test suite.
DEFAULT_HEAP = "768m"
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
)

READY_PREFIX = "partnergraph-neo4j ready "
START_TIMEOUT_SECONDS = 180.0
# Neo4j 5.26 shuts down in about 3 s with the launcher's settings. After this
# timeout the JVM is killed.
STOP_TIMEOUT_SECONDS = 30.0
OUTPUT_TAIL_LINES = 40


class Neo4jServerError(RuntimeError):
    """The test server could not be prepared, started or reached."""


class MissingToolsError(Neo4jServerError):
    """Java 17+ or Maven, which the test server needs, is not installed."""


def explain_missing_tools() -> str | None:
    """Describe what is missing to run the test server, or return None.

    Maven counts as missing only while the jars are absent or out of date.
    """
    problems = []
    java = find_java()
    if java is None:
        problems.append("java was not found on PATH or in JAVA_HOME")
    else:
        version = java_version(java)
        if version is None or version < MIN_JAVA_VERSION:
            found = "an unknown version" if version is None else f"Java {version}"
            problems.append(
                f"{java} is {found}, but Neo4j 5.26 needs Java {MIN_JAVA_VERSION}+"
            )
    if not jars_are_current() and shutil.which("mvn") is None:
        problems.append("mvn (Maven) was not found on PATH")
    if not problems:
        return None
    return (
        "; ".join(problems)
        + f". The Neo4j test server needs Java {MIN_JAVA_VERSION}+ and Maven; "
        + f"on Debian or Ubuntu install them with: {INSTALL_COMMAND}"
    )


def find_java() -> str | None:
    """Return the java executable from JAVA_HOME, else from PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("java")


def java_version(java: str) -> int | None:
    """Return the feature version of a java executable, such as 17."""
    try:
        result = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    # For example: openjdk version "17.0.15" 2025-04-15, or "1.8.0_402".
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2) is not None:
        return int(match.group(2))
    return major


def jars_are_current() -> bool:
    """Tell whether LIB_DIR contains the jars of the current POM."""
    if not POM_STAMP.is_file() or not any(LIB_DIR.glob("*.jar")):
        return False
    return POM_STAMP.read_text().strip() == _pom_digest()


def ensure_jars() -> None:
    """Fetch the server's jars with Maven unless they match the current POM.

    The first fetch downloads about 120 MB into ~/.m2 and copies it to LIB_DIR.
    """
    if jars_are_current():
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise MissingToolsError(
            f"mvn (Maven) was not found on PATH. Install it with: {INSTALL_COMMAND}"
        )

    # Jars of an older POM would end up on the class path beside the new ones.
    shutil.rmtree(LIB_DIR, ignore_errors=True)
    _note(f"Fetching the Neo4j server jars with Maven into {LIB_DIR} ...")
    started = time.monotonic()
    command = [
        mvn,
        "-q",
        "-B",
        "-Dstyle.color=never",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT)
    if result.returncode != 0:
        output = _tail((result.stdout + result.stderr).splitlines())
        raise Neo4jServerError(
            f"fetching the Neo4j jars failed: {' '.join(command)} exited with "
            f"status {result.returncode}. Its last output lines:\n{output}"
        )
    POM_STAMP.write_text(_pom_digest() + "\n")
    _note(f"Fetched the Neo4j server jars in {time.monotonic() - started:.0f} s.")


class RunningServer:
    """A started Neo4j server process; leaving the ``with`` block stops it."""

    def __init__(
        self,
        uri: str,
        process: subprocess.Popen[str],
        data_dir: Path,
        remove_data_dir: bool,
        output: collections.deque[str],
    ) -> None:
        self.uri = uri
        self.data_dir = data_dir
        self._process = process
        self._remove_data_dir = remove_data_dir
        self._output = output

    @property
    def pid(self) -> int:
        return self._process.pid

    def is_running(self) -> bool:
        return self._process.poll() is None

    def output_tail(self) -> str:
        """Return the last lines the launcher wrote to stdout and stderr."""
        return "\n".join(self._output)

    def stop(self) -> None:
        """Stop the server with SIGTERM, kill it after a timeout, remove a
        temporary data directory. Calling it again does nothing."""
        _stop_process(self._process)
        if self._remove_data_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            self._remove_data_dir = False

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def start_server(
    port: int | None = None,
    data_dir: Path | None = None,
    timeout: float = START_TIMEOUT_SECONDS,
    heap: str = DEFAULT_HEAP,
) -> RunningServer:
    """Start a Neo4j server on 127.0.0.1 and wait until Bolt accepts a session.

    Without ``port`` a free port is chosen. Without ``data_dir`` the data goes
    to a temporary directory that ``stop()`` removes. Raises MissingToolsError
    when Java or Maven is missing and Neo4jServerError when the jars cannot be
    fetched, ``port`` is in use, or the server fails to start within
    ``timeout`` seconds. ``heap`` is the JVM's maximum heap, such as
    ``"4g"``: Neo4j lets running transactions use 70% of it.
    """
    missing = explain_missing_tools()
    if missing is not None:
        raise MissingToolsError(missing)
    ensure_jars()
    java = find_java()
    assert java is not None  # explain_missing_tools() checked it

    remove_data_dir = data_dir is None
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="partnergraph-neo4j-"))
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
    if port is None:
        port = find_free_port()
    elif not _port_is_free(port):
        raise Neo4jServerError(
            f"port {port} on {HOST} is in use, perhaps by another Neo4j server; "
            "stop it, or choose another port with --port (make neo4j NEO4J_PORT=N)"
        )

    command = [
        java,
        f"-Xmx{heap}",
        *JVM_FLAGS,
        "-cp",
        str(LIB_DIR / "*"),
        str(LAUNCHER),
        str(data_dir),
        str(port),
        # The pipe to stdin closes when this Python process dies, even by
        # SIGKILL, and the server then shuts down instead of lingering.
        "--stop-on-stdin-close",
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=REPO_ROOT,
    )
    output: collections.deque[str] = collections.deque(maxlen=OUTPUT_TAIL_LINES)
    ready = threading.Event()
    threading.Thread(
        target=_read_output,
        args=(process, output, ready),
        name="neo4j-server-output",
        daemon=True,
    ).start()
    server = RunningServer(
        f"bolt://{HOST}:{port}", process, data_dir, remove_data_dir, output
    )

    deadline = time.monotonic() + timeout
    try:
        _wait_for_ready_line(process, ready, deadline)
        _wait_for_bolt(server.uri, deadline)
    except Neo4jServerError as error:
        details = _failure_details(server)
        server.stop()
        raise Neo4jServerError(f"{error}\n{details}") from None
    except BaseException:
        # Such as KeyboardInterrupt: stop the JVM before passing it on.
        server.stop()
        raise
    return server


def find_free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listened on a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server does, so a port left in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
        return True


def _wait_for_ready_line(
    process: subprocess.Popen[str], ready: threading.Event, deadline: float
) -> None:
    while not ready.wait(timeout=0.2):
        if process.poll() is not None:
            raise Neo4jServerError(
                f"the Neo4j server exited with status {process.returncode} "
                "before it was ready"
            )
        if time.monotonic() > deadline:
            raise Neo4jServerError(
                "the Neo4j server did not print its ready line in time"
            )


def _wait_for_bolt(uri: str, deadline: float) -> None:
    while True:
        try:
            with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
                driver.verify_connectivity()
            return
        except (DriverError, Neo4jError, OSError) as error:
            if time.monotonic() > deadline:
                raise Neo4jServerError(
                    f"the Neo4j server at {uri} did not accept a Bolt "
                    f"connection in time: {error}"
                ) from error
        time.sleep(0.2)


def _read_output(
    process: subprocess.Popen[str],
    output: collections.deque[str],
    ready: threading.Event,
) -> None:
    # Reading until end of file also keeps the pipe from filling up.
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line.rstrip("\n"))
        if line.startswith(READY_PREFIX):
            ready.set()


def _stop_process(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            _note(
                f"The Neo4j server (pid {process.pid}) did not stop within "
                f"{STOP_TIMEOUT_SECONDS:.0f} s of SIGTERM; killing it."
            )
            process.kill()
            process.wait()
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()


def _failure_details(server: RunningServer) -> str:
    details = f"Last output lines of the launcher:\n{server.output_tail()}"
    debug_log = server.data_dir / "logs" / "debug.log"
    if debug_log.is_file():
        lines = debug_log.read_text(errors="replace").splitlines()
        details += f"\nLast lines of {debug_log}:\n{_tail(lines)}"
    return details


def _tail(lines: list[str]) -> str:
    return "\n".join(lines[-OUTPUT_TAIL_LINES:])


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def _note(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    """Run a server for local development until Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.neo4j_server",
        description="Run a Neo4j Community server on 127.0.0.1 with auth off.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEVELOPMENT_PORT,
        help=f"Bolt port on 127.0.0.1 (default: {DEVELOPMENT_PORT})",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DEVELOPMENT_DATA_DIR,
        help="Neo4j home with the database and logs; kept after exit "
        f"(default: {DEVELOPMENT_DATA_DIR.relative_to(REPO_ROOT)})",
    )
    args = parser.parse_args(argv)

    # Turn SIGTERM into KeyboardInterrupt so both stop the server below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        server = start_server(port=args.port, data_dir=args.data_dir.resolve())
    except Neo4jServerError as error:
        _note(f"error: {error}")
        return 1
    with server:
        _note(
            f"Neo4j is listening on {server.uri} (no auth), data in "
            f"{server.data_dir}. Press Ctrl-C to stop it."
        )
        try:
            while server.is_running():
                time.sleep(1)
            _note(f"The Neo4j server exited:\n{server.output_tail()}")
            return 1
        except KeyboardInterrupt:
            _note("Stopping Neo4j ...")
    _note("Neo4j stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
