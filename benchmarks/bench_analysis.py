"""The analysis suite of a window on both stores, against a naive baseline.

Generates a sample of 40 partners and 50,000 participants, adds activities
until there are 1,000,000, and imports it into an empty SQLite file and an
empty Neo4j database. Import time is printed but not compared. For the
open window and for one quarter it then times, best of three runs each
unless ``BENCH_REPEATS`` says otherwise:

- the suite: every analysis of a window in ``api.analyses``, from
  ``flows`` to ``journeys`` (the funnel, the time to a job and the
  collaboration effect from one read), each reading the store's
  aggregates. ``flow_table`` and ``referral_graph`` are left out because
  they only combine what ``flows``, ``timings`` and ``metrics`` read;
- the baseline: every referral, activity and outcome of the window read
  from the store's list methods, 5,000 at a time, a participant-level
  networkx graph built from them, projected onto partners, and the same
  network measures computed on the projection.

The extra activities are copies of the sample's own activities, chosen
with a fixed seed, each with a new id and otherwise the same participant,
partner, type, stage, date and hours. So every copy passes the same
checks as the activity it copies.

Each phase, each timed run and each store and window result is printed as
soon as it ends, after the seconds since the benchmark started. A suite
run also prints the seconds of each analysis, and a baseline run the
pages of each list it read. A table of all results follows at the end.

Environment variables:

- ``BENCH_PARTICIPANTS`` and ``BENCH_ACTIVITIES`` change the sizes;
- ``BENCH_REPEATS`` sets the runs of the suite and the baseline (default
  3), and ``BENCH_BASELINE_REPEATS`` those of the baseline alone, for
  sizes where one baseline run takes minutes;
- ``NEO4J_BENCH_URI`` (with ``NEO4J_USER`` and ``NEO4J_PASSWORD``) names a
  Neo4j server whose database the benchmark deletes, before and after the
  run. Without it the benchmark launches the test suite's server with a
  4 GB heap and a temporary database.

Run with ``python -m benchmarks bench_analysis``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import platform
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
from networkx.algorithms import bipartite

from analysis.centrality import NetworkMetrics, network_metrics
from api import analyses
from graph.importer import load_dataset
from graph.model import Dataset
from graph.neo4j import Neo4jStore
from graph.sample import write_sample
from graph.sample.catalogue import END_ON
from graph.store import ActivityFilter, OutcomeFilter, Page, ReferralFilter, Store
from graph.stores import open_store


def _setting(name: str, default: int) -> int:
    """Return the positive integer in environment variable ``name``."""
    text = os.environ.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise SystemExit(f"{name} must be a positive integer, got {text!r}")
    return value


PARTICIPANTS = _setting("BENCH_PARTICIPANTS", 50_000)
ACTIVITIES = _setting("BENCH_ACTIVITIES", 1_000_000)
REPEATS = _setting("BENCH_REPEATS", 3)
BASELINE_REPEATS = _setting("BENCH_BASELINE_REPEATS", REPEATS)
PARTNERS = 40
SEED = 7
PAGE_SIZE = 5000

# The sample runs from 2023-04-01 to END_ON; this quarter is inside it.
WINDOWS: dict[str, tuple[date | None, date | None]] = {
    "open": (None, None),
    "2025 Q1": (date(2025, 1, 1), date(2025, 3, 31)),
}

# When main() started, for the times that progress lines begin with.
_started = time.perf_counter()


def _progress(message: str) -> None:
    """Print ``message`` after the seconds since main() started."""
    print(f"[{time.perf_counter() - _started:7.1f} s] {message}", flush=True)


@dataclasses.dataclass(frozen=True)
class ListRead:
    """The pages of one list that a baseline run read."""

    kind: str
    records: int
    pages: int
    seconds: float

    def describe(self) -> str:
        per_page = self.seconds / self.pages if self.pages else 0.0
        pages = "1 page" if self.pages == 1 else f"{self.pages} pages"
        return (
            f"{self.records:,} {self.kind} in {pages}, "
            f"{self.seconds:.1f} s ({per_page:.2f} s per page)"
        )


@dataclasses.dataclass(frozen=True)
class Result:
    """The best times of the suite and the baseline of one store and window."""

    store: str
    window: str
    suite: float
    baseline: float

    def describe(self) -> str:
        return (
            f"{self.store} {self.window}: suite {self.suite:.2f} s "
            f"(best of {REPEATS}), baseline {self.baseline:.2f} s "
            f"(best of {BASELINE_REPEATS}), baseline / suite "
            f"{self.baseline / self.suite:.1f}"
        )


@contextlib.contextmanager
def _neo4j() -> Iterator[tuple[str, tuple[str, str] | None, bool]]:
    """Yield the URI and auth of a Neo4j server, and whether it is the
    benchmark's own temporary one."""
    uri = os.environ.get("NEO4J_BENCH_URI")
    if uri:
        user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        yield uri, (user, password) if user and password else None, False
        return
    from tests.neo4j_server import start_server

    _progress("starting Neo4j with a 4 GB heap")
    with start_server(heap="4g") as server:
        _progress(f"Neo4j is listening on {server.uri}")
        yield server.uri, None, True


