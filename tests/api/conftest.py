import datetime
import json
from types import SimpleNamespace

import pytest
from django.utils import timezone

from api.models import ApiToken, Scope


def issue(organisation, user, scopes, days=30, name="Test"):
    return ApiToken.issue(
        organisation=organisation,
        name=name,
        scopes=scopes,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        created_by=user,
    )


@pytest.fixture
def tokens(world) -> SimpleNamespace:
    """The token kinds of the endpoint table; each attribute is the full secret."""
    chef, outsider = world.users["chef"], world.users["outsider"]
    read = issue(world.org_a, chef, [Scope.READ], name="lezen")[1]
    write = issue(world.org_a, chef, [Scope.MEASUREMENTS_WRITE], name="schrijven")[1]
    both = issue(world.org_a, chef, [Scope.READ, Scope.MEASUREMENTS_WRITE], name="beide")[1]
    other = issue(world.org_b, outsider, [Scope.READ, Scope.MEASUREMENTS_WRITE], name="ander")[1]
    revoked_token, revoked = issue(world.org_a, chef, [Scope.READ, Scope.MEASUREMENTS_WRITE], name="ingetrokken")
    revoked_token.revoke(chef)
    expired_token, expired = issue(world.org_a, chef, [Scope.READ, Scope.MEASUREMENTS_WRITE], name="verlopen")
    ApiToken.objects.filter(pk=expired_token.pk, organisation=world.org_a).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    return SimpleNamespace(read=read, write=write, both=both, other=other, revoked=revoked, expired=expired)


class Api:
    """A test client for the JSON API with a token in the header."""

    def __init__(self, client):
        self.client = client

    def get(self, url, token=None, **headers):
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.get(url, headers=headers)

    def put(self, url, body, token=None, raw=False, **headers):
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = body if raw else json.dumps(body)
        return self.client.generic("PUT", url, data=data, content_type="application/json", headers=headers)


@pytest.fixture
def api(client) -> Api:
    return Api(client)
