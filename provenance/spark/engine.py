"""The scan's first stages on Spark, and alignment in executors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import lineage as lineage_
from ..boilerplate import find_boilerplate, template_seeds
from ..candidates import banding, repeats_itself
from ..cluster import DocStats, Links, Plan, plan, provisional_stories
from ..config import Settings
from ..engine import align_one
from ..fingerprint import Fingerprint
from ..kernels.sets import union
from ..load import (
    UniqueIds,
)
from ..memo import Memo
from ..model import Boilerplate, Document, ScanError
from ..relate import article_words
from ..stages import Aligned, Stopwatch
from .files import _decode, _files
from .keys import _across, _band_rows, _first_pass, _perms, _star, _stars

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Documents per partition of the decoded corpus, at most: Spark would split a
# folder of small files into many tiny partitions, each a Python round trip.
_DOCS_PER_PARTITION = 5000


class _SparkAligner:
    """:class:`~provenance.stages.Aligner` on executors (annotation on the driver)."""

    def __init__(self, sc: Any, held: Any, docs: list[Document], found: list[list[Boilerplate]], align: Any) -> None:
        self.sc, self.held, self.docs, self.found, self._align = sc, held, docs, found, align
        self.memo = Memo()

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
            lineage_.annotate(self.docs[i], self.found[i] if given is None else given, self.memo)


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
        found = find_boilerplate(front.docs, settings)
        front.ignore = template_seeds(found, front.docs, settings, _perms(settings.num_perm, settings.minhash_seed))
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
        common = union(
            np.array([k for (what, k, _), _ in across if what == "common"], dtype=np.int64).view(np.uint64), ignore
        )
        cross = {
            "seed": _stars([((0, m, h), c) for (what, m, h), c in across if what == "link"], 0, n),
            "paragraph": _stars([((0, m, h), c) for (what, m, h), c in para_across if what == "link"], 0, n),
        }
        common_bc = sc.broadcast(common)
        repeating = signed.filter(
            lambda kv: repeats_itself(kv[1][2].repeats, common_bc.value, kv[1][2].repeat_run)
        ).keys()
        repeating = repeating.collect()
        selfs = union(by_kind["paragraph"].selfs, np.array(repeating, dtype=np.int64)).astype(np.int64)
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
