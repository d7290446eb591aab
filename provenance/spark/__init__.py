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

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..model import Report
from ..stages import Stopwatch, run
from .files import is_uri

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"


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
    from .engine import SparkEngine

    return run(SparkEngine(spark, roots, settings), settings, Stopwatch())
