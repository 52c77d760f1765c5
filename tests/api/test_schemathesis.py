"""Schemathesis against the API's own OpenAPI document: every operation, every check, nothing found.

The document is read from the app (``/api/v1/openapi.json`` through its WSGI application: no
network, no server) and every operation in it is called on that same application with a real
token of the demo organisation (Gemeente Voorbeeldstad: trajectories with phases, decisions and
effects, KPIs with measurements, lessons), plus a team member without a name. All of
Schemathesis' checks run (server errors, status codes, content types, response schemas and
headers, positive data accepted, negative data rejected, missing headers, unsupported methods,
the Allow header), and one of our own: never an e-mail address in an answer.

Negative examples (data the document forbids) are sent as generated. Positive examples use the
demo's own ids two times in three, and a measurement gets a year within its KPI's term and a
department or category the KPI allows: facts of the data that no static schema can hold (the
document says them in words). Anything else the document allows must be accepted. The
coverage (boundary values, other methods, missing or wrong tokens) and fuzzing phases run; the
stateful phase needs links between operations, which this API does not have, and the document has
no examples of its own.
"""

import datetime
import hashlib
import re
import secrets
from io import StringIO
from types import SimpleNamespace

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings

from api.auth import find_token
from api.models import ApiToken, Scope
from chefcirculair.wsgi import application
from kpis.models import Kpi
from organisations.models import Membership, Organisation, Role
from procurement.models import Trajectory, TrajectoryMember

# Modest, so the whole run stays well under a minute on two cores; the phases add their own cases.
CONFIG = schemathesis.Config.from_dict({"generation": {"max-examples": 20}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)

# The demo chef's token, given to Schemathesis as the document's bearer auth, so that its auth checks
# (a missing or wrong token must be refused) vary it themselves. Schemathesis sets it on the coverage
# cases while collecting, before any fixture runs: so the secret is chosen here and the `demo` fixture
# stores the token with it (as ApiToken.issue would: the prefix, and the SHA-256 of the secret).
PREFIX, SECRET = secrets.token_hex(6), secrets.token_urlsafe(32)
TOKEN = f"cc_{PREFIX}_{SECRET}"


@schema.auth()
class DemoToken:
    def get(self, case, ctx):
        return TOKEN

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def no_email_address(ctx, response, case):
    """The API never shows an e-mail address (a user name is one): not in data, not in an error."""
    found = EMAIL.search(response.text or "")
    assert found is None, f"an e-mail address in the answer: {found.group()}"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo organisation and a chef's token (read and write), made once for all operations."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        organisation = Organisation.objects.get(slug="gemeente-voorbeeldstad")
        chef = Membership.objects.for_organisation(organisation).filter(role=Role.CHEF_CIRCULAIR).first().user
        nameless = get_user_model().objects.create_user(
            username="naamloos@voorbeeldstad.nl", email="naamloos@voorbeeldstad.nl"
        )
        Membership.objects.create(organisation=organisation, user=nameless, role=Role.INKOPER)
        trajectories = list(Trajectory.objects.for_organisation(organisation).order_by("pk"))
        TrajectoryMember.objects.create(
            trajectory=trajectories[0], user=nameless, role=TrajectoryMember.TeamRole.CONTRACTMANAGER
        )
        kpis = list(Kpi.objects.filter(organisation=organisation).order_by("pk"))
        assert trajectories and kpis, "the demo has data to read"
        ApiToken.objects.create(
            organisation=organisation,
            name="Schemathesis",
            prefix=PREFIX,
            secret_hash=hashlib.sha256(SECRET.encode()).hexdigest(),
            scopes=[Scope.READ, Scope.MEASUREMENTS_WRITE],
            expires_at=timezone.now() + datetime.timedelta(days=1),
            created_by=chef,
        )
        assert find_token(TOKEN) is not None, "stored as ApiToken.issue stores a token"
        yield SimpleNamespace(
            ids={"trajectory_id": [t.pk for t in trajectories], "kpi_id": [k.pk for k in kpis]},
            kpis={k.pk: k for k in kpis},
            departments=list(organisation.departments.values_list("pk", flat=True)),
            categories=list(organisation.categories.values_list("pk", flat=True)),
        )
        transaction.set_rollback(True)


@pytest.fixture
def wsgi_in_test_transaction(db, settings):
    """Call the WSGI application inside the test's transaction, as Django's test client does."""
    # Schemathesis sends more than a token's minute allows, and more wrong tokens than a client address may.
    settings.API_RATE_LIMIT_PER_MINUTE = settings.API_BAD_TOKEN_LIMIT_PER_MINUTE = 10**6
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _pick(options: list, generated):
    """One of ``options``, chosen by the generated value (so Hypothesis still drives and shrinks the choice)."""
    return options[(generated if isinstance(generated, int) else 0) % len(options)]


def _realistic(case, demo) -> None:
    """A positive example as a client that knows the data would send it (see the module docstring).

    Ids: a generated id becomes one of the demo's, except one in three, which stays (mostly not found).
    """
    for name, ids in demo.ids.items():
        generated = str((case.path_parameters or {}).get(name, ""))  # the coverage phase sends them as text
        if generated.isdigit() and int(generated) % 3:
            case.path_parameters[name] = _pick(ids, int(generated))
    kpi = demo.kpis.get((case.path_parameters or {}).get("kpi_id"))
    if case.method == "PUT" and kpi is not None and isinstance(case.body, dict):
        case.body["jaar"] = _pick(list(kpi.years), case.body.get("jaar"))
        for name, scope, options in [
            ("afdeling", Kpi.Scope.DEPARTMENT, demo.departments),
            ("categorie", Kpi.Scope.CATEGORY, demo.categories),
        ]:
            if name in case.body:
                case.body[name] = None if kpi.scope == scope else _pick([None, *options], case.body[name])


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
def test_every_operation_passes_every_check(case, demo, wsgi_in_test_transaction):
    if case.meta is not None and case.meta.generation.mode.is_positive:
        _realistic(case, demo)
    case.call_and_validate(additional_checks=[no_email_address])
