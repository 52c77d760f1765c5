"""Extension points through which higher apps add sections to trajectory pages.

The dependency rule forbids procurement to import kpis, yet the trajectory
page and the dossier show contract KPIs (and other apps' sections). Higher
apps therefore register providers by dotted path in settings:

- ``TRAJECTORY_SECTIONS``: callables ``(request, trajectory) -> Section | None``,
  shown on the trajectory page below the task list;
- ``DOSSIER_SECTIONS``: callables ``(trajectory) -> Section | None``, shown in
  the HTML dossier and the PDF after the phases;
- ``PHASE_SECTIONS``: callables ``(request, trajectory, record) -> Section | None``,
  shown on a phase page below its questions;
- ``DECISION_SECTIONS``: callables ``(request, trajectory) -> Section | None``,
  shown on the R-decision page;
- ``START_SECTIONS``: callables ``(request, organisation) -> Section | None``,
  shown on the page that starts a trajectory.

A Section is a dict: ``{"id": "contract-kpis", "title": "Contract-KPI's",
"template": "kpis/includes/contract_kpis.html", "context": {...}}``; the page
renders ``templates/includes/extension_sections.html``: a <section> with the
title as heading, then the template included with ``section_context`` set to
the section's ``context``.

- ``TRAJECTORY_HISTORY_SOURCES``: callables ``() -> list[HistorySource]`` whose
  models' history rows appear in the trajectory's history (as the team's own
  objects do): a dict ``{"model": Model, "label": "…", "key": "supplier__trajectory_id",
  "describe": callable(record) -> str, "hidden": {"field", …}}``.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def _sections(setting: str, *args) -> list[dict]:
    sections = []
    for path in getattr(settings, setting, []):
        section = import_string(path)(*args)
        if section:
            sections.append(section)
    return sections


def trajectory_sections(request, trajectory) -> list[dict]:
    return _sections("TRAJECTORY_SECTIONS", request, trajectory)


def dossier_sections(trajectory) -> list[dict]:
    return _sections("DOSSIER_SECTIONS", trajectory)


def phase_sections(request, trajectory, record) -> list[dict]:
    return _sections("PHASE_SECTIONS", request, trajectory, record)


def decision_sections(request, trajectory) -> list[dict]:
    return _sections("DECISION_SECTIONS", request, trajectory)


def start_sections(request, organisation) -> list[dict]:
    return _sections("START_SECTIONS", request, organisation)


def history_sources() -> list[dict]:
    sources = []
    for path in getattr(settings, "TRAJECTORY_HISTORY_SOURCES", []):
        sources.extend(import_string(path)())
    return sources
