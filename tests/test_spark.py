"""``scan --engine spark`` in local mode gives the local engine's report.

One Spark session (``local[2]``) serves the module; every test compares the
Spark engine's report with :func:`provenance.scan` on the same input, so the
expected findings come from the other engine, never from a past run.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEEDS, installed

import provenance
from provenance import spark as spark_engine
from provenance.cli import main
from provenance.report import to_json

pytest.importorskip("pyspark", reason="the Spark engine tests need the test extra (pyspark)")
# PySpark starts a JVM: run by .ci/run and a plain pytest, skipped by -m "not slow".
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark():
    installed("java", "default-jre-headless")
    session = spark_engine.session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _generate(out, n: int) -> dict:
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module.generate(out, n=n, seed=3)


def test_seeds_report_is_byte_identical(spark):
    local = provenance.scan([SEEDS])
    remote = spark_engine.scan([SEEDS], spark=spark)
    assert remote.findings  # the seeds have findings of every kind
    assert {f.kind for f in remote.findings} == {f.kind for f in local.findings}
    assert to_json(remote) == to_json(local)


def test_generated_corpus_same_findings(spark, tmp_path):
    gold = _generate(tmp_path / "corpus", 2000)
    docs = tmp_path / "corpus" / "docs"
    local = provenance.scan([docs], jobs=2)
    remote = spark_engine.scan([docs], spark=spark)
    assert len(remote.documents) == 2000
    found = {frozenset(f.docs) for f in remote.findings if f.kind == "duplicate-document"}
    # The corpus plants near-copies; both engines must find them, identically.
    planted = {frozenset((p["a"], p["b"])) for p in gold["pairs"]}
    assert len(found & planted) >= 0.95 * len(planted)
    assert [f.to_dict() for f in remote.findings] == [f.to_dict() for f in local.findings]
    assert remote.lineage == local.lineage


def test_awkward_tree_same_documents_errors_and_findings(spark, tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    root = tmp_path / "tree"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".hidden").mkdir()
    (root / "z.txt").write_bytes(seeds[0].read_bytes())
    (root / "a" / "copy.txt").write_bytes(seeds[0].read_bytes())  # walk order: z.txt first, then a/
    (root / "b" / "deep" / "y.txt").write_bytes(seeds[1].read_bytes())
    (root / "b" / "x.html").write_bytes(seeds[2].read_bytes())  # not included by default
    (root / ".hidden" / "h.txt").write_bytes(seeds[3].read_bytes())
    (root / "b" / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (root / "b" / "empty.txt").write_bytes(b"")
    (root / "b" / "latin.txt").write_bytes(seeds[4].read_text(encoding="utf-8").encode("cp1252", "replace"))
    records = [{"id": "r1", "text": seeds[3].read_text(encoding="utf-8")}, {"text": "too short"}]
    (root / "b" / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\nnot json\n", encoding="utf-8")
    (root / "big.txt").write_text("word " * 4000, encoding="utf-8")
    settings = provenance.Settings(max_file_bytes=16_000)  # the seeds are smaller
    single = root / "z.txt"  # given again: read once, as the local engine reads it

    local = provenance.scan([root, single], settings)
    remote = spark_engine.scan([root, single], settings, spark=spark)
    assert [d.id for d in remote.documents] == [d.id for d in local.documents]
    assert [(e.path, e.error) for e in remote.errors] == [(e.path, e.error) for e in local.errors]
    assert any("too large" in e.error for e in remote.errors)
    assert to_json(remote) == to_json(local)


def test_file_uri_reads_like_the_folder(spark, tmp_path):
    local = provenance.scan([SEEDS])
    remote = spark_engine.scan([SEEDS.as_uri()], spark=spark)
    assert [d.id for d in remote.documents] == [d.id for d in local.documents]
    assert [d.path for d in remote.documents] == [f"{SEEDS.as_uri()}/{d.id}" for d in local.documents]
    assert [f.to_dict() for f in remote.findings] == [f.to_dict() for f in local.findings]


def test_cli_engine_spark_writes_jsonl_findings(spark, tmp_path):
    out = tmp_path / "findings.jsonl"
    result = CliRunner().invoke(main, ["scan", "--engine", "spark", str(SEEDS), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    expected = [f.to_dict() for f in provenance.scan([SEEDS]).findings]
    assert [json.loads(line) for line in lines] == expected
    # The CLI used the running session and left it running.
    assert spark.sparkContext._jsc is not None


def test_cli_without_pyspark_is_a_usage_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    result = CliRunner().invoke(main, ["scan", "--engine", "spark", str(SEEDS)])
    assert result.exit_code == 2
    assert "pip install 'provenance[spark]'" in result.output
