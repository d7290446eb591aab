"""Build a benchmark corpus shaped like a day of wire copy, out of real, openly licensed news articles.

Usage::

    # once: extract the source articles into a plain folder (outside the repository)
    python benchmarks/make_clusters.py --extract-from GITDIR_OR_FOLDER --source /work/data/news

    # then, as often as wanted:
    python benchmarks/make_clusters.py --source /work/data/news --out /work/data/clusters-10000 --docs 10000 [--seed 0]

or, from Python, ``generate(source, out, n, seed)``, which writes the corpus and returns the gold dict. The output
depends only on the source folder, ``--docs`` and ``--seed``: the same arguments give byte-identical files.

Source text
-----------
English Wikinews articles (https://en.wikinews.org, text by Wikinews contributors, licensed CC BY 2.5), as a
WikiExtractor JSON-lines dump committed to the public GitHub repository ``jshepp27/countaBot``, commit
``eac9439eff525f2f4c753983fe2a2973e22e2e7f``, files ``text/AA/wiki_00`` ... ``text/AA/wiki_40`` (41 files of about
1 MB, 39,409 pages; the files are not on the repository's newest commit, only on that one). Obtain them with::

    git clone https://github.com/jshepp27/countaBot && git -C countaBot checkout eac9439   # or any copy of the repo
    python benchmarks/make_clusters.py --extract-from countaBot/.git --source /work/data/news

``--extract-from`` takes a git directory (the files are read from that commit with ``git cat-file``; a bare mirror
such as the one the search tool's ``fetch`` brings, ``/work/.mirror/jshepp27+countaBot/repo``, works too) or a
folder holding the ``wiki_NN`` files. The repository carries no licence of its own; the text is Wikinews'.

The extraction (``extract``) unescapes HTML entities, cuts each article at its "Sources." / "External links." /
"References." heading, drops other one-line section headings, takes a paragraph that is only a date ("December 13,
2004") as the article's date, and keeps an article only when it reads as clean prose: 4 or more paragraphs,
150-2,000 words, no interview layout, and at most two damaged paragraphs, which are dropped (as a copy desk would
cut them), none of them the first. A paragraph is damaged when it has wiki or HTML markup or one of the holes
WikiExtractor leaves where it drops a linked name (``the , was``, ``( )``, ``""``, ``the of``, a space before a
full stop, a lowercase start). Some holes cannot be seen (a dropped name between two words, a dropped currency
sign); they stay, identical in every copy of a story. It then removes near-duplicates so that no two source
articles are the same story: an exact normalised-text match, a shared paragraph of 25+ words, or a MinHash Jaccard
of 0.5+ on word 5-grams drops the later article (Wikinews has rewrites and follow-ups of one event). Each kept
article is written as ``wnNNNNNNN.txt`` (the Wikinews page id): title line, blank line, paragraphs separated by
blank lines, with a sidecar ``wnNNNNNNN.json`` (page id, revision id, URL, title, ``date``: ISO or null; only a
few dozen articles carry one), and ``SOURCE.json`` records the repository, commit, path, licence and counts.
From the commit above this keeps 9,630 of the 39,409 pages (29,707 rejected, most of them redirects, stubs and
empty pages; 69 sharing a 25+ word paragraph with an earlier article, 2 near duplicates, 1 exact duplicate), in
about 20 s; median 269 words and 6 paragraphs.

The corpus
----------
``OUT/corpus/NNNNNNNN.txt`` (8 random digits; a flat folder whose names say nothing about the story) and
``OUT/gold.json``. Shares are of ``--docs``:

* wire stories (3 per 100 files): one source article each, reprinted 1-200 times: a log-normal draw (sigma 1.5)
  per story, scaled so the copies fill the wire share and saturating smoothly at 200 (at 10,000 files: 78 of the
  300 stories have 1-5 copies, 14 have 100-188). The story's first copy is its ``original`` (full text), the
  others ``reprint``. Each story has one credited agency (AP 40%, Reuters 30%, AFP 15%, a partner outlet 15%),
  one reporter, and one dateline place: the first city named in its first paragraph (or title), else the capital
  of the first country named there; none (a bare "(AP) —") when they name neither.
* outlets: 200-500 invented outlets (``--docs`` / 40), drawn with Zipf-like popularity, each with a page template
  that is identical text on all its pages and differs between outlets: a header (site name, one menu line or
  several 1-3-word menu lines, sometimes a tagline) and a footer (share line, newsletter prompt, a related-links
  heading followed by 3-6 real Wikinews headlines, a copyright line, sometimes legal links). Some outlets print a
  per-page date line ("Updated: March 3, 2026 9:41 a.m."), which varies from page to page.
* a reprint: the headline (re-headlined 25% of the time: a word swapped, a prefix, or title case), an optional
  byline, the body trimmed from the bottom to 40-100% of its paragraphs (at least 3; 35% of reprints keep all),
  the agency credit in wire style ("CITY, Country (AP) —" dateline, "(Reporting by ...; Editing by ...)",
  "— Reuters", "Associated Press contributed to this report.", "This article originally appeared in ..."),
  up to 3 small copy-desk edits (said/says, percent/per cent, U.S./US ...; paragraph breaks kept), and 25% of
  the time one local paragraph: a real paragraph of a Wikinews article used nowhere else in the corpus (or, once
  those run out, a sentence naming the outlet).
* ``doubled`` (1%): a reprint whose article block (headline to credit) is pasted twice, as a scraper that
  ingested it twice would leave it.
* ``exact`` (1%): byte-identical copies of another file of the corpus under another name.
* ``unrelated`` (25%, fewer when the source runs short): real articles carried once, in an outlet's template,
  with no agency credit. With the 9,630 source articles this is 25% up to about 30,000 files (the stories, the
  unrelated originals and a reserve of 800 donor articles must be distinct articles; no source article is used
  for two stories); at 100,000 files the unrelated share drops to what the source allows (5.8%), and the local
  paragraphs run out (the rest are outlet sentences); both are recorded in ``gold["params"]``.

Real text is used as it is: the stock phrases and quotations that articles share stay. Templates, bylines,
credits and datelines are the only invented text; outlet, town and person names are ordinary English words.

The gold file
-------------
``OUT/gold.json``::

    {"docs": {"00012345.txt": {"story": "s00042", "kind": "original|reprint|doubled|exact|unrelated",
                              "outlet": "The Millbrook Courier", "kept": 0.73, "copy_of": "00998877.txt"}},
     "stories": {"s00042": {"source": "wn0012345.txt", "copies": 57, "agency": "AP", "type": "wire|unrelated"}},
     "source": {"repo": ..., "commit": ..., "path": ..., "license": ...},
     "params": {...}}

Two files are the same story when they share the story id (exact and doubled ingests belong to their story).
``kept`` is the share of the source article's paragraphs the copy carries; ``copy_of`` is set for ``exact``.
``score_groups(groups, gold)`` scores a grouping of the files against it (pairwise precision/recall/F1 from the
contingency table of story and group sizes); ``clusters.py`` and ``baseline_clusters.py`` use it.
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import math
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

SOURCE = {
    "repo": "jshepp27/countaBot",
    "commit": "eac9439eff525f2f4c753983fe2a2973e22e2e7f",
    "path": "text/AA/wiki_00 ... text/AA/wiki_40 (WikiExtractor JSON lines of English Wikinews)",
    "license": "CC BY 2.5 (Wikinews, https://en.wikinews.org, text by Wikinews contributors)",
    "license_url": "https://creativecommons.org/licenses/by/2.5/",
}

# --- extraction ---------------------------------------------------------------------------------------------------

WORD = re.compile(r"\w+")
CUT_HEADINGS = {"sources", "source", "external links", "references", "see also", "related news", "notes"}
MARKUP = re.compile(r"[<>{}|]|\[\[|\]\]|__|=\s*=|\bhttps?://|&[a-z]+;")
# Holes WikiExtractor leaves where it drops a linked name: a space before punctuation, empty brackets or quotes,
# a determiner or preposition followed by punctuation or by another function word, a doubled space.
GAP = re.compile(
    r"\s[,;:!?)]|\s\.(?!\.\.)|\(\s*[,;)]|\[\s*\]|\"\"|''|\s{2,}|"
    r"\b(?:the|a|an|of|in|on|at|by|to|from|with|for|and|or|as|said|told)\s+[,.;:)]|"
    r"\b(?:the|a|an)\s+(?:the|a|an|of|and|or|in|on|at|to|by|for|from|with|is|was|were|are|has|have|had)\b",
    re.IGNORECASE,
)
SPEAKER = re.compile(r"^(?:Q|A|[A-Z][\w.' -]{0,30}):\s")


DATE = re.compile(
    r"^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?:(?P<m1>[A-Z][a-z]+)\s+(?P<d1>\d{1,2}),?\s+|(?P<d2>\d{1,2})\s+(?P<m2>[A-Z][a-z]+),?\s+)(?P<y>(?:19|20)\d\d)\.?$"
)
MONTH_NUMBER = {
    m: i
    for i, m in enumerate(
        "January February March April May June July August September October November December".split(), 1
    )
}


def _date(p: str) -> str | None:
    """ISO date of a paragraph that is only a date ("December 13, 2004"), else None."""
    m = DATE.match(p)
    if not m or (m["m1"] or m["m2"]) not in MONTH_NUMBER:
        return None
    month, day = MONTH_NUMBER[m["m1"] or m["m2"]], int(m["d1"] or m["d2"])
    try:
        return datetime.date(int(m["y"]), month, day).isoformat()
    except ValueError:
        return None


def _clean_article(title: str, text: str) -> tuple[list[str], str | None] | None:
    """The article's paragraphs and date (or None), or None when it does not read as clean prose."""
    if not title or ":" in title.split(" ")[0]:
        return None
    text = html.unescape(html.unescape(text))
    paragraphs: list[str] = []
    date = None
    for raw in text.split("\n"):
        p = raw.strip()
        if not p:
            continue
        heading = len(p.split()) <= 4 and p.endswith((".", ":")) and p.count(".") <= 1
        if heading and p.rstrip(".:").lower() in CUT_HEADINGS:
            break
        if _date(p):
            date = date or _date(p)
            continue
        if heading:
            continue
        paragraphs.append(p)
    damaged = [
        i
        for i, p in enumerate(paragraphs)
        if MARKUP.search(p)
        or GAP.search(p)
        or not (p[0].isupper() or p[0].isdigit() or p[0] in "\"“‘'")
        or (len(p.split()) < 4 and not p.endswith((".", "!", "?", '"', "”")))
    ]
    # A damaged paragraph (a hole where a link was, markup) is dropped, as a copy desk would cut it; an article
    # whose first paragraph is damaged, or with more than two damaged ones, is not used.
    if 0 in damaged or len(damaged) > 2:
        return None
    paragraphs = [p for i, p in enumerate(paragraphs) if i not in damaged]
    words = sum(len(p.split()) for p in paragraphs)
    if len(paragraphs) < 4 or not 150 <= words <= 2000:
        return None
    if sum(bool(SPEAKER.match(p)) for p in paragraphs) > 2:
        return None
    return paragraphs, date


