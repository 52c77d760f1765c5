"""The guidance a phase page shows, cached under the guidance stamp (Django's cache framework).

Every phase page shows its phase's guidance (the questions with their
R-strategies, attention points, tools, tips, inspiration) and the R-ladder:
eight queries and a few hundred objects that are the same for every trajectory
and change only when an admin edits the guidance or ``load_guidance`` runs.
The page reads the *guidance stamp* (the newest history id of each guidance
model, and when the guidance was last loaded) with the query for the phase
record it makes anyway, and takes the guidance from the ``default`` cache under
a key made of that stamp. Every save and delete of guidance writes a history
record, so a change committed on any server changes the stamp every server
reads: no server shows old guidance after a change, whichever cache it uses
(per process or shared). Entries of an older stamp are never asked for again
and expire.
"""

from typing import cast

from django.core.cache import cache
from django.db.models import Prefetch, Subquery

from lib.versions import digest, latest_history
from organisations.models import LoadedFixture
from rladder.models import RStrategy

from .models import AttentionPoint, GuidingQuestion, Inspiration, Phase, Tip, ToolLink

PREFIX = "guidance_stamp_"
_MODELS = (Phase, GuidingQuestion, AttentionPoint, ToolLink, Tip, Inspiration, RStrategy)

# Seconds an entry is kept; a new stamp makes a change visible at once, this only frees memory.
TIMEOUT = 60 * 60 * 24


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


def _key(stamp: tuple, what: str) -> str:
    return f"guidance:{digest(stamp)}:{what}"


def phase(phase_id: int, stamp: tuple) -> Phase:
    """The phase with its guidance prefetched, as of ``stamp``."""
    return cast(Phase, cache.get_or_set(_key(stamp, f"phase:{phase_id}"), lambda: read_phase(phase_id), TIMEOUT))


def strategies(stamp: tuple) -> dict:
    """The R-strategies by code, as of ``stamp``."""
    found = cache.get_or_set(_key(stamp, "strategies"), lambda: {s.code: s for s in RStrategy.objects.all()}, TIMEOUT)
    return cast(dict, found)


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
