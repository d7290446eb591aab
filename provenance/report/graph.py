"""The lineage graph for other tools: JSON, GraphML (networkx, Gephi, yEd) and
DOT (Graphviz).

GraphML attributes must be scalars, so lists (evidence spans, finding ids)
are written as JSON strings and empty values left out. DOT draws a file of
several articles as a cluster of its segments, undirected relations without
arrowheads, and each relation in its own style.
"""

from __future__ import annotations

from typing import Any

from ..lineage.graph import to_networkx
from ..model import Report, json_text

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
    return json_text(report.lineage, indent=2) + "\n"


def _scalar(value: Any) -> Any:
    if isinstance(value, (bool, int, float, str)):
        return value
    return json_text(value, sort_keys=True)


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


# Members of a group drawn before the rest are one "… more" node.
_DRAWN_MEMBERS = 12


def to_dot(report: Report) -> str:
    """Graphviz DOT of the lineage graph (render with ``dot -Tsvg``), drawn
    to be read: each group of copies a small tree in a box, its root first
    and at most ``_DRAWN_MEMBERS`` members, the rest counted in one node; an
    article's credited agency in its label rather than as an edge from one
    node to every article crediting it; articles with no relation left out
    (counted in the title). The JSON and GraphML exports hold everything."""
    import pydot

    graph = to_networkx(report.lineage)
    # newrank: rank the whole graph at once, boxes and all (dot's default
    # ranks each box alone, and fails on edges between many of them).
    dot = pydot.Dot("lineage", graph_type="digraph", rankdir="LR", fontname="Helvetica", newrank="true")
    drawn_edges = [(u, v, a) for u, v, a in graph.edges(data=True) if a.get("relation") != "wire-copy"]
    hidden: set[str] = set()
    more: dict[str, tuple[str, int]] = {}  # group root -> (its "more" node, how many)
    for c in report.lineage.get("clusters", []):
        members = [m for m in c["documents"] if m != c["root"]]
        if len(members) > _DRAWN_MEMBERS:
            hidden.update(members[_DRAWN_MEMBERS:])
            more[c["root"]] = (f"{c['id']}:more", len(members) - _DRAWN_MEMBERS)
    drawn_edges = [(u, v, a) for u, v, a in drawn_edges if u not in hidden and v not in hidden]
    drawn_edges, fanned = _fanned(drawn_edges)
    linked = {n for u, v, _ in drawn_edges for n in (u, v)} | set(more)
    parents = {attrs["document"] for _, attrs in graph.nodes(data=True) if attrs.get("document")}
    in_cluster = {m: c for c in report.lineage.get("clusters", []) for m in c["documents"]}
    boxes: dict[str, pydot.Cluster] = {}

    def box(name: str, label: str) -> pydot.Cluster:
        if name not in boxes:
            boxes[name] = pydot.Cluster(f"c{len(boxes)}", label=_label(label, 60), style="rounded")
            dot.add_subgraph(boxes[name])
        return boxes[name]

    for node, attrs in graph.nodes(data=True):
        if node in parents or attrs.get("type") == "agency" or node not in linked:
            continue
        item = pydot.Node(_id(node), label=_node_label(node, attrs), shape=_SHAPE.get(attrs.get("type", ""), "box"))
        item.set("tooltip", node)
        parent = attrs.get("document")
        group = in_cluster.get(parent or node)
        if group is not None:
            size = len(group["documents"])
            box(group["id"], f"{size} copies of one article; root {group['root']}").add_node(item)
        elif parent:
            box(parent, parent).add_node(item)
        else:
            dot.add_node(item)
    for root, (name, count) in more.items():
        group = in_cluster[root]
        box(group["id"], "").add_node(pydot.Node(_id(name), label=f"… and {count} more copies", shape="note"))
        dot.add_edge(pydot.Edge(_id(root), _id(name), **_STYLE["duplicate"]))
    for k, (source, relation, count) in enumerate(fanned):
        name = f"fan-{k}"
        dot.add_node(pydot.Node(_id(name), label=f"… and {count} more ({relation})", shape="note"))
        dot.add_edge(pydot.Edge(_id(source), _id(name), **_STYLE.get(relation, {})))
    for source, target, attrs in drawn_edges:
        relation = attrs.get("relation", "")
        style = dict(_STYLE.get(relation, {}))
        if not attrs.get("directed", True):
            style["dir"] = "none"
        label = f"{relation} {attrs.get('confidence', 0):.2f}"
        dot.add_edge(pydot.Edge(_id(source), _id(target), label=label, **style))
    unrelated = sum(
        1
        for n, a in graph.nodes(data=True)
        if a.get("type") == "document" and n not in linked and n not in parents and n not in hidden
    )
    if unrelated:
        dot.set_label(f"{unrelated} documents related to no other are not drawn")
    return dot.to_string()


def _fanned(edges: list[tuple[str, str, dict]]) -> tuple[list[tuple[str, str, dict]], list[tuple[str, str, int]]]:
    """A passage many documents carry fans out from its source as a group
    does: the first copies drawn, the rest counted. The edges drawn, and per
    fan cut short its source, relation and the copies not drawn."""
    fans: dict[tuple[str, str], list[tuple[str, str, dict]]] = {}
    for edge in edges:
        fans.setdefault((edge[0], edge[2].get("relation", "")), []).append(edge)
    drawn, fanned = [], []
    for (source, relation), fan in fans.items():
        if relation == "duplicate" or len(fan) <= _DRAWN_MEMBERS:
            drawn += fan
            continue
        fan.sort(key=lambda e: e[1])
        drawn += fan[:_DRAWN_MEMBERS]
        fanned.append((source, relation, len(fan) - _DRAWN_MEMBERS))
    return drawn, fanned


def _node_label(node: str, attrs: dict) -> str:
    """A node's label: its id and title, date and credited agency."""
    label = _label(attrs.get("label") or node)
    if attrs.get("type") in ("document", "segment") and label != node:
        label = f"{_label(node)}\n{label}"
    if attrs.get("published"):
        label += f"\n{attrs['published']}"
    if attrs.get("attribution"):
        label += f"\n[{_label(attrs['attribution'], 40)}]"
    return label


def render(report: Report, fmt: str) -> str:
    """The lineage graph in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return to_graph_json(report)
    if fmt == "graphml":
        return to_graphml(report)
    if fmt == "dot":
        return to_dot(report)
    raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")
