"""The dashboard's organisation-wide figures, cached under the version of what they read.

``dashboard.build`` reads every KPI of the organisation, the contract KPIs of all its
trajectories included, and every trajectory with its finished phases: work that grows
with the organisation (at 5,000 trajectories about 1.7 s a request against about 50 ms
from the cache; ``bench/RESULTS.md``, "Issue 22: tricks out"). The dashboard asks
``cached_build`` instead. It keeps the figures in Django's cache framework under a key
made of their *version*: the newest history id of every kind of row they read
(``READS``, ``lib/versions.py``), computed in the database in one query. Every save and
delete of those rows writes a history record, so a change committed by any server gives
every server a new key at once, whatever cache each process has.
``tests/kpis/test_figures_cache.py`` builds the figures while capturing their SQL and
fails when a table they read has no read here. Entries expire after ``TIMEOUT`` in any
case (a change that bypasses the models and their history, such as raw SQL).
"""

from typing import cast

from django.core.cache import cache
from django.utils.translation import get_language

from lib.versions import Reads, annotations, digest
from organisations.models import Department, Organisation, ProductCategory
from procurement.models import Phase, PhaseRecord, Trajectory, TrajectoryEffect
from rladder.models import RStrategy

from . import dashboard
from .models import Kpi, Measurement, TargetOverride

TIMEOUT = 60 * 60  # seconds; the version in the key already makes a change visible at once
PREFIX = "figures_reads_"

# Every kind of row the figures read, related to the organisation (the outer row).
READS = (
    Reads(Kpi, organisation_id="pk"),
    Reads(TargetOverride, kpi__organisation_id="pk"),
    Reads(Measurement, kpi__organisation_id="pk"),
    Reads(Trajectory, organisation_id="pk"),
    Reads(PhaseRecord, trajectory__organisation_id="pk"),
    Reads(TrajectoryEffect, trajectory__organisation_id="pk"),
    Reads(ProductCategory, organisation_id="pk"),
    Reads(Department, organisation_id="pk"),
    Reads(Phase),  # phase titles and order: guidance, shared by everyone
    Reads(RStrategy),  # strategy codes and names
)


def version(organisation) -> str:
    """A digest of the newest history id of every kind of row the organisation's figures read (one query)."""
    names = sorted(PREFIX + read.name for read in READS)
    parts = (
        Organisation.objects.filter(pk=organisation.pk).annotate(**annotations(READS, PREFIX)).values_list(*names).get()
    )
    return digest(parts)


def cached_build(organisation, year: int, department_id: int | None = None) -> dict:
    """The figures of ``dashboard.build`` for the dashboard page (contract KPIs counted, not listed)."""
    key = f"kpis:figures:{organisation.pk}:{version(organisation)}:{year}:{department_id or 0}:{get_language()}"
    figures = cache.get_or_set(
        key, lambda: _for_the_dashboard(dashboard.build(organisation, year, department_id)), TIMEOUT
    )
    return cast(dict, figures)


def _for_the_dashboard(figures: dict) -> dict:
    """What the dashboard shows, without the per-contract summaries it only counts (kept small to cache)."""
    figures = dict(figures)
    figures.pop("contract_summaries", None)
    frozen = {id(p): p.frozen() for p in figures["progress"]}
    for name in ("progress", "ranked", "leaders", "laggards"):
        figures[name] = [frozen[id(p)] for p in figures[name]]
    return figures
