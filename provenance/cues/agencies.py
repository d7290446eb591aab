"""Wire services and news agencies: the names they go by, and one name for each.

Shared by :mod:`provenance.boilerplate` (credit lines are page furniture) and
:mod:`provenance.lineage.attribution` (credit lines say where the text came from).
Acronyms are matched in capitals only ("AP", not the "ap" of a word), full
names in any case ("REUTERS").
"""

from __future__ import annotations

import re

from ..kernels.literals import Literals, fold_for_words

# Canonical name, then what a page may call it. Full names are matched
# case-insensitively; all-capital acronyms only as written.
AGENCIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Reuters", ("Reuters",)),
    ("Associated Press", ("The Associated Press", "Associated Press", "AP")),
    ("AFP", ("Agence France-Presse", "Agence France Presse", "AFP")),
    ("UPI", ("United Press International", "UPI")),
    # A newspaper that syndicates its stories is credited by its own name on
    # a reprint ("— The Washington Post", "This article originally appeared
    # in The New York Times."): one agency with its news service, so that
    # every reprint of its copy joins one node of the lineage graph.
    (
        "New York Times News Service",
        (
            "The New York Times News Service",
            "New York Times News Service",
            "NYT News Service",
            "The New York Times",
            "New York Times",
        ),
    ),
    (
        "Washington Post News Service",
        ("The Washington Post News Service", "Washington Post News Service", "The Washington Post", "Washington Post"),
    ),
    ("Los Angeles Times", ("The Los Angeles Times", "Los Angeles Times")),
    ("Chicago Tribune", ("The Chicago Tribune", "Chicago Tribune")),
    ("Bloomberg", ("Bloomberg News", "Bloomberg")),
    (
        "McClatchy",
        ("McClatchy Washington Bureau", "McClatchy Newspapers", "McClatchy News Service", "McClatchy DC", "McClatchy"),
    ),
    ("Kaiser Health News", ("Kaiser Health News", "KFF Health News", "KHN")),
    ("ProPublica", ("ProPublica",)),
    ("dpa", ("Deutsche Presse-Agentur", "dpa", "DPA")),
    ("EFE", ("Agencia EFE", "EFE")),
    ("ANSA", ("ANSA",)),
    ("Xinhua", ("Xinhua News Agency", "Xinhua")),
    ("TASS", ("TASS",)),
    ("RIA Novosti", ("RIA Novosti",)),
    ("Interfax", ("Interfax",)),
    ("Kyodo News", ("Kyodo News", "Kyodo")),
    ("Yonhap", ("Yonhap News Agency", "Yonhap")),
    ("PTI", ("Press Trust of India", "PTI")),
    ("IANS", ("IANS",)),
    ("ANI", ("ANI",)),
    ("Anadolu Agency", ("Anadolu Agency", "Anadolu")),
    ("PA Media", ("PA Media", "Press Association")),
    ("AAP", ("Australian Associated Press", "AAP")),
    ("The Canadian Press", ("The Canadian Press", "Canadian Press")),
    ("Dow Jones Newswires", ("Dow Jones Newswires",)),
    ("CNN Wire", ("CNN Wire",)),
    ("Tribune News Service", ("Tribune News Service",)),
    ("Bernama", ("Bernama",)),
    ("Antara", ("Antara",)),
)


def _spaced(literal: str) -> str:
    """A pattern of ``literal`` with any run of spaces, tabs and no-break
    spaces between its words (never a line break)."""
    return re.escape(literal).replace(r"\ ", r"[ \t\xa0]+")


def _alias_pattern(alias: str) -> str:
    body = _spaced(alias)
    return f"(?-i:{body})" if alias.isupper() else f"(?i:{body})"


_ALIASES = sorted(((alias, name) for name, aliases in AGENCIES for alias in aliases), key=lambda a: -len(a[0]))

AGENCY = "(?:" + "|".join(_alias_pattern(alias) for alias, _ in _ALIASES) + r")(?![\w-])"
"""A regular-expression fragment matching any agency's name."""

# The mastheads of newspapers and newsrooms that syndicate their stories:
# a credit when a reprint signs off with one, but as often the subject of a
# story ("a New York Times reporter was jailed", "The Washington Post did not
# confirm its source"), where a wire service's name is the wire speaking of
# itself ("Reuters could not immediately verify…").
MASTHEADS = frozenset(
    {
        "The New York Times",
        "New York Times",
        "The Washington Post",
        "Washington Post",
        "The Los Angeles Times",
        "Los Angeles Times",
        "The Chicago Tribune",
        "Chicago Tribune",
        "McClatchy",
        "Kaiser Health News",
        "KFF Health News",
        "KHN",
        "ProPublica",
    }
)