def _wipe(uri: str, auth: Any) -> None:
    # CALL ... IN TRANSACTIONS runs only in an auto-commit transaction, so
    # this uses session.run.
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver, driver.session() as s:
        s.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def _neo4j_version(uri: str, auth: Any) -> str:
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN name, versions[0] AS version, edition"
        )
    return ", ".join(f"{r['name']} {r['edition']} {r['version']}" for r in records)


def _with_extra_activities(dataset: Dataset, total: int) -> Dataset:
    """Copy randomly chosen activities, with new ids, until there are
    ``total``."""
    existing = dataset.activities
    rng = random.Random(SEED)
    copies = [
        dataclasses.replace(original, id=f"{original.id}-copy{number}")
        for number, original in enumerate(
            rng.choices(existing, k=max(0, total - len(existing)))
        )
    ]
    return dataclasses.replace(dataset, activities=(*existing, *copies))


def _best_of(step: Callable[[], Any], repeats: int, label: str) -> float:
    """Run ``step`` ``repeats`` times and return the shortest time in
    seconds. Each run is printed with its time and with the text that
    ``step`` returns, if any."""
    best = float("inf")
    for run in range(1, repeats + 1):
        start = time.perf_counter()
        outcome = step()
        seconds = time.perf_counter() - start
        best = min(best, seconds)
        details = f" ({outcome})" if isinstance(outcome, str) else ""
        _progress(f"{label} run {run} of {repeats}: {seconds:.2f} s{details}")
    return best


# This and _journeys use the sample's last day as today, so that the
# waiting referrals and the follow-up of the open window do not depend on
# the day of the run.
def _timings(store: Store, since: date | None, until: date | None) -> Any:
    return analyses.timings(store, since, until, today=END_ON)


def _journeys(store: Store, since: date | None, until: date | None) -> Any:
    return analyses.journeys(store, since, until, today=END_ON)


# The analyses of the suite, in the order it runs them.
SUITE: tuple[tuple[str, Callable[[Store, date | None, date | None], Any]], ...] = (
    ("flows", analyses.flows),
    ("outcomes_after_referral", analyses.outcomes_after_referral),
    ("timings", _timings),
    ("collaboration", analyses.collaboration),
    ("metrics", analyses.metrics),
    ("progress", analyses.progress),
    ("partner_progress", analyses.partner_progress),
    ("quarterly_progress", analyses.quarterly_progress),
    ("network_over_time", analyses.network_over_time),
    ("journeys", _journeys),
)


def _run_suite(store: Store, since: date | None, until: date | None) -> str:
    """Run every analysis of the suite once and describe their times."""
    times = []
    for name, analysis in SUITE:
        start = time.perf_counter()
        analysis(store, since, until)
        times.append(f"{name} {time.perf_counter() - start:.2f} s")
    return ", ".join(times)


def _read_every(
    list_page: Callable[..., Page[Any]], where: Any, reads: list[ListRead], kind: str
) -> Iterator[Any]:
    """Yield every record of a list, page by page, and append the number of
    records, pages and seconds of reading them to ``reads``."""
    after = None
    records = pages = 0
    seconds = 0.0
    while True:
        start = time.perf_counter()
        page = list_page(where=where, after=after, first=PAGE_SIZE)
        seconds += time.perf_counter() - start
        pages += 1
        records += len(page.items)
        yield from page.items
        if not page.has_next_page:
            break
        after = page.items[-1].id
    reads.append(ListRead(kind, records, pages, seconds))


def _link(graph: nx.Graph, participant_id: str, partner_id: str) -> None:
    # One edge per participant and partner, counting the records behind it,
    # because a MultiGraph edge per record would not change the projection.
    participant = ("participant", participant_id)
    partner = ("partner", partner_id)
    if graph.has_edge(participant, partner):
        graph[participant][partner]["records"] += 1
    else:
        graph.add_edge(participant, partner, records=1)


