"""Write the labelled credits-and-dates set: real Wikinews articles that credit another outlet, or name an agency
without crediting it, or carry their own date line; and real Global Voices posts with their byline and date line.

Usage::

    python benchmarks/realnews/make_credits.py [--dump /work/.mirror/jshepp27+countaBot/repo]
        [--gv-dump /work/.mirror/mediacloud+backend/repo] [--out /work/data/realnews-credits]

writes ``OUT/corpus/<group>/<slug>-<pageid>.txt``, ``OUT/labels.json`` and ``OUT/SOURCES.tsv`` (source, revision,
URL and licence of every document), and copies the last two to ``benchmarks/realnews/credits_labels.json`` and
``benchmarks/realnews/credits_sources.tsv``. Deterministic: the same dump gives byte-identical files (sorted
iteration, a fixed seed, no clock).

Source text: English Wikinews (CC BY 2.5), the WikiExtractor dump of ``jshepp27/countaBot`` at commit
``eac9439eff525f2f4c753983fe2a2973e22e2e7f``, as for ``make.py`` (see ``SOURCE.md``). Some of these Wikinews
articles are based on Voice of America copy (public domain, US government work) and say so in a real credit line.
Global Voices posts (CC BY 3.0, as each page states): the 15 saved globalvoicesonline.org post pages that the public
repository ``mediacloud/backend`` kept as test data at commit ``4840dd2b8fbef68cf3c3d61771d3a934b3260a60``
(``t/data/crawler_stories/gv/1.json`` ... ``15.json``, key ``content``); the text is the post's title, its date line
and byline as the page prints them ("Thursday, June 11th, 2009 @ 10:57 UTC", "by Diego Casaes") and the paragraphs
of its entry, nothing else (no comments, menus or sidebars).

Cleaning is lighter than ``make.py``'s, because the lines this set is about sit where ``make.py`` cuts: a Wikinews
credit line ("This article is based on ... by VOA News which is in the public domain.") follows the "Sources."
heading. So: HTML entities unescaped (twice, as the dump double-escapes), headings (four words or fewer ending in "."
or ":") and lines holding markup dropped, every other line kept in order as a paragraph, nothing else changed; the
article's own date line ("April 7, 2005") is kept where it stood.

Groups (the folder is the group, which the tool sees as the source):

* ``credited/``: every article of ``CREDITS`` (hand-picked and hand-labelled: the articles of the dump whose text
  carries a line saying where the text came from).
* ``agency-named/``: every article with a line that names a wire service in a way a credit form could mistake for a
  credit (``(AFP)`` or ``(AP)`` ending a paragraph or opening a sentence, ``(via AFP)``, a dash before an agency at
  a paragraph's end, "<Name> News Service"), plus a seeded sample of ``MENTION_SAMPLE`` articles that cite an agency
  in running text ("told Reuters", "according to the Associated Press"). None of these is a credit.
* ``dated/``: a seeded sample of ``DATED_SAMPLE`` of the articles whose own date line (a paragraph that is only a
  date, among its first three) parses.
* ``plain/``: a seeded sample of ``PLAIN_SAMPLE`` articles with none of the above (controls).
* ``globalvoices/``: the 15 Global Voices posts (hand labels in ``GV_CREDITS``; date from the page's date line).

Labels (``labels.json``): per document, ``credits`` (the hand labels of ``CREDITS``: the credited source, the names
a tool may give it, and the exact line that credits it), ``date`` (the date line's date, else null) and
``agency_mentions`` (every line naming an agency of ``provenance.cues.agencies``, for the reader; none is a credit), the
licence and the repository, commit and path each document was read from.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from make import MONTHS, SOURCE, parse_date_line, read_dump  # noqa: E402

DEFAULT_DUMP = Path("/work/.mirror/jshepp27+countaBot/repo")
DEFAULT_OUT = Path("/work/data/realnews-credits")
SEED = "realnews-credits-v1"
MENTION_SAMPLE = 12
DATED_SAMPLE = 30
PLAIN_SAMPLE = 8
MIN_WORDS = 120
WORD = re.compile(r"\w+")
MARKUP = re.compile(r"[<>{}|]|\[\[|\]\]|\bhttps?://")

# Hand labels: page id -> the credits its text carries. ``source`` is who the line credits, ``names`` what a tool
# may call it (matched case-insensitively against the agency a tool names), ``line`` the exact text of the line
# (found in the written file by the script, which fails if it is not there), ``form`` what kind of credit it is.
VOA = ("Voice of America", "VOA", "VOA News")
CREDITS: dict[str, list[dict]] = {
    "5582": [
        {
            "source": "Voice of America News",
            "names": VOA,
            "line": '"This article is based on a report by "Voice of America News", which is in the public domain."',
            "form": "based-on credit (in quotation marks: the dump renders the italics so)",
        }
    ],
    "37780": [
        {
            "source": "German Wikinews",
            "names": ("German Wikinews", "Wikinews"),
            "line": '"This article is translated original reporting from German Wikinews"',
            "form": "translation credit (in quotation marks)",
        }
    ],
    "73514": [
        {
            "source": "WikiFur News",
            "names": ("WikiFur News", "WikiFur"),
            "line": '"Originally published on WikiFur News, co-licensed under the GFDL and Creative Commons licenses."',
            "form": "originally-published-on credit (in quotation marks)",
        }
    ],
    "7473": [
        {
            "source": "Voice of America",
            "names": VOA,
            "line": "Translated from report by: Zhang Yongtai (Voice of America/ Taipei)",
            "form": "translation credit with the reporter and outlet",
        }
    ],
    "36853": [
        {
            "source": "Wikinoticias (Spanish Wikinews)",
            "names": ("Wikinoticias", "Spanish Wikinoticias"),
            "line": "This article was translated from the Spanish Wikinoticias Dos explosiones en La Paz dejan dos "
            "muertos y seis heridos",
            "form": "translation credit",
        }
    ],
    "4672": [
        {
            "source": "Sweet Silhouette (blog)",
            "names": ("Sweet Silhouette",),
            "line": 'This article was originally based on the blog entry "Google wants to Host Wikipedia or its '
            'Content" by "Sweet Silhouette".',
            "form": "originally-based-on credit",
        }
    ],
    "88137": [
        {
            "source": None,
            "names": (),
            "line": "This article is based on Turkey Carries Out More Air Strikes in Northern Iraq by which is in the "
            ".",
            "form": "based-on credit whose outlet name the dump lost (a template): no name to read",
        }
    ],
    "88364": [
        {
            "source": "VOA News",
            "names": VOA,
            "line": "This article is based on Musharraf Orders Pakistani Security Forces to Take Firm Action Against "
            "Rioters by VOA News which is in the public domain.",
            "form": "based-on credit",
        }
    ],
    "88673": [
        {
            "source": None,
            "names": (),
            "line": "This article is based on Mob Attacks Church Near Eldoret in Western Kenya by which is in the .",
            "form": "based-on credit whose outlet name the dump lost (a template): no name to read",
        }
    ],
    "88681": [
        {
            "source": "VOA News",
            "names": VOA,
            "line": "This article is based on New Date Expected for Pakistan Election by VOA News which is in the "
            "public domain.",
            "form": "based-on credit",
        }
    ],
    "88758": [
        {
            "source": "VOA News",
            "names": VOA,
            "line": "This article is based on Sri Lanka's Government to Withdraw From Truce Agreement by VOA News "
            "which is in the public domain.",
            "form": "based-on credit",
        }
    ],
    "88840": [
        {
            "source": "VOA News",
            "names": VOA,
            "line": "This article incorporates text from Aircraft Safety Group Says 2007 One Of Safest Years To Fly "
            "by VOA News which is in the public domain.",
            "form": "incorporates-text-from credit",
        }
    ],
    "113155": [
        {
            "source": "Live with Regis and Kelly (ABC broadcast)",
            "names": ("Live with Regis and Kelly", "ABC", "CTV"),
            "line": 'This article was based on the September 15, 2008 broadcast of "Live with Regis and Kelly", as '
            "aired terrestrially on CTV in Canada, a rebroadcast of live feed from ABC.",
            "form": "based-on-a-broadcast credit",
        }
    ],
}

_WIRE = (
    r"AFP|AP|UPI|AAP|PTI|IANS|ANI|TASS|EFE|ANSA|dpa|Reuters|Associated Press|Agence France[- ]Press[e]?|Xinhua"
    r"|Kyodo|Yonhap|Interfax|Bloomberg|ITAR-TASS|RIA Novosti"
)
TRAPS = {
    "paren-at-paragraph-end": re.compile(rf"\((?:{_WIRE})\)\.?[\"”]?\s*$"),
    "paren-opening-sentence": re.compile(rf"^[^.]{{0,60}}\((?:{_WIRE})\)"),
    "via": re.compile(r"\((?:via|h/t)\s", re.IGNORECASE),
    "dash-before-agency-at-end": re.compile(rf"[—–-]\s*(?:{_WIRE})\.?\s*$"),
    "news-service": re.compile(r"\b(?:[A-Z][\w&.'-]*\s+){1,4}News\s+Service\b"),
}
MENTION = re.compile(
    rf"\b(?:told|according to|reported by|quoted by|quoting|cited by|reports?|reported|said to|speaking to|interview "
    rf"with)\s+(?:the\s+)?(?:news agency\s+)?(?:{_WIRE})\b"
)


GV_SOURCE = {
    "repo": "mediacloud/backend",
    "commit": "4840dd2b8fbef68cf3c3d61771d3a934b3260a60",
    "path": "t/data/crawler_stories/gv/{n}.json (a saved globalvoicesonline.org page, key 'content')",
    "license": "CC BY 3.0 (Global Voices, https://globalvoices.org; the page links the licence)",
    "license_url": "https://creativecommons.org/licenses/by/3.0/",
}
DEFAULT_GV_DUMP = Path("/work/.mirror/mediacloud+backend/repo")
GV_PAGES = range(1, 16)  # 16.json is the site's home page, not a post
# Hand labels of the Global Voices posts, by page number (see CREDITS).
GV_CREDITS: dict[int, list[dict]] = {
    6: [
        {
            "source": "Gauravonomics (the author's blog)",
            "names": ("Gauravonomics",),
            "line": "Cross-posted at Gauravonomics, my blog on social media and social change.",
            "form": "cross-posted-at note (the post also appears on the author's blog)",
        }
    ],
}
GV_DATE = re.compile(r"(?:[A-Z][a-z]+day,\s+)?(?P<m>[A-Z][a-z]+)\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,\s+(?P<y>\d{4})\b")


class _PostText(HTMLParser):
    """The text of a Global Voices post page: its title, date line, byline and the paragraphs of its entry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.where: str | None = None
        self.depth = 0
        self.parts: dict[str, list[str]] = {"title": [], "date": [], "byline": []}
        self.paragraphs: list[str] = []
        self.current: list[str] | None = None
        self.in_entry = False
        self.entry_divs = 0
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.done:
            return
        if tag == "h2" and a.get("class") == "post-title" and not self.parts["title"]:
            self.where = "title"
        elif tag == "h3" and self.parts["title"] and not self.parts["date"]:
            self.where = "date"
        elif tag == "h4" and self.parts["date"] and not self.parts["byline"]:
            self.where = "byline"
        elif tag == "div" and a.get("class") == "entry":
            self.in_entry, self.entry_divs = True, 1
        elif tag == "div" and self.in_entry:
            self.entry_divs += 1
        if self.in_entry and tag in ("p", "li", "h3", "h4") and self.current is None:
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if tag in ("h2", "h3", "h4") and self.where:
            self.where = None
        if self.in_entry and tag in ("p", "li", "h3", "h4") and self.current is not None:
            text = " ".join("".join(self.current).split())
            if text:
                self.paragraphs.append(text)
            self.current = None
        if tag == "div" and self.in_entry:
            self.entry_divs -= 1
            if self.entry_divs == 0:
                self.in_entry, self.done = False, True

    def handle_data(self, data: str) -> None:
        if self.where:
            self.parts[self.where].append(data)
        elif self.current is not None:
            self.current.append(data)


