"""Search across what the active organisation may read.

PostgreSQL: full-text search on the stored ``vector`` column (Dutch configuration: "deelauto's"
finds "deelauto"), ``websearch_to_tsquery`` syntax (quotes, OR, minus), ``ts_rank`` and
``ts_headline`` snippets. SQLite: the same query syntax parsed here, stemmed with the same
Dutch Snowball stemmer and stop words (``lib.stemming``) and matched against the stems
stored with each entry, so both find the same entries ("herbruikbaar" finds "herbruikbare");
ranking is simpler (title hits first) and matches are highlighted word by word.

Never another organisation's data except shared lessons: ``visible_to`` is the one filter.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from criteria.models import Criterion
from lib import stemming

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
    """A term's Dutch stems (``lib.stemming``): deelauto's → deelauto, fietsen → fiets; "" for a stop word."""
    return stemming.stem_words(term)


def visible_to(organisation) -> Q:
    """Entries a member of ``organisation`` may read; only the public guidance for a user without one.

    Shared lessons are shared between organisations: a user outside every organisation
    (a supplier, staff without a membership) does not see them.
    """
    public = Q(organisation__isnull=True, trajectory__isnull=True)
    if organisation is None:
        # The criteria library is for the members of an organisation.
        return public & ~Q(kind=SearchEntry.Kind.CRITERION)
    # A base criterion the organisation adapted or retired is found as its own version.
    replaced = Criterion.objects.filter(organisation=organisation, base__isnull=False).annotate(
        key=Concat(Value(f"{Criterion._meta.label_lower}:"), Cast("base_id", CharField()))
    )
    return (
        (public & ~Q(kind=SearchEntry.Kind.CRITERION, key__in=replaced.values("key")))
        | Q(organisation=organisation)
        | Q(kind=SearchEntry.Kind.LESSON, shared=True, trajectory__archived_at__isnull=True)
    )


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _kind_order():
    return Case(*[When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_ORDER)], output_field=IntegerField())


def _stems_q(stems: str) -> Q:
    """The entries whose stems hold ``stems`` as whole words (a phrase: in this order, side by side)."""
    return Q(stems__contains=f" {stems} ")


def _sqlite_matches(queryset, parsed: ParsedQuery):
    # Stop words are no terms, as on PostgreSQL: a clause of only stop words drops out, and a
    # query of only stop words finds nothing.
    clauses = [stems for stems in ([stem(term) for term in clause] for clause in parsed.clauses) if any(stems)]
    if not clauses:
        return queryset.none().annotate(rank=Value(1, output_field=IntegerField()))
    for clause in clauses:
        any_of = Q()
        for stems in filter(None, clause):
            any_of |= _stems_q(stems)
        queryset = queryset.filter(any_of)
    for stems in filter(None, map(stem, parsed.excluded)):
        queryset = queryset.exclude(_stems_q(stems))
    # A title hit ranks first: its stem (mostly the start of the word) appears in the title.
    title_hits = [
        When(title__icontains=stems.split()[0], then=Value(2)) for clause in clauses for stems in clause if stems
    ]
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


def with_headlines[T: Iterable](page_entries: T, text: str) -> T:
    """Add ``snippet`` and ``title_html`` (escaped text with the matches in <mark>) to each entry."""
    parsed = parse(text)
    headlines = {}
    if is_postgresql() and page_entries:
        query = _pg_query(text)
        marks: dict[str, Any] = {"config": "dutch", "start_sel": MARK_START, "stop_sel": MARK_END}
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


def _query_stems(parsed: ParsedQuery, stems: stemming.Stems) -> set[str]:
    return {s for term in parsed.terms for s in stems.of(term)}


def _matches_in(text: str, parsed: ParsedQuery, stems: stemming.Stems):
    """The words of ``text`` (as regex matches) whose stem is one of the query's stems."""
    wanted = _query_stems(parsed, stems)
    if not wanted:
        return
    for match in stemming.WORD.finditer(text):
        if stems.stem(match.group(0).lower()) in wanted:
            yield match


def _window(text: str, parsed: ParsedQuery, width: int = 220) -> str:
    first = next(_matches_in(text, parsed, stemming.Stems()), None)
    start = max(0, first.start() - width // 3) if first else 0
    snippet = text[start : start + width]
    return ("… " if start else "") + snippet + (" …" if start + width < len(text) else "")


def highlight(text: str, parsed: ParsedQuery) -> str:
    """Escaped ``text`` with each word whose stem is one of the query's in <mark>: "herbruikbare" for "herbruikbaar"."""
    parts: list[str] = []
    last = 0
    for match in _matches_in(text, parsed, stemming.Stems()):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - the pieces are escaped above
