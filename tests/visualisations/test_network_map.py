from __future__ import annotations

import json
import math
import re

import pytest

from analysis.referral_graph import build_referral_graph
from graph.model import Partner
from graph.store import PartnerReach, ReferralCount
from visualisations import network_map
from visualisations.network_map import (
    PALETTE,
    PHYSICS_MAX_NODES,
    render_network_map,
    write_network_map,
)

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_TYPE = '</script><img src=x onerror="alert(2)">'
HOSTILE_TITLE = "Map & <b>bold</b> </script><script>alert(3)</script>"

PARTNERS = [
    Partner("P1", HOSTILE_NAME, "youth service"),
    Partner("P2", 'Href "quoted" & <co>', HOSTILE_TYPE),
    Partner("P3", "Café Ünïcode ✓", "training provider"),
    Partner("P4", "No type"),
]
COUNTS = [
    ReferralCount("P1", "P2", "partner", "accepted", 4),
    ReferralCount("P2", "P1", "partner", "declined", 1),
    ReferralCount("P3", "P1", "partner", "completed", 2),
]
REACH = [PartnerReach("P1", 40), PartnerReach("P2", 10), PartnerReach("P3", 0)]

# Any src or href attribute whose value is an absolute or protocol-relative
# address.
REMOTE_ATTRIBUTE = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture
def graph():
    return build_referral_graph(PARTNERS, COUNTS, REACH)


@pytest.fixture
def page(graph):
    return render_network_map(graph, title=HOSTILE_TITLE)


def _data_set(page: str, name: str) -> list[dict]:
    """Return the JSON list a page hands to ``new vis.DataSet`` for ``name``."""
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);\n", page, re.S)
    assert match is not None, f"no {name} data set in the page"
    return json.loads(match.group(1))


def _options(page: str) -> dict:
    match = re.search(r"var options = (\{.*?\});\n", page, re.S)
    assert match is not None, "no options in the page"
    return json.loads(match.group(1))


def test_map_loads_nothing_remote(page):
    assert REMOTE_ATTRIBUTE.search(page) is None
    assert "<link" not in page
    assert re.search(r"<script\b[^>]*\bsrc\s*=", page) is None


def test_map_inlines_vis_network(page):
    assert "vis-network" in page
    assert "new vis.Network(container, data, options)" in page
    # A piece of vis-network's own code, not only the call to it.
    assert 'this.frame.className="vis-tooltip"' in page


def test_map_declares_utf8(page):
    assert '<meta charset="utf-8">' in page
    assert page.startswith("<!DOCTYPE html>")


def test_written_map_is_utf8(graph, tmp_path):
    path = write_network_map(graph, tmp_path / "map.html", title="Café ✓ map")

    assert path == tmp_path / "map.html"
    text = path.read_bytes().decode("utf-8")
    assert "<h1" in text
    assert "Café ✓ map</h1>" in text


def test_hostile_names_shown_as_text(page):
    assert HOSTILE_NAME not in page
    assert "<script>alert(" not in page
    assert "<img src=x" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_hostile_type_escaped_in_legend(page):
    assert "&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page


def test_embedded_data_round_trips(page):
    nodes = _data_set(page, "nodes")

    labels = {node["id"]: node["label"] for node in nodes}
    assert labels["P1"] == HOSTILE_NAME
    assert labels["P2"] == 'Href "quoted" & <co>'
    assert labels["P3"] == "Café Ünïcode ✓"


def test_tooltips_stay_plain_text(page):
    # pyvis switches tooltips to HTML when one contains "href", so the page
    # must show that it kept vis-network's plain-text tooltips.
    assert "popup.innerHTML" not in page
    nodes = {node["id"]: node for node in _data_set(page, "nodes")}
    assert nodes["P1"]["title"].splitlines() == [
        HOSTILE_NAME,
        "Youth service",
        "Participants: 40",
        "Referrals sent: 4",
        "Referrals received: 3",
    ]