def _read_dump(src: Path, commit: str) -> list[tuple[str, str]]:
    """``(name, text)`` of the WikiExtractor files in a git directory (at ``commit``) or in a folder."""
    if (src / "objects").is_dir() and (src / "HEAD").is_file():
        git = ["git", "--git-dir", str(src)]
        listing = subprocess.run([*git, "ls-tree", "-r", "--name-only", commit], capture_output=True, text=True)
        names = sorted(n for n in listing.stdout.split() if re.search(r"(^|/)wiki_\d+$", n))
        if listing.returncode or not names:
            sys.exit(f"no wiki_NN files at commit {commit} in {src}: {listing.stderr.strip()}")
        return [
            (
                name,
                subprocess.run(
                    [*git, "cat-file", "blob", f"{commit}:{name}"], capture_output=True, check=True
                ).stdout.decode("utf-8"),
            )
            for name in names
        ]
    files = sorted(p for p in src.rglob("wiki_*") if re.fullmatch(r"wiki_\d+", p.name))
    if not files:
        sys.exit(f"no wiki_NN files below {src}")
    return [(str(p.relative_to(src)), p.read_text(encoding="utf-8")) for p in files]


def extract(src: Path, dest: Path, commit: str = SOURCE["commit"]) -> dict:
    """Write the clean, de-duplicated source articles of a WikiExtractor dump to ``dest``; returns SOURCE.json."""
    from datasketch import MinHash, MinHashLSH

    pages = []
    for _, blob in _read_dump(src, commit):
        for line in blob.splitlines():
            if line.strip():
                pages.append(json.loads(line))
    pages.sort(key=lambda d: int(d["id"]))
    rejected: Counter[str] = Counter()
    seen_text: set[str] = set()
    seen_paragraph: set[str] = set()
    lsh = MinHashLSH(threshold=0.5, num_perm=64)
    kept = []
    for page in pages:
        title = html.unescape(page.get("title", "")).strip()
        cleaned = _clean_article(title, page.get("text", ""))
        if cleaned is None:
            rejected["not clean prose"] += 1
            continue
        paragraphs, date = cleaned
        tokens = WORD.findall(" ".join(paragraphs).lower())
        key = " ".join(tokens)
        norm_paragraphs = [" ".join(WORD.findall(p.lower())) for p in paragraphs]
        long_paragraphs = [p for p in norm_paragraphs if len(p.split()) >= 25]
        if key in seen_text:
            rejected["same normalised text"] += 1
            continue
        if any(p in seen_paragraph for p in long_paragraphs):
            rejected["shares a 25+ word paragraph"] += 1
            continue
        m = MinHash(num_perm=64, seed=1)
        m.update_batch([" ".join(tokens[i : i + 5]).encode() for i in range(max(1, len(tokens) - 4))])
        if lsh.query(m):
            rejected["near duplicate (MinHash Jaccard >= 0.5)"] += 1
            continue
        lsh.insert(page["id"], m)
        seen_text.add(key)
        seen_paragraph.update(long_paragraphs)
        kept.append((page, title, paragraphs, date))
    dest.mkdir(parents=True, exist_ok=True)
    for page, title, paragraphs, date in kept:
        name = f"wn{int(page['id']):07d}"
        (dest / f"{name}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        meta = {"id": page["id"], "revid": page.get("revid"), "url": page.get("url"), "title": title, "date": date}
        (dest / f"{name}.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    info = {**SOURCE, "commit": commit, "pages": len(pages), "articles": len(kept), "rejected": dict(rejected)}
    (dest / "SOURCE.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


# --- invented furniture: outlets, people, places --------------------------------------------------------------------

TOWNS = (
    "Millbrook|Cedar Falls|Harbor City|Westfield|Riverton|Oak Hill|Bridgeport|Fairview|Lakeside|Springdale|Ashford|"
    "Brookhaven|Clearwater|Denton|Eastport|Franklin|Glenwood|Greenville|Hamilton|Hillsboro|Jackson|Kingston|"
    "Lancaster|Lebanon|Lexington|Madison|Marion|Milford|Monroe|Newport|Oakland|Oxford|Pine Bluff|Plainview|Portland|"
    "Princeton|Quincy|Richmond|Rockport|Salem|Shelby|Stratford|Summit|Troy|Union City|Vernon|Warren|Waverly|Windsor|"
    "Woodland|Northfield|Southgate|Bayview|Clifton|Dover|Elmwood|Fulton|Georgetown|Harrison|Hudson|Irving|Jefferson|"
    "Kent|Lincoln|Manchester|Mayfield|Newton|Norwood|Oakdale|Parkville|Ridgewood|Riverside|Seaside|Somerset|Sterling|"
    "Tremont|Valley Forge|Wakefield|Weston|Whitehall|Wilton|York|Ashland|Belmont|Canton|Carroll|Chester|Clinton|"
    "Columbia|Concord|Dayton|Easton|Edgewater|Fremont|Garfield|Granville|Hanover|Highland|Hopewell|Lakewood|Linden|"
    "Livingston|Marshall|Middletown|Milton|Morris|Mount Vernon|Neptune|Orange|Pleasant Valley|Redwood|Rosedale|"
    "Sheffield|Sherwood|Stanton|Tipton|Trenton|Walton|Wayne|Westbrook|Wheaton|Winchester|Yorktown|Cumberland|"
    "Crescent Bay|Evergreen|Pinecrest|Maple Grove|Stonebridge|Silver Lake|Blue Ridge|Red Oak|Eagle Pass|"
    "Three Rivers|Twin Oaks"
)
TOWN_LIST = TOWNS.split("|")
PAPERS = (
    "Courier Gazette Herald Tribune Sentinel Observer Ledger Dispatch Register Chronicle Post Times Star Journal "
    "Record Bulletin Examiner Enterprise Independent Express Press Mirror Beacon Telegraph Standard Monitor Advocate "
    "Banner Leader Review Argus Eagle Citizen Messenger Reporter Daily News"
).split(" ")
PAPERS = [*PAPERS[:-2], "Daily News", "News-Leader", "Tribune-Herald", "Free Press", "Evening Post", "Sun"]
FIRST = (
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
    "Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Sandra Steven Ashley Paul Emily "
    "Andrew Donna Joshua Michelle Kevin Carol Brian Amanda George Melissa Edward Deborah Ronald Laura Timothy Rebecca "
    "Jason Sharon Ahmed Maria Carlos Ana Wei Mei Rahul Priya Kwame Amina Olga Ivan Sofia Lucas Yuki Kenji Fatima Omar"
).split()
LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson Anderson Thomas "
    "Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott "
    "Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards "
    "Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Kelly Howard Ward Cox Richardson Wood "
    "Watson Brooks Bennett Gray Hughes Price Sanders Myers Long Ross Foster Okafor Mensah Chen Wang Singh Patel "
    "Nakamura Tanaka Kowalski Novak Petrov Haddad Rahman Silva Santos Costa Ferreira Dubois Muller Schmidt Rossi"
).split()
# Dateline places: a city named in the story (earliest mention) or, failing that, the capital of a country named in
# it; stories that name none get a bare "(AP) —" credit. Cities that wire style writes without a country: "".
CAPITALS = (
    "Afghanistan:Kabul|Albania:Tirana|Algeria:Algiers|Argentina:Buenos Aires|Armenia:Yerevan|Australia:Canberra|"
    "Austria:Vienna|Azerbaijan:Baku|Bahrain:Manama|Bangladesh:Dhaka|Belarus:Minsk|Belgium:Brussels|Bolivia:La Paz|"
    "Bosnia:Sarajevo|Brazil:Brasilia|Bulgaria:Sofia|Burma:Yangon|Cambodia:Phnom Penh|Cameroon:Yaounde|Canada:Ottawa|"
    "Chile:Santiago|China:Beijing|Colombia:Bogota|Congo:Kinshasa|Croatia:Zagreb|Cuba:Havana|"
    "Cyprus:Nicosia|Czech Republic:Prague|Denmark:Copenhagen|Ecuador:Quito|Egypt:Cairo|Estonia:Tallinn|"
    "Ethiopia:Addis Ababa|Fiji:Suva|Finland:Helsinki|France:Paris|Georgia:Tbilisi|Germany:Berlin|Ghana:Accra|"
    "Greece:Athens|Guatemala:Guatemala City|Haiti:Port-au-Prince|Honduras:Tegucigalpa|Hungary:Budapest|"
    "Iceland:Reykjavik|India:New Delhi|Indonesia:Jakarta|Iran:Tehran|Iraq:Baghdad|Ireland:Dublin|Israel:Jerusalem|"
    "Italy:Rome|Jamaica:Kingston|Japan:Tokyo|Kazakhstan:Astana|Kenya:Nairobi|Kuwait:Kuwait City|"
    "Latvia:Riga|Lebanon:Beirut|Liberia:Monrovia|Libya:Tripoli|Lithuania:Vilnius|Malaysia:Kuala Lumpur|Mali:Bamako|"
    "Mexico:Mexico City|Mongolia:Ulaanbaatar|Morocco:Rabat|Mozambique:Maputo|Nepal:Kathmandu|Netherlands:Amsterdam|"
    "New Zealand:Wellington|Nicaragua:Managua|Niger:Niamey|Nigeria:Abuja|North Korea:Pyongyang|Norway:Oslo|"
    "Pakistan:Islamabad|Palestine:Ramallah|Panama:Panama City|Peru:Lima|Philippines:Manila|Poland:Warsaw|"
    "Portugal:Lisbon|Qatar:Doha|Romania:Bucharest|Russia:Moscow|Rwanda:Kigali|Saudi Arabia:Riyadh|Senegal:Dakar|"
    "Serbia:Belgrade|Singapore:Singapore|Slovakia:Bratislava|Slovenia:Ljubljana|Somalia:Mogadishu|"
    "South Africa:Johannesburg|South Korea:Seoul|Spain:Madrid|Sri Lanka:Colombo|Sudan:Khartoum|Sweden:Stockholm|"
    "Switzerland:Geneva|Syria:Damascus|Taiwan:Taipei|Tanzania:Dar es Salaam|Thailand:Bangkok|Tunisia:Tunis|"
    "Turkey:Ankara|Uganda:Kampala|Ukraine:Kyiv|United Arab Emirates:Dubai|United Kingdom:London|England:London|"
    "Scotland:Edinburgh|Wales:Cardiff|Uruguay:Montevideo|Venezuela:Caracas|Vietnam:Hanoi|Yemen:Sanaa|"
    "Zambia:Lusaka|Zimbabwe:Harare"
)
COUNTRY_CAPITAL = dict(pair.split(":") for pair in CAPITALS.split("|"))
BARE_CITIES = (
    "London|Paris|Berlin|Rome|Moscow|Beijing|Tokyo|Jerusalem|Geneva|Brussels|Washington|New York|Chicago|"
    "Los Angeles|Houston|Atlanta|Boston|Denver|Seattle|Miami|Dallas|San Francisco|Philadelphia|Detroit|Toronto|"
    "Montreal|Vancouver|Sydney|Melbourne|Hong Kong|Singapore|Mexico City|Kuwait City|Vatican City|Baghdad|"
    "Kabul|Cairo|Tehran|Istanbul|Mumbai|Havana|Johannesburg|Nairobi|Dubai|Manila|Jakarta|Bangkok|Seoul"
).split("|")
OTHER_CITIES = (
    "Manchester:England|Liverpool:England|Birmingham:England|Glasgow:Scotland|Belfast:Northern Ireland|"
    "Barcelona:Spain|Milan:Italy|Naples:Italy|Munich:Germany|Hamburg:Germany|Frankfurt:Germany|Lyon:France|"
    "Marseille:France|St. Petersburg:Russia|Kandahar:Afghanistan|Basra:Iraq|Mosul:Iraq|Karachi:Pakistan|"
    "Lahore:Pakistan|Kolkata:India|Chennai:India|Bangalore:India|Shanghai:China|Osaka:Japan|Rio de Janeiro:Brazil|"
    "Sao Paulo:Brazil|Auckland:New Zealand|Brisbane:Australia|Perth:Australia|Adelaide:Australia|Gaza:Gaza Strip|"
    "Tel Aviv:Israel|Lagos:Nigeria|Cape Town:South Africa|Durban:South Africa|Mombasa:Kenya|Alexandria:Egypt|"
    "Benghazi:Libya|Aleppo:Syria|Homs:Syria|Calgary:Alberta|Edmonton:Alberta|Winnipeg:Manitoba|Halifax:Nova Scotia|"
    "Quebec City:Quebec|Ottawa:Ontario|Canberra:Australia|Wellington:New Zealand"
)
CITY_COUNTRY = dict(pair.split(":") for pair in OTHER_CITIES.split("|"))
CITY_COUNTRY.update({c: "" for c in BARE_CITIES})
for _country, _capital in COUNTRY_CAPITAL.items():
    CITY_COUNTRY.setdefault(_capital, _country)
PLACE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, CITY_COUNTRY), key=len, reverse=True)) + r")\b")
COUNTRY = re.compile(r"\b(" + "|".join(sorted(map(re.escape, COUNTRY_CAPITAL), key=len, reverse=True)) + r")\b")