def read_gv(gitdir: Path, commit: str) -> dict[str, dict]:
    """The Global Voices posts of ``GV_PAGES`` at ``commit`` of a git directory, by id ``gvNN``."""
    out = {}
    for n in GV_PAGES:
        blob = subprocess.run(
            ["git", "--git-dir", str(gitdir), "cat-file", "blob", f"{commit}:t/data/crawler_stories/gv/{n}.json"],
            capture_output=True,
        )
        if blob.returncode:
            sys.exit(f"no Global Voices page {n} at {commit} in {gitdir}: {blob.stderr.decode().strip()}")
        page = json.loads(blob.stdout.decode("utf-8"))
        parser = _PostText()
        parser.feed(page["content"])
        title, date_line, byline = (" ".join("".join(parser.parts[k]).split()) for k in ("title", "date", "byline"))
        m = GV_DATE.search(date_line)
        if not (title and m and byline and parser.paragraphs):
            sys.exit(f"Global Voices page {n}: title, date line, byline or text not found")
        date = f"{m['y']}-{MONTHS.index(m['m']) + 1:02d}-{int(m['d']):02d}"
        link = re.search(r'class="post-title"[^>]*><a href="([^"]+)"', page["content"])
        out[f"gv{n:02d}"] = {
            "title": title,
            "paragraphs": [date_line, byline, *parser.paragraphs],
            "date": date,
            "date_line": date_line,
            "revid": None,
            "url": link.group(1) if link else None,
            "source": {**GV_SOURCE, "path": GV_SOURCE["path"].format(n=n)},
        }
    return out


