"""Access rows of "Referentie en effect": the lines of a trajectory's reference, plan and realisation,
the term, and herberekenen. Editors of the trajectory change them; readers get 403, other organisations 404."""

from procurement.impact import refresh_effect
from procurement.models import ImpactLine, Scenario, Trajectory
from rladder.models import ImpactFactor

from .rows_procurement import WORLD_SLUG
from .table import Row, editors

LINE_DESCRIPTION = "Bureaustoelen (toegangstabel)"


def build(world) -> None:
    trajectory = Trajectory.objects.for_organisation(world.org_a).get(slug=WORLD_SLUG)
    line = ImpactLine(
        trajectory=trajectory,
        scenario=Scenario.REFERENCE,
        description=LINE_DESCRIPTION,
        quantity=40,
        quantity_unit="stuk",
    )
    line.take_snapshot(ImpactFactor.objects.filter(unit="stuk").first())
    line.save()
    refresh_effect(trajectory)


def load(world) -> None:
    world.impact_line_a = ImpactLine.objects.get(trajectory=world.trajectory_a, description=LINE_DESCRIPTION)


def _t(w) -> dict:
    return {"pk": w.trajectory_a.pk}


def _line(w) -> dict:
    return {"pk": w.trajectory_a.pk, "line_pk": w.impact_line_a.pk}


def _line_data(w) -> dict:
    return {"description": "Gedeelde stoelen", "quantity": "1.000", "quantity_unit": "stuk"}


ROWS = [
    Row("procurement:impact_line_create", editors(), kwargs=_t),
    Row(
        "procurement:impact_line_create",
        editors(302),
        kwargs=_t,
        method="POST",
        data=lambda w: {"soort": "plan", **_line_data(w)},
    ),
    Row(
        "procurement:impact_line_create",
        editors(200),
        kwargs=_t,
        method="POST",
        data=lambda w: {"soort": "referentie", "quantity": "-1", "quantity_unit": "stuk"},
        note="negative",
    ),
    Row("procurement:impact_line_edit", editors(), kwargs=_line),
    Row("procurement:impact_line_edit", editors(302), kwargs=_line, method="POST", data=_line_data),
    Row("procurement:impact_line_delete", editors(), kwargs=_line),
    Row("procurement:impact_line_delete", editors(200), kwargs=_line, method="POST", note="not confirmed"),
    Row("procurement:effect_settings", editors(), kwargs=_t),
    Row(
        "procurement:effect_settings",
        editors(302),
        kwargs=_t,
        method="POST",
        data=lambda w: {"soort": "referentie", "term_years": "4", "first_year": "2026"},
    ),
    Row("procurement:effect_recalculate", editors(302), kwargs=_t, method="POST"),
]