def _dateline_place(title: str, lead: str) -> tuple[str, str] | None:
    """``(city, country)`` for the story's dateline: the first city named in its first paragraph (or title), else
    the capital of the first country named there; None when they name neither."""
    for text in (lead, title):
        city = PLACE.search(text)
        if city:
            return city.group(1), CITY_COUNTRY[city.group(1)]
    for text in (lead, title):
        country = COUNTRY.search(text)
        if country:
            capital = COUNTRY_CAPITAL[country.group(1)]
            return capital, CITY_COUNTRY.get(capital, country.group(1))
    return None


MENU = (
    "Home|News|Local|Local News|World|Nation|Politics|Business|Sports|High School Sports|Opinion|Editorials|"
    "Letters|Obituaries|Weather|Entertainment|Arts|Lifestyle|Food|Health|Science|Technology|Education|Crime|Courts|"
    "Community|Events|Calendar|Classifieds|Jobs|Real Estate|Autos|Puzzles|Comics|E-Edition|Subscribe|Log In|"
    "Contact Us|Advertise|Podcasts|Video|Photos|Traffic|Elections|Faith|Outdoors|Money|Travel|Weekend"
).split("|")
TAGLINES = [
    "Serving {town} since {year}",
    "{town}'s hometown newspaper since {year}",
    "Independent local journalism",
    "News for {town} and the surrounding area",
    "Your source for {town} news",
    "Covering {town} since {year}",
]
NEWSLETTERS = [
    "Sign up for the {name} morning newsletter and get the day's top stories in your inbox.",
    "Get our free daily newsletter. Subscribe to {name} updates by email.",
    "Never miss a story: sign up for {name} alerts and our evening briefing.",
    "Want the headlines first? Join the {name} newsletter. It's free.",
    "Stay informed. Subscribe to the {name} weekday newsletter.",
    "Get breaking news from {name} delivered to your inbox. Sign up now.",
]
RELATED = [
    "Related Stories",
    "More from {name}",
    "Trending Now",
    "Most Read",
    "You May Also Like",
    "Latest Headlines",
    "Around the Web",
    "Top Stories",
]
COPYRIGHTS = [
    "© 2026 {name}. All rights reserved.",
    "Copyright © 2026 {publisher}. All rights reserved.",
    "© Copyright 2026 {name} | All Rights Reserved",
    "© 2026 {publisher}, Inc.",
]
LEGAL = [
    "About Us | Contact | Privacy Policy | Terms of Service",
    "Terms of Use · Privacy · Cookie Settings",
    "Contact us | Advertise | Careers | Privacy Policy",
    "Site Map | Accessibility | Terms | Privacy",
]
SHARES = ["Share this story: Facebook | X | Email", "Share: Facebook Twitter Email Print", "Share this article"]
DATELINES = [
    "Updated: {month} {day}, 2026 {hour}:{minute:02d} {ampm}",
    "Published {month} {day}, 2026 at {hour}:{minute:02d} {AMPM}",
    "Posted {month} {day}, 2026",
    "{weekday}, {month} {day}, 2026",
]
PUBLISHERS = [
    "{town} Media Group",
    "{town} Publishing Company",
    "Lee Valley Newspapers",
    "Heritage Media",
    "Northstar Publishing",
    "{town} Communications",
    "Cardinal Media Holdings",
]

