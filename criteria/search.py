"""Dutch full-text search in the criteria library, the same on SQLite and PostgreSQL.

Each criterion stores the Dutch Snowball stems of its code, title, text and evidence
(``Criterion.stems``, one space before and after each stem); a query is stemmed the
same way and every query word must be among them, so "herbruikbare" finds
"herbruikbaar" and "laptops" finds "laptop". The stemmer is the one the learning app's
search uses (``snowballstemmer``'s ``dutch_porter``, PostgreSQL's ``dutch`` configuration).
"""

import re

import snowballstemmer

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
_WORD = re.compile(r"[\w’']+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("dutch_porter")


def words(text: str) -> list[str]:
    return [word.replace("’", "'").strip("'") for word in _WORD.findall((text or "").lower())]


def stems_of(*parts: str) -> str:
    """The stored form: every distinct stem once, between spaces."""
    stems = sorted({_stemmer.stemWord(word) for part in parts for word in words(part) if word})
    return f" {' '.join(stems)} " if stems else ""


def query_stems(query: str) -> list[str]:
    """The stems every matching criterion must have (printable text only, at most MAX_TERMS words)."""
    text = "".join(ch if ch.isprintable() else " " for ch in (query or ""))[:MAX_QUERY_LENGTH]
    found = []
    for word in words(text):
        stem = _stemmer.stemWord(word)
        if stem and stem not in found:
            found.append(stem)
    return found[:MAX_TERMS]
