"""Text made safe to print on a terminal or into a CI log.

A file name, a document id or a line of article text may hold anything: a
newline that starts a forged log line or GitHub workflow command
(``::add-mask::``), an escape sequence that retitles or clears the terminal,
a bidirectional override that shows text in another order than it is read.
Whatever reaches a terminal or a log goes through :func:`printable`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

# C0 controls but tab, DEL and C1 controls; the bidirectional marks,
# embeddings, overrides and isolates; the Unicode line and paragraph
# separators; lone surrogates (from file names that are not UTF-8).
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
_UNSAFE_BUT_NEWLINE = re.compile(_UNSAFE.pattern.replace("\x0a-\x1f", "\x0b-\x1f"))


def _shown(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, newlines: bool = False) -> str:
    """``text`` with every character that could act on a terminal or a log
    shown as an escape instead (``\\x1b``, ``\\u202e``); tabs are kept, and
    newlines with ``newlines`` (for a multi-line excerpt printed as such)."""
    return (_UNSAFE_BUT_NEWLINE if newlines else _UNSAFE).sub(_shown, text)


def shown_url(url: str) -> str:
    """An index URL as it may be printed: its password replaced by ``***``
    (``redis://:secret@host:6379/0`` is shown ``redis://:***@host:6379/0``),
    and :func:`printable`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return printable(url)
    if parts.password is None:
        return printable(url)
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return printable(urlunsplit(parts._replace(netloc=f"{user}:***@{host}")))
