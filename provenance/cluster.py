"""Cluster stage: documents grouped into stories, and the pairs worth aligning.

The candidates stage links the holders of each shared key in a star, to the
key's heaviest holder (:class:`~provenance.candidates.Stars`). This stage
turns those links into:

1. **Provisional stories.** A document joins the hub that holds most of its
   text (its distinctive seeds), provided the hub carries a fair share of
   the document too; the joins form a forest whose trees,
   found by union-find, are the stories. Each is represented by its heaviest
   document, the copy with the most article text, which holds the others'
   text when they are trimmed reprints of it. This is leader clustering
   (Hartigan, *Clustering Algorithms*, 1975, ch. 3), with the leaders chosen
   for all documents at once rather than in one pass over them.
2. **The pairs to align** (:class:`Plan`): each member of a story with its
   representative, ``N - 1`` alignments for ``N`` copies instead of
   ``N (N - 1) / 2``; across stories, one pair for each pair of stories that
   share text; and each document that may repeat itself, with itself.

Alignment then verifies every membership (:func:`is_copy`); a document
that fails is a story of its own, tried against the other stories it is
linked to (:func:`rejoin_pairs`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
from numba import njit

from .candidates import Stars, heaviest
from .config import Settings
from .kernels.sets import unique
from .relate import Relation

# A document joins a hub when the links say the hub holds at least this share
# of its seeds, and it holds at least _HUB_SHARE of the hub's.
# Estimates only: alignment decides (is_copy). A doubled link is worth one
# made by LSH on whole documents, which needs a Jaccard similarity of about
# 0.5.
_MEMBER_SHARE = 0.4
_HUB_SHARE = 0.2
# Other stories a document that is no copy of its own is tried against.
_REJOIN = 3
# A document no hub holds enough of to join is still tried against the
# stories it is linked to when one link says this much of it is theirs: a
# trimmed reprint whose words are spread over several copies' hubs.
_LONER_SHARE = 0.15


@njit(cache=True)
def _find(parent: np.ndarray, x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:  # path compression
        parent[x], x = root, parent[x]
    return root


@njit(cache=True)
def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of ``n`` nodes joined by edges ``a[i] - b[i]``
    (union-find with path compression), numbered by their smallest node in
    order: node ``i``'s component is ``labels[i]``."""
    parent = np.arange(n)
    for i in range(len(a)):
        x, y = _find(parent, a[i]), _find(parent, b[i])
        if x != y:
            if x < y:
                parent[y] = x
            else:
                parent[x] = y
    labels = np.empty(n, np.int64)
    number = np.full(n, -1, np.int64)
    count = 0
    for i in range(n):
        r = _find(parent, i)
        if number[r] == -1:
            number[r] = count
            count += 1
        labels[i] = number[r]
    return labels


@dataclass
class DocStats:
    """Per document number, what the estimates are measured against.

    Attributes:
        weight: Words of article text (outside the boilerplate the first pass
            found): a key's hub is its heaviest holder.
        seeds: Distinct distinctive seeds (of its article text).
    """

    weight: np.ndarray
    seeds: np.ndarray


