"""The lineage graph for other tools: JSON, GraphML (networkx, Gephi, yEd) and
DOT (Graphviz).

GraphML attributes must be scalars, so lists (evidence spans, finding ids)
are written as JSON strings and empty values left out. DOT draws a file of
several articles as a cluster of its segments, undirected relations without
arrowheads, and each relation in its own style.
"""

from __future__ import annotations

import json
from typing import Any

from ..lineage import to_networkx
from ..model import Report

FORMATS = ("json", "graphml", "dot")

_STYLE = {
    "wire-copy": {"color": "#1f77b4", "penwidth": "2"},
    "derived": {"color": "#d62728"},
    "quotes-same-source": {"color": "#2ca02c", "style": "dashed"},
    "duplicate": {"color": "#7f7f7f", "penwidth": "2"},
}
_SHAPE = {"document": "box", "segment": "note", "agency": "ellipse", "source": "diamond"}


def to_graph_json(report: Report) -> str:
    """The report's ``lineage`` block (nodes, edges, clusters) on its own."""
    return json.dumps(report.lineage, ensure_ascii=False, indent=2) + "\n"


def _scalar(value: Any) -> Any:
    if isinstance(value, (bool, int, float, str)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def to_graphml(report: Report) -> str:
    """GraphML of the lineage graph, one ``<edge>`` per relation between two nodes."""
    import networkx as nx  # only when asked for: the other commands start faster

    graph = to_networkx(report.lineage)
    flat = nx.MultiDiGraph()
    flat.graph["clusters"] = _scalar(graph.graph.get("clusters", []))
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in attrs.items() if v is not None})
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **{k: _scalar(v) for k, v in attrs.items() if v is not None})
    return "\n".join(nx.generate_graphml(flat, prettyprint=True)) + "\n"


def _id(name: str) -> str:
    # Quoted, or pydot reads "agency:Reuters" as node "agency", port "Reuters".
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(text: str, width: int = 48) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def to_dot(report: Report) -> str:
    """Graphviz DOT of the lineage graph (render with ``dot -Tsvg``)."""
    import pydot

    graph = to_networkx(report.lineage)
    dot = pydot.Dot("lineage", graph_type="digraph", rankdir="LR", fontname="Helvetica")
    clusters: dict[str, pydot.Cluster] = {}
    parents = {attrs["document"] for _, attrs in graph.nodes(data=True) if attrs.get("document")}
    for node, attrs in graph.nodes(data=True):
        if node in parents:  # drawn as the cluster around its articles
            continue
        label = _label(attrs.get("label") or node)
        if attrs.get("type") == "document" and label != node:
            label = f"{_label(node)}\n{label}"
        if attrs.get("published"):
            label += f"\n{attrs['published']}"
        if attrs.get("attribution"):
            label += f"\n[{_label(attrs['attribution'], 40)}]"
        item = pydot.Node(_id(node), label=label, shape=_SHAPE.get(attrs.get("type", ""), "box"), tooltip=node)
        parent = attrs.get("document")
        if parent:
            if parent not in clusters:
                clusters[parent] = pydot.Cluster(f"c{len(clusters)}", label=_label(parent), style="rounded")
                dot.add_subgraph(clusters[parent])
            clusters[parent].add_node(item)
        else:
            dot.add_node(item)
    for source, target, attrs in graph.edges(data=True):
        relation = attrs.get("relation", "")
        style = dict(_STYLE.get(relation, {}))
        if not attrs.get("directed", True):
            style["dir"] = "none"
        label = f"{relation} {attrs.get('confidence', 0):.2f}"
        dot.add_edge(pydot.Edge(_id(source), _id(target), label=label, **style))
    return dot.to_string()


def render(report: Report, fmt: str) -> str:
    """The lineage graph in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return to_graph_json(report)
    if fmt == "graphml":
        return to_graphml(report)
    if fmt == "dot":
        return to_dot(report)
    raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")
