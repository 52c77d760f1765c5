"""Search across what the active organisation may read.

PostgreSQL: full-text search on the stored ``vector`` column (Dutch configuration: "deelauto's"
finds "deelauto"), ``websearch_to_tsquery`` syntax (quotes, OR, minus), ``ts_rank`` and
``ts_headline`` snippets. SQLite: the same query syntax parsed here and matched with
``icontains`` on lightly stemmed words; ranking is simpler (title hits first).

Never another organisation's data except shared lessons: ``visible_to`` is the one filter.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .indexing import MARK_END, MARK_START
from .models import SearchEntry

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
KIND_ORDER = [kind for kind, _label in SearchEntry.Kind.choices]
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[\w’']+", re.UNICODE)


@dataclass
class ParsedQuery:
    """A websearch query: AND of clauses, each an OR of terms; minus terms excluded."""

    clauses: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def terms(self) -> list[str]:
        return [term for clause in self.clauses for term in clause]

    @property
    def is_empty(self) -> bool:
        return not self.clauses


def clean_query(text: str) -> str:
    """Printable text only, at most MAX_QUERY_LENGTH characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in (text or ""))
    text = text.replace(MARK_START, " ").replace(MARK_END, " ")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower())).strip()


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    join_next = False
    for negative, phrase, word in _TOKEN.findall(text):
        raw = phrase if phrase or (negative and not word) else word
        if not phrase and word.lower() == "or":
            join_next = bool(parsed.clauses)
            continue
        excluded = bool(negative) or (word.startswith("-") and len(word) > 1)
        term = _words(raw.lstrip("-") if not phrase else raw)
        if not term:
            continue
        if excluded:
            parsed.excluded.append(term)
        elif join_next:
            parsed.clauses[-1].append(term)
        else:
            parsed.clauses.append([term])
        join_next = False
        if len(parsed.terms) + len(parsed.excluded) >= MAX_TERMS:
            break
    return parsed


def stem(term: str) -> str:
    """A light Dutch stem for substring matching (SQLite): deelauto's → deelauto, fietsen → fiets."""
    if " " in term:
        return term  # a phrase is matched as typed
    for suffix in ("'s", "’s"):
        if term.endswith(suffix):
            return term[: -len(suffix)]
    term = term.replace("'", "").replace("’", "")
    if len(term) > 5 and term.endswith("en"):
        return term[:-2]
    if len(term) > 4 and term.endswith("s"):
        return term[:-1]
    return term


def visible_to(organisation) -> Q:
    """Entries a member of ``organisation`` may read; only the public guidance for a user without one.

    Shared lessons are shared between organisations: a user outside every organisation
    (a supplier, staff without a membership) does not see them.
    """
    visible = Q(organisation__isnull=True, trajectory__isnull=True)
    if organisation is not None:
        visible |= Q(organisation=organisation) | Q(
            kind=SearchEntry.Kind.LES, shared=True, trajectory__archived_at__isnull=True
        )
    return visible


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _kind_order():
    return Case(*[When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_ORDER)], output_field=IntegerField())


def _term_q(term: str) -> Q:
    stemmed = stem(term)
    return Q(title__icontains=stemmed) | Q(body__icontains=stemmed)


def _sqlite_matches(queryset, parsed: ParsedQuery):
    for clause in parsed.clauses:
        any_of = Q()
        for term in clause:
            any_of |= _term_q(term)
        queryset = queryset.filter(any_of)
    for term in parsed.excluded:
        queryset = queryset.exclude(_term_q(term))
    title_hits = [When(title__icontains=stem(term), then=Value(2)) for term in parsed.terms]
    return queryset.annotate(rank=Case(*title_hits, default=Value(1), output_field=IntegerField()))


_APOSTROPHE_S = re.compile(r"(\w)['’]s\b")


def _pg_query(text: str) -> SearchQuery:
    """The websearch query; "deelauto's" is searched as "deelauto" (the parser would split off the s)."""
    return SearchQuery(_APOSTROPHE_S.sub(r"\1", text), config="dutch", search_type="websearch")


def _postgresql_matches(queryset, text: str):
    query = _pg_query(text)
    vector = RawSQL('"learning_searchentry"."vector"', [], output_field=SearchVectorField())
    return queryset.annotate(document=vector, rank=SearchRank(vector, query)).filter(document=query)


def matches(text: str, organisation, kind: str | None = None):
    """(queryset of visible entries matching ``text``, counts per kind) — the queryset is ordered by kind, rank."""
    parsed = parse(text)
    base = SearchEntry.objects.filter(visible_to(organisation))
    found = _postgresql_matches(base, text) if is_postgresql() else _sqlite_matches(base, parsed)
    counts = dict(found.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    if kind in KIND_ORDER:
        found = found.filter(kind=kind)
    ordered = found.annotate(kind_order=_kind_order()).order_by("kind_order", F("rank").desc(), "-updated_at", "pk")
    return ordered, counts


def with_headlines(page_entries: list, text: str) -> list:
    """Add ``snippet`` and ``title_html`` (escaped text with the matches in <mark>) to each entry."""
    parsed = parse(text)
    headlines = {}
    if is_postgresql() and page_entries:
        query = _pg_query(text)
        marks = {"config": "dutch", "start_sel": MARK_START, "stop_sel": MARK_END}
        headlines = {
            pk: (title, body)
            for pk, title, body in SearchEntry.objects.filter(pk__in=[e.pk for e in page_entries])
            .annotate(
                title_headline=SearchHeadline("title", query, highlight_all=True, **marks),
                body_headline=SearchHeadline(
                    "body", query, max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ", **marks
                ),
            )
            .values_list("pk", "title_headline", "body_headline")
        }
    for entry in page_entries:
        if entry.pk in headlines:
            title, body = headlines[entry.pk]
            # ts_headline drops what looks like markup; fall back to our own highlighting then.
            entry.title_html = _marked(title) if title == _plain(title, entry.title) else highlight(entry.title, parsed)
            entry.snippet = _marked(body)
        else:
            entry.title_html = highlight(entry.title, parsed)
            entry.snippet = highlight(_window(entry.body, parsed), parsed)
    return page_entries


def _plain(headline: str, original: str) -> str:
    """``headline`` when it is ``original`` with marks only (nothing dropped), else ``original``."""
    return headline if headline.replace(MARK_START, "").replace(MARK_END, "") == original else original


def _marked(headline: str) -> str:
    # Every character of the text is escaped; only our own <mark> tags are added.
    marked = escape(headline).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(marked)  # noqa: S308  # nosec B308 B703


def _needles(parsed: ParsedQuery) -> list[str]:
    return sorted({stem(term) for term in parsed.terms if stem(term)}, key=len, reverse=True)


def _window(text: str, parsed: ParsedQuery, width: int = 220) -> str:
    lower = text.lower()
    positions = [lower.find(needle) for needle in _needles(parsed)]
    positions = [p for p in positions if p >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    snippet = text[start : start + width]
    return ("… " if start else "") + snippet + (" …" if start + width < len(text) else "")


def highlight(text: str, parsed: ParsedQuery) -> str:
    """Escaped ``text`` with every occurrence of a (stemmed) term in <mark>."""
    needles = _needles(parsed)
    if not needles:
        return escape(text)
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - the pieces are escaped above