def _baseline_metrics(
    store: Store, since: date | None, until: date | None, reads: list[ListRead]
) -> NetworkMetrics:
    """Compute the network measures from every record of the window."""
    graph = nx.Graph()
    partners = store.list_partners()
    partner_nodes = [("partner", partner.id) for partner in partners]
    graph.add_nodes_from(partner_nodes, bipartite=1)

    for referral in _read_every(
        store.list_referrals,
        ReferralFilter(since=since, until=until),
        reads,
        "referrals",
    ):
        _link(graph, referral.participant_id, referral.from_partner_id)
        if referral.to_partner_id is not None:
            _link(graph, referral.participant_id, referral.to_partner_id)
    for activity in _read_every(
        store.list_activities,
        ActivityFilter(since=since, until=until),
        reads,
        "activities",
    ):
        _link(graph, activity.participant_id, activity.partner_id)
    for outcome in _read_every(
        store.list_outcomes, OutcomeFilter(since=since, until=until), reads, "outcomes"
    ):
        _link(graph, outcome.participant_id, outcome.partner_id)

    # Two partners are tied by the participants they both worked with.
    projection = bipartite.weighted_projected_graph(graph, partner_nodes)
    partner_graph = nx.DiGraph()
    for partner in partners:
        partner_graph.add_node(partner.id, kind="partner", name=partner.name)
    for (_, first), (_, second), weight in projection.edges(data="weight"):
        partner_graph.add_edge(first, second, referrals=weight)
        partner_graph.add_edge(second, first, referrals=weight)
    return network_metrics(partner_graph)


def _run_baseline(store: Store, since: date | None, until: date | None) -> str:
    """Run the baseline once and describe the list reads it made."""
    reads: list[ListRead] = []
    _baseline_metrics(store, since, until, reads)
    return "; ".join(read.describe() for read in reads)


def _measure(store: Store, store_name: str) -> list[Result]:
    results = []
    for window, (since, until) in WINDOWS.items():
        suite = _best_of(
            lambda s=since, u=until: _run_suite(store, s, u),
            REPEATS,
            f"{store_name} {window} suite",
        )
        baseline = _best_of(
            lambda s=since, u=until: _run_baseline(store, s, u),
            BASELINE_REPEATS,
            f"{store_name} {window} baseline",
        )
        result = Result(store_name, window, suite, baseline)
        _progress(result.describe())
        results.append(result)
    return results


def _memory() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kilobytes = int(line.split()[1])
                return f"{kilobytes / 1024**2:.1f} GiB"
    return "unknown"


def _load() -> str:
    one_minute, five_minutes, fifteen_minutes = os.getloadavg()
    return f"{one_minute:.2f} {five_minutes:.2f} {fifteen_minutes:.2f}"


def _print_environment(neo4j_version: str) -> None:
    print(
        f"date: {date.today().isoformat()}, cores: {os.cpu_count()}, "
        f"memory: {_memory()}, load average now: {_load()}"
    )
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"networkx {version('networkx')}, pandas {version('pandas')}, "
        f"{neo4j_version}"
    )
    print(
        f"sizes: {PARTICIPANTS:,} participants, {ACTIVITIES:,} activities; "
        f"runs: suite {REPEATS}, baseline {BASELINE_REPEATS}"
    )


def _print_table(results: list[Result]) -> None:
    print("store   window    suite s  baseline s  baseline / suite")
    for result in results:
        print(
            f"{result.store:<6}  {result.window:<8}  {result.suite:>7.2f}  "
            f"{result.baseline:>10.2f}  {result.baseline / result.suite:>16.1f}"
        )


def main() -> None:
    """Run the benchmark and print suite and baseline times per store."""
    global _started
    _started = time.perf_counter()
    _progress(
        f"sizes: {PARTICIPANTS:,} participants, {ACTIVITIES:,} activities; "
        f"runs: suite {REPEATS}, baseline {BASELINE_REPEATS}; "
        f"load average: {_load()}"
    )
    with tempfile.TemporaryDirectory() as name, _neo4j() as (uri, auth, own_server):
        folder = Path(name)
        _progress("writing the sample")
        write_sample(
            folder / "sample", seed=SEED, partners=PARTNERS, participants=PARTICIPANTS
        )
        _progress("reading the sample and copying activities")
        dataset = _with_extra_activities(load_dataset(folder / "sample"), ACTIVITIES)
        _progress(
            f"dataset: {len(dataset.participants):,} participants, "
            f"{len(dataset.referrals):,} referrals, "
            f"{len(dataset.activities):,} activities, "
            f"{len(dataset.outcomes):,} outcomes"
        )

        results: list[Result] = []
        with open_store(f"sqlite:///{folder / 'store.db'}") as store:
            _progress("importing into SQLite")
            start = time.perf_counter()
            store.import_dataset(dataset)
            _progress(f"SQLite import: {time.perf_counter() - start:.1f} s")
            results.extend(_measure(store, "sqlite"))

        if not own_server:
            _progress("deleting everything in the Neo4j database")
            _wipe(uri, auth)
        neo4j_version = _neo4j_version(uri, auth)
        with Neo4jStore(uri, auth=auth) as store:
            _progress("importing into Neo4j")
            start = time.perf_counter()
            store.import_dataset(dataset)
            _progress(f"Neo4j import: {time.perf_counter() - start:.1f} s")
            results.extend(_measure(store, "neo4j"))
        # The benchmark's own server starts empty, and its database goes
        # with its temporary folder.
        if not own_server:
            _progress("deleting everything in the Neo4j database")
            _wipe(uri, auth)

    _progress(f"done; load average: {_load()}")
    _print_environment(neo4j_version)
    _print_table(results)
