"""Settings from ``[tool.provenance]``: discovery, keys, precedence, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEEDS, read

from provenance.cli import main
from provenance.config import DEFAULT_STRIP, ConfigError, Settings, find_config, load_config, resolve_strip

S000 = "000_25dbbafef6f50195.txt"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def corpus_in(folder: Path) -> Path:
    corpus = folder / "articles"
    corpus.mkdir(parents=True)
    for path in sorted(SEEDS.glob("*.txt")):
        (corpus / path.name).write_bytes(path.read_bytes())
    return corpus


def test_the_nearest_pyproject_with_a_provenance_table_wins(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.provenance]\nmin-words = 12\n")
    inner = tmp_path / "sub"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.black]\nline-length = 80\n")  # no table: skipped
    corpus = corpus_in(inner)
    assert find_config([corpus / S000, corpus]) == tmp_path / "pyproject.toml"
    (inner / "pyproject.toml").write_text("[tool.provenance]\nmin-words = 20\n")
    assert find_config([corpus]) == inner / "pyproject.toml"


def test_the_search_stops_at_the_repository_root(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.provenance]\nmin-words = 12\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    corpus = corpus_in(repo)
    assert find_config([corpus]) is None


def test_keys_in_kebab_or_snake_case_and_phrase_tables(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text(
        "[tool.provenance]\n"
        "min-words = 12\nthreshold = 1\ntemplate_min_docs = 3\n"
        'include = ["*.txt"]\nexclude = "drafts/*"\n'
        'keep = ["caption"]\nstrip = ["byline"]\n'
        '[tool.provenance.boilerplate-phrases]\nadvert = ["Buy the print edition"]\n'
    )
    settings = load_config(path)
    assert settings.min_words == 12 and settings.threshold == 1.0 and settings.template_min_docs == 3
    assert settings.include == ("*.txt",) and settings.exclude == ("drafts/*",)
    assert "caption" not in settings.strip and "byline" in settings.strip
    assert settings.boilerplate_phrases == (("Buy the print edition", "advert"),)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("min-wrods = 12", "unknown key 'min-wrods'"),
        ('min-words = "twelve"', "min-words must be int"),
        ("threshold = 2.0", "threshold must be in (0, 1]"),
        ('strip = ["captions"]', "unknown category 'captions'"),
        ('boilerplate-phrases = {ads = ["x"]}', "unknown category 'ads'"),
        ("min-words = ", "invalid TOML"),
    ],
)
def test_bad_configuration_names_the_file_and_the_problem(tmp_path, body, message):
    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.provenance]\n{body}\n")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        load_config(path)
    corpus = corpus_in(tmp_path)
    result = run("scan", corpus)
    assert result.exit_code == 2
    assert str(path) in result.output and "Traceback" not in result.output


def test_command_line_overrides_the_file_which_overrides_the_defaults(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.provenance]\nmin-words = 30\nnum-perm = 64\n")
    corpus = corpus_in(tmp_path)
    from_file = json.loads(run("scan", corpus, "--format", "json").stdout)["settings"]
    assert (from_file["min_words"], from_file["num_perm"], from_file["shingle_size"]) == (30, 64, 5)
    overridden = json.loads(run("scan", corpus, "--format", "json", "--min-words", "12").stdout)["settings"]
    assert (overridden["min_words"], overridden["num_perm"]) == (12, 64)


def test_explicit_config_file(tmp_path):
    corpus = corpus_in(tmp_path)
    other = tmp_path / "elsewhere.toml"
    other.write_text("[tool.provenance]\nmin-words = 25\n")
    settings = json.loads(run("scan", corpus, "--config", other, "--format", "json").stdout)["settings"]
    assert settings["min_words"] == 25


def test_clean_categories_from_the_file_and_the_command_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.provenance]\nkeep = ["comments"]\n')
    corpus = corpus_in(tmp_path)
    run("clean", corpus)
    assert "Post a Comment" in read(corpus / S000)
    assert read(corpus / S000).count("MOSCOW — A senior Russian military chief") == 1
    run("clean", "--strip", "comments", corpus)
    assert "Post a Comment" not in read(corpus / S000)


def test_resolve_strip_rules():
    assert set(resolve_strip(DEFAULT_STRIP)) == set(DEFAULT_STRIP)
    assert "byline" not in DEFAULT_STRIP and "credit" not in DEFAULT_STRIP and "dateline" not in DEFAULT_STRIP
    assert resolve_strip(DEFAULT_STRIP, keep=["all"]) == ("repeated-block",)
    assert resolve_strip(DEFAULT_STRIP, keep=["all"], strip=["comments"]) == ("repeated-block", "comments")
    assert "byline" not in resolve_strip(DEFAULT_STRIP, strip=["all"], keep=["byline"])
    assert "repeated-block" not in resolve_strip(DEFAULT_STRIP, keep=["repeated-block"])
    with pytest.raises(ConfigError):
        resolve_strip(DEFAULT_STRIP, strip=["caption"], keep=["caption"])


def test_strip_setting_is_not_part_of_the_scan_report():
    assert "strip" not in Settings().to_dict() and "jobs" not in Settings().to_dict()


def test_the_html_page_counts_what_clean_would_strip_as_the_file_says(tmp_path):
    # scan --format html reads the settings once, for the scan and for the
    # page's account of what clean would remove: the file's keep counts.
    corpus = corpus_in(tmp_path)
    out = tmp_path / "report.html"

    def shown_strip() -> list[str]:
        result = run("scan", corpus, "--format", "html", "--output", out, "-q")
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        return json.loads(page.split('id="report-data">', 1)[1].split("</script>", 1)[0])["strip"]

    assert shown_strip() == list(DEFAULT_STRIP)
    (tmp_path / "pyproject.toml").write_text('[tool.provenance]\nkeep = ["comments", "template"]\n')
    assert shown_strip() == [c for c in DEFAULT_STRIP if c not in ("comments", "template")]
