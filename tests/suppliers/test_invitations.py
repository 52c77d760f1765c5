"""Suppliers of a contract, invitations (signed, single use, 7 days, revocable) and supplier accounts."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from suppliers.forms import SupplierForm
from suppliers.models import INVITATION_SALT, Invitation, Supplier, SupplierAccount

pytestmark = pytest.mark.django_db
PASSWORD = "een-Lang-wachtwoord-2026"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **extra)

    return _post


@pytest.fixture
def contractmanager(client, world):
    client.force_login(world.users["contractmanager"])
    return client


def invite(post, world, email="nieuw@leverancier.example"):
    response = post(reverse("suppliers:invite", args=[world.supplier_a.pk]), {"email": email})
    assert response.status_code == 302
    return Invitation.objects.filter(supplier=world.supplier_a).get(email=email)


def link_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", "", "abcdefgh"])
def test_a_kvk_number_is_eight_digits(world, kvk):
    form = SupplierForm(
        {"name": "X", "kvk_number": kvk, "contact_name": "Y", "contact_email": "y@example.org"},
        trajectory=world.supplier_contract_a,
    )
    assert not form.is_valid()
    assert "kvk_number" in form.errors


def test_adding_a_supplier_normalises_the_kvk_number_and_refuses_a_duplicate(contractmanager, world):
    url = reverse("suppliers:supplier_add", args=[world.supplier_contract_a.pk])
    data = {
        "name": "Refurb BV",
        "kvk_number": "8765 4321",
        "contact_name": "Sam",
        "contact_email": "sam@refurb.example",
    }
    response = contractmanager.post(url, data)
    supplier = Supplier.objects.filter(trajectory=world.supplier_contract_a).get(name="Refurb BV")
    assert supplier.kvk_number == "87654321"
    assert response["Location"] == reverse("suppliers:invite", args=[supplier.pk])
    response = contractmanager.post(url, data)
    assert response.status_code == 200
    assert "staat al bij dit contract" in response.content.decode()


def test_invitation_mails_a_link_only_and_the_link_sets_a_password(client, contractmanager, post, world, mailoutbox):
    invitation = invite(post, world)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["nieuw@leverancier.example"]
    path = link_path(mail)
    assert path == reverse("suppliers:accept_invitation", args=[invitation.token()])
    client.logout()
    response = client.get(path)
    assert "Kies een wachtwoord" in response.content.decode()
    response = client.post(
        path, {"first_name": "Noor", "last_name": "Jansen", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == reverse("suppliers:contract", args=[world.supplier_a.pk])
    user = get_user_model().objects.get(username="nieuw@leverancier.example")
    assert SupplierAccount.objects.get(user=user).kvk_number == world.supplier_a.kvk_number
    assert not user.memberships.exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_by == user
    assert client.get(reverse("suppliers:contract", args=[world.supplier_a.pk])).status_code == 200
    # Used twice: refused, nothing changes.
    client.logout()
    response = client.post(path, {"first_name": "X", "last_name": "Y", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()
    assert get_user_model().objects.filter(username__startswith="nieuw@").count() == 1


def test_a_password_that_is_too_weak_or_differs_is_refused_in_dutch(client, contractmanager, post, world):
    path = reverse("suppliers:accept_invitation", args=[invite(post, world).token()])
    client.logout()
    response = client.post(path, {"first_name": "A", "last_name": "B", "password1": "kort", "password2": "kort"})
    assert response.status_code == 200
    assert "wachtwoord" in response.content.decode().lower()
    response = client.post(
        path, {"first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    assert "niet gelijk" in response.content.decode()
    assert not get_user_model().objects.filter(username="nieuw@leverancier.example").exists()


def test_an_expired_invitation_is_refused(client, contractmanager, post, world):
    invitation = invite(post, world)
    Invitation.objects.unscoped().filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    client.logout()
    response = client.get(reverse("suppliers:accept_invitation", args=[invitation.token()]))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()


def test_a_token_older_than_seven_days_is_refused_even_if_the_row_says_otherwise(client, world, monkeypatch):
    invitation = Invitation.objects.create(supplier=world.supplier_a, email="oud@leverancier.example")
    token = invitation.token()
    later = timezone.now().timestamp() + 8 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(reverse("suppliers:accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()


def test_a_revoked_invitation_is_refused_and_revoking_an_accepted_one_ends_access(client, contractmanager, post, world):
    invitation = invite(post, world)
    response = post(reverse("suppliers:revoke_invitation", args=[invitation.pk]))
    assert response.status_code == 302
    client.logout()
    response = client.get(reverse("suppliers:accept_invitation", args=[invitation.token()]))
    assert response.status_code == 410
    assert "ingetrokken" in response.content.decode()
    # The world's supplier loses access when their accepted invitation is revoked.
    accepted = Invitation.objects.filter(supplier=world.supplier_a).get(accepted_by=world.users["supplier"])
    client.force_login(world.users["contractmanager"])
    post(reverse("suppliers:revoke_invitation", args=[accepted.pk]))
    client.force_login(world.users["supplier"])
    assert client.get(reverse("suppliers:contract", args=[world.supplier_a.pk])).status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "niet-ondertekend",
        signing.dumps({"i": 1, "n": "x"}, salt="een-ander-doel"),
        signing.dumps({"i": 999999, "n": "bestaat-niet"}, salt=INVITATION_SALT),
        signing.dumps([1, 2], salt=INVITATION_SALT),
    ],
    # Signed tokens carry a timestamp: ids of their own keep the collection equal on every xdist worker.
    ids=["unsigned", "other-salt", "unknown-invitation", "not-a-dict"],
)
def test_a_tampered_or_unknown_token_is_refused(client, world, token):
    response = client.get(reverse("suppliers:accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "niet geldig" in response.content.decode()


def test_a_nonce_changed_in_the_token_is_refused(client, world):
    invitation = Invitation.objects.create(supplier=world.supplier_a, email="x@leverancier.example")
    forged = signing.dumps({"i": invitation.pk, "n": "geraden"}, salt=INVITATION_SALT)
    assert client.get(reverse("suppliers:accept_invitation", args=[forged])).status_code == 410
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_an_existing_supplier_account_of_the_same_company_joins_another_contract(client, world):
    other = Supplier.objects.create(
        trajectory=world.supplier_contract_a,
        name="Zelfde bedrijf, ander contract",
        kvk_number="11112222",
        contact_name="X",
        contact_email="x@example.org",
    )
    user = world.users["supplier"]
    SupplierAccount.objects.filter(user=user).update(kvk_number="11112222")
    invitation = Invitation.objects.create(supplier=other, email="ander@example.org")
    client.force_login(user)
    path = reverse("suppliers:accept_invitation", args=[invitation.token()])
    assert "Contract koppelen" in client.get(path).content.decode()
    response = client.post(path)
    assert response["Location"] == reverse("suppliers:contract", args=[other.pk])
    assert client.get(response["Location"]).status_code == 200


def test_a_supplier_account_of_another_company_or_a_member_cannot_join(client, world):
    invitation = Invitation.objects.create(supplier=world.supplier_a, email="x@example.org")
    path = reverse("suppliers:accept_invitation", args=[invitation.token()])
    for persona in ("supplier_other_org", "chef"):
        client.force_login(world.users[persona])
        assert client.post(path).status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_invitation_list_shows_accepted_pending_and_revoked(contractmanager, world):
    content = contractmanager.get(reverse("suppliers:list", args=[world.supplier_contract_a.pk])).content.decode()
    for label in ("Geaccepteerd", "Verstuurd", "Ingetrokken"):
        assert label in content


def test_a_supplier_logs_in_to_their_own_contracts_and_sees_nothing_of_the_organisation(client, world):
    response = client.post(reverse("login"), {"username": "supplier", "password": world.password})
    assert response["Location"] == reverse("suppliers:home")
    content = client.get(reverse("suppliers:home")).content.decode()
    assert world.supplier_contract_a.title in content
    assert "Mijn trajecten" not in content
    for name in ("procurement:my_trajectories", "kpis:dashboard", "rladder:programme"):
        assert client.get(reverse(name)).status_code == 404


def test_failed_supplier_logins_count_in_the_throttle(client, world):
    for _ in range(5):
        client.post(reverse("login"), {"username": "supplier", "password": "fout"}, REMOTE_ADDR="10.9.9.9")
    response = client.post(
        reverse("login"), {"username": "supplier", "password": world.password}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429


def test_a_supplier_with_an_authenticator_app_logs_in_with_a_code(client, world, settings):
    from binascii import unhexlify

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=world.users["supplier"], name="Authenticator-app", confirmed=True)
    response = client.post(reverse("login"), {"username": "supplier", "password": world.password})
    assert response["Location"] == reverse("twofactor:verify")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("twofactor:verify"), {"code": f"{totp(unhexlify(device.key)):06d}"})
    assert response["Location"] == reverse("suppliers:home")
    assert client.get(reverse("suppliers:contract", args=[world.supplier_a.pk])).status_code == 200
