"""The analysis suite of a window on both stores, against a naive baseline.

Generates a sample of 40 partners and 50,000 participants, adds activities
until there are 1,000,000, and imports it into an empty SQLite file and an
empty Neo4j database. Import time is not measured. For the open window and
for one quarter it then times, best of three runs each:

- the suite: the eight analyses of a window in ``api.analyses``, from
  ``flows`` to ``network_over_time``, each reading the store's aggregates;
- the baseline: every referral, activity and outcome of the window read
  from the store's list methods, a participant-level networkx graph built
  from them, projected onto partners, and the same network measures
  computed on the projection.

The extra activities are copies of the sample's own activities, chosen
with a fixed seed, each with a new id and otherwise the same participant,
partner, type, stage, date and hours. So every copy passes the same
checks as the activity it copies.

``BENCH_PARTICIPANTS`` and ``BENCH_ACTIVITIES`` change the sizes. Neo4j
comes from ``NEO4J_BENCH_URI`` (with ``NEO4J_USER`` and
``NEO4J_PASSWORD``) or, without it, from the server the test suite
launches, with a 4 GB heap. Run with ``python -m benchmarks bench_analysis``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
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
from graph.store import ActivityFilter, OutcomeFilter, Page, ReferralFilter, Store
from graph.stores import open_store

# NOTE: at these default sizes the Neo4j baseline is estimated to take
# more than an hour and a half, because one page of 5,000 activities took
# about 10 s. BENCH_PARTICIPANTS=8000 BENCH_ACTIVITIES=160000 takes minutes.
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "50000"))
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "1000000"))
PARTNERS = 40
SEED = 7
REPEATS = 3
PAGE_SIZE = 5000

# The sample runs from 2023-04-01 to 2026-03-31; this quarter is inside it.
WINDOWS: dict[str, tuple[date | None, date | None]] = {
    "open": (None, None),
    "2025 Q1": (date(2025, 1, 1), date(2025, 3, 31)),
}


@contextlib.contextmanager
def _neo4j() -> Iterator[tuple[str, tuple[str, str] | None]]:
    uri = os.environ.get("NEO4J_BENCH_URI")
    if uri:
        user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        yield uri, (user, password) if user and password else None
        return
    from tests.neo4j_server import start_server

    with start_server(heap="4g") as server:
        yield server.uri, None


def _wipe(uri: str, auth: Any) -> None:
    # CALL ... IN TRANSACTIONS runs only in an auto-commit transaction, so
    # this uses session.run.
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver, driver.session() as s:
        s.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


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


def _best_of(step: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - start)
    return best


def _run_suite(store: Store, since: date | None, until: date | None) -> None:
    analyses.flows(store, since, until)
    analyses.timings(store, since, until)
    analyses.collaboration(store, since, until)
    analyses.metrics(store, since, until)
    analyses.progress(store, since, until)
    analyses.partner_progress(store, since, until)
    analyses.quarterly_progress(store, since, until)
    analyses.network_over_time(store, since, until)


def _read_every(list_page: Callable[..., Page[Any]], where: Any) -> Iterator[Any]:
    after = None
    while True:
        page = list_page(where=where, after=after, first=PAGE_SIZE)
        yield from page.items
        if not page.has_next_page:
            return
        after = page.items[-1].id


def _link(graph: nx.Graph, participant_id: str, partner_id: str) -> None:
    # One edge per participant and partner, counting the records behind it,
    # because a MultiGraph edge per record would not change the projection.
    participant = ("participant", participant_id)
    partner = ("partner", partner_id)
    if graph.has_edge(participant, partner):
        graph[participant][partner]["records"] += 1
    else:
        graph.add_edge(participant, partner, records=1)


def _run_baseline(
    store: Store, since: date | None, until: date | None
) -> NetworkMetrics:
    """Compute the network measures from every record of the window."""
    graph = nx.Graph()
    partners = store.list_partners()
    partner_nodes = [("partner", partner.id) for partner in partners]
    graph.add_nodes_from(partner_nodes, bipartite=1)

    for referral in _read_every(
        store.list_referrals, ReferralFilter(since=since, until=until)
    ):
        _link(graph, referral.participant_id, referral.from_partner_id)
        if referral.to_partner_id is not None:
            _link(graph, referral.participant_id, referral.to_partner_id)
    for activity in _read_every(
        store.list_activities, ActivityFilter(since=since, until=until)
    ):
        _link(graph, activity.participant_id, activity.partner_id)
    for outcome in _read_every(
        store.list_outcomes, OutcomeFilter(since=since, until=until)
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


def _measure(store: Store) -> list[tuple[str, float, float]]:
    rows = []
    for label, (since, until) in WINDOWS.items():
        suite = _best_of(lambda s=since, u=until: _run_suite(store, s, u))
        baseline = _best_of(lambda s=since, u=until: _run_baseline(store, s, u))
        rows.append((label, suite, baseline))
    return rows


def main() -> None:
    """Run the benchmark and print suite and baseline times per store."""
    with tempfile.TemporaryDirectory() as name, _neo4j() as (uri, auth):
        folder = Path(name)
        start = time.perf_counter()
        write_sample(
            folder / "sample", seed=SEED, partners=PARTNERS, participants=PARTICIPANTS
        )
        dataset = _with_extra_activities(load_dataset(folder / "sample"), ACTIVITIES)
        print(
            f"sample: {len(dataset.participants):,} participants, "
            f"{len(dataset.referrals):,} referrals, "
            f"{len(dataset.activities):,} activities, "
            f"{len(dataset.outcomes):,} outcomes "
            f"in {time.perf_counter() - start:.1f} s"
        )

        results: dict[str, list[tuple[str, float, float]]] = {}
        with open_store(f"sqlite:///{folder / 'store.db'}") as store:
            start = time.perf_counter()
            store.import_dataset(dataset)
            print(f"sqlite import: {time.perf_counter() - start:.1f} s")
            results["sqlite"] = _measure(store)

        _wipe(uri, auth)
        with Neo4jStore(uri, auth=auth) as store:
            start = time.perf_counter()
            store.import_dataset(dataset)
            print(f"neo4j import: {time.perf_counter() - start:.1f} s")
            results["neo4j"] = _measure(store)
        _wipe(uri, auth)

        print(f"cores: {os.cpu_count()}, date: {date.today().isoformat()}")
        print("store   window    suite s  baseline s  baseline / suite")
        for store_name, rows in results.items():
            for label, suite, baseline in rows:
                print(
                    f"{store_name:<6}  {label:<8}  {suite:>7.2f}  {baseline:>10.2f}  "
                    f"{baseline / suite:>16.1f}"
                )
