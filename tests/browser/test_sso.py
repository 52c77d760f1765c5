"""Single sign-on in a browser: through the provider's own login page into the app, with the mapped role; axe."""

from playwright.sync_api import expect

from accounts import sso
from accounts.models import SsoGroupRole, SsoProvider
from organisations.models import Membership, Role
from tests.oidc_provider import CLIENT_SECRET, PASSWORD

from .conftest import assert_accessible, follow

CLIENT_ID = "chefcirculair-browser"
EMAIL = "browser-chef@sso.gemeente-alfa.example"


def test_signing_in_with_the_organisations_own_account(page, world, live_server, oidc_provider):
    oidc_provider.reset()
    oidc_provider.add_client(
        [f"{live_server.url}/account/inloggen/sso/terug/"],
        [f"{live_server.url}/account/inloggen/"],
        client_id=CLIENT_ID,
    )
    oidc_provider.put_user(EMAIL, ["medewerkers", "cc-chefs"], name="Bente Browser")
    provider = SsoProvider.objects.for_organisation(world.org_a).get()
    provider.issuer = oidc_provider.issuer
    provider.client_id = CLIENT_ID
    provider.client_secret_encrypted = sso.encrypt(CLIENT_SECRET)
    provider.scopes = "openid email profile groups"
    provider.save()
    SsoGroupRole.objects.create(provider=provider, group="cc-chefs", role=Role.CHEF_CIRCULAIR)

    page.goto("/account/inloggen/")
    expect(page.get_by_label("Wachtwoord")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("E-mailadres of gebruikersnaam").fill(EMAIL)
    follow(page.get_by_role("button", name="Verder"))
    button = page.get_by_role("link", name="Inloggen met je account van Gemeente Alfa")
    expect(button).to_be_visible()
    assert_accessible(page)

    # The provider's own login page (dev/oidc-provider/server.mjs), not the app's.
    follow(button)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij de test-identityprovider")
    assert page.url.startswith(oidc_provider.issuer)
    expect(page.get_by_label("Gebruikersnaam")).to_have_value(EMAIL)  # the login_hint
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    follow(page.get_by_role("button", name="Aanmelden"))

    page.wait_for_url(f"{live_server.url}/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn trajecten")
    assert_accessible(page)
    membership = Membership.objects.for_organisation(world.org_a).get(user__email=EMAIL)
    assert membership.role == Role.CHEF_CIRCULAIR
    # As chef circulair, the page of the organisation's provider opens.
    page.goto("/account/sso/organisatie/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen via de identityprovider")
    expect(page.get_by_label("Client-secret (optioneel)")).to_have_value("")
    assert_accessible(page)