WIRE = "(?:" + "|".join(_alias_pattern(alias) for alias, _ in _ALIASES if alias not in MASTHEADS) + r")(?![\w-])"
"""A fragment matching a wire service's name, not a masthead (:data:`MASTHEADS`)."""

# Other wire services name themselves "<Title> News Service".
NEWS_SERVICE = r"(?-i:(?:The[ \t]+)?(?:[A-Z][\w.&'’-]*[ \t]+){1,4}News[ \t]+Service)"


def _minimal(keys: set[str]) -> tuple[str, ...]:
    """The keys that hold no other key: finding one of those is enough."""
    return tuple(sorted(k for k in keys if not any(other != k and other in k for other in keys)))


# Literal strings one of which any agency name contains: ``mentions_agency``
# tests them with ``in``, which is far cheaper than the pattern on text that
# names no agency (most paragraphs). "news service" stands for every
# "<Title> News Service" (NEWS_SERVICE).
_LOWER_KEYS = _minimal(
    {a.casefold().removeprefix("the ") for _, al in AGENCIES for a in al if not a.isupper()} | {"news service"}
)
_UPPER_KEYS = _minimal({a for _, al in AGENCIES for a in al if a.isupper()})
_LOWER_LITERALS, _UPPER_LITERALS = Literals(_LOWER_KEYS), Literals(_UPPER_KEYS)
# A space in a key stands for what the patterns allow between words.
_SPACED = {k: re.compile(_spaced(k)) for k in _LOWER_KEYS if " " in k}


def _holds(text: str, key: str) -> bool:
    spaced = _SPACED.get(key)
    return key in text if spaced is None else spaced.search(text) is not None


_CANONICAL = [(re.compile(_alias_pattern(alias) + r"\Z"), name) for alias, name in _ALIASES]
_NEWS_SERVICE = re.compile(NEWS_SERVICE + r"\Z")


def canonical(name: str) -> str | None:
    """One name per agency: ``"The Associated Press"`` and ``"AP"`` are both
    ``"Associated Press"``.

    Args:
        name: An agency's name as a page writes it.

    Returns:
        The canonical name, or None when ``name`` is no agency we know.
    """
    name = " ".join(name.split()).strip(" .,;:()—–-")
    for pattern, canon in _CANONICAL:
        if pattern.match(name):
            return canon
    if _NEWS_SERVICE.match(name):
        return re.sub(r"^The\s+", "", name)
    return None


Keys = tuple[tuple[str, ...], tuple[str, ...]]
"""Literal keys of agency names: ``(casefolded, as written)``."""


def agency_keys(text: str, folded: str | None = None, among: Keys | None = None, utf8: bytes | None = None) -> Keys:
    """The keys :func:`mentions_agency` finds in ``text``.

    Args:
        text: Any text.
        folded: :func:`~provenance.kernels.literals.fold_for_words` of ``text``,
            when the caller has it already (read with ``among`` only).
        among: Keys to look for (by default, every agency's); a part of a
            text holds only keys the whole holds.
        utf8: ``text`` as UTF-8, when the caller has it (read without ``among``).
    """
    if among is None:  # every agency's keys: one compiled pass each, in any case as the patterns read them
        return _LOWER_LITERALS.found_in(text, any_case=True, utf8=utf8), _UPPER_LITERALS.found_in(text, utf8=utf8)
    folded = fold_for_words(text) if folded is None else folded
    lower, upper = among
    return tuple(k for k in lower if _holds(folded, k)), tuple(k for k in upper if k in text)


def mentions_agency(text: str, folded: str | None = None, among: Keys | None = None, utf8: bytes | None = None) -> bool:
    """Whether ``text`` may name an agency (a cheap test before the pattern).

    Args:
        text: Any text.
        folded, among, utf8: As for :func:`agency_keys`.

    Returns:
        False only when no agency name can match in ``text``.
    """
    if among is None:
        return any(agency_keys(text, utf8=utf8))
    folded = fold_for_words(text) if folded is None else folded
    lower, upper = among
    return any(_holds(folded, k) for k in lower) or any(k in text for k in upper)
