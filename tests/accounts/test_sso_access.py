"""SSO personas in the access table: a user signed in through the real provider gets what the role gives.

Organisation A of the world gets the test provider; a chef circulair and a lezer sign in through it
(accounts created just in time, roles from their groups). On every GET row of the access table they
get exactly the status of the world's local "chef" and "lezer" personas.
"""

import pytest
from django.urls import reverse

from accounts import sso
from accounts.models import SsoDomain, SsoGroupRole, SsoProvider
from organisations.models import Role
from tests.access.test_access_table import ROWS
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, login_at_provider

pytestmark = pytest.mark.django_db

DOMAIN = "sso.gemeente-alfa.example"
CALLBACK = "http://testserver/account/inloggen/sso/terug/"
# Rows whose answer depends on the login itself, not on the role.
SKIP = {"login"}


@pytest.fixture
def sso_world(world, oidc_provider):
    oidc_provider.add_client([CALLBACK])
    oidc_provider.reset()
    provider = SsoProvider.objects.for_organisation(world.org_a).get()
    provider.issuer = oidc_provider.issuer
    provider.client_id = CLIENT_ID
    provider.client_secret_encrypted = sso.encrypt(CLIENT_SECRET)
    provider.scopes = "openid email profile groups"
    provider.save()
    assert SsoDomain.objects.for_organisation(world.org_a).filter(domain=DOMAIN).exists()
    SsoGroupRole.objects.create(provider=provider, group="cc-chefs", role=Role.CHEF_CIRCULAIR)
    SsoGroupRole.objects.create(provider=provider, group="cc-lezers", role=Role.LEZER)
    oidc_provider.put_user(f"sso-chef@{DOMAIN}", ["cc-chefs"])
    oidc_provider.put_user(f"sso-lezer@{DOMAIN}", ["cc-lezers"])
    return world


def sign_in(client, email: str) -> None:
    client.post(reverse("login"), {"username": email})
    response = client.get(reverse("sso:start", args=[sso_world_slug()]))
    callback = login_at_provider(response["Location"], email)
    assert client.get(callback.removeprefix("http://testserver")).status_code == 302
    assert client.session.get(sso.SESSION_KEY)


def sso_world_slug() -> str:
    return "gemeente-alfa"


@pytest.mark.parametrize(("email", "persona"), [(f"sso-chef@{DOMAIN}", "chef"), (f"sso-lezer@{DOMAIN}", "lezer")])
def test_an_sso_user_gets_what_a_local_user_of_the_role_gets(client, sso_world, email, persona):
    sign_in(client, email)
    failures = []
    for row in ROWS:
        if row.method != "GET" or row.htmx or row.name in SKIP:
            continue
        response = client.get(reverse(row.name, kwargs=row.kwargs(sso_world)))
        if response.status_code != row.expect[persona]:
            failures.append(f"{row.id}: {response.status_code} (a local {persona} gets {row.expect[persona]})")
    assert not failures, "\n".join(failures)
