"""The scan on Apache Spark: ``provenance scan --engine spark``.

The same stages as the local engine (:mod:`provenance.engine`), laid out for
a cluster:

1. **load**: files are listed and read by Spark's ``binaryFile`` source (any
   path Spark reads: a local folder, ``hdfs://``, ``s3a://``…), decoded in
   executors with the local engine's :func:`~provenance.load.text_document`
   and :func:`~provenance.load.jsonl_documents`;
2. **fingerprint** in executors, kept there (cached) with the documents,
   with the counts the clustering weighs documents by;
3. **candidates** as group-bys: LSH band keys and distinctive seeds grouped
   by key, each group's holders linked to its heaviest holder (a star, see
   :class:`~provenance.candidates.Stars`); then, with the provisional stories
   broadcast, the seeds grouped again for the links across stories and the
   seeds too common to align on;
4. **cluster**, **boilerplate** and everything after on the driver, through
   :func:`provenance.stages.conclude`, with alignment in executors: each
   pair joined with both documents and fingerprints.

Documents are numbered in the local engine's order (roots as given, then the
order :func:`~provenance.load.walk` reads a folder in) and every decision is
made by the local engine's functions, so the report is the same finding for
finding.

The driver holds the documents' text once (boilerplate templates and the
lineage graph read every document); fingerprints and alignment stay in
executors.

Needs ``pip install 'provenance[spark]'`` and a Java runtime Spark supports.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import numpy as np

from . import boilerplate as noise_
from . import lineage as lineage_
from .candidates import Stars, band_hashes, banding, repeats_itself
from .cluster import DocStats, Links, Plan, plan, provisional_stories
from .config import Settings
from .engine import align_one
from .fingerprint import Fingerprint, Permutations, Sketch, fingerprint
from .load import (
    JSONL_SUFFIXES,
    UndecodableError,
    UniqueIds,
    check_size,
    jsonl_documents,
    text_document,
    walk_order,
    wanted,
)
from .model import Boilerplate, Document, Report, ScanError
from .relate import article_words
from .stages import Aligned, Stopwatch, run

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DOCS_PER_PARTITION = 5000


def is_uri(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a location by URI (``hdfs://…``, ``file:/…``)
    rather than as a local path."""
    return bool(_URI.match(os.fspath(path))) and not Path(path).exists()


class SparkUnavailable(RuntimeError):
    """PySpark is not installed."""


def session(master: str | None = None, jobs: int = 0) -> SparkSession:
    """A Spark session for the scan.

    Args:
        master: Spark master URL. Without one, ``spark.master`` from
            ``spark-submit`` or ``spark-defaults.conf`` applies, else
            ``local[jobs]`` (``local[*]`` for ``jobs=0``).
        jobs: Cores for a local master.

    Raises:
        SparkUnavailable: PySpark is not installed.
    """
    _require()
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    if master is None and not SparkConf().contains("spark.master"):
        master = f"local[{jobs}]" if jobs > 0 else DEFAULT_MASTER
    builder = SparkSession.builder.appName("provenance")
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        # Local workers must import this package: run them on this interpreter.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # A local run listens on loopback only, and needs no web UI.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        builder = builder.config("spark.ui.enabled", "false")
        if not SparkConf().contains("spark.driver.memory"):
            # Local executors live in the driver's JVM, whose default heap (1 GB)
            # cannot hold a large corpus's partitions: give it half the machine.
            builder = builder.config("spark.driver.memory", f"{max(1, _memory() // 2**31)}g")
        # Spark's default of 200 shuffle partitions is for clusters; each costs a task.
        cores = jobs if jobs > 0 else os.cpu_count() or 1
        builder = builder.config("spark.sql.shuffle.partitions", str(2 * cores))
    return builder.getOrCreate()


def _require() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailable("the Spark engine needs PySpark: pip install 'provenance[spark]'") from exc


def _active() -> SparkSession | None:
    _require()
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession()