def lenient_clean(title: str, text: str) -> dict | None:
    """Title, paragraphs and date of a page, keeping the lines after its Sources heading (see the docstring)."""
    if not title or ":" in title.split(" ")[0] or title.startswith("Digest/"):
        return None
    text = html.unescape(html.unescape(text))
    paragraphs: list[str] = []
    date = date_line = None
    for raw in text.split("\n"):
        p = " ".join(raw.split())
        if not p:
            continue
        heading = len(p.split()) <= 4 and p.endswith((".", ":")) and p.count(".") <= 1
        if parse_date_line(p):
            if date is None and len(paragraphs) < 3:
                date, date_line = parse_date_line(p), p
                paragraphs.append(p)
            continue
        if heading or MARKUP.search(p):
            continue
        paragraphs.append(p)
    words = sum(len(p.split()) for p in paragraphs)
    if len(paragraphs) < 3 or words < MIN_WORDS:
        return None
    return {"title": title, "paragraphs": paragraphs, "date": date, "date_line": date_line}


def select(articles: dict[str, dict]) -> list[tuple[str, str, list[str]]]:
    """(page id, group, reasons) of every article of the set, in a fixed order."""
    rng = random.Random(SEED)
    chosen: dict[str, tuple[str, list[str]]] = {}
    for pid in sorted(CREDITS, key=int):
        if pid not in articles:
            sys.exit(f"hand-labelled page {pid} is not in the dump (or fails the light cleaning)")
        chosen[pid] = ("credited", ["hand-labelled credit line"])
    mentions = []
    for pid in sorted(articles, key=int):
        if pid in chosen:
            continue
        paras = articles[pid]["paragraphs"]
        reasons = sorted({name for p in paras for name, rx in TRAPS.items() if rx.search(p)})
        if reasons:
            chosen[pid] = ("agency-named", reasons)
        elif any(MENTION.search(p) for p in paras):
            mentions.append(pid)
    for pid in sorted(rng.sample(mentions, min(MENTION_SAMPLE, len(mentions))), key=int):
        chosen[pid] = ("agency-named", ["agency cited in running text"])
    dated = [pid for pid in sorted(articles, key=int) if pid not in chosen and articles[pid]["date"]]
    for pid in sorted(rng.sample(dated, min(DATED_SAMPLE, len(dated))), key=int):
        chosen[pid] = ("dated", ["own date line"])
    rest = [pid for pid in sorted(articles, key=int) if pid not in chosen and pid not in mentions and pid not in dated]
    for pid in sorted(rng.sample(rest, PLAIN_SAMPLE), key=int):
        chosen[pid] = ("plain", ["control"])
    return [(pid, group, reasons) for pid, (group, reasons) in chosen.items()]


