"""The single sign-on pages keep their query budget, however many domains, groups, links and changes."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import SsoDomain, SsoGroupRole, SsoIdentity, SsoProvider
from organisations.models import Role

pytestmark = pytest.mark.django_db


def grow(world, n: int) -> None:
    provider = SsoProvider.objects.for_organisation(world.org_a).get()
    for i in range(n):
        SsoDomain.objects.create(provider=provider, domain=f"d{n}-{i}.gemeente-alfa.example")
        SsoGroupRole.objects.create(provider=provider, group=f"groep-{n}-{i}", role=Role.LEZER)
        user = get_user_model().objects.create(username=f"sso-{n}-{i}@gemeente-alfa.example")
        SsoIdentity.objects.create(provider=provider, user=user, subject=f"sub-{n}-{i}")
        provider.save()  # one more history row


@pytest.mark.parametrize("n", [3, 30])
def test_the_provider_settings_keep_their_query_budget(client, world, n, django_assert_max_num_queries):
    grow(world, n)
    client.force_login(world.users["chef"])
    with django_assert_max_num_queries(16):
        response = client.get(reverse("sso:organisation"))
    assert response.status_code == 200
    assert f"groep-{n}-{n - 1} = lezer" in response.text


@pytest.mark.parametrize("n", [3, 30])
def test_the_email_step_keeps_its_query_budget(client, world, n, django_assert_max_num_queries):
    grow(world, n)
    with django_assert_max_num_queries(6):
        response = client.post(reverse("login"), {"username": f"iemand@d{n}-0.gemeente-alfa.example"})
    assert "Inloggen met je account van Gemeente Alfa" in response.text
