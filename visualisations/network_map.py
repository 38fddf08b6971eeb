"""The interactive referral network map, as one offline HTML file.

The map is drawn by vis-network through pyvis 0.3.2. pyvis inlines
vis-network with ``cdn_resources="in_line"``, but its template still links
Bootstrap from a CDN and inserts the heading as raw HTML. This module
therefore renders the template itself, removes every link to a remote
address, and writes the heading and legend escaped.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from graph.access.privacy import SUPPRESSED, suppress_counts
from graph.rules import REFERRAL_STATUSES

# Above this many nodes, positions are computed in Python and physics is
# turned off, because physics stabilisation is what makes large vis-network
# maps slow to open. The limit is a judgement, not a measurement.
PHYSICS_MAX_NODES = 50

# networkx's spring layout needs SciPy from 500 nodes on, which is not a
# dependency, so larger maps use a circular layout.
SPRING_LAYOUT_MAX_NODES = 499

# Half the width, in vis-network pixels, of a layout computed in Python.
LAYOUT_SCALE = 1500

# Colours of partner types, in order of type name (matplotlib's "tab10"
# without its grey, which marks a missing type).
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
)
NO_TYPE_COLOUR = "#7f7f7f"
EMPLOYER_COLOUR = "#333333"
NO_TYPE_LABEL = "type not given"
EMPLOYER_LABEL = "employer"

# Tooltip wording of each referral status. A "made" referral awaits the
# receiver's decision.
STATUS_LABELS = {
    "made": "Awaiting a decision",
    "accepted": "Accepted, in progress",
    "completed": "Completed",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
}

MIN_NODE_SIZE = 10
MAX_NODE_SIZE = 40
MIN_EDGE_WIDTH = 1
MAX_EDGE_WIDTH = 10

# <link> and <script> tags of pyvis's template that load from the internet.
REMOTE_LINK = re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']?https?://[^>]*>""", re.I)
REMOTE_SCRIPT = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?https?://[^>]*>\s*</script\s*>""", re.I
)
# A commented-out block of pyvis's template naming files of its own
# development tree.
DEVELOPMENT_COMMENT = re.compile(r"<!--\s*<link\b[^>]*node_modules.*?-->", re.I | re.S)
EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.I)
BODY_TAG = re.compile(r"<body\b[^>]*>", re.I)


def render_network_map(
    graph: nx.DiGraph,
    *,
    title: str,
    seed: int = 1,
    suppress_below: int | None = None,
) -> str:
    """Render ``graph`` as an interactive map in one self-contained HTML page.

    Parameters
    ----------
    graph : networkx.DiGraph
        A referral graph from ``build_referral_graph``. Nodes may carry
        ``name``, ``type``, ``kind`` and ``participants``, and edges may carry
        ``referrals`` and the status counts. Missing attributes fall back to
        the node id, no type, 0 participants and 1 referral.
    title : str
        Heading of the page, shown as text.
    seed : int, optional (default=1)
        Seed of the layout: vis-network's ``randomSeed`` for small maps, the
        spring layout's seed for large ones.
    suppress_below : int or None, optional (default=None)
        The small-number threshold, for a map shown to people who may see
        only suppressed counts. Tooltips then show counts from 1 to the
        threshold - 1 as "<N" (and hide one more status count where the
        total would give a hidden one away), and nodes and edges are drawn
        no smaller for a count of 1 than for the threshold, so their size
        does not tell the count either.

    Returns
    -------
    page : str
        The HTML page, which loads nothing from the network.

    Notes
    -----
    Node area grows with participants and edge width with referrals, both
    relative to the largest in the map. Colours follow partner types in
    name order, so they stay the same between maps of the same partners but
    may differ between partnerships. Tooltips are plain text.

    With more than ``PHYSICS_MAX_NODES`` nodes the layout is computed in
    Python and physics is off, so partners stay where they are drawn.
    Otherwise vis-network lays the map out in the browser from ``seed``.
    The same graph, title and seed give the same page.
    """
    nodes = sorted(graph.nodes, key=str)
    legend = _type_colours(graph, nodes)
    physics = len(nodes) <= PHYSICS_MAX_NODES
    positions = {} if physics else _positions(graph, nodes, seed)

    network = Network(
        height="760px", width="100%", directed=True, cdn_resources="in_line"
    )
    _add_nodes(network, graph, nodes, legend, positions, suppress_below)
    _add_edges(network, graph, suppress_below)
    network.options = _options(physics, seed)

    page = _render_template(network)
    return _finish_page(page, title, legend)


def write_network_map(
    graph: nx.DiGraph,
    path: str | Path,
    *,
    title: str,
    seed: int = 1,
    suppress_below: int | None = None,
) -> Path:
    """Write the map of ``graph`` to ``path`` as UTF-8 and return the path.

    See ``render_network_map`` for the parameters.
    """
    path = Path(path)
    path.write_text(
        render_network_map(
            graph, title=title, seed=seed, suppress_below=suppress_below
        ),
        encoding="utf-8",
    )
    return path