def agency_lines(paragraphs: list[str]) -> list[str]:
    """The paragraphs naming an agency of ``provenance.cues.agencies`` (as its pattern reads them)."""
    sys.path.insert(0, str(ROOT))
    from provenance.cues.agencies import AGENCY

    rx = re.compile(AGENCY)
    return [p for p in paragraphs if rx.search(p)]


def write(articles: dict[str, dict], chosen: list[tuple[str, str, list[str]]], out: Path) -> dict:
    """Write the files and return the labels."""
    corpus = out / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    docs = {}
    for pid, group, reasons in chosen:
        art = articles[pid]
        slug = "-".join(WORD.findall(art["title"].casefold()))[:60].strip("-")
        rel = f"{group}/{slug}-{pid}.txt"
        text = "\n\n".join([art["title"], *art["paragraphs"]]) + "\n"
        credits = []
        hand = GV_CREDITS.get(int(pid[2:]), []) if pid.startswith("gv") else CREDITS.get(pid, [])
        for c in hand:
            start = text.find(c["line"])
            if start < 0:
                sys.exit(f"credit line of page {pid} not found in its text: {c['line']!r}")
            credits.append({**c, "names": list(c["names"]), "start": start, "end": start + len(c["line"])})
        path = corpus / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        src = art.get("source", SOURCE)
        docs[rel] = {
            "page_id": pid,
            "revid": art["revid"],
            "url": art["url"],
            "title": art["title"],
            "group": group,
            "why": reasons,
            "licence": src["license"],
            "read_from": {"repo": src["repo"], "commit": src["commit"], "path": src["path"]},
            "credits": credits,
            "date": art["date"],
            "date_line": art["date_line"],
            "agency_mentions": agency_lines(art["paragraphs"]),
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
        }
    groups: dict[str, int] = {}
    for d in docs.values():
        groups[d["group"]] = groups.get(d["group"], 0) + 1
    return {
        "sources": [SOURCE, GV_SOURCE],
        "builder": {"script": "benchmarks/realnews/make_credits.py", "seed": SEED},
        "summary": {
            "documents": len(docs),
            "by_group": groups,
            "documents_with_a_credit": sum(bool(d["credits"]) for d in docs.values()),
            "credits_with_a_name": sum(bool(c["source"]) for d in docs.values() for c in d["credits"]),
            "dated": sum(bool(d["date"]) for d in docs.values()),
            "documents_naming_an_agency": sum(bool(d["agency_mentions"]) for d in docs.values()),
        },
        "documents": docs,
    }


