"""Two-factor authentication: TOTP with recovery codes through django-otp."""

import time
from binascii import unhexlify

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from accounts.twofactor_views import NEW_CODES_KEY, SETUP_KEY
from organisations.models import Membership
from tests.twofactor import login_verified

pytestmark = pytest.mark.django_db

HOME = "procurement:my_trajectories"


@pytest.fixture(autouse=True)
def _no_device_throttle(settings):
    """django-otp backs off (1 s, 2 s, …) after a wrong code: it would refuse a right code right after."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code(key: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for ``key`` now (or ``steps_ahead`` periods of 30 s later)."""
    return f"{totp(unhexlify(key), drift=steps_ahead):06d}"


def wrong_code(key: str) -> str:
    valid = {code(key, n) for n in (-1, 0, 1, 2)}
    return next(c for c in ("000000", "111111", "222222") if c not in valid)


def text(response) -> str:
    return response.content.decode()


def password_step(client, world, username="inkoper", ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": world.password, "next": ""}, REMOTE_ADDR=ip)


def code_step(client, value, ip="10.0.0.1"):
    return client.post(reverse("twofactor:verify"), {"code": value}, REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def with_app(user) -> TOTPDevice:
    """A confirmed authenticator app whose last used code lies in the past."""
    return TOTPDevice.objects.create(user=user, name=twofactor.TOTP_NAME, confirmed=True)


# --- Set-up ---------------------------------------------------------------------------


def test_setting_up_with_a_real_code_turns_it_on_and_shows_ten_recovery_codes_once(client, world):
    user = world.users["inkoper"]
    client.force_login(user)
    page = client.get(reverse("twofactor:setup"))
    assert page.status_code == 200
    body = text(page)
    assert "<h1>Tweestapsverificatie instellen</h1>" in body
    svg = body.split('<svg aria-hidden="true"', 1)[1].split("</svg>")[0]
    assert "style=" not in svg and "<script" not in svg  # the CSP allows neither
    assert "inkoper" not in svg  # the URI (with the username) is geometry, not text
    key = client.session[SETUP_KEY]
    # The key is announced by its label (a term of the list), not by an aria-label a paragraph may not carry.
    assert '<dt>Geheime sleutel</dt>\n      <dd><code class="secret-key' in body
    groups = body.split('class="secret-key', 1)[1].split("</code>")[0]
    assert groups.count("<span>") == 8  # 32 base32 characters in groups of 4
    assert page["Cache-Control"].startswith("max-age=0") and "no-store" in page["Cache-Control"]

    response = client.post(reverse("twofactor:setup"), {"code": code(key)})
    assert response.status_code == 302 and response["Location"] == reverse("twofactor:recovery_codes")
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    assert SETUP_KEY not in client.session

    codes_page = text(client.get(reverse("twofactor:recovery_codes")))
    codes = codes_page.split('<ul class="recovery-codes', 1)[1].split("</ul>")[0].count("<li>")
    assert codes == 10 and StaticToken.objects.filter(device__user=user).count() == 10
    assert 'download="herstelcodes-chef-circulair.txt"' in codes_page
    again = text(client.get(reverse("twofactor:recovery_codes")))
    assert "recovery-codes" not in again and "maar één keer" in again
    # The session that set it up is verified, so it carries on.
    assert client.get(reverse(HOME)).status_code == 200


def test_a_wrong_set_up_code_is_refused_in_dutch_and_turns_nothing_on(client, world):
    client.force_login(world.users["inkoper"])
    client.get(reverse("twofactor:setup"))
    key = client.session[SETUP_KEY]
    response = client.post(reverse("twofactor:setup"), {"code": wrong_code(key)})
    assert response.status_code == 200
    body = text(response)
    assert "Deze code klopt niet." in body
    assert 'class="error-summary"' in body and 'href="#id_code"' in body
    assert not TOTPDevice.objects.filter(user=world.users["inkoper"]).exists()
    assert client.session[SETUP_KEY] == key  # the app that scanned the code keeps working


# --- The login ------------------------------------------------------------------------


def test_the_password_alone_does_not_log_in_a_user_with_an_app(client, world):
    user = world.users["inkoper"]
    device = with_app(user)
    response = password_step(client, world)
    assert response.status_code == 302 and response["Location"] == reverse("twofactor:verify")
    assert not logged_in(client)
    page = client.get(reverse("twofactor:verify"))
    assert "<h1>Voer de code uit je authenticator-app in</h1>" in text(page)

    response = code_step(client, code(device.key))
    assert response.status_code == 302 and response["Location"] == reverse(HOME)
    assert logged_in(client)
    assert client.get(reverse(HOME)).status_code == 200
    assert twofactor.PENDING_KEY not in client.session


def test_a_wrong_code_is_refused_in_dutch_and_does_not_log_in(client, world):
    device = with_app(world.users["inkoper"])
    password_step(client, world)
    response = code_step(client, wrong_code(device.key))
    assert response.status_code == 200
    body = text(response)
    assert "Deze code klopt niet." in body and 'href="#id_code"' in body
    assert not logged_in(client)
    assert client.get(reverse(HOME))["Location"].startswith(reverse("login"))


def test_a_used_code_cannot_be_used_again(client, world):
    device = with_app(world.users["inkoper"])
    password_step(client, world)
    first = code(device.key)
    assert code_step(client, first).status_code == 302
    client.logout()
    password_step(client, world)
    assert code_step(client, first).status_code == 200
    assert not logged_in(client)


def test_a_recovery_code_works_once(client, world):
    user = world.users["inkoper"]
    with_app(user)
    codes = twofactor.new_recovery_codes(user)
    password_step(client, world)
    response = code_step(client, codes[0].upper().replace("-", " "))  # typed as it was printed, or not quite
    assert response.status_code == 302 and logged_in(client)
    assert "Je hebt een herstelcode gebruikt. Je hebt er nog 9 over." in text(client.get(reverse(HOME)))
    client.logout()
    password_step(client, world)
    assert code_step(client, codes[0]).status_code == 200
    assert not logged_in(client)
    assert code_step(client, codes[1]).status_code == 302


def test_a_half_logged_in_session_reaches_no_page(client, world):
    with_app(world.users["staff"])
    password_step(client, world, username="staff")
    assert twofactor.PENDING_KEY in client.session
    for url in (reverse(HOME), reverse("twofactor:settings"), reverse("twofactor:setup"), "/beheer/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")) or "/login/" in response["Location"], url
    assert not logged_in(client)


def test_the_code_step_expires(client, world, settings):
    device = with_app(world.users["inkoper"])
    password_step(client, world)
    session = client.session
    session[twofactor.PENDING_KEY]["started"] = int(time.time()) - settings.TWO_FACTOR_PENDING_SECONDS - 1
    session.save()
    response = code_step(client, code(device.key))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert not logged_in(client)


def test_the_code_step_keeps_the_next_page(client, world):
    device = with_app(world.users["chef"])
    target = reverse("organisations:departments")
    client.post(reverse("login"), {"username": "chef", "password": world.password, "next": target})
    assert code_step(client, code(device.key))["Location"] == target


def test_a_session_of_a_user_with_an_app_that_skipped_the_code_is_logged_out(client, world):
    with_app(world.users["inkoper"])
    client.force_login(world.users["inkoper"])  # e.g. a session from before the app was set up
    response = client.get(reverse(HOME))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not logged_in(client)


# --- Throttling -----------------------------------------------------------------------


def test_after_too_many_wrong_codes_the_login_starts_over(client, world, settings):
    settings.TWO_FACTOR_MAX_CODE_ATTEMPTS = 3
    device = with_app(world.users["inkoper"])
    password_step(client, world)
    for _ in range(2):
        assert code_step(client, wrong_code(device.key)).status_code == 200
    response = code_step(client, wrong_code(device.key))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert twofactor.PENDING_KEY not in client.session
    assert "te vaak verkeerde codes" in text(client.get(reverse("login")))
    # Even the right code is no use now: the password comes first again.
    assert code_step(client, code(device.key))["Location"] == reverse("login")
    assert not logged_in(client)


def test_wrong_codes_count_as_failed_logins_for_the_login_throttle(client, world, settings):
    settings.TWO_FACTOR_MAX_CODE_ATTEMPTS = 100
    device = with_app(world.users["inkoper"])
    password_step(client, world)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert code_step(client, wrong_code(device.key)).status_code == 200
    attempt = AccessAttempt.objects.get(username="inkoper")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT - 1
    assert "000000" not in attempt.post_data and "111111" not in attempt.post_data  # codes are not logged
    locked = code_step(client, wrong_code(device.key))
    assert locked.status_code == 429 and "Tijdelijk geblokkeerd" in text(locked)
    assert twofactor.PENDING_KEY not in client.session
    # Locked out: neither the password step nor a right code gets in.
    assert password_step(client, world).status_code == 429
    assert not logged_in(client)


# --- Required for staff in the admin ----------------------------------------------------


def test_staff_without_an_app_are_sent_to_the_set_up_before_the_admin(client, world):
    client.force_login(world.users["staff"])
    response = client.get("/beheer/")
    assert response.status_code == 302 and response["Location"] == reverse("twofactor:setup")
    assert client.get("/beheer/procurement/phase/").status_code == 302
    page = text(client.get(reverse("twofactor:setup")))
    assert "rol als beheerder vraagt tweestapsverificatie" in page


def test_staff_with_a_verified_session_use_the_admin(client, world):
    login_verified(client, world.users["staff"])
    assert client.get("/beheer/").status_code == 200


def test_the_admin_site_itself_requires_a_verified_session(rf, world):
    from django.contrib.admin import site

    request = rf.get("/beheer/")
    request.user = world.users["staff"]
    request.user.is_verified = lambda: False
    assert site.has_permission(request) is False
    request.user.is_verified = lambda: True
    assert site.has_permission(request) is True


def test_the_admin_login_page_is_the_two_step_login(client, world):
    response = client.get("/beheer/login/?next=/beheer/procurement/phase/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=%2Fbeheer%2Fprocurement%2Fphase%2F"
    client.force_login(world.users["inkoper"])
    assert client.get("/beheer/login/").status_code == 403


def test_the_demo_switch_lets_staff_in_with_a_password_only(client, world, settings):
    settings.TWO_FACTOR_STAFF_REQUIRED = False
    client.force_login(world.users["staff"])
    assert client.get("/beheer/").status_code == 200


def test_the_deploy_check_warns_when_staff_need_no_second_factor(settings):
    settings.TWO_FACTOR_STAFF_REQUIRED = False
    assert [w.id for w in twofactor.check_staff_required()] == ["accounts.W010"]
    settings.TWO_FACTOR_STAFF_REQUIRED = True
    assert twofactor.check_staff_required() == []


def test_make_run_turns_the_staff_requirement_off_only_for_the_demo():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    serve = run.replace("\\\n", " ").split("\n")[-1]  # the runserver command, continuation lines joined
    assert "manage.py runserver" in serve and "TWO_FACTOR_STAFF_REQUIRED=false" in serve.split("manage.py")[0]
    assert "TWO_FACTOR_STAFF_REQUIRED" not in makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]


# --- Required per organisation -------------------------------------------------------------


def require_for(organisation):
    organisation.two_factor_required = True
    organisation.save()


def test_members_of_an_organisation_that_requires_it_set_it_up_first(client, world):
    require_for(world.org_a)
    user = world.users["lezer"]
    client.force_login(user)
    response = client.get(reverse(HOME))
    assert response.status_code == 302 and response["Location"] == reverse("twofactor:setup")
    htmx = client.get(reverse(HOME), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == reverse("twofactor:setup")
    assert client.post(reverse("organisations:department_create"), {"name": "X"})["Location"] == reverse(
        "twofactor:setup"
    )
    settings_page = text(client.get(reverse("twofactor:settings")))
    assert "Tweestapsverificatie is verplicht bij Gemeente Alfa." in settings_page
    client.get(reverse("twofactor:setup"))
    client.post(reverse("twofactor:setup"), {"code": code(client.session[SETUP_KEY])})
    assert client.get(reverse(HOME)).status_code == 200
    # Required: it cannot be turned off.
    assert client.get(reverse("twofactor:disable"))["Location"] == reverse("twofactor:settings")
    assert TOTPDevice.objects.filter(user=user).exists()


def test_outsiders_are_not_bound_by_another_organisations_rule(client, world):
    require_for(world.org_a)
    client.force_login(world.users["outsider"])
    assert client.get(reverse(HOME)).status_code == 200


def test_the_chef_circulair_switches_the_rule_for_the_organisation(client, world):
    client.force_login(world.users["chef"])
    page = client.get(reverse("twofactor:organisation"))
    members = Membership.objects.filter(organisation=world.org_a).count()
    assert f"0 van {members} leden hebben tweestapsverificatie ingesteld." in text(page)
    response = client.post(reverse("twofactor:organisation"), {"two_factor_required": "on"})
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert world.org_a.two_factor_required
    assert world.org_a.history.first().two_factor_required  # the change is in the history
    # The chef's own session learns it at the next re-check: then the chef sets it up too.
    session = client.session
    session[twofactor.STATE_KEY]["checked"] = 0
    session.save()
    assert client.get(reverse(HOME))["Location"] == reverse("twofactor:setup")


def test_other_roles_cannot_switch_the_rule(client, world):
    client.force_login(world.users["inkoper"])
    assert client.post(reverse("twofactor:organisation"), {"two_factor_required": "on"}).status_code == 403
    world.org_a.refresh_from_db()
    assert not world.org_a.two_factor_required


# --- Recovery codes and turning it off ------------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones_after_a_confirmation(client, world):
    user = world.users["inkoper"]
    device = login_verified(client, user)
    old = twofactor.new_recovery_codes(user)
    refused = client.post(reverse("twofactor:regenerate_codes"), {"confirmation": "fout"})
    assert refused.status_code == 200 and "Deze code of dit wachtwoord klopt niet." in text(refused)
    response = client.post(reverse("twofactor:regenerate_codes"), {"confirmation": code(device.key)})
    assert response["Location"] == reverse("twofactor:recovery_codes")
    new = client.session[NEW_CODES_KEY]
    assert len(new) == 10 and not set(new) & set(old)
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert tokens == {c.replace("-", "") for c in new}


def test_turning_it_off_needs_the_password_or_a_code(client, world):
    user = world.users["inkoper"]
    login_verified(client, user)
    twofactor.new_recovery_codes(user)
    assert client.post(reverse("twofactor:disable"), {"confirmation": "fout"}).status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()
    response = client.post(reverse("twofactor:disable"), {"confirmation": world.password})
    assert response["Location"] == reverse("twofactor:settings")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert client.get(reverse(HOME)).status_code == 200  # still logged in, now with the password only
    client.logout()
    assert password_step(client, world)["Location"] == reverse(HOME)


def test_staff_cannot_turn_it_off(client, world):
    login_verified(client, world.users["staff"])
    client.post(reverse("twofactor:disable"), {"confirmation": world.password})
    assert TOTPDevice.objects.filter(user=world.users["staff"]).exists()


def test_wrong_confirmations_count_for_the_login_throttle(client, world):
    login_verified(client, world.users["inkoper"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("twofactor:disable"), {"confirmation": "fout"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(reverse("twofactor:disable"), {"confirmation": world.password}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert TOTPDevice.objects.filter(user=world.users["inkoper"]).exists()


def test_the_settings_page_shows_the_state(client, world):
    user = world.users["inkoper"]
    client.force_login(user)
    assert "Tweestapsverificatie instellen" in text(client.get(reverse("twofactor:settings")))
    login_verified(client, user)
    twofactor.new_recovery_codes(user)
    page = text(client.get(reverse("twofactor:settings")))
    assert "Je hebt nog 10 ongebruikte herstelcodes." in page and "Tweestapsverificatie uitzetten" in page


def test_the_migration_adds_the_rule_switched_off(world):
    from organisations.models import Organisation

    assert not Organisation._meta.get_field("two_factor_required").default
    call_command("makemigrations", "chefcirculair", "--check", "--dry-run", verbosity=0)
