"""One idea of "has this changed?": the newest history record of what a page or document reads.

Every model the app shows keeps its history (django-simple-history): each save and
each delete writes a history row with a new, ever-growing ``history_id``. So the
newest history id of the rows something reads changes whenever one of those rows
changes, deletes included. A *version* is those numbers, one per kind of row read,
computed in the database as correlated subqueries: no counters to bump by hand, no
signals, and a change committed by any server is seen by every server.

A ``Reads`` names one kind of row: a model and how its rows relate to the object
being versioned (``Reads(Answer, trajectory_id="pk")`` reads the answers whose
``trajectory_id`` is the outer row's ``pk``). Without lookups it reads every row of
the model (guidance content, shared by everyone).
"""

import functools
import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model


# Cached: a static mapping (a model and its history model), fixed once the apps are loaded.
@functools.cache
def history_model(model: type[Model]) -> type[Model] | None:
    """The history model of ``model``, or None when it keeps no history.

    Cached per model: django-simple-history's manager descriptor builds a manager class on every
    access, and a version reads this for each of its parts on every request.
    """
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def latest_history(model: type[Model], **correlation):
    """The newest history id of ``model``'s rows matching ``correlation`` (OuterRef lookups), 0 if none."""
    history = history_model(model)
    if history is None:
        raise ValueError(f"{model._meta.label} keeps no history")
    rows = history._default_manager.filter(**correlation)
    return Coalesce(Subquery(rows.order_by("-history_id").values("history_id")[:1]), 0)


@dataclass(frozen=True, init=False)
class Reads:
    """Rows of ``model`` that something reads.

    ``lookups`` map a lookup on the model's history to the outer row: a field name of the
    outer row (``trajectory_id="pk"``), or an expression (e.g. a subquery of ids, with
    ``OuterRef(OuterRef(...))`` for the outer row). ``key`` names the part when the lookups
    alone do not tell it apart from another read of the same model.
    """

    model: type[Model]
    lookups: tuple[tuple[str, object], ...]
    key: str

    def __init__(self, model: type[Model], key: str = "", **lookups):
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "lookups", tuple(sorted(lookups.items())))
        object.__setattr__(self, "key", key)

    @property
    def name(self) -> str:
        part = self.key or "_".join(lookup.replace("__", "_") for lookup, _outer in self.lookups)
        return self.model._meta.label_lower.replace(".", "_") + (f"__{part}" if part else "")

    def latest(self):
        """The newest history id of these rows, as an expression correlated to the outer query."""
        correlation = {lookup: OuterRef(outer) if isinstance(outer, str) else outer for lookup, outer in self.lookups}
        return latest_history(self.model, **correlation)


def annotations(reads, prefix: str) -> dict:
    """``{prefix + name: newest history id}`` for each of ``reads`` (once per name), to annotate a queryset with."""
    return {prefix + r.name: r.latest() for r in reads}


def digest(parts) -> str:
    """A short key for a version's parts (their ``repr``), to name a cache entry by."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def people(model: type[Model], user_field: str, **to_outer: str) -> Reads:
    """The users that rows of ``model`` name in ``user_field``, rows related to the outer row by ``to_outer``.

    What shows a person's name reads that user's row: a changed name must change its version too.
    ``people(Comment, "author", trajectory_id="pk")`` reads the authors of the trajectory's comments.
    """
    rows = model._base_manager.filter(**{lookup: OuterRef(OuterRef(outer)) for lookup, outer in to_outer.items()})
    return Reads(get_user_model(), key=f"{model._meta.model_name}_{user_field}", id__in=rows.values(user_field))
