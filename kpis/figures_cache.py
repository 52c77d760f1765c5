"""The dashboard's organisation-wide figures, cached until something they depend on changes.

``dashboard.build`` reads every KPI of the organisation, the contract KPIs of all
its trajectories included, and every trajectory with its finished phases: work
that grows with the organisation. The dashboard asks ``cached_build`` instead.
It keeps the figures in Django's cache framework (the ``default`` cache) under a
key with the organisation's :class:`~kpis.models.FiguresVersion`; the signal
handlers below raise that version on every save or delete of what the figures
are made of (KPIs, targets, measurements, trajectories, phase records, categories,
departments, phase guidance), and a grid edit raises it through
``Measurement.after_edit``. The version lives in the database, so a change made
by one server process is seen by all of them, whatever cache each one has. A
timeout bounds the life of an entry in case a change bypasses the model layer
(raw SQL, a restore).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from organisations.models import Department, ProductCategory
from procurement.models import Phase, PhaseRecord, Trajectory, TrajectoryEffect

from . import dashboard
from .models import FiguresVersion, Kpi, Measurement, TargetOverride

TIMEOUT = 60 * 60  # seconds; the version key already makes a change visible at once


def cached_build(organisation, year: int, department_id: int | None = None) -> dict:
    """The figures of ``dashboard.build`` for the dashboard page (contract KPIs counted, not listed)."""
    version = FiguresVersion.current(organisation.pk)
    key = f"kpis:figures:{organisation.pk}:{version}:{year}:{department_id or 0}:{get_language()}"
    figures = cache.get(key)
    if figures is None:
        figures = _for_the_dashboard(dashboard.build(organisation, year, department_id))
        cache.set(key, figures, TIMEOUT)
    return figures


def _for_the_dashboard(figures: dict) -> dict:
    """What the dashboard shows, without the per-contract summaries it only counts (kept small to cache)."""
    figures = dict(figures)
    figures.pop("contract_summaries", None)
    frozen = {id(p): p.frozen() for p in figures["progress"]}
    for name in ("progress", "ranked", "leaders", "laggards"):
        figures[name] = [frozen[id(p)] for p in figures[name]]
    return figures


# --- Invalidation ---------------------------------------------------------------------------------------------------


def _organisation(sender, instance, **kwargs):
    FiguresVersion.bump([instance.organisation_id])


def _through_trajectory(sender, instance, **kwargs):
    FiguresVersion.bump(Trajectory.objects.unscoped().filter(pk=instance.trajectory_id).values("organisation_id"))


def _through_kpi(sender, instance, **kwargs):
    FiguresVersion.bump(Kpi.objects.unscoped().filter(pk=instance.kpi_id).values("organisation_id"))


def _everyone(sender, instance, **kwargs):
    FiguresVersion.bump_all()


HANDLERS = [
    (Kpi, _organisation),
    (Trajectory, _organisation),
    (ProductCategory, _organisation),
    (Department, _organisation),
    (PhaseRecord, _through_trajectory),
    (TrajectoryEffect, _through_trajectory),  # the effect section and KPIs fed from trajectories
    (Measurement, _through_kpi),
    (TargetOverride, _through_kpi),
    (Phase, _everyone),
]


def connect() -> None:
    for model, handler in HANDLERS:
        uid = f"kpis.figures_cache.{model._meta.label_lower}"
        post_save.connect(handler, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(handler, sender=model, dispatch_uid=uid, weak=False)
