"""What higher apps add to procurement's pages: sections, dossier sections and history.

Procurement may not import the apps above it (kpis, suppliers, learning), yet its
pages show their data: contract KPIs on the trajectory page and in the dossier,
lessons in Intern evalueren, similar trajectories beside the R-decision. Those apps
register into the extension points below in their ``AppConfig.ready()``
(lib/extension_points.py), and procurement registers its own dossier sections the
same way, first.

- ``trajectory_sections``: ``(request, trajectory) -> Section | None``, on the
  trajectory page below the task list;
- ``phase_sections``: ``(request, trajectory, record) -> Section | None``, on a phase page;
- ``decision_sections``: ``(request, trajectory) -> Section | None``, on the R-decision page;
- ``start_sections``: ``(request, organisation) -> Section | None``, on the page that
  starts a trajectory;
- ``home_sections``: ``(request, organisation) -> Section | None``, at the top of a member's
  start page (Mijn trajecten), before the lists: what is due;
- ``dossier_sections``: ``DossierSection``s, the parts of the dossier (HTML and PDF) in
  order; each says what it reads, and the dossier's content version is made of that
  (procurement/dossier_pdfs.py);
- ``history_sources``: ``HistorySource``s, models of higher apps whose history rows
  appear in a trajectory's history as the team's own objects do;
- ``review_items``: ``(record) -> {prefix: rows}``, more of a phase's content that its review
  approves (procurement/review.py ``PhaseContent``): each row's ``EDIT_FIELDS`` are part of the
  phase's content version, under the key ``<prefix><pk>`` (a one-letter prefix other than a, c);
- ``ocds_circularity``: ``OcdsPart``s, more of a trajectory's circular part in its OCDS release
  (``tender.circularity.<key>``, described in procurement/ocds/extension).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.functional import Promise

from lib.extension_points import ExtensionPoint
from lib.versions import Reads


@dataclass(frozen=True)
class Section:
    """A part of a page: a ``<section>`` with ``title`` as heading, then ``template`` rendered with ``context``.

    The template reads its data as ``section_context`` (templates/includes/sections.html).
    ``note`` follows the title in a table of contents (e.g. a phase's status).
    """

    id: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    note: str = ""
    css_class: str = ""


@dataclass(frozen=True)
class DossierSection:
    """A part of the dossier: how it is rendered, and every kind of row it reads.

    ``render`` gives the section's ``Section``s for a trajectory (none, one, or one per phase),
    rendered with ``template``. ``reads`` must name every table ``render`` and its template
    read (tests/procurement/test_dossier_versions.py checks that against the SQL of a
    rendered dossier): a change to any of those rows gives the dossier another content
    version, so its stored PDF is made again, and so does a change to its template.
    """

    id: str
    template: str
    render: Callable[..., list[Section]]
    reads: tuple[Reads, ...]


@dataclass(frozen=True)
class HistorySource:
    """A model whose history rows belong to a trajectory's history.

    ``key`` is the lookup from the model to the trajectory's id, ``describe`` names a history
    row in the list, ``hidden`` are fields whose changes are not listed.
    """

    model: type[Model]
    label: str | Promise
    key: str
    describe: Callable[[Any], str]  # given a history row of ``model``
    hidden: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OcdsPart:
    """A field of ``tender.circularity`` in a trajectory's OCDS release, filled by a higher app.

    ``prefetch`` is added to the export's queryset (so the export's queries do not grow with the
    number of trajectories); ``build`` gives the field's value for a trajectory, or an empty value
    to leave it out.
    """

    key: str
    prefetch: Any
    build: Callable[[Any], Any]


trajectory_sections: ExtensionPoint[Callable] = ExtensionPoint("sections of the trajectory page")
phase_sections: ExtensionPoint[Callable] = ExtensionPoint("sections of a phase page")
decision_sections: ExtensionPoint[Callable] = ExtensionPoint("sections of the R-decision page")
start_sections: ExtensionPoint[Callable] = ExtensionPoint("sections of the page that starts a trajectory")
home_sections: ExtensionPoint[Callable] = ExtensionPoint("sections at the top of a member's start page")
dossier_sections: ExtensionPoint[DossierSection] = ExtensionPoint("the parts of the dossier, in order")
history_sources: ExtensionPoint[HistorySource] = ExtensionPoint("higher apps' rows in a trajectory's history")
review_items: ExtensionPoint[Callable] = ExtensionPoint("higher apps' rows that a phase's review approves")
ocds_circularity: ExtensionPoint[OcdsPart] = ExtensionPoint("higher apps' fields of an OCDS release's circularity")


def sections(point: ExtensionPoint[Callable], *args) -> list[Section]:
    """The sections the providers of ``point`` give for ``args`` (providers may give None)."""
    return [section for provider in point if (section := provider(*args)) is not None]