AGENCIES = {  # agency: (share of stories, full name)
    "AP": (0.40, "Associated Press"),
    "Reuters": (0.30, "Reuters"),
    "AFP": (0.15, "Agence France-Presse"),
    "partner": (0.15, ""),
}
HEADLINE_SWAPS = [
    (" says ", " said "),
    (" kills ", " leaves dead "),
    (" dies", " dead"),
    (" announces ", " unveils "),
    (" wins ", " takes "),
    (" new ", " latest "),
    (" police ", " authorities "),
    (" to ", " will "),
    (" killed", " dead"),
    (" launches ", " starts "),
    (" calls for ", " urges "),
    (" reports ", " says "),
]
HEADLINE_PREFIXES = ["UPDATE: ", "Report: ", "Officials: ", "WATCH: ", "Breaking: "]
COPY_EDITS = [
    (" said.", " says."),
    (" percent", " per cent"),
    (" per cent", " percent"),
    ("United States", "U.S."),
    ("U.S.", "US"),
    (" approximately ", " about "),
    ("However, ", "But "),
    (" in order to ", " to "),
    (" a number of ", " several "),
    (" on Monday", " Monday"),
    (" on Tuesday", " Tuesday"),
    (" on Wednesday", " Wednesday"),
    (" on Thursday", " Thursday"),
    (" on Friday", " Friday"),
    (" said that ", " said "),
    (" has been ", " was "),
    ("Mr. ", ""),
    (" people ", " residents "),
    (" officials ", " authorities "),
]
LOCAL_SENTENCES = [
    "{name} will update this story as more information becomes available.",
    "{name} staff writer {person} contributed to this report.",
    "Readers in {town} with information about this story can contact the {name} newsroom.",
    "The {name} has asked local officials in {town} for comment.",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# Shares of --docs, and other knobs (recorded in gold["params"]).
EXACT_SHARE = 0.01
DOUBLED_SHARE = 0.01
UNRELATED_SHARE = 0.25
STORIES_PER_DOC = 0.03
MAX_COPIES = 200
SIGMA = 1.5
TRIM_ALL = 0.35
TRIM_RANGE = (0.4, 1.0)
MIN_PARAGRAPHS = 3
REHEADLINE = 0.25
BYLINE = 0.6
LOCAL_PARAGRAPH = 0.25
COPY_EDIT = 0.6
DONOR_RESERVE = 800


# --- helpers --------------------------------------------------------------------------------------------------------


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _outlet_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``(name, town)`` of ``count`` distinct invented outlets."""
    names: dict[str, str] = {}
    while len(names) < count:
        town = rng.choice(TOWN_LIST)
        style = rng.random()
        if style < 0.55:
            name = f"The {town} {rng.choice(PAPERS)}"
        elif style < 0.7:
            name = f"{town} {rng.choice(PAPERS)}"
        elif style < 0.8:
            name = f"{town} {rng.choice(['County', 'Valley', 'Area', 'Region'])} {rng.choice(PAPERS)}"
        elif style < 0.9:
            letters = "".join(rng.choice("BCDFGHJKLMNPRSTVXZ") for _ in range(3))
            name = f"{rng.choice('KW')}{letters} News {rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])}"
        else:
            name = f"{town} {rng.choice(['Today', 'Now', 'Daily', 'Online', 'Post', 'Report'])}"
        names.setdefault(name, town)
    return list(names.items())


class Outlet:
    """An invented outlet with a page template identical on all its pages."""

    def __init__(self, rng: random.Random, name: str, town: str, headlines: list[str]) -> None:
        self.name = name
        self.town = town
        publisher = rng.choice(PUBLISHERS).format(town=town)
        header = [name.upper() if rng.random() < 0.4 else name]
        if rng.random() < 0.35:
            header.append(rng.choice(TAGLINES).format(town=town, year=rng.randint(1850, 2005)))
        menu = rng.sample(MENU, rng.randint(4, 9))
        if rng.random() < 0.5:
            header.append(rng.choice([" | ", " · ", "  "]).join(menu).replace("  ", " "))
        else:
            header.extend(menu)
        self.header = "\n".join(header)
        self.dateline = rng.choice(DATELINES) if rng.random() < 0.5 else None
        footer = []
        if rng.random() < 0.5:
            footer.append(rng.choice(SHARES))
        footer.append(rng.choice(NEWSLETTERS).format(name=name))
        footer.append(rng.choice(RELATED).format(name=name))
        footer.extend(headlines)
        footer.append(rng.choice(COPYRIGHTS).format(name=name, publisher=publisher))
        if rng.random() < 0.6:
            footer.append(rng.choice(LEGAL))
        self.footer = "\n".join(footer)
        self.byline_style = rng.randrange(4)
        self.drops_agency_dateline = rng.random() < 0.25

    def date_line(self, rng: random.Random, day: int) -> str | None:
        """The page's date line (March ``day``, 2026, at a random time), or None if the outlet prints none."""
        if self.dateline is None:
            return None
        return self.dateline.format(
            month="March",
            day=day,
            hour=rng.randint(1, 12),
            minute=rng.randint(0, 59),
            ampm=rng.choice(["a.m.", "p.m."]),
            AMPM=rng.choice(["AM", "PM"]),
            weekday=WEEKDAYS[datetime.date(2026, 3, day).weekday()],
        )

    def page(self, date_line: str | None, article: str) -> str:
        head = self.header if date_line is None else f"{self.header}\n{date_line}"
        return f"{head}\n\n{article}\n\n{self.footer}\n"


def _weighted_sample(rng: random.Random, weights: list[float], k: int) -> list[int]:
    """``k`` distinct indexes, drawn without replacement with the given weights (Efraimidis-Spirakis)."""
    keys = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)), reverse=True)
    return [i for _, i in keys[:k]]