def _type_colours(graph: nx.DiGraph, nodes: list) -> dict[str, str]:
    """Map each legend label present in the graph to its colour."""
    types = set()
    has_missing_type = False
    has_employer = False
    for node in nodes:
        data = graph.nodes[node]
        if data.get("kind") == "employer":
            has_employer = True
        elif data.get("type"):
            types.add(str(data["type"]))
        else:
            has_missing_type = True

    colours = {
        name: PALETTE[index % len(PALETTE)] for index, name in enumerate(sorted(types))
    }
    if has_missing_type:
        colours[NO_TYPE_LABEL] = NO_TYPE_COLOUR
    if has_employer:
        colours[EMPLOYER_LABEL] = EMPLOYER_COLOUR
    return colours


def _legend_label(data: dict) -> str:
    if data.get("kind") == "employer":
        return EMPLOYER_LABEL
    return str(data["type"]) if data.get("type") else NO_TYPE_LABEL


def _positions(graph: nx.DiGraph, nodes: list, seed: int) -> dict:
    undirected = nx.Graph()
    undirected.add_nodes_from(nodes)
    undirected.add_edges_from(
        sorted(graph.edges, key=lambda edge: tuple(map(str, edge)))
    )
    if len(nodes) <= SPRING_LAYOUT_MAX_NODES:
        layout = nx.spring_layout(undirected, seed=seed, method="force")
    else:
        layout = nx.circular_layout(undirected)
    return {
        node: (round(float(x) * LAYOUT_SCALE, 1), round(float(y) * LAYOUT_SCALE, 1))
        for node, (x, y) in layout.items()
    }


def _add_nodes(network, graph, nodes, legend, positions, suppress_below) -> None:
    max_participants = max(
        (
            _drawn(graph.nodes[node].get("participants", 0) or 0, suppress_below)
            for node in nodes
        ),
        default=0,
    )
    for node in nodes:
        data = graph.nodes[node]
        participants = _drawn(data.get("participants", 0) or 0, suppress_below)
        options = {
            "title": _node_tooltip(graph, node, suppress_below),
            "size": _scaled(
                participants, max_participants, MIN_NODE_SIZE, MAX_NODE_SIZE
            ),
        }
        if node in positions:
            options["x"], options["y"] = positions[node]
            options["physics"] = False
        network.add_node(
            str(node),
            label=str(data.get("name", node)),
            color=legend[_legend_label(data)],
            **options,
        )


def _add_edges(network, graph, suppress_below) -> None:
    edges = sorted(
        graph.edges(data=True), key=lambda edge: (str(edge[0]), str(edge[1]))
    )
    drawn = [_edge_drawn(data, suppress_below) for _, _, data in edges]
    # The widest edge is the largest drawn value, so the scale gives no
    # hidden count back either.
    max_referrals = max(drawn, default=0)
    for (sender, receiver, _data), value in zip(edges, drawn, strict=True):
        network.add_edge(
            str(sender),
            str(receiver),
            title=_edge_tooltip(graph, sender, receiver, suppress_below),
            width=_scaled(value, max_referrals, MIN_EDGE_WIDTH, MAX_EDGE_WIDTH),
        )


def _edge_drawn(data: dict, suppress_below: int | None) -> int:
    """Return the count an edge's width is drawn from: a hidden total is
    drawn as the threshold, or its width would give it back."""
    count = _drawn(data.get("referrals", 1), suppress_below)
    if suppress_below is not None and isinstance(
        _edge_total(data, suppress_below), str
    ):
        return suppress_below
    return count


def _drawn(count: int, suppress_below: int | None) -> int:
    """Return the count a size is drawn from: a small count drawn as the
    threshold when counts are suppressed."""
    if suppress_below is not None and 0 < count < suppress_below:
        return suppress_below
    return count


def _shown(count: int, suppress_below: int | None) -> str:
    if suppress_below is not None and 0 < count < suppress_below:
        return f"<{suppress_below}"
    return str(count)


def _scaled(value: float, maximum: float, smallest: float, largest: float) -> float:
    """Map ``value`` from 0..``maximum`` onto ``smallest``..``largest``.

    The size grows with the square root of ``value``, so a circle's area,
    not its radius, follows the value.
    """
    if maximum <= 0 or value <= 0:
        return float(smallest)
    share = math.sqrt(min(value, maximum) / maximum)
    return round(smallest + (largest - smallest) * share, 2)