def _memory() -> int:
    """This machine's memory in bytes (2 GiB where it cannot be read)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        return 2**31


@lru_cache(maxsize=4)
def _perms(num_perm: int, seed: int) -> Permutations:
    """One set of permutations per executor process, not per task."""
    return Permutations(num_perm, seed)


def _root_path(root: str) -> str:
    """The path part of a root URI, without a trailing slash."""
    return unquote(urlparse(root).path).rstrip("/")


def _path(uri: str) -> str:
    """A listed file's path, the same whichever way Spark spells the URI
    (``file:/a`` and ``file:///a``)."""
    return unquote(urlparse(uri).path)


def _files(spark: SparkSession, roots: list[str], settings: Settings) -> tuple[dict[tuple, tuple], list, list]:
    """List the input files on the driver.

    Returns:
        ``(table, frames, ready)``: per ``(root number, path)``, ``(order,
        report path, document id, is JSON Lines, file name)`` of each file
        to read; one binaryFile DataFrame per root; and ``((order, k), item)``
        for what needs no reading: files too large (errors) and empty files,
        which Spark lists but never reads.
    """
    table: dict[tuple, tuple] = {}
    ready: list[tuple[tuple, Document | ScanError]] = []
    frames = []
    read: set[object] = set()  # each file once, however often it is reached (as load.load)
    for r, given in enumerate(roots):
        local = not is_uri(given)
        uri = Path(given).absolute().as_uri() if local else given
        frame = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(uri)
        frames.append(frame)
        lengths = {_path(row.path): row.length for row in frame.select("path", "length").collect()}
        listed = frame.inputFiles()
        base = _root_path(uri)
        single = len(listed) == 1 and _path(listed[0]) == base
        entries = []
        for spelled in listed:
            full = _path(spelled)
            rel = full.rsplit("/", 1)[-1] if single else full[len(base) + 1 :]
            if not single and not wanted(rel, settings):
                continue
            # As the local engine names files: the root as given, joined.
            shown = str(Path(given) if single else Path(given) / rel) if local else spelled
            entries.append((walk_order(rel), full, rel, shown, lengths.get(full, 0)))
        entries.sort(key=lambda e: e[0])
        for i, (_, full, rel, shown, length) in enumerate(entries):
            same = _identity(full) if local else full
            if same in read:
                continue
            read.add(same)
            order = (r, i)
            name = rel.rsplit("/", 1)[-1]
            entry = (order, shown, rel, name.lower().endswith(JSONL_SUFFIXES), name)
            try:
                check_size(length, settings)
            except UndecodableError as exc:
                ready.append(((order, 0), ScanError(shown, str(exc))))
                continue
            if length == 0:
                ready.extend(_items(b"", entry))
            else:
                table[r, full] = entry
    return table, frames, ready


def _identity(path: str) -> object:
    """A local file's device and inode (its path if it cannot be read)."""
    try:
        st = os.stat(path)
    except OSError:
        return path
    return (st.st_dev, st.st_ino)


def _items(data: bytes, entry: tuple) -> Iterator[tuple[tuple, Document | ScanError]]:
    """A file's documents (or errors), keyed by file order and position."""
    order, shown, doc_id, jsonl, name = entry
    items: Iterable[Document | ScanError] = (
        jsonl_documents(data, shown, name) if jsonl else [text_document(data, doc_id, shown)]
    )
    for k, item in enumerate(items):
        yield (order, k), item


def _decode(r: int, row: Any, table: dict[tuple, tuple]) -> Iterator[tuple[tuple, Document | ScanError]]:
    entry = table.get((r, _path(row.path)))
    if entry is not None:
        yield from _items(bytes(row.content), entry)


def _band_rows(part: Iterable[tuple[int, Any]], b: int, r: int) -> Iterator[tuple[int, int, int, int]]:
    """``(kind, key, doc, paragraph)``: kind 0 for document signatures, 1 for
    paragraph signatures; keys as signed 64-bit, Spark's ``long``."""
    part = [(n, sk) for n, (_, _, sk, _) in part]
    docs = [(n, fp.signature) for n, fp in part if fp.signature is not None]
    if docs:
        keys = band_hashes(np.stack([s for _, s in docs]), b, r).view(np.int64)
        for (n, _), row in zip(docs, keys.tolist(), strict=True):
            for key in row:
                yield 0, key, n, -1
    paras = [(n, p, sig) for n, fp in part for p, sig in fp.passage_signatures.items()]
    if paras:
        keys = band_hashes(np.stack([s for _, _, s in paras]), b, r).view(np.int64)
        for (n, p, _), row in zip(paras, keys.tolist(), strict=True):
            for key in row:
                yield 1, key, n, p


def _hub(docs: Iterable[int], weight: np.ndarray) -> int:
    """A key's hub: its heaviest holder, the lowest number on a tie (as
    :func:`provenance.candidates.heaviest`)."""
    return max(docs, key=lambda d: (int(weight[d]), -d))


def _star(kind: int, docs: list[int], weight: np.ndarray) -> Iterator[tuple[tuple[int, int, int], int]]:
    """A key's star links ``((kind, member, hub), 1)``, and ``((kind, doc,
    -1), 1)`` for a document holding it twice (a paragraph repeated)."""
    held = sorted(set(docs))
    if len(held) < len(docs):
        for d in held:
            if docs.count(d) > 1:
                yield (kind, d, -1), 1
    if len(held) < 2:
        return
    hub = _hub(held, weight)
    for d in held:
        if d != hub:
            yield (kind, d, hub), 1


def _across(seed: int, docs: list[int], weight: np.ndarray, story: np.ndarray, max_df: int) -> Iterator[tuple]:
    """A seed's links across provisional stories ``(("link", member, hub),
    1)``, or ``(("common", seed, 0), 1)`` when more than ``max_df`` stories
    hold it (as :func:`provenance.candidates.cross_stars`)."""
    stories = {int(story[d]) for d in docs}
    if len(stories) > max_df:
        yield ("common", seed, 0), 1
        return
    if len(stories) < 2:
        return
    hub = _hub(docs, weight)
    for d in docs:
        if story[d] != story[hub]:
            yield ("link", d, hub), 1


def _stars(counted: list[tuple[tuple[int, int, int], int]], kind: int, n: int) -> Stars:
    """One kind's links, as :func:`provenance.candidates.stars` gives them."""
    pairs = sorted((m * n + h, c) for (k, m, h), c in counted if k == kind and h >= 0)
    selfs = sorted(m for (k, m, h), _ in counted if k == kind and h < 0)
    return Stars(
        np.array([p for p, _ in pairs], dtype=np.int64),
        np.array([c for _, c in pairs], dtype=np.int64),
        np.array(selfs, dtype=np.int64),
        np.zeros(0, dtype=np.uint64),
    )


def _first_pass(doc: Document, settings: Settings, perms: Permutations) -> tuple[Fingerprint, Sketch, tuple]:
    """A document's fingerprint, its sketch and the counts the clustering
    weighs it by, as the local engine's first pass makes them."""
    fp = fingerprint(doc, settings, perms)
    article = article_words(fp, noise_.detect(doc, settings))
    sk = fp.sketch(article)
    return fp, sk, (int(article.sum()), len(sk.seed_set))


class _SparkAligner:
    """:class:`~provenance.stages.Aligner` on executors (annotation on the driver)."""

    def __init__(self, sc: Any, held: Any, docs: list[Document], found: list[list[Boilerplate]], align: Any) -> None:
        self.sc, self.held, self.docs, self.found, self._align = sc, held, docs, found, align

    def align(self, pairs: Sequence[tuple[int, int]], stage: str, copies: bool = False) -> list[Aligned]:
        if not pairs:
            return []
        parts = max(1, min(len(pairs), 2 * self.sc.defaultParallelism))
        indexed = self.sc.parallelize([(a, (i, b)) for i, (a, b) in enumerate(pairs)], parts)
        first = indexed.join(self.held, parts).map(lambda kv: (kv[1][0][1], (kv[1][0][0], kv[0], copies, kv[1][1])))
        aligned = first.join(self.held, parts).map(self._align)
        return [found for _, found in sorted(aligned.collect(), key=lambda kv: kv[0])]

    def annotate(self, numbers: Sequence[int], noise: Any) -> None:
        for i in numbers:
            given = noise(i)
            lineage_.annotate(self.docs[i], self.found[i] if given is None else given)


def scan(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    *,
    spark: SparkSession | None = None,
    master: str | None = None,
    **overrides: Any,
) -> Report:
    """:func:`provenance.api.scan` on Spark: the same report.

    Args:
        paths: Files and folders, local or any URI Spark reads
            (``hdfs://…``, ``s3a://…``).
        settings: A :class:`Settings`; defaults apply where omitted.
        spark: A session to use; else the active one (a notebook's), else
            one is started with :func:`session` (``master``,
            ``settings.jobs``) and stopped at the end.
        master: Spark master URL when starting a session.
        **overrides: Individual settings.

    Returns:
        A :class:`Report`, as the local engine's.

    Raises:
        FileNotFoundError: a local path does not exist.
        SparkUnavailable: PySpark is not installed.
    """
    settings = (settings or Settings()).with_overrides(**overrides)
    roots = [os.fspath(p) for p in paths]
    for root in roots:
        if not is_uri(root) and not Path(root).exists():
            raise FileNotFoundError(f"path does not exist: {root}")
    own = False
    if spark is None:
        spark = _active()
    if spark is None:
        spark, own = session(master, settings.jobs), True
    try:
        return _scan(spark, roots, settings)
    finally:
        if own:
            spark.stop()


def _scan(spark: SparkSession, roots: list[str], settings: Settings) -> Report:
    return run(SparkEngine(spark, roots, settings), settings, Stopwatch())


@dataclass
class _SparkFront:
    """The first stages' results (see :class:`provenance.stages.Front`):
    the documents on the driver, their fingerprints kept in executors."""

    docs: list[Document]
    errors: list[ScanError]
    checked: int
    annotated: int
    signed: Any  # RDD of (number, (document, fingerprint, sketch, counts)), persisted
    stats: DocStats
    weight_bc: Any  # each document's weight, broadcast
    parts: int  # partitions for the shuffles
    ignore: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))  # templates' seeds
    common: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))  # seeds too common to align on