def _copy_counts(rng: random.Random, stories: int, total: int) -> list[int]:
    """Heavy-tailed copy counts of ``stories`` stories, each 1..MAX_COPIES, adding up to ``total``."""
    raw = [rng.lognormvariate(0.0, SIGMA) for _ in range(stories)]

    def fill(scale: float) -> list[int]:  # saturates smoothly towards MAX_COPIES instead of piling up at it
        return [1 + round((MAX_COPIES - 1) * (1 - math.exp(-scale * x / MAX_COPIES))) for x in raw]

    lo, hi = 0.0, 1.0
    while sum(fill(hi)) < total and hi < 1e9:
        hi *= 2
    for _ in range(100):
        mid = (lo + hi) / 2
        if sum(fill(mid)) < total:
            lo = mid
        else:
            hi = mid
    counts = fill(hi)
    excess = sum(counts) - total
    order = sorted(range(stories), key=lambda i: (-counts[i], i))
    while excess > 0:  # the bisection overshoots by a few copies at most; take them from the largest stories
        for i in order:
            if excess and counts[i] > 1:
                counts[i] -= 1
                excess -= 1
    return counts


def _edit_headline(rng: random.Random, title: str) -> str:
    options = []
    swaps = [(a, b) for a, b in HEADLINE_SWAPS if a in f" {title} "]
    if swaps:
        options.append("swap")
    options += ["prefix", "case"]
    what = rng.choice(options)
    if what == "swap":
        a, b = rng.choice(swaps)
        return f" {title} ".replace(a, b, 1).strip()
    if what == "prefix":
        return rng.choice(HEADLINE_PREFIXES) + title
    titled = " ".join(w if w.isupper() or not w[:1].islower() or len(w) <= 3 else w.capitalize() for w in title.split())
    return titled if titled != title else title.rstrip(".") + " - update"


