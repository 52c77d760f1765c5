"""The guidance a phase page shows, read once per process and guidance version.

Every phase page shows its phase's guidance (the questions with their
R-strategies, attention points, tools, tips, inspiration) and the R-ladder:
eight queries and a few hundred objects that are the same for every trajectory
and change only when an admin edits the guidance or ``load_guidance`` runs.
The page reads the *guidance stamp* (the newest history id of each guidance
model, and when the guidance was last loaded) with the query for the phase
record it makes anyway, and takes the guidance from a cache in the process
under that stamp. Every save and delete of guidance writes a history record,
so a change committed on any server changes the stamp every server reads: no
server shows old guidance after a change. The cache holds the newest stamp
only. Its objects are shared by the requests of one process: read-only.
"""

import threading

from django.db.models import Prefetch, Subquery

from lib.versions import latest_history
from organisations.models import LoadedFixture
from rladder.models import RStrategy

from .models import AttentionPoint, GuidingQuestion, Inspiration, Phase, Tip, ToolLink

PREFIX = "guidance_stamp_"
_MODELS = (Phase, GuidingQuestion, AttentionPoint, ToolLink, Tip, Inspiration, RStrategy)

_lock = threading.Lock()
_cache: dict = {"stamp": None, "phases": {}, "strategies": None}


def _name(model) -> str:
    return PREFIX + model._meta.label_lower.replace(".", "_")


NAMES = [*(_name(model) for model in _MODELS), PREFIX + "loaded"]


def stamp_annotations() -> dict:
    """Annotations that give, on any query, the parts of the guidance stamp (one subquery each)."""
    parts = {_name(model): latest_history(model) for model in _MODELS}
    parts[PREFIX + "loaded"] = Subquery(LoadedFixture.objects.filter(name="guidance").values("loaded_at")[:1])
    return parts


def stamp_of(row) -> tuple:
    """The guidance stamp read from a row annotated with ``stamp_annotations``."""
    return tuple(getattr(row, name) for name in NAMES)


def _entry(stamp: tuple) -> dict:
    with _lock:
        if _cache["stamp"] != stamp:
            _cache.update(stamp=stamp, phases={}, strategies=None)
        return _cache


def phase(phase_id: int, stamp: tuple) -> Phase:
    """The phase with its guidance prefetched, as of ``stamp``."""
    entry = _entry(stamp)
    found = entry["phases"].get(phase_id)
    if found is None:
        found = read_phase(phase_id)
        with _lock:
            if entry["stamp"] == stamp:
                entry["phases"][phase_id] = found
    return found


def strategies(stamp: tuple) -> dict:
    """The R-strategies by code, as of ``stamp``."""
    entry = _entry(stamp)
    found = entry["strategies"]
    if found is None:
        found = {s.code: s for s in RStrategy.objects.all()}
        with _lock:
            if entry["stamp"] == stamp:
                entry["strategies"] = found
    return found


def phase_guidance_queryset():
    """Phases with everything a phase page shows prefetched (seven queries for any number of phases)."""
    return Phase.objects.prefetch_related(
        "attention_points",
        "tools",
        "tips",
        "inspirations",
        Prefetch("questions", queryset=GuidingQuestion.objects.prefetch_related("strategies")),
    )


def read_phase(phase_id: int) -> Phase:
    return phase_guidance_queryset().get(pk=phase_id)


def clear() -> None:
    with _lock:
        _cache.update(stamp=None, phases={}, strategies=None)
