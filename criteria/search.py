"""Dutch full-text search in the criteria library, the same on SQLite and PostgreSQL.

Each criterion stores the Dutch stems of its code, title, text, evidence and legal note
(``Criterion.stems``, one space before and after each stem); a query is stemmed the
same way and every query word must be among them, so "herbruikbare" finds
"herbruikbaar" and "laptops" finds "laptop". The stems are those of the learning app's
search (``lib.stemming``: Snowball's ``dutch_porter`` and the Dutch stop words, as
PostgreSQL's ``dutch`` configuration).
"""

from lib.stemming import Stems

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8


def stems_of(*parts: str) -> str:
    """The stored form: every distinct stem once, between spaces."""
    stemmer = Stems()
    stems = sorted({stem for part in parts for stem in stemmer.of(part)})
    return f" {' '.join(stems)} " if stems else ""


def query_stems(query: str) -> list[str]:
    """The stems every matching criterion must have (printable text only, at most MAX_TERMS words)."""
    text = "".join(ch if ch.isprintable() else " " for ch in (query or ""))[:MAX_QUERY_LENGTH]
    return list(dict.fromkeys(Stems().of(text)))[:MAX_TERMS]
