"""Demo organisation "Gemeente Voorbeeldstad": departments and one user per role."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils.functional import Promise

from lib.extension_points import ExtensionPoint

from .models import AccessibilityStatement, Department, KnownProblem, Membership, Organisation, OrganisationTheme, Role

DEMO_PASSWORD = "circulair-demo-2026"  # noqa: S105  # nosec B105
DEMO_DOMAIN = "voorbeeldstad.nl"

DEPARTMENTS = [
    "Inkoop en contractmanagement",
    "Facilitaire zaken",
    "Informatievoorziening en ICT",
    "Openbare ruimte",
    "Vastgoed",
    "Sociaal domein",
]

PEOPLE = [
    # (username part, first name, last name, role, department)
    ("inkoper", "Ilse", "de Inkoper", Role.INKOPER, "Inkoop en contractmanagement"),
    ("opdrachtgever", "Omar", "Opdrachtgever", Role.INTERNE_OPDRACHTGEVER, "Facilitaire zaken"),
    ("contractmanager", "Carla", "Contractmanager", Role.CONTRACTMANAGER, "Inkoop en contractmanagement"),
    ("chef", "Chris", "Chef-Circulair", Role.CHEF_CIRCULAIR, "Inkoop en contractmanagement"),
    ("adviseur", "Dewi", "Duurzaamheid", Role.DUURZAAMHEIDSADVISEUR, "Openbare ruimte"),
    ("lezer", "Lars", "Lezer", Role.LEZER, "Sociaal domein"),
]


@dataclass
class DemoContext:
    """What the demo steps share: the organisation, its departments and people, and the logins to print."""

    organisation: Organisation
    departments: dict[str, Department]
    users: dict[Role, User]
    logins: list[tuple[str, str | Promise]] = field(default_factory=list)


# Each demo organisation's own accessible theme (a municipality in green and blue, a province in red).
THEMES = {
    "gemeente-voorbeeldstad": {
        "primary_color": "#00594f",
        "primary_text_color": "#ffffff",
        "link_color": "#00508c",
        "focus_color": "#c24e00",
        "background_color": "#ffffff",
        "text_color": "#1a1a1a",
        "accent_color": "#ffd54f",
        "font_family": "neutraal",
    },
    "provincie-voorbeeldland": {
        "primary_color": "#9e1b32",
        "primary_text_color": "#ffffff",
        "link_color": "#1d4f91",
        "focus_color": "#4b2a85",
        "background_color": "#fcfbf8",
        "text_color": "#222222",
        "accent_color": "#ffffff",
        "font_family": "humanistisch",
    },
}

# The other apps' demo steps, ``build(context)``, registered in their AppConfig.ready() (load_demo runs them).
steps: ExtensionPoint = ExtensionPoint("demo data of each app, run after the organisation's")


def build() -> DemoContext:
    organisation, _ = Organisation.objects.get_or_create(
        slug="gemeente-voorbeeldstad",
        defaults={"name": "Gemeente Voorbeeldstad", "kind": Organisation.Kind.GEMEENTE},
    )
    departments = {
        name: Department.objects.get_or_create(organisation=organisation, name=name)[0] for name in DEPARTMENTS
    }
    users: dict[Role, User] = {}
    logins: list[tuple[str, str | Promise]] = []
    for part, first, last, role, department in PEOPLE:
        email = f"{part}@{DEMO_DOMAIN}"
        user, created = get_user_model().objects.get_or_create(
            username=email, defaults={"email": email, "first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": role, "department": departments[department]},
        )
        users[role] = user
        logins.append((email, Role(role).label))
    admin, created = get_user_model().objects.get_or_create(
        username=f"beheer@{DEMO_DOMAIN}",
        defaults={"email": f"beheer@{DEMO_DOMAIN}", "first_name": "Bea", "last_name": "Beheer"},
    )
    if created or not admin.is_staff:
        admin.is_staff = True
        admin.is_superuser = True
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    logins.append((admin.username, "Beheerder (Django-beheer)"))
    publish_accessibility_statement(
        organisation,
        status=AccessibilityStatement.Status.B,
        email=f"toegankelijkheid@{DEMO_DOMAIN}",
        evaluation=(
            "Onderzoek door een inspectiebureau volgens de WCAG-EM-methode (steekproef van 25 pagina's), "
            "aangevuld met een test door twee medewerkers die een schermlezer gebruiken."
        ),
        problems=[
            (
                "Grafieken op het KPI-dashboard zijn voor een schermlezer alleen als tabel te volgen.",
                "1.1.1 Niet-tekstuele content",
                "Een tekstuele samenvatting boven elke grafiek.",
                datetime.date(2027, 6, 30),
            ),
        ],
    )
    apply_theme(organisation)
    return DemoContext(organisation=organisation, departments=departments, users=users, logins=logins)


def apply_theme(organisation) -> None:
    """The organisation's demo theme (``THEMES``), checked like any theme; kept when it has one."""
    if OrganisationTheme.objects.filter(organisation=organisation).exists():
        return
    theme = OrganisationTheme(organisation=organisation, **THEMES[organisation.slug])
    theme.full_clean()
    theme.save()


def publish_accessibility_statement(organisation, *, status, email: str, evaluation: str, problems=()) -> None:
    """The organisation's accessibility statement, as its chef circulair would fill it in (kept when present)."""
    statement, created = AccessibilityStatement.objects.get_or_create(
        organisation=organisation,
        defaults={
            "status": status,
            "signed_on": datetime.date(2026, 11, 2),
            "evaluated_on": datetime.date(2026, 10, 15),
            "evaluation": evaluation,
            "contact_email": email,
            "contact_phone": "14 0123",
            "response_days": 5,
        },
    )
    if created:
        for description, criterion, planned_fix, fix_by in problems:
            KnownProblem.objects.create(
                statement=statement,
                description=description,
                criterion=criterion,
                planned_fix=planned_fix,
                fix_by=fix_by,
            )