def sources_table(labels: dict) -> str:
    """One line per document: file, page id, revision, URL, licence, and the repository, commit and path of the
    copy it was read from."""
    rows = ["doc\tpage_id\trevid\turl\tlicence\trepo\tcommit\tpath"]
    for doc, d in sorted(labels["documents"].items()):
        src = d["read_from"]
        fields = [doc, d["page_id"], d["revid"] or "", d["url"] or "", d["licence"], src["repo"], src["commit"]]
        rows.append("\t".join([*fields, src["path"]]))
    return "\n".join(rows) + "\n"


def main() -> None:
    """Command line: build the corpus and its labels."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dump", type=Path, default=DEFAULT_DUMP, help="git directory holding the countaBot commit")
    ap.add_argument("--gv-dump", type=Path, default=DEFAULT_GV_DUMP, help="git directory holding mediacloud/backend")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    articles = {}
    for page in read_dump(args.dump, SOURCE["commit"]):
        cleaned = lenient_clean(html.unescape(page.get("title", "")).strip(), page.get("text", ""))
        if cleaned:
            articles[page["id"]] = {**cleaned, "revid": page.get("revid"), "url": page.get("url")}
    chosen = select(articles)
    posts = read_gv(args.gv_dump, GV_SOURCE["commit"])
    articles.update(posts)
    chosen += [(pid, "globalvoices", ["Global Voices post (real byline and date line)"]) for pid in sorted(posts)]
    labels = write(articles, chosen, args.out)
    text = json.dumps(labels, indent=1, ensure_ascii=False) + "\n"
    (args.out / "labels.json").write_text(text, encoding="utf-8")
    (HERE / "credits_labels.json").write_text(text, encoding="utf-8")
    sources = sources_table(labels)
    (args.out / "SOURCES.tsv").write_text(sources, encoding="utf-8")
    (HERE / "credits_sources.tsv").write_text(sources, encoding="utf-8")
    print(f"{labels['summary']['documents']} files in {args.out / 'corpus'}; {labels['summary']}")


if __name__ == "__main__":
    main()
