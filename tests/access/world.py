"""The world the access table and view tests run against.

``build_world`` creates it once per test session; ``load_world`` fetches it
in a test. Each module ``tests.access.rows_<app>`` (or ``rows_<app>_<part>``) may define
``build(world)`` to add its own objects and ``load(world)`` to fetch them.
"""

import importlib
from pathlib import Path
from types import SimpleNamespace

from django.contrib.auth import get_user_model

from organisations.models import Department, Membership, Organisation, ProductCategory, Role

APP_ORDER = [
    "organisations",
    "accounts",
    "rladder",
    "procurement",
    "kpis",
    "criteria",
    "suppliers",
    "learning",
    "notifications",
    "api",
]

# persona name -> role in organisation A (None: not a member of A)
ROLE_PERSONAS = {
    "inkoper": Role.INKOPER,
    "opdrachtgever": Role.INTERNE_OPDRACHTGEVER,
    "contractmanager": Role.CONTRACTMANAGER,
    "chef": Role.CHEF_CIRCULAIR,
    "adviseur": Role.DUURZAAMHEIDSADVISEUR,
    "lezer": Role.LEZER,
}
# Read-only members of organisation A (lezer, duurzaamheidsadviseur) who hold a role in the team of
# every trajectory of A in the world: persona -> (organisation role, team role). A team role never
# grants more than the organisation role, so they get exactly what "lezer" and "adviseur" get.
# They are on the team through the ORM, as if their organisation role changed after the team was set up
# (the team form refuses it).
READER_TEAM_PERSONAS = {
    "lezer_inkoper": (Role.LEZER, "inkoper"),
    "lezer_opdrachtgever": (Role.LEZER, "interne_opdrachtgever"),
    "lezer_contractmanager": (Role.LEZER, "contractmanager"),
    "lezer_chef": (Role.LEZER, "chef_circulair"),
    "lezer_anders": (Role.LEZER, "anders"),
    "adviseur_inkoper": (Role.DUURZAAMHEIDSADVISEUR, "inkoper"),
    "adviseur_contractmanager": (Role.DUURZAAMHEIDSADVISEUR, "contractmanager"),
}
ROLE_PERSONAS.update({persona: role for persona, (role, _team_role) in READER_TEAM_PERSONAS.items()})
# Supplier users (suppliers app): parties of a contract, never members of an organisation. The supplier of
# the world's contract of A, a supplier of another contract of A, a supplier of a contract of B, and a
# supplier of the world's contract of A whose invitation was revoked (see tests/access/rows_suppliers.py).
SUPPLIER_PERSONAS = ["supplier", "supplier_other_contract", "supplier_other_org", "supplier_revoked"]
PERSONAS = ["anonymous", "outsider", *ROLE_PERSONAS, "staff", *SUPPLIER_PERSONAS]
# The order the access table asks in: the readers on the team first, before any editor's POST in the
# same row changed the object (an archived trajectory refuses everyone, which would hide a leak).
REQUEST_ORDER = [
    "anonymous",
    "outsider",
    *READER_TEAM_PERSONAS,
    *(p for p in PERSONAS[2:] if p not in READER_TEAM_PERSONAS),
]
PASSWORD = "test-wachtwoord-123"


def app_modules():
    """Every ``tests/access/rows_<app>[_<part>].py``, in the order of the dependency rule."""

    def rank(path: Path):
        name = path.stem.removeprefix("rows_")
        app = next((a for a in APP_ORDER if name == a or name.startswith(f"{a}_")), None)
        return (APP_ORDER.index(app) if app else len(APP_ORDER), name)

    for path in sorted(Path(__file__).parent.glob("rows_*.py"), key=rank):
        yield importlib.import_module(f"tests.access.{path.stem}")


def reader_team(world) -> list[tuple]:
    """(user, team role) of the read-only members every trajectory of organisation A has on its team."""
    return [(world.users[persona], team_role) for persona, (_role, team_role) in READER_TEAM_PERSONAS.items()]


def make_user(username: str, **extra):
    User = get_user_model()
    user = User(username=username, email=f"{username}@example.org", first_name=username.title(), **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def build_world() -> None:
    org_a = Organisation.objects.create(name="Gemeente Alfa", slug="gemeente-alfa")
    org_b = Organisation.objects.create(name="Provincie Beta", slug="provincie-beta", kind=Organisation.Kind.PROVINCIE)
    dep_a = Department.objects.create(organisation=org_a, name="Inkoop")
    Department.objects.create(organisation=org_b, name="Inkoop")
    ProductCategory.objects.create(organisation=org_a, name="ICT-hardware", impact_weight=5)
    ProductCategory.objects.create(organisation=org_b, name="ICT-hardware", impact_weight=4)
    for persona, role in ROLE_PERSONAS.items():
        user = make_user(persona)
        Membership.objects.create(user=user, organisation=org_a, role=role, department=dep_a)
    outsider = make_user("outsider")
    Membership.objects.create(user=outsider, organisation=org_b, role=Role.CHEF_CIRCULAIR)
    make_user("staff", is_staff=True, is_superuser=True)
    for persona in SUPPLIER_PERSONAS:
        make_user(persona)  # made a supplier of their contract by tests/access/rows_suppliers.py
    world = load_world(with_apps=False)
    for module in app_modules():
        if hasattr(module, "build"):
            module.build(world)
    _put_readers_on_every_team(world)


def _put_readers_on_every_team(world) -> None:
    """Every trajectory of A gets the READER_TEAM_PERSONAS on its team (through the ORM, not the form)."""
    from procurement.models import Trajectory, TrajectoryMember

    TrajectoryMember.objects.bulk_create(
        TrajectoryMember(trajectory=trajectory, user=user, role=team_role)
        for trajectory in Trajectory.objects.for_organisation(world.org_a)
        for user, team_role in reader_team(world)
    )


def load_world(with_apps: bool = True) -> SimpleNamespace:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[p for p in PERSONAS if p != "anonymous"])}
    world = SimpleNamespace(
        org_a=Organisation.objects.get(slug="gemeente-alfa"),
        org_b=Organisation.objects.get(slug="provincie-beta"),
        users=users,
        password=PASSWORD,
    )
    world.department_a = world.org_a.departments.get(name="Inkoop")
    world.category_a = world.org_a.categories.get(name="ICT-hardware")
    world.category_b = world.org_b.categories.get(name="ICT-hardware")
    if with_apps:
        for module in app_modules():
            if hasattr(module, "load"):
                module.load(world)
    return world
