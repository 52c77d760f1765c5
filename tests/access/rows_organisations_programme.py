"""Access rows of the programme pages of the core app: Menu self-scan and product categories.

Pages about "my organisation" show the outsider their own organisation (B), so
the outsider gets 200 there; objects of organisation A are 404 for them.
"""

from organisations.models import ProductCategory

from .table import Row, logged_in, managers, members

# A category only organisation A has, so its slug is a 404 for the outsider.
A_ONLY_CATEGORY = "Meubilair en werkplekomgeving"
# A category nothing refers to: the deletion rows delete it (each row runs in its own transaction).
UNUSED_CATEGORY = "Promotiemateriaal"


def own_org(profile: dict) -> dict:
    """A page about the active organisation: the outsider (chef of B) sees B's."""
    return {**profile, "outsider": profile["chef"]}


def build(world) -> None:
    ProductCategory.objects.create(organisation=world.org_a, name=A_ONLY_CATEGORY, impact_weight=4)
    ProductCategory.objects.create(organisation=world.org_a, name=UNUSED_CATEGORY, impact_weight=1)


def load(world) -> None:
    world.category_a_only = ProductCategory.objects.get(organisation=world.org_a, name=A_ONLY_CATEGORY)
    world.category_unused = ProductCategory.objects.get(organisation=world.org_a, name=UNUSED_CATEGORY)


def _scan_data(world) -> dict:
    return {
        "status": "bezig",
        "owner": "",
        "next_step": "Raadsvoorstel schrijven",
        "next_step_date": "2026-06-01",
        "bewijs-TOTAL_FORMS": "1",
        "bewijs-INITIAL_FORMS": "0",
        "bewijs-MIN_NUM_FORMS": "0",
        "bewijs-MAX_NUM_FORMS": "30",
        "bewijs-0-kind": "raadsbesluit",
        "bewijs-0-title": "Raadsbesluit circulair inkopen",
        "bewijs-0-date": "2025-03-13",
        "bewijs-0-reference": "RB-2025-1",
        "bewijs-0-url": "",
    }


def _category_data(world) -> dict:
    return {"name": "Drukwerk", "description": "", "impact_weight": "2", "annual_spend": "12000"}


def _statement_data(world) -> dict:
    return {
        "status": "b",
        "standard": "EN 301 549 (WCAG 2.1 niveau A en AA)",
        "signed_on": "02-11-2026",
        "evaluated_on": "",
        "evaluation": "",
        "evaluation_url": "",
        "contact_email": "toegankelijk@example.org",
        "contact_phone": "",
        "response_days": "5",
        "probleem-TOTAL_FORMS": "0",
        "probleem-INITIAL_FORMS": "0",
        "probleem-MIN_NUM_FORMS": "0",
        "probleem-MAX_NUM_FORMS": "50",
    }


ROWS = [
    Row("organisations:accessibility_edit", own_org(managers())),
    Row("organisations:accessibility_edit", own_org(managers(302)), method="POST", data=_statement_data),
    Row("organisations:menu_scan", own_org(members())),
    Row("organisations:menu_scan_edit", own_org(managers()), kwargs=lambda w: {"slug": "draagvlak"}),
    Row(
        "organisations:menu_scan_edit",
        own_org(managers(302)),
        method="POST",
        kwargs=lambda w: {"slug": "draagvlak"},
        data=_scan_data,
    ),
    Row("organisations:categories", own_org(members())),
    Row("organisations:category_create", own_org(managers())),
    Row("organisations:category_create", own_org(managers(302)), method="POST", data=_category_data),
    Row("organisations:category_edit", managers(), kwargs=lambda w: {"slug": w.category_a_only.slug}),
    Row(
        "organisations:category_edit",
        managers(302),
        method="POST",
        kwargs=lambda w: {"slug": w.category_a_only.slug},
        data=lambda w: {"name": A_ONLY_CATEGORY, "description": "Bureaus", "impact_weight": "4", "annual_spend": ""},
    ),
    Row("organisations:category_delete", managers(), kwargs=lambda w: {"slug": w.category_unused.slug}),
    Row(
        "organisations:category_delete",
        managers(302),
        method="POST",
        kwargs=lambda w: {"slug": w.category_unused.slug},
    ),
    Row("organisations:category_defaults", own_org(managers(302)), method="POST"),
    Row("organisations:departments", own_org(members())),
    Row("organisations:department_create", own_org(managers())),
    Row("organisations:department_create", own_org(managers(302)), method="POST", data=lambda w: {"name": "Juridisch"}),
    Row("organisations:department_edit", managers(), kwargs=lambda w: {"pk": w.department_a.pk}),
    Row(
        "organisations:department_edit",
        managers(302),
        method="POST",
        kwargs=lambda w: {"pk": w.department_a.pk},
        data=lambda w: {"name": "Inkoop en aanbesteden"},
    ),
    Row("organisations:department_delete", managers(), kwargs=lambda w: {"pk": w.department_a.pk}),
    Row(
        "organisations:department_delete",
        managers(409),
        method="POST",
        kwargs=lambda w: {"pk": w.department_a.pk},
        note="the world's trajectories refer to the department: refused (deletion is tested on its own)",
    ),
    Row("organisations:category_defaults", logged_in(405), note="GET is not allowed"),
]
