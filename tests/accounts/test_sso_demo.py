"""`make sso-demo` connects the demo organisation to the development provider; the demo's own logins stay."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts import sso
from accounts.models import SsoProvider
from organisations.models import Organisation, Role

pytestmark = pytest.mark.django_db


def test_the_demo_organisation_is_connected_and_its_password_logins_stay(world):
    organisation = Organisation.objects.create(name="Gemeente Voorbeeldstad", slug="gemeente-voorbeeldstad")
    call_command("connect_sso_demo", "--issuer", "http://127.0.0.1:8081", stdout=StringIO())
    call_command("connect_sso_demo", "--issuer", "http://127.0.0.1:8082", stdout=StringIO())
    provider = SsoProvider.objects.for_organisation(organisation).get()
    assert provider.issuer == "http://127.0.0.1:8082"
    assert sso.decrypt(provider.client_secret_encrypted) == "sso-demo-client-secret"
    assert dict(provider.group_roles.values_list("group", "role"))["cc-chefs"] == Role.CHEF_CIRCULAIR
    assert sso.provider_for_email("karel@sso.voorbeeldstad.nl") == provider
    assert sso.provider_for_email("chef@voorbeeldstad.nl") is None


def test_without_the_demo_it_says_what_to_run_first(world):
    with pytest.raises(CommandError, match="make run"):
        call_command("connect_sso_demo")
