"""The lineage forest laid out for drawing: each story (a group of copies of
one article, or the documents that other edges join) as a small tree, root
or agency on the left and its copies to the right.

Graphviz's ``dot`` (the layered drawing of Gansner, Koutsofios, North and Vo,
*A technique for drawing directed graphs*, IEEE TSE 1993) lays the trees out
when it is installed: every tree goes to one ``dot -Tplain`` process, one
graph after another. Without it, networkx's multipartite layout puts each
node in the column of its distance from the tree's root. Either way the work
is one pass over the graph's nodes and edges: the trees are independent.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# A node's box, in points, and the room between columns and rows.
NODE_WIDTH = 190
NODE_HEIGHT = 26
_COLUMN_GAP = 60
_ROW_GAP = 10
# Graphviz measures in inches.
_POINTS_PER_INCH = 72


@dataclass
class Tree:
    """One story of the lineage graph, laid out.

    Attributes:
        nodes: The lineage graph's node ids, root first.
        edges: ``(source, target, relation)`` as indices into ``nodes``.
        xy: Each node's centre, in points from the top left.
        width: The drawing's width in points.
        height: Its height.
    """

    nodes: list[str]
    edges: list[tuple[int, int, str]]
    xy: list[tuple[float, float]] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


def forest(lineage: dict[str, Any], engine: str = "auto") -> list[Tree]:
    """The lineage graph's stories, largest first, laid out.

    Args:
        lineage: The report's ``lineage`` block (``nodes``, ``edges``).
        engine: ``"dot"``, ``"networkx"``, or ``"auto"`` (``dot`` when it is
            installed).
    """
    trees = _components(lineage)
    dot = shutil.which("dot") if engine in ("auto", "dot") else None
    if engine == "dot" and dot is None:
        raise FileNotFoundError("Graphviz's dot is not installed")
    if dot is not None and trees:
        _dot_layout(trees, dot)
    else:
        for tree in trees:
            _layered_layout(tree)
    return trees


def _components(lineage: dict[str, Any]) -> list[Tree]:
    """The graph's stories: one per group of copies in ``lineage.clusters``
    (its documents and every edge into them), then the parts that the
    remaining edges join. An agency or a quoted source is drawn in every
    tree it reaches instead of joining their stories into one."""
    types = {node["id"]: node.get("type", "document") for node in lineage.get("nodes", [])}
    order = {node_id: n for n, node_id in enumerate(types)}
    story: dict[str, str] = {}  # document -> its tree's key
    for cluster in lineage.get("clusters", []):
        for doc in cluster["documents"]:
            story[doc] = cluster["id"]
    from networkx.utils import UnionFind

    joined = UnionFind()

    def doc_of(node: str) -> str | None:
        return node.split("#", 1)[0] if types.get(node, "document") in ("document", "segment") else None

    def key(node: str) -> str | None:
        doc = doc_of(node)
        return None if doc is None else story.get(doc, "doc:" + doc)

    edges = [(e["source"], e["target"], e["relation"]) for e in lineage.get("edges", [])]
    # Documents in no group are joined by the edges between them.
    for source, target, _ in edges:
        a, b = key(source), key(target)
        if a is not None and b is not None and a.startswith("doc:") and b.startswith("doc:"):
            joined.union(a, b)
    by_tree: dict[str, list[tuple[str, str, str]]] = {}
    for edge in edges:
        a, b = key(edge[0]), key(edge[1])
        # An edge belongs to its target's story, else to its source's.
        stories = [k for k in (b, a) if k is not None and not k.startswith("doc:")]
        owner = stories[0] if stories else b or a
        if owner is None:
            continue
        by_tree.setdefault(joined[owner] if owner.startswith("doc:") else owner, []).append(edge)
    trees = []
    for tree_edges in by_tree.values():
        nodes = sorted({x for s, t, _ in tree_edges for x in (s, t)}, key=lambda n: order.get(n, len(order)))
        pointed = {t for _, t, _ in tree_edges}
        root = next((n for n in nodes if n not in pointed), nodes[0])
        nodes = [root] + [n for n in nodes if n != root]
        index = {n: i for i, n in enumerate(nodes)}
        trees.append(Tree(nodes, [(index[s], index[t], r) for s, t, r in tree_edges]))
    trees.sort(key=lambda t: -len(t.nodes))
    return trees


def _depths(tree: Tree) -> list[int]:
    """Each node's distance from the root, edges taken either way."""
    near: list[list[int]] = [[] for _ in tree.nodes]
    for a, b, _ in tree.edges:
        near[a].append(b)
        near[b].append(a)
    depth = [-1] * len(tree.nodes)
    depth[0] = 0
    queue = [0]
    for i in queue:
        for j in near[i]:
            if depth[j] < 0:
                depth[j] = depth[i] + 1
                queue.append(j)
    return depth