def test_every_node_and_edge_present(graph, page):
    nodes = _data_set(page, "nodes")
    edges = _data_set(page, "edges")

    assert sorted(node["id"] for node in nodes) == ["P1", "P2", "P3", "P4"]
    assert sorted((edge["from"], edge["to"]) for edge in edges) == sorted(graph.edges)
    assert all(edge["arrows"] == "to" for edge in edges)


def test_edge_tooltip_counts(page):
    edges = {(edge["from"], edge["to"]): edge for edge in _data_set(page, "edges")}

    lines = edges[("P1", "P2")]["title"].splitlines()
    assert "Referrals: 4" in lines
    assert "Accepted, in progress: 4" in lines


def test_sizes_follow_volume(page):
    nodes = {node["id"]: node for node in _data_set(page, "nodes")}
    edges = {(edge["from"], edge["to"]): edge for edge in _data_set(page, "edges")}

    assert nodes["P1"]["size"] > nodes["P2"]["size"] > nodes["P3"]["size"]
    assert nodes["P3"]["size"] == nodes["P4"]["size"]
    assert edges[("P1", "P2")]["width"] > edges[("P3", "P1")]["width"]
    assert edges[("P3", "P1")]["width"] > edges[("P2", "P1")]["width"]


def test_colours_and_legend(page):
    nodes = {node["id"]: node for node in _data_set(page, "nodes")}

    # Types in name order take the palette in order: the hostile type sorts
    # first ("<"), then "training provider", then "youth service".
    assert nodes["P2"]["color"] == PALETTE[0]
    assert nodes["P3"]["color"] == PALETTE[1]
    assert nodes["P1"]["color"] == PALETTE[2]
    # The legend writes types in sentence case with spaces for underscores.
    for label in ("Training provider", "Youth service", "Type not given"):
        assert f"</span>{label}</li>" in page


def test_map_deterministic(graph):
    first = render_network_map(graph, title="Map", seed=7)
    second = render_network_map(graph, title="Map", seed=7)

    assert first == second


def test_small_map_uses_physics(page):
    options = _options(page)

    assert options["physics"]["enabled"] is True
    assert options["layout"]["randomSeed"] == 1
    assert all("x" not in node for node in _data_set(page, "nodes"))


def _large_graph():
    count = PHYSICS_MAX_NODES + 10
    partners = [Partner(f"P{i:03d}", f"Partner {i}") for i in range(count)]
    counts = [
        ReferralCount(f"P{i:03d}", f"P{(i + 1) % count:03d}", "partner", "made", 1)
        for i in range(count)
    ]
    return build_referral_graph(partners, counts)


def test_large_map_turns_physics_off():
    page = render_network_map(_large_graph(), title="Large")

    assert _options(page)["physics"]["enabled"] is False
    nodes = _data_set(page, "nodes")
    assert len(nodes) == PHYSICS_MAX_NODES + 10
    assert all(node["physics"] is False for node in nodes)
    assert all(isinstance(node["x"], float) for node in nodes)


def test_large_map_layout_follows_seed():
    graph = _large_graph()

    first = render_network_map(graph, title="Large", seed=1)
    again = render_network_map(graph, title="Large", seed=1)
    other = render_network_map(graph, title="Large", seed=2)

    assert first == again
    assert first != other


def test_empty_map():
    page = render_network_map(build_referral_graph([], []), title="Nobody yet")

    assert "Nobody yet</h1>" in page
    assert _data_set(page, "nodes") == []


def test_very_large_map_uses_circle(monkeypatch):
    # The spring layout needs SciPy from 500 nodes on, so larger maps fall
    # back to a circle. A lower limit exercises that path on a small graph.
    monkeypatch.setattr(network_map, "SPRING_LAYOUT_MAX_NODES", PHYSICS_MAX_NODES)

    page = render_network_map(_large_graph(), title="Very large")

    for node in _data_set(page, "nodes"):
        radius = math.hypot(node["x"], node["y"])
        assert radius == pytest.approx(network_map.LAYOUT_SCALE, abs=0.2)
