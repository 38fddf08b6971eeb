"""Latency of the GraphQL API under concurrent clients, against the store.

Imports a sample of 40 partners and 50,000 participants into each store,
starts ``partnergraph serve`` on it, and sends two queries from 8 client
threads at once: a participant's whole journey, and a partner's inbox of
referrals waiting for a decision. It reports the median and 99th percentile
latency of each, and the same for calling the store functions behind the
query directly, one call at a time, in this process. The ratio of the
medians is what the API adds: HTTP, parsing, validation, the cost check,
resolvers and JSON, and waiting for a worker thread.

``BENCH_PARTICIPANTS`` changes the sample size and ``BENCH_REQUESTS`` the
requests per query and store. Neo4j comes from ``NEO4J_BENCH_URI`` (with
``NEO4J_USER`` and ``NEO4J_PASSWORD``) or, without it, from the server the
test suite launches. Run with ``python -m benchmarks bench_api``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graph.access.users import create_user
from graph.importer import load_dataset
from graph.journey import build_journey
from graph.sample import write_sample
from graph.store import ReferralFilter, Store
from graph.stores import open_store

PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "50000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
PARTNERS = 40
CLIENTS = 8
SERVER_THREADS = 8
READY = re.compile(r"partnergraph is running at (http://\S+/)")

JOURNEY = """
query Journey($id: ID!) {
  participant(id: $id) {
    id enrolledOn consentToShare partner { id name }
    journey {
      on kind recordId status type stage
      partner { id } toPartner { id } toEmployer { id } employer { id }
    }
  }
}
"""
INBOX = """
query Inbox($partnerId: ID!) {
  inbox(partnerId: $partnerId, first: 50) {
    totalCount
    edges {
      node { id participantId referredOn daysWaiting fromPartner { id name } }
    }
  }
}
"""


def _journey_direct(store: Store, participant_id: str) -> Any:
    participant = store.get_participant(participant_id)
    assert participant is not None
    return build_journey(
        participant,
        store.referrals_for_participants([participant_id]).get(participant_id, []),
        store.activities_for_participants([participant_id]).get(participant_id, []),
        store.outcomes_for_participants([participant_id]).get(participant_id, []),
    )


def _inbox_direct(store: Store, partner_id: str) -> Any:
    where = ReferralFilter(to_partner_id=partner_id, status="made")
    return store.list_referrals(where=where, first=50, order="oldest")


# Each case: a query, the name of its one variable, and the direct call.
CASES: dict[str, tuple[str, str, Callable[[Store, str], Any]]] = {
    "journey": (JOURNEY, "id", _journey_direct),
    "inbox": (INBOX, "partnerId", _inbox_direct),
}


@contextlib.contextmanager
def _neo4j_url() -> Iterator[str]:
    uri = os.environ.get("NEO4J_BENCH_URI")
    if uri:
        yield uri
        return
    from tests.neo4j_server import start_server

    with start_server(heap="2g") as server:
        yield server.uri


@contextlib.contextmanager
def _served(url: str, folder: Path) -> Iterator[str]:
    command = [
        str(Path(sys.executable).parent / "partnergraph"),
        "--database",
        url,
        "serve",
        "--port",
        "0",
        "--threads",
        str(SERVER_THREADS),
    ]
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=log, text=True, cwd=folder
    )
    assert process.stdout is not None
    base = None
    for line in process.stdout:
        match = READY.search(line)
        if match:
            base = match.group(1)
            break
    if base is None:
        process.wait(timeout=30)
        raise RuntimeError(f"the server did not start; see {folder / 'server.log'}")
    # Keep reading, so the server does not block on a full pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    try:
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _client_latencies(
    base: str, query: str, name: str, values: list[str], token: str
) -> list[float]:
    """Send one request per value from CLIENTS threads, each on its own
    kept-alive connection, and return every latency in seconds."""
    parts = urlsplit(base)
    local = threading.local()

    def send(value: str) -> float:
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection(
                parts.hostname, parts.port, timeout=60
            )
        body = json.dumps({"query": query, "variables": {name: value}})
        start = time.perf_counter()
        local.connection.request(
            "POST",
            "/graphql",
            body,
            {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        response = local.connection.getresponse()
        answer = json.loads(response.read())
        elapsed = time.perf_counter() - start
        if response.status != 200 or "errors" in answer:
            raise RuntimeError(f"request failed: {response.status} {answer}")
        return elapsed

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(send, values))


def _direct_latencies(
    store: Store, call: Callable[[Store, str], Any], values: list[str]
) -> list[float]:
    latencies = []
    for value in values:
        start = time.perf_counter()
        call(store, value)
        latencies.append(time.perf_counter() - start)
    return latencies


def _p99(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98]


def _run_store(url: str, folder: Path, sample: Path) -> None:
    dataset = load_dataset(sample)
    with open_store(url) as store:
        store.import_dataset(dataset)
        rng = random.Random(7)
        participant_ids = [p.id for p in dataset.participants]
        partner_ids = [p.id for p in dataset.partners]
        values = {
            "journey": [rng.choice(participant_ids) for _ in range(REQUESTS)],
            "inbox": [rng.choice(partner_ids) for _ in range(REQUESTS)],
        }
        direct = {
            case: _direct_latencies(store, CASES[case][2], values[case][:200])
            for case in CASES
        }
        # An admin's requests pass the same access rules and audit log as
        # any other role's.
        _user, token = create_user(store, "Benchmark", "admin", datetime.now(UTC))
    with _served(url, folder) as base:
        for case, (query, name, _call) in CASES.items():
            # A first round warms up the server's caches and connections.
            _client_latencies(base, query, name, values[case][:100], token)
            served = _client_latencies(base, query, name, values[case], token)
            store_name = "neo4j" if url.startswith(("neo4j", "bolt")) else "sqlite"
            api_median = statistics.median(served)
            store_median = statistics.median(direct[case])
            print(
                f"{store_name:<6}  {case:<7}  "
                f"{api_median * 1000:>8.1f}  {_p99(served) * 1000:>8.1f}  "
                f"{store_median * 1000:>9.2f}  {_p99(direct[case]) * 1000:>9.2f}  "
                f"{api_median / store_median:>6.1f}"
            )


def main() -> None:
    """Run the benchmark and print latencies in milliseconds."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sample = folder / "sample"
        write_sample(sample, seed=7, partners=PARTNERS, participants=PARTICIPANTS)
        print(
            f"{PARTICIPANTS:,} participants, {CLIENTS} clients, "
            f"{REQUESTS:,} requests per query; latencies in ms"
        )
        print("store   query    API p50   API p99  store p50  store p99  ratio")
        _run_store(f"sqlite:///{folder / 'bench.db'}", folder, sample)
        with _neo4j_url() as neo4j_url:
            _run_store(neo4j_url, folder, sample)
