"""Import and aggregation timings of the SQLite store on a large sample.

Prints the time of each step and, for referral counts, the ratio between
counting in SQLite and loading every referral into Python to count it
there. Run with ``make bench`` or ``python -m benchmarks bench_store``.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from api import analyses
from graph.importer import import_path
from graph.sample import write_sample
from graph.store import Store
from graph.stores import open_store

PARTICIPANTS = 20_000
PARTNERS = 40
REPEATS = 3


def _best_of(step: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = step()
        best = min(best, time.perf_counter() - start)
    return best, result


def _count_in_python(store: Store) -> Counter:
    counts: Counter = Counter()
    after = None
    while True:
        page = store.list_referrals(after=after, first=5000)
        for referral in page.items:
            counts[referral.from_partner_id, referral.to_id, referral.status] += 1
        if not page.has_next_page:
            return counts
        after = page.items[-1].id


def main() -> None:
    """Run the benchmark and print its timings."""
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "sample"
        start = time.perf_counter()
        written = write_sample(
            sample, seed=7, partners=PARTNERS, participants=PARTICIPANTS
        )
        print(f"sample: {written} in {time.perf_counter() - start:.2f} s")

        with open_store(f"sqlite:///{Path(folder) / 'bench.db'}") as store:
            start = time.perf_counter()
            import_path(store, sample)
            print(f"first import: {time.perf_counter() - start:.2f} s")
            start = time.perf_counter()
            import_path(store, sample)
            print(f"re-import (no changes): {time.perf_counter() - start:.2f} s")

            in_sql, _ = _best_of(store.referral_counts)
            in_python, _ = _best_of(lambda: _count_in_python(store))
            print(f"referral counts in SQLite: {in_sql * 1000:.1f} ms")
            print(f"referral counts in Python: {in_python * 1000:.1f} ms")
            print(f"ratio Python / SQLite: {in_python / in_sql:.1f}")

            shared, _ = _best_of(store.shared_participants)
            print(f"shared participants: {shared * 1000:.1f} ms")
            metrics, _ = _best_of(lambda: analyses.metrics(store))
            print(f"network metrics (store + networkx): {metrics * 1000:.1f} ms")