def _copy_edit(rng: random.Random, paragraphs: list[str]) -> list[str]:
    paragraphs = list(paragraphs)
    candidates = [(i, a, b) for i, p in enumerate(paragraphs) for a, b in COPY_EDITS if a in p]
    for i, a, b in rng.sample(candidates, min(len(candidates), rng.randint(1, 3))):
        if a in paragraphs[i]:
            paragraphs[i] = paragraphs[i].replace(a, b, 1)
    return paragraphs


# --- the generator --------------------------------------------------------------------------------------------------


def load_source(source: Path) -> tuple[list[tuple[str, str, list[str]]], dict]:
    """``(file name, title, paragraphs)`` of every article in ``source``, sorted by name, and its SOURCE.json."""
    articles = []
    for path in sorted(source.glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        if len(blocks) >= 1 + MIN_PARAGRAPHS:
            articles.append((path.name, blocks[0], blocks[1:]))
    info_path = source / "SOURCE.json"
    info = json.loads(info_path.read_text()) if info_path.exists() else {"path": str(source)}
    return articles, info


def plan(n: int, available: int, rng_seed: str) -> tuple[list[int], int]:
    """Copy counts of the wire stories and the number of unrelated originals for ``n`` files."""
    exact = round(EXACT_SHARE * n)
    stories = max(1, round(STORIES_PER_DOC * n))
    unrelated = round(UNRELATED_SHARE * n)
    budget = available - min(DONOR_RESERVE, available // 10)
    if stories + unrelated > budget:
        unrelated = max(0, budget - stories)
    wire = n - exact - unrelated
    if stories > budget or wire < stories:
        sys.exit(f"the source has {available} articles: too few for {n} files")
    return _copy_counts(random.Random(rng_seed + ":counts"), stories, wire), unrelated


def generate(source: Path, out: Path, n: int, seed: int = 0) -> dict:
    """Write ``out/corpus`` and ``out/gold.json`` for ``n`` files; returns the gold dict."""
    articles, source_info = load_source(source)
    tag = f"make_clusters:{seed}:{n}"
    rng = random.Random(tag)
    order = list(range(len(articles)))
    rng.shuffle(order)
    counts, n_unrelated = plan(n, len(articles), tag)
    n_stories = len(counts)
    story_articles = order[:n_stories]
    unrelated_articles = order[n_stories : n_stories + n_unrelated]
    donors = order[n_stories + n_unrelated :]

    # Outlets, their templates (related links are real headlines of donor articles) and popularity.
    n_outlets = min(500, max(200, n // 40))
    titles = [articles[i][1] for i in donors]
    outlets = []
    for k, (name, town) in enumerate(_outlet_names(rng, n_outlets)):
        count = rng.randint(3, 6)
        start = (k * 6) % max(1, len(titles) - count)  # disjoint while there are titles enough
        outlets.append(Outlet(rng, name, town, titles[start : start + count]))
    weights = [1.0 / (r + 5) ** 0.8 for r in range(n_outlets)]
    # Local paragraphs: real paragraphs of donor articles, each used once.
    local_pool = [p for i in donors for p in articles[i][2] if 30 <= len(p.split()) <= 120]
    rng.shuffle(local_pool)

    local_sentences = 0
    docs: list[dict[str, Any]] = []  # kind, story, outlet, kept, text
    stories: dict[str, dict] = {}
    for s, (art, copies) in enumerate(zip(story_articles, counts, strict=True)):
        story_id = f"s{s:05d}"
        src_name, title, paragraphs = articles[art]
        agency = rng.choices(list(AGENCIES), weights=[a[0] for a in AGENCIES.values()])[0]
        partner = outlets[rng.randrange(n_outlets)].name if agency == "partner" else None
        where = _dateline_place(title, paragraphs[0])
        reporter, editor = _person(rng), _person(rng)
        day = rng.choice([2, 3, 3, 3, 4])  # a day of wire copy (March 3, 2026), give or take
        stories[story_id] = {"source": src_name, "copies": copies, "agency": partner or agency, "type": "wire"}
        for c, o in enumerate(_weighted_sample(rng, weights, copies)):
            outlet = outlets[o]
            original = c == 0
            keep = len(paragraphs)
            if not original and rng.random() > TRIM_ALL:
                share = rng.uniform(*TRIM_RANGE)
                keep = min(len(paragraphs), max(MIN_PARAGRAPHS, math.ceil(share * len(paragraphs))))
            body = list(paragraphs[:keep])
            headline = title
            if not original:
                if rng.random() < REHEADLINE:
                    headline = _edit_headline(rng, title)
                if rng.random() < COPY_EDIT:
                    body = _copy_edit(rng, body)
                if rng.random() < LOCAL_PARAGRAPH:
                    if local_pool:
                        local = local_pool.pop()
                    else:
                        local_sentences += 1
                        local = rng.choice(LOCAL_SENTENCES).format(
                            name=outlet.name, person=_person(rng), town=outlet.town
                        )
                    at = len(body) if rng.random() < 0.6 else rng.randint(1, len(body))
                    body.insert(at, local)
            # The agency credit: a dateline on the first paragraph, a byline and/or a trailer (at least one of them
            # names the agency).
            place = (f"{where[0].upper()}, {where[1]}" if where[1] else where[0].upper()) if where else ""
            lead = f"{place} " if place else ""
            if agency == "AP":
                credit = f"{lead}(AP) — " if not outlet.drops_agency_dateline or not place else f"{place} — "
                trailer = rng.choice(
                    [
                        "Associated Press contributed to this report.",
                        "Copyright 2026 The Associated Press. All rights reserved.",
                        None,
                    ]
                )
                if "(AP)" not in credit and trailer is None:
                    trailer = "Associated Press contributed to this report."
                byline = f"By {reporter.upper()}, Associated Press" if outlet.byline_style < 2 else f"By {reporter}"
            elif agency == "Reuters":
                credit = f"{place + ', ' if place else ''}March {day} (Reuters) - "
                trailer = rng.choice([f"(Reporting by {reporter}; Editing by {editor})", "— Reuters"])
                byline = f"By {reporter}" if outlet.byline_style else "Reuters"
            elif agency == "AFP":
                credit = f"{where[0] if where else ''} (AFP) - ".lstrip()
                trailer = rng.choice(["— AFP", "Agence France-Presse contributed to this report."])
                byline = "AFP" if outlet.byline_style < 2 else f"By {reporter}, AFP"
            elif partner == outlet.name:  # the partner's own page
                credit, trailer, byline = "", None, f"By {reporter}"
            else:
                credit = ""
                trailer = rng.choice(
                    [
                        f"This article originally appeared in {partner}.",
                        f"This story was originally published by {partner} and is republished with permission.",
                    ]
                )
                byline = f"By {reporter}, {partner}"
            body[0] = credit + body[0]
            if outlet.byline_style == 3 and not original:
                byline = "From staff and wire reports"
            block = [headline]
            if rng.random() < BYLINE:
                block.append(byline)
            block += body
            if trailer:
                block.append(trailer)
            article = "\n\n".join(block)
            kind = "original" if original else "reprint"
            docs.append(
                {
                    "kind": kind,
                    "story": story_id,
                    "outlet": outlet.name,
                    "kept": round(keep / len(paragraphs), 4),
                    "article": article,
                    "o": o,
                    "day": day,
                }
            )
    # Doubled ingests: reprints whose article block is pasted again below itself.
    reprints = [d for d in docs if d["kind"] == "reprint"]
    for d in rng.sample(reprints, min(len(reprints), round(DOUBLED_SHARE * n))):
        d["kind"] = "doubled"
        d["article"] = d["article"] + "\n\n" + d["article"]
    # Unrelated originals: carried once, no agency.
    for k, art in enumerate(unrelated_articles):
        story_id = f"s{n_stories + k:05d}"
        src_name, title, paragraphs = articles[art]
        o = _weighted_sample(rng, weights, 1)[0]
        block = [title]
        if rng.random() < 0.5:
            block.append(
                rng.choice(
                    [f"By {_person(rng)}", f"{_person(rng)}, Staff Writer", f"By {_person(rng)} | {outlets[o].name}"]
                )
            )
        stories[story_id] = {"source": src_name, "copies": 1, "agency": None, "type": "unrelated"}
        docs.append(
            {
                "kind": "unrelated",
                "story": story_id,
                "outlet": outlets[o].name,
                "kept": 1.0,
                "article": "\n\n".join(block + paragraphs),
                "o": o,
                "day": 3,
            }
        )
    for d in docs:  # wrap each article in its outlet's template (date lines vary from page to page)
        outlet = outlets[d.pop("o")]
        d["text"] = outlet.page(outlet.date_line(rng, d.pop("day")), d.pop("article"))
    # Exact re-ingests: byte-identical copies of other files.
    n_exact = round(EXACT_SHARE * n)
    copied = rng.sample(range(len(docs)), n_exact)
    for i in copied:
        src = docs[i]
        docs.append(
            {
                "kind": "exact",
                "story": src["story"],
                "outlet": src["outlet"],
                "kept": src["kept"],
                "text": src["text"],
                "copy_of": i,
            }
        )
        stories[src["story"]]["copies"] += 1
    assert len(docs) == n, (len(docs), n)
    names = [f"{x:08d}.txt" for x in rng.sample(range(10**8), n)]
    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for old in corpus.glob("*.txt"):
        old.unlink()
    gold_docs: dict[str, dict] = {}
    for d, name in zip(docs, names, strict=True):
        entry = {"story": d["story"], "kind": d["kind"], "outlet": d["outlet"], "kept": d["kept"]}
        if "copy_of" in d:
            entry["copy_of"] = names[d["copy_of"]]
        gold_docs[name] = entry
        (corpus / name).write_text(d["text"], encoding="utf-8")
    kinds = Counter(d["kind"] for d in docs)
    wire = sorted((s["copies"] for s in stories.values() if s["type"] == "wire"), reverse=True)
    gold = {
        "docs": dict(sorted(gold_docs.items())),
        "stories": stories,
        "source": {k: source_info.get(k) for k in ("repo", "commit", "path", "license", "license_url")},
        "params": {
            "n": n,
            "seed": seed,
            "source_dir": str(source),
            "source_articles": len(articles),
            "wire_stories": n_stories,
            "outlets": n_outlets,
            "kinds": dict(sorted(kinds.items())),
            "unrelated_share_target": UNRELATED_SHARE,
            "unrelated_share": round(kinds["unrelated"] / n, 4),
            "unrelated_reduced": kinds["unrelated"] < round(UNRELATED_SHARE * n),
            "copies_lognormal_sigma": SIGMA,
            "max_copies": MAX_COPIES,
            "largest_stories": wire[:10],
            "stories_by_copies": _histogram(wire),
            "trim_all": TRIM_ALL,
            "trim_range": TRIM_RANGE,
            "min_paragraphs": MIN_PARAGRAPHS,
            "reheadline": REHEADLINE,
            "byline": BYLINE,
            "local_paragraph": LOCAL_PARAGRAPH,
            "copy_edit": COPY_EDIT,
            "exact_share": EXACT_SHARE,
            "doubled_share": DOUBLED_SHARE,
            "local_paragraphs_left": len(local_pool),
            "local_sentences": local_sentences,
        },
    }
    (out / "gold.json").write_text(json.dumps(gold, indent=1) + "\n", encoding="utf-8")
    return gold


def _histogram(counts: list[int]) -> dict[str, int]:
    bins = [(1, 1), (2, 5), (6, 20), (21, 50), (51, 99), (100, 10**9)]
    return {
        str(a) if a == b else f"{a}+" if b > MAX_COPIES else f"{a}-{b}": sum(a <= c <= b for c in counts)
        for a, b in bins
    }


# --- scoring a grouping against the gold ----------------------------------------------------------------------------


def score_groups(groups: list[list[str]], gold: dict) -> dict:
    """Pairwise precision/recall/F1 of ``groups`` (lists of file names; files in none are singletons) against the
    gold stories, computed from the contingency table of (story, group) sizes, never by listing pairs."""
    story_of = {name: d["story"] for name, d in gold["docs"].items()}
    group_of: dict[str, int] = {}
    for g, members in enumerate(groups):
        for name in members:
            group_of[name] = g
    cells: Counter[tuple[str, int | str]] = Counter()
    for name, story in story_of.items():
        cells[story, group_of.get(name, name)] += 1
    pairs = lambda k: k * (k - 1) // 2  # noqa: E731
    true_pairs = sum(pairs(k) for k in cells.values())
    gold_pairs = sum(pairs(k) for k in Counter(story_of.values()).values())
    predicted_pairs = sum(pairs(k) for k in Counter(group_of.get(n, n) for n in story_of).values())
    precision = true_pairs / predicted_pairs if predicted_pairs else 0.0
    recall = true_pairs / gold_pairs if gold_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    # Per kind: the share of files (of stories with 2+ files) grouped with at least one other file of their story.
    found: dict[str, list[bool]] = defaultdict(list)
    story_size = Counter(story_of.values())
    for name, d in gold["docs"].items():
        if story_size[d["story"]] > 1:
            found[d["kind"]].append(cells[d["story"], group_of.get(name, name)] > 1)
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "pairs": {"gold": gold_pairs, "predicted": predicted_pairs, "true": true_pairs},
        "groups": sum(1 for g in groups if len(g) > 1),
        "gold_stories_with_copies": sum(1 for k in story_size.values() if k > 1),
        "found_with_own_story": {k: round(sum(v) / len(v), 4) for k, v in sorted(found.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="folder of source articles (*.txt)")
    parser.add_argument("--extract-from", type=Path, help="git dir or folder of the WikiExtractor dump: fill --source")
    parser.add_argument("--commit", default=SOURCE["commit"], help="commit to read with --extract-from a git dir")
    parser.add_argument("--out", type=Path, help="output folder (corpus/ and gold.json)")
    parser.add_argument("--docs", type=int, default=10_000, help="number of files")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.extract_from:
        started = time.perf_counter()
        info = extract(args.extract_from, args.source, args.commit)
        print(
            f"{info['articles']} articles of {info['pages']} pages in {time.perf_counter() - started:.1f} s;"
            f" rejected: {info['rejected']}",
            file=sys.stderr,
        )
    if args.out:
        started = time.perf_counter()
        gold = generate(args.source, args.out, args.docs, args.seed)
        params = gold["params"]
        print(
            f"{args.docs} files, {params['wire_stories']} wire stories, {params['outlets']} outlets, kinds "
            f"{params['kinds']} in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    elif not args.extract_from:
        parser.error("give --out (generate) or --extract-from (extract), or both")


if __name__ == "__main__":
    main()