class SparkEngine:
    """The scan's first stages on Spark (a :class:`provenance.stages.Engine`):
    executors decode and fingerprint the documents and keep them for
    alignment; keys are grouped by Spark; boilerplate is found on the
    driver, which holds every document.

    The functions shipped to executors close over plain values (settings,
    broadcasts), never over the engine, which holds the session.
    """

    def __init__(self, spark: SparkSession, roots: list[str], settings: Settings) -> None:
        self.spark, self.roots, self.settings = spark, roots, settings

    def fingerprint(self, watch: Stopwatch) -> _SparkFront:
        """Load: executors decode, the driver numbers documents in local
        order; then fingerprints in executors, kept there."""
        from pyspark import StorageLevel
        from pyspark.sql import functions as F

        spark, roots, settings = self.spark, self.roots, self.settings
        sc = spark.sparkContext

        # load: executors decode; the driver numbers documents in local order.
        table, frames, ready = _files(spark, roots, settings)
        table_bc = sc.broadcast(table)
        limit = settings.max_file_bytes
        contents = [
            f.where(F.col("length") <= limit).select("path", "content").rdd.map(lambda row, r=r: (r, row))
            for r, f in enumerate(frames)
        ]
        # Spark splits a folder of small files into many small partitions; each
        # task costs a Python round trip, so fewer, larger ones (at least two per core).
        parts = max(2 * sc.defaultParallelism, len(table) // _DOCS_PER_PARTITION)
        decoded = (
            sc.union(contents)
            .coalesce(parts)
            .flatMap(lambda rrow: _decode(*rrow, table_bc.value))
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        # Partition by partition: the whole corpus at once would pass through the
        # JVM's heap and spark.driver.maxResultSize.
        items = sorted([*decoded.toLocalIterator(), *ready], key=lambda kv: kv[0])
        unique = UniqueIds()
        docs: list[Document] = []
        errors: list[ScanError] = []
        number: dict[tuple, tuple[int, str]] = {}
        for key, item in items:
            item = unique(item, item.source or "") if isinstance(item, Document) else item
            if isinstance(item, Document):
                number[key] = (len(docs), item.id)
                docs.append(item)
            else:
                errors.append(item)
        n = len(docs)
        watch.lap("load")

        # fingerprint: in executors, kept there with the documents for alignment.
        number_bc = sc.broadcast(number)
        num_perm, seed = settings.num_perm, settings.minhash_seed

        def sign(kv: tuple[tuple, Document | ScanError]) -> list[tuple[int, tuple[Document, Fingerprint, tuple]]]:
            found = number_bc.value.get(kv[0])
            if found is None or not isinstance(kv[1], Document):
                return []
            i, doc_id = found
            kv[1].id = doc_id
            fp, sk, counts = _first_pass(kv[1], settings, _perms(num_perm, seed))
            return [(i, (kv[1], fp, sk, counts))]

        signed = decoded.flatMap(sign).persist(StorageLevel.MEMORY_AND_DISK)
        counts = np.zeros((n, 2), dtype=np.int64)
        for i, row in signed.mapValues(lambda v: v[3]).collect():
            counts[i] = row
        decoded.unpersist()
        stats = DocStats(counts[:, 0], counts[:, 1])
        weight_bc = sc.broadcast(stats.weight)
        watch.lap("fingerprint")
        return _SparkFront(docs, errors, len(docs), 0, signed, stats, weight_bc, parts)

    def boilerplate(self, front: _SparkFront, watch: Stopwatch) -> list[list[Boilerplate]]:
        """Every document's boilerplate, the corpus's templates included."""
        settings = self.settings
        # on the driver, which holds every document: templates need them all.
        found = noise_.find_boilerplate(front.docs, settings)
        front.ignore = noise_.template_seeds(
            found, front.docs, settings, _perms(settings.num_perm, settings.minhash_seed)
        )
        watch.lap("boilerplate")
        return found

    def candidates(
        self, front: _SparkFront, boilerplate: list[list[Boilerplate]], watch: Stopwatch
    ) -> tuple[Plan, Links]:
        """Band keys and seeds grouped by key, each key a star; the plan."""
        from pyspark.sql import functions as F

        sc, settings = self.spark.sparkContext, self.settings
        signed, stats, weight_bc, parts, ignore = front.signed, front.stats, front.weight_bc, front.parts, front.ignore
        n = len(front.docs)
        ignore_bc = sc.broadcast(set(ignore.view(np.int64).tolist()))
        band_groups, by_seed = self._grouped(front)
        counted = (
            band_groups.rdd.flatMap(lambda g: _star(g.kind, list(g.docs), weight_bc.value))
            .reduceByKey(lambda x, y: x + y, parts)
            .collect()
        )
        counted += (
            by_seed.rdd.filter(lambda g: g.seed not in ignore_bc.value)
            .flatMap(lambda g: _star(2, list(g.docs), weight_bc.value))
            .reduceByKey(lambda x, y: x + y, parts)
            .collect()
        )
        by_kind = {kind: _stars(counted, k, n) for k, kind in enumerate(("document", "paragraph", "seed"))}
        links = Links.of(n, by_kind)
        stories = provisional_stories(links, stats)
        story_bc = sc.broadcast(stories.label)
        max_df = settings.max_df
        across = (
            by_seed.rdd.filter(lambda g: g.seed not in ignore_bc.value)
            .flatMap(lambda g: _across(g.seed, list(g.docs), weight_bc.value, story_bc.value, max_df))
            .reduceByKey(lambda x, y: x + y, parts)
            .collect()
        )
        para_across = (
            band_groups.where(F.col("kind") == 1)
            .rdd.flatMap(lambda g: _across(g.key, list(g.docs), weight_bc.value, story_bc.value, max_df))
            .reduceByKey(lambda x, y: x + y, parts)
            .collect()
        )
        by_seed.unpersist()
        band_groups.unpersist()
        common = np.sort(
            np.array([k for (what, k, _), _ in across if what == "common"], dtype=np.int64).view(np.uint64)
        )
        common = np.union1d(common, ignore)
        cross = {
            "seed": _stars([((0, m, h), c) for (what, m, h), c in across if what == "link"], 0, n),
            "paragraph": _stars([((0, m, h), c) for (what, m, h), c in para_across if what == "link"], 0, n),
        }
        common_bc = sc.broadcast(common)
        repeating = signed.filter(
            lambda kv: repeats_itself(kv[1][2].repeats, common_bc.value, kv[1][2].repeat_run)
        ).keys()
        repeating = repeating.collect()
        selfs = np.union1d(by_kind["paragraph"].selfs, np.array(repeating, dtype=np.int64)).astype(np.int64)
        planned = plan(links, cross, selfs, stats, stories, n)
        watch.lap("candidates")
        watch.timings["candidate_pairs"] = len(planned.pairs)
        front.common = common
        return planned, links

    def _grouped(self, front: _SparkFront) -> tuple[Any, Any]:
        """The documents holding each band key (of a document or a
        paragraph) and each seed, keys held by one document left out; both
        persisted."""
        from pyspark import StorageLevel
        from pyspark.sql import functions as F
        from pyspark.sql.types import IntegerType, LongType, StructField, StructType

        spark, settings, signed = self.spark, self.settings, front.signed
        b, r = banding(settings.lsh_threshold, settings.num_perm)
        band_schema = StructType(
            [
                StructField("kind", IntegerType()),
                StructField("key", LongType()),
                StructField("doc", LongType()),
                StructField("para", LongType()),
            ]
        )
        bands = spark.createDataFrame(signed.mapPartitions(lambda part: _band_rows(part, b, r)), band_schema)
        band_groups = (
            bands.groupBy("kind", "key")
            .agg(F.collect_list("doc").alias("docs"))
            .where(F.size("docs") >= 2)
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        seed_schema = StructType([StructField("seed", LongType()), StructField("doc", LongType())])
        postings_ = spark.createDataFrame(
            signed.flatMap(lambda kv: [(s, kv[0]) for s in kv[1][2].seed_set.view(np.int64).tolist()]), seed_schema
        )
        by_seed = (
            postings_.groupBy("seed")
            .agg(F.collect_list("doc").alias("docs"))
            .where(F.size("docs") >= 2)
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        return band_groups, by_seed

    @contextlib.contextmanager
    def aligner(self, front: _SparkFront, found: list[list[Boilerplate]]) -> Iterator[_SparkAligner]:
        """Alignment in executors, where the fingerprints are."""
        sc, settings = self.spark.sparkContext, self.settings
        common_bc = sc.broadcast(front.common)
        noise_bc = sc.broadcast(found)
        held = front.signed.mapValues(lambda v: (v[0], v[1]))

        def align(
            item: tuple[int, tuple[tuple[int, int, bool, tuple[Document, Fingerprint]], tuple]],
        ) -> tuple[int, Aligned]:
            b_, ((i, a_, copies, (doc_a, fp_a)), (doc_b, fp_b)) = item
            noise = noise_bc.value
            prepared_a = (fp_a, article_words(fp_a, noise[a_]))
            prepared_b = (fp_b, article_words(fp_b, noise[b_]))
            docs_ = {a_: doc_a, b_: doc_b}
            return i, align_one(a_, b_, docs_, prepared_a, prepared_b, common_bc.value, settings, copies)

        try:
            yield _SparkAligner(sc, held, front.docs, found, align)
        finally:
            front.signed.unpersist()