def _layered_layout(tree: Tree) -> None:
    """networkx's multipartite layout, a column per depth from the root."""
    import networkx as nx

    graph = nx.Graph()
    for i, d in enumerate(_depths(tree)):
        graph.add_node(i, layer=d)
    graph.add_edges_from((a, b) for a, b, _ in tree.edges)
    columns = max(nx.get_node_attributes(graph, "layer").values()) + 1
    tallest = max(sum(1 for _, d in graph.nodes(data="layer") if d == c) for c in range(columns))
    width = columns * NODE_WIDTH + (columns - 1) * _COLUMN_GAP
    height = tallest * NODE_HEIGHT + (tallest - 1) * _ROW_GAP
    pos = nx.multipartite_layout(graph, subset_key="layer", align="vertical")
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    tree.width, tree.height = width + 2 * _ROW_GAP, height + 2 * _ROW_GAP
    tree.xy = [
        (
            _ROW_GAP + NODE_WIDTH / 2 + _scale(pos[i][0], xs, width - NODE_WIDTH),
            _ROW_GAP + NODE_HEIGHT / 2 + _scale(-pos[i][1], [-y for y in ys], height - NODE_HEIGHT),
        )
        for i in range(len(tree.nodes))
    ]


def _scale(value: float, values: Sequence[float], span: float) -> float:
    low, high = min(values), max(values)
    return 0.0 if high == low else (value - low) / (high - low) * span


def _dot_layout(trees: list[Tree], dot: str) -> None:
    """Every tree laid out by one ``dot -Tplain`` run over all of them."""
    inches = (NODE_WIDTH / _POINTS_PER_INCH, NODE_HEIGHT / _POINTS_PER_INCH)
    head = (
        f"rankdir=LR;nodesep={_ROW_GAP / _POINTS_PER_INCH};ranksep={_COLUMN_GAP / _POINTS_PER_INCH};"
        f'node[shape=box,fixedsize=true,width={inches[0]:.3f},height={inches[1]:.3f},label=""];'
    )
    # Node names are numbers: nothing of the report's text reaches dot.
    graphs = "".join(
        f"digraph g{k}{{{head}" + "".join(f"n{a}->n{b};" for a, b, _ in t.edges) + "}\n" for k, t in enumerate(trees)
    )
    out = subprocess.run([dot, "-Tplain"], input=graphs, capture_output=True, text=True, check=True).stdout
    plains = out.split("\nstop")
    for tree, plain in zip(trees, plains, strict=False):
        _read_plain(tree, plain)


def _read_plain(tree: Tree, plain: str) -> None:
    """A tree's node centres from ``dot -Tplain`` (inches, y upwards)."""
    xy: dict[int, tuple[float, float]] = {}
    height = 0.0
    for line in plain.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "graph":
            tree.width = float(parts[2]) * _POINTS_PER_INCH
            height = float(parts[3]) * _POINTS_PER_INCH
        elif parts[0] == "node":
            xy[int(parts[1][1:])] = (float(parts[2]) * _POINTS_PER_INCH, float(parts[3]) * _POINTS_PER_INCH)
    tree.height = height
    tree.xy = [(x, height - y) for x, y in (xy.get(i, (0.0, 0.0)) for i in range(len(tree.nodes)))]