@dataclass
class Links:
    """Every star link of every kind, one row per ``(member, hub)`` pair.

    Attributes:
        member, hub: Document numbers.
        seeds: Distinctive seeds linking them.
        paragraphs: Paragraph-signature band collisions.
        documents: Document-signature band collisions.
    """

    member: np.ndarray
    hub: np.ndarray
    seeds: np.ndarray
    paragraphs: np.ndarray
    documents: np.ndarray

    @classmethod
    def of(cls, n: int, by_kind: dict[str, Stars]) -> Links:
        """The links of :func:`~provenance.candidates.stars` per kind, joined."""
        keys = unique(np.concatenate([s.pairs for s in by_kind.values()] or [np.zeros(0, np.int64)]))
        counts = {}
        for kind in ("seed", "paragraph", "document"):
            found = by_kind.get(kind, Stars.empty())
            count = np.zeros(len(keys), np.int64)
            count[np.searchsorted(keys, found.pairs)] = found.counts
            counts[kind] = count
        return cls(keys // n, keys % n, counts["seed"], counts["paragraph"], counts["document"])

    def __len__(self) -> int:
        return len(self.member)

    def strength(self) -> np.ndarray:
        """How much links each pair, for choosing among pairs: every kind
        counts, a paragraph more than a seed."""
        return self.seeds + 8 * self.paragraphs + 8 * self.documents


def shares(links: Links, stats: DocStats) -> tuple[np.ndarray, np.ndarray]:
    """Estimated share of each link's member found in its hub, and of the
    hub found in the member, from the seeds linking them (or a collision of
    whole-document signatures, which takes a Jaccard similarity of about
    0.5). Paragraphs are not counted: the short lines of a page's furniture
    are as many paragraphs as its article has, and made every page of one
    outlet look like most of another."""
    m, h = links.member, links.hub
    whole = np.where(links.documents > 0, _MEMBER_SHARE, 0.0)
    seed_m = links.seeds / np.maximum(1, stats.seeds[m])
    seed_h = links.seeds / np.maximum(1, stats.seeds[h])
    return np.maximum(seed_m, whole), np.maximum(seed_h, whole)


@dataclass
class Stories:
    """Provisional stories.

    Attributes:
        label: Per document, its story.
        rep: Per story, its representative document (the heaviest).
        size: Per story, its documents.
    """

    label: np.ndarray
    rep: np.ndarray
    size: np.ndarray

    @classmethod
    def of(cls, label: np.ndarray, weight: np.ndarray) -> Stories:
        """Stories from per-document labels (numbered from 0, every number used)."""
        count = int(label.max()) + 1 if len(label) else 0
        docs = np.arange(len(label), dtype=np.int64)
        order = np.lexsort((docs, label))
        starts = np.flatnonzero(np.concatenate(([True], label[order][1:] != label[order][:-1]))) if count else docs[:0]
        return cls(label, heaviest(order, starts, weight), np.bincount(label, minlength=count))

    def members(self) -> np.ndarray:
        """``(k, 2)`` rows ``(representative, member)`` of every story of two
        documents or more, by representative (whose fingerprint an aligner
        then makes once for all its members)."""
        reps = self.rep[self.label]
        docs = np.flatnonzero(reps != np.arange(len(self.label)))
        rows = np.stack([reps[docs], docs], axis=1).astype(np.int64)
        return rows[np.lexsort((rows[:, 1], rows[:, 0]))]


def provisional_stories(links: Links, stats: DocStats) -> Stories:
    """Each document joined to the hub that holds most of it (see the module
    docstring); the trees of those joins are the stories."""
    n = len(stats.weight)
    member_share, hub_share = shares(links, stats)
    ok = (member_share >= _MEMBER_SHARE) & (hub_share >= _HUB_SHARE)
    m, h, score, back = links.member[ok], links.hub[ok], member_share[ok], hub_share[ok]
    # Each member's best hub: most of it held, then most of the hub held, then the lowest number.
    order = np.lexsort((h, -back, -score, m))
    first = np.concatenate(([True], m[order][1:] != m[order][:-1])) if len(order) else order.astype(bool)
    best = order[first]
    return Stories.of(components(n, m[best], h[best]), stats.weight)


@dataclass
class Plan:
    """The pairs a scan aligns first, by role, each ``(k, 2)`` rows of
    document numbers.

    Attributes:
        members: ``(representative, member)``: does the story hold it?
        across: ``(a, b)`` of different stories: what text do they share?
        selfs: ``(i, i)``: does the document repeat itself?
        stories: The provisional stories.
        loners: Documents alone in their story that are linked to another
            enough to be tried against it (:func:`rejoin_pairs`).
    """

    members: np.ndarray
    across: np.ndarray
    selfs: np.ndarray
    stories: Stories
    loners: np.ndarray

    @cached_property
    def copies(self) -> list[tuple[int, int]]:
        """The pairs of representatives and members, by representative."""
        return [(a, b) for a, b in self.members.tolist()]

    @cached_property
    def others(self) -> list[tuple[int, int]]:
        """The pairs across stories and of documents with themselves, sorted."""
        return sorted({(a, b) for a, b in np.concatenate([self.across, self.selfs]).tolist()})

    @property
    def pairs(self) -> list[tuple[int, int]]:
        """Every pair of the plan."""
        return self.copies + self.others


def across_pairs(links: Links, cross: dict[str, Stars], stories: Stories, checked: int) -> np.ndarray:
    """One pair per pair of stories that share text: the best-linked one.

    Args:
        links: Every star link (whole-document collisions count here).
        cross: Per kind (``seed``, ``paragraph``), the links between stories
            through keys not too common
            (:func:`~provenance.candidates.cross_stars`).
        stories: The provisional stories.
        checked: Documents numbered from here are context (read back from an
            index): pairs of two context documents are not aligned.
    """
    n = len(stories.label)
    whole = links.documents > 0
    seeds, paras = cross.get("seed", Stars.empty()), cross.get("paragraph", Stars.empty())
    seed = seeds.counts >= Settings.MIN_SHARED_SEEDS
    a = np.concatenate([links.member[whole], seeds.pairs[seed] // n, paras.pairs // n])
    b = np.concatenate([links.hub[whole], seeds.pairs[seed] % n, paras.pairs % n])
    strength = np.concatenate([links.strength()[whole], seeds.counts[seed], 8 * paras.counts])
    sa, sb = stories.label[a], stories.label[b]
    keep = (sa != sb) & ((a < checked) | (b < checked))
    a, b, strength, sa, sb = a[keep], b[keep], strength[keep], sa[keep], sb[keep]
    key = np.minimum(sa, sb) * np.int64(n) + np.maximum(sa, sb)
    order = np.lexsort((b, a, -strength, key))
    first = np.concatenate(([True], key[order][1:] != key[order][:-1])) if len(order) else order.astype(bool)
    best = order[first]
    return np.stack([np.minimum(a[best], b[best]), np.maximum(a[best], b[best])], axis=1).astype(np.int64)


def _members(stories: Stories, checked: int) -> np.ndarray:
    """``(representative, member)`` rows of the stories holding a document
    numbered below ``checked`` (the others are context from an index)."""
    members = stories.members()
    if checked < len(stories.label) and len(members):
        has_checked = np.zeros(len(stories.rep), bool)
        has_checked[stories.label[:checked]] = True
        members = members[has_checked[stories.label[members[:, 1]]]]
    return members.reshape(-1, 2)


def represented(found: Plan, rep: np.ndarray, checked: int) -> Plan:
    """The plan with story ``s`` represented by ``rep[s]``, one of its
    documents, instead of its heaviest (see :func:`provenance.stages.conclude`)."""
    stories = Stories(found.stories.label, rep, found.stories.size)
    return replace(found, members=_members(stories, checked), stories=stories)


def plan(
    links: Links,
    cross: dict[str, Stars],
    selfs: np.ndarray,
    stats: DocStats,
    stories: Stories,
    checked: int,
) -> Plan:
    """The first round of alignment.

    Args:
        links: Every star link.
        cross: Per kind, the links between stories.
        selfs: Documents that may repeat themselves.
        stats: Per-document counts.
        stories: :func:`provisional_stories`.
        checked: Documents numbered from here are context from an index:
            a story of context documents alone is not aligned.
    """
    selfs = selfs[selfs < checked]
    return Plan(
        _members(stories, checked),
        across_pairs(links, cross, stories, checked).reshape(-1, 2),
        np.stack([selfs, selfs], axis=1).astype(np.int64).reshape(-1, 2),
        stories,
        loners(links, stats, stories, checked),
    )


def loners(links: Links, stats: DocStats, stories: Stories, checked: int) -> np.ndarray:
    """Documents alone in their provisional story with a link that says at
    least ``_LONER_SHARE`` of either side is the other's, sorted."""
    member_share, hub_share = shares(links, stats)
    alone = stories.size[stories.label] == 1
    strong = np.maximum(member_share, hub_share) >= _LONER_SHARE
    found = np.concatenate([links.member[strong], links.hub[strong]])
    found = unique(found[alone[found] & (found < checked)])
    return found.astype(np.int64)


def is_copy(rel: Relation, settings: Settings) -> bool:
    """Whether two documents are copies of one article, from the aligned
    shares of each one's article text found in the other: most of one is the
    other's text (a trimmed reprint keeps its story and adds little: a local
    paragraph, its outlet's page), and the other's is a fair part of it (a
    quoted excerpt is not); or nearly all of one is in the other, however
    long the other has grown (a live blog's earlier snapshot, an updated
    article). Either way round: the representative a member is verified
    against may be a trimmed copy of a fuller member."""
    low, high = sorted((rel.share_a, rel.share_b))
    if high >= settings.update_containment:
        return True
    return high >= settings.duplicate_containment and low >= settings.min_duplicate_containment


def rejoin_pairs(failed: np.ndarray, links: Links, stories: Stories) -> np.ndarray:
    """For documents found to be no copy of their story's representative,
    the representatives of the other stories they are most linked to
    (at most ``_REJOIN`` each): ``(document, representative)`` rows."""
    is_failed = np.zeros(len(stories.label), bool)
    is_failed[failed] = True
    strength = links.strength()
    rows = []
    for doc, other in ((links.member, links.hub), (links.hub, links.member)):
        pick = is_failed[doc]
        rows.append(np.stack([doc[pick], stories.rep[stories.label[other[pick]]], strength[pick]], axis=1))
    found = np.concatenate(rows) if rows else np.zeros((0, 3), np.int64)
    found = found[found[:, 0] != found[:, 1]]
    found = found[stories.label[found[:, 0]] != stories.label[found[:, 1]]]
    if not len(found):
        return np.zeros((0, 2), np.int64)
    # Strength summed per (document, representative), the strongest first.
    key = found[:, 0] * np.int64(len(stories.label)) + found[:, 1]
    keys, inverse = np.unique(key, return_inverse=True)
    total = np.bincount(inverse, weights=found[:, 2])
    doc, rep = keys // len(stories.label), keys % len(stories.label)
    order = np.lexsort((rep, -total, doc))
    doc, rep = doc[order], rep[order]
    rank = np.arange(len(doc)) - np.searchsorted(doc, doc)
    keep = rank < _REJOIN
    return np.stack([doc[keep], rep[keep]], axis=1).astype(np.int64)
