"""The seven Drabek emergency networks, imported, stored and analysed.

Each folder under ``tests/data/real/drabek-emergency-networks`` is a real
inter-organisational network in the import format, described with its
source and licence in ``tests/data/real/README.md``. These tests check that
real network structure passes through the whole pipeline: the importer
accepts it, the store keeps every record, and the analyses and the network
map built from the store's aggregates cover every partner with no NaN.
"""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from api import analyses
from graph.importer import load_dataset
from graph.store import RECORD_KINDS
from graph.stores import open_store
from visualisations.network_map import render_network_map

NETWORKS = Path(__file__).parent / "data" / "real" / "drabek-emergency-networks"
SITES = sorted(path.name for path in NETWORKS.iterdir() if path.is_dir())

# The vis-network node list that pyvis writes into the map page.
MAP_NODES = re.compile(r"nodes = new vis\.DataSet\((\[.*?\])\);", re.S)


def _csv_rows(site: str, kind: str) -> list[dict[str, str]]:
    with (NETWORKS / site / f"{kind}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _partner_ids(site: str) -> list[str]:
    return sorted(row["id"] for row in _csv_rows(site, "partners"))


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _nan_cells(frame: pd.DataFrame) -> list[tuple[object, str]]:
    """Return (row label, column) of every NaN in ``frame``. ``None``, which
    the analyses use for undefined values, is not NaN."""
    return [
        (label, column)
        for column in frame.columns
        for label, value in frame[column].items()
        if _is_nan(value)
    ]


@pytest.fixture(params=SITES)
def site_store(request, store):
    """A fresh store holding one site, and the site's name."""
    store.import_dataset(load_dataset(NETWORKS / request.param))
    return store, request.param


@pytest.fixture(scope="module", params=SITES)
def shared_site_store(request, tmp_path_factory):
    """A store holding one site, and the site's name, shared by the tests
    that only read, so each site is imported once for all of them."""
    path = tmp_path_factory.mktemp(request.param) / "partnergraph.db"
    with open_store(f"sqlite:///{path}") as store:
        store.import_dataset(load_dataset(NETWORKS / request.param))
        yield store, request.param


def test_all_seven_sites_present():
    assert SITES == [
        "Cheyenne",
        "HurrFrederic",
        "LakePomona",
        "MtSi",
        "MtStHelens",
        "Texas",
        "Wichita",
    ]


@pytest.mark.parametrize("site", SITES)
def test_site_loads(site):
    dataset = load_dataset(NETWORKS / site)

    for kind in RECORD_KINDS:
        assert len(getattr(dataset, kind)) == len(_csv_rows(site, kind)), kind


def test_site_stored_with_every_record(site_store):
    store, site = site_store

    counts = store.count_records()
    for kind in RECORD_KINDS:
        assert counts[kind] == len(_csv_rows(site, kind)), kind
    partner_ids = [partner.id for partner in store.list_partners()]
    assert partner_ids == _partner_ids(site)


def test_site_referral_counts_match_csv(shared_site_store):
    store, site = shared_site_store
    expected: dict[tuple[str, str], int] = {}
    for row in _csv_rows(site, "referrals"):
        pair = (row["from_partner_id"], row["to_partner_id"])
        expected[pair] = expected.get(pair, 0) + 1

    counted: dict[tuple[str, str], int] = {}
    for count in store.referral_counts():
        pair = (count.from_partner_id, count.to_id)
        counted[pair] = counted.get(pair, 0) + count.count
    assert counted == expected


def test_site_graph_has_every_partner(shared_site_store):
    store, site = shared_site_store

    graph = analyses.referral_graph(store)

    assert sorted(graph.nodes) == _partner_ids(site)
    referrals = sum(data["referrals"] for _, _, data in graph.edges(data=True))
    assert referrals == len(_csv_rows(site, "referrals"))


def test_site_flows_cover_referrals(shared_site_store):
    store, site = shared_site_store

    flows = analyses.flows(store)

    assert flows["referrals"].sum() == len(_csv_rows(site, "referrals"))
    assert set(flows["from_partner_id"]) <= set(_partner_ids(site))
    assert set(flows["to_id"]) <= set(_partner_ids(site))
    assert _nan_cells(flows) == []


def test_site_collaboration_scores_defined(shared_site_store):
    store, site = shared_site_store

    strength = analyses.collaboration(store)

    assert len(strength) > 0
    assert set(strength["partner_a"]) <= set(_partner_ids(site))
    assert set(strength["partner_b"]) <= set(_partner_ids(site))
    assert _nan_cells(strength) == []
    for score in strength.loc[strength["judged"], "score"]:
        assert 0 <= score <= 1


def test_site_metrics_have_no_nan(shared_site_store):
    store, site = shared_site_store

    metrics = analyses.metrics(store)

    assert metrics.partners == len(_partner_ids(site))
    assert metrics.referrals == len(_csv_rows(site, "referrals"))
    assert metrics.components >= 1
    for name in ("density", "reciprocity"):
        value = getattr(metrics, name)
        assert value is not None, name
        assert not _is_nan(value), name
    assert sorted(metrics.per_partner.index) == _partner_ids(site)
    assert _nan_cells(metrics.per_partner) == []


@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
@pytest.mark.parametrize("weight", ["volume", "strength"])
def test_site_metrics_defined_in_every_view(shared_site_store, directed, weight):
    store, site = shared_site_store

    metrics = analyses.metrics(store, directed=directed, weight=weight)

    assert metrics.partners == len(_partner_ids(site))
    assert metrics.density is not None
    assert not _is_nan(metrics.density)
    assert _nan_cells(metrics.per_partner) == []
    if weight == "strength":
        assert 0 <= metrics.unscored_ties <= metrics.ties
    centrality = metrics.per_partner["centrality"]
    assert centrality.notna().all(), metrics.eigenvector_status


def test_site_map_shows_every_partner(shared_site_store):
    store, site = shared_site_store
    graph = analyses.referral_graph(store)

    page = render_network_map(graph, title=site)

    match = MAP_NODES.search(page)
    assert match is not None, "no vis-network node list in the page"
    nodes = json.loads(match.group(1))
    assert sorted(node["id"] for node in nodes) == _partner_ids(site)
    names = {row["id"]: row["name"] for row in _csv_rows(site, "partners")}
    for node in nodes:
        assert node["label"] == names[node["id"]], node