def _name(graph: nx.DiGraph, node) -> str:
    return str(graph.nodes[node].get("name", node))


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _node_tooltip(graph: nx.DiGraph, node, suppress_below: int | None) -> str:
    data = graph.nodes[node]
    sent_count: int = graph.out_degree(node, weight="referrals")
    received_count: int = graph.in_degree(node, weight="referrals")
    sent: int | str = sent_count
    received: int | str = received_count
    if suppress_below is not None:
        # A node's total less its shown edges would give a hidden edge back.
        sent = _node_total(sent_count, graph.out_edges(node, data=True), suppress_below)
        received = _node_total(
            received_count, graph.in_edges(node, data=True), suppress_below
        )
    lines = [
        _name(graph, node),
        _sentence_case(_legend_label(data)),
        f"Participants: {_shown(data.get('participants', 0) or 0, suppress_below)}",
        f"Referrals sent: {sent}",
        f"Referrals received: {received}",
    ]
    return "\n".join(lines)


def _node_total(total: int, edges: Iterable, threshold: int) -> int | str:
    """Return a node's referral total as shown: hidden when any of its
    edges' totals is."""
    if 0 < total < threshold:
        return f"<{threshold}"
    if any(isinstance(_edge_total(data, threshold), str) for *_ends, data in edges):
        return SUPPRESSED
    return total


def _edge_total(data: dict, threshold: int) -> int | str:
    """Return an edge's referral total as its tooltip shows it."""
    statuses = {status: data[status] for status in REFERRAL_STATUSES if status in data}
    total = data.get("referrals", 1)
    if statuses:
        return suppress_counts(statuses, threshold).total
    return _shown(total, threshold) if 0 < total < threshold else total


def _edge_tooltip(
    graph: nx.DiGraph, sender, receiver, suppress_below: int | None
) -> str:
    data = graph.edges[sender, receiver]
    statuses = {status: data[status] for status in REFERRAL_STATUSES if status in data}
    total: int | str = data.get("referrals", 1)
    if suppress_below is not None:
        statuses = dict(suppress_counts(statuses, suppress_below).counts)
        total = _edge_total(data, suppress_below)
    lines = [
        f"{_name(graph, sender)} \N{RIGHTWARDS ARROW} {_name(graph, receiver)}",
        f"Referrals: {total}",
    ]
    lines.extend(
        f"{STATUS_LABELS.get(status, status)}: {count}"
        for status, count in statuses.items()
    )
    return "\n".join(lines)


def _options(physics: bool, seed: int) -> dict:
    return {
        "layout": {"randomSeed": seed, "improvedLayout": True},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -120,
                "springLength": 160,
                "avoidOverlap": 0.6,
            },
            "stabilization": {"enabled": True, "iterations": 300},
        },
        "nodes": {"shape": "dot", "font": {"size": 14}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": "#8a8a8a", "highlight": "#333333"},
            # Curves keep the two directions of a reciprocal tie apart.
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15},
        },
        "interaction": {"hover": True, "tooltipDelay": 150},
    }


def _render_template(network: Network) -> str:
    """Render pyvis's template with HTML tooltips, menus and heading off.

    ``Network.generate_html`` switches tooltips to HTML rendering when one
    contains "href", so this renders the template directly instead.
    """
    nodes, edges, _, height, width, options = network.get_network_data()
    template = network.templateEnv.get_template(network.path)
    return template.render(
        height=height,
        width=width,
        nodes=nodes,
        edges=edges,
        heading="",
        options=options,
        physics_enabled=network.options["physics"]["enabled"],
        use_DOT=False,
        dot_lang="",
        widget=False,
        bgcolor=network.bgcolor,
        conf=False,
        tooltip_link=False,
        neighborhood_highlight=False,
        select_menu=False,
        filter_menu=False,
        notebook=False,
        cdn_resources="in_line",
    )


def _finish_page(page: str, title: str, legend: dict[str, str]) -> str:
    page = REMOTE_LINK.sub("", page)
    page = REMOTE_SCRIPT.sub("", page)
    page = DEVELOPMENT_COMMENT.sub("", page)
    page = EMPTY_HEADING.sub("", page)
    page = page.replace(
        '<meta charset="utf-8">',
        f'<meta charset="utf-8">\n        <title>{html.escape(title)}</title>',
        1,
    )

    header = _header_html(title, legend.items())
    match = BODY_TAG.search(page)
    if match is None:
        raise RuntimeError("pyvis's template has no <body> tag to put the heading in")
    page = page[: match.end()] + header + page[match.end() :]
    return "<!DOCTYPE html>\n" + page


def _header_html(title: str, legend: Iterable[tuple[str, str]]) -> str:
    items = "".join(
        '<li style="display:inline-block;margin-right:1.2em">'
        f'<span style="display:inline-block;width:0.9em;height:0.9em;'
        f'border-radius:50%;background:{colour};margin-right:0.35em"></span>'
        f"{html.escape(_sentence_case(label.replace('_', ' ')))}</li>"
        for label, colour in legend
    )
    return (
        '\n<header style="font-family:sans-serif;padding:0.5em 1em">'
        f'<h1 style="font-size:1.4em;margin:0 0 0.3em">{html.escape(title)}</h1>'
        f'<ul aria-label="Partner types" style="list-style:none;margin:0;padding:0">'
        f"{items}</ul></header>\n"
    )
