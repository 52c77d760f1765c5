"""Access rows of single sign-on (accounts/sso_views.py).

The login steps are for everyone: the callback without a login under way is a clear 400 page, the
link page without a pending link goes back to the login page, the start of an organisation without a
provider is 404. Only the chef circulair configures the organisation's provider. An SSO user gets
what a local user of the same role gets: tests/accounts/test_sso_access.py checks that against the
rows of this table, with a user logged in through the real provider.
"""

from accounts import sso
from accounts.models import SsoDomain, SsoGroupRole, SsoProvider
from organisations.models import Role

from .rows_organisations_programme import own_org
from .table import Row, managers, public

SETTINGS = {
    "enabled": "on",
    "issuer": "https://login.gemeente-alfa.example/",
    "client_id": "chef-circulair",
    "domains": "sso.gemeente-alfa.example",
    "group_roles": "cc-inkopers = inkoper",
    "scopes": "openid email profile",
    "claim_email": "email",
    "claim_name": "name",
    "claim_groups": "groups",
}


def build(world) -> None:
    provider = SsoProvider.objects.create(
        organisation=world.org_a,
        issuer="https://login.gemeente-alfa.example/",
        client_id="chef-circulair",
        client_secret_encrypted=sso.encrypt("geheim"),
    )
    SsoDomain.objects.create(provider=provider, domain="sso.gemeente-alfa.example")
    SsoGroupRole.objects.create(provider=provider, group="cc-inkopers", role=Role.INKOPER)


ROWS = [
    Row(
        "login",
        {**public(302), "anonymous": 200},
        method="POST",
        data=lambda w: {"username": "iemand@example.org"},
        note="the e-mail step: the password step follows",
    ),
    Row(
        "login",
        {**public(302), "anonymous": 200},
        method="POST",
        data=lambda w: {"username": "iemand@sso.gemeente-alfa.example"},
        note="the e-mail step of an SSO domain: the button to the provider",
    ),
    Row("sso:start", public(404), kwargs=lambda w: {"slug": w.org_b.slug}, note="no provider"),
    Row("sso:callback", public(400), note="no login under way"),
    Row("sso:link", public(302), note="no pending link: back to the login page"),
    Row("sso:link", public(302), method="POST", data=lambda w: {"password": "x"}),
    Row("sso:organisation", own_org(managers())),
    Row(
        "sso:organisation",
        own_org(managers(200)),
        method="POST",
        data=lambda w: {**SETTINGS, "group_roles": "cc-inkopers = baas"},
        note="a role that does not exist: the form again with the error",
    ),
    Row(
        "sso:organisation",
        {**own_org(managers(302)), "outsider": 200},
        method="POST",
        data=lambda w: SETTINGS,
        note="saved; the outsider (chef circulair of B) cannot take A's e-mail domain",
    ),
]
