"""Login throttling, sessions, production settings, request limits and error pages."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.security import SessionIdleTimeoutMiddleware, client_ip

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


# --- Login throttling ---------------------------------------------------------


def fail_login(client, username="inkoper", times=1, ip="10.0.0.1"):
    response = None
    for _ in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "fout"}, REMOTE_ADDR=ip)
    return response


def test_five_wrong_passwords_lock_the_username_out_from_that_address(client, world):
    assert fail_login(client, times=settings.AXES_FAILURE_LIMIT - 1).status_code == 200
    response = fail_login(client)
    assert response.status_code == 429
    body = response.content.decode()
    assert "<h1>Tijdelijk geblokkeerd</h1>" in body
    assert "Probeer het over 15 minuten opnieuw." in body
    # Even the right password is refused while locked out.
    right = client.post(reverse("login"), {"username": "inkoper", "password": world.password}, REMOTE_ADDR="10.0.0.1")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_and_address(client, world):
    fail_login(client, times=settings.AXES_FAILURE_LIMIT)
    # Same user, other address; other user, same address: both may still log in.
    other_ip = client.post(
        reverse("login"), {"username": "inkoper", "password": world.password}, REMOTE_ADDR="10.0.0.2"
    )
    assert other_ip.status_code == 302
    client.logout()
    other_user = client.post(reverse("login"), {"username": "chef", "password": world.password}, REMOTE_ADDR="10.0.0.1")
    assert other_user.status_code == 302


def test_usernames_are_counted_case_insensitively(client, world):
    for name in ("Inkoper", "INKOPER", "inkoper", "InKoper", "inKOPER"):
        response = fail_login(client, username=name)
    assert response.status_code == 429


def test_a_successful_login_resets_the_failures(client, world):
    fail_login(client, times=settings.AXES_FAILURE_LIMIT - 1)
    ok = client.post(reverse("login"), {"username": "inkoper", "password": world.password}, REMOTE_ADDR="10.0.0.1")
    assert ok.status_code == 302
    client.logout()
    assert fail_login(client, times=settings.AXES_FAILURE_LIMIT - 1).status_code == 200


def test_the_test_clients_login_still_works_without_a_request(client, world):
    assert client.login(username="inkoper", password=world.password)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.9", "10.0.0.9"),  # no proxy: the header is the client's own claim
        (1, "1.2.3.4", "10.0.0.9", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "10.0.0.9", "1.2.3.4"),  # a spoofed left-most entry is ignored
        (2, "6.6.6.6, 1.2.3.4, 172.16.0.2", "10.0.0.9", "1.2.3.4"),
        (1, "", "10.0.0.9", "10.0.0.9"),
    ],
)
def test_the_client_address_trusts_exactly_the_configured_proxies(proxies, forwarded, remote, expected):
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


# --- Sessions -------------------------------------------------------------------


def test_sessions_live_in_the_database_with_an_idle_timeout(client, world):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    client.force_login(world.users["inkoper"])
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = (session.expire_date - session.expire_date.now(session.expire_date.tzinfo)).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < remaining <= settings.SESSION_COOKIE_AGE


def test_activity_extends_the_session_at_most_once_a_minute(client, world):
    client.force_login(world.users["inkoper"])
    key = client.session.session_key
    client.get(reverse("procurement:start"))
    first = Session.objects.get(session_key=key).expire_date
    client.get(reverse("procurement:start"))
    assert Session.objects.get(session_key=key).expire_date == first, "refreshed twice within a minute"
    session = client.session
    session[SessionIdleTimeoutMiddleware.KEY] = int(time.time()) - 120
    session.save()
    client.get(reverse("procurement:start"))
    assert Session.objects.get(session_key=key).expire_date > first


def test_an_expired_session_logs_the_user_out(client, world):
    client.force_login(world.users["inkoper"])
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=Session.objects.get(session_key=client.session.session_key).expire_date.replace(year=2000)
    )
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]


def test_password_validators_are_on():
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator"} <= names


# --- Production settings ----------------------------------------------------------


TEST_ONLY_VARIABLES = {"DEBUG", "TESTING", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_env(tmp_path, **extra) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return {
        **clean,
        "DEBUG": "false",
        "TESTING": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "chefcirculair.example.nl",
        "CSRF_TRUSTED_ORIGINS": "https://chefcirculair.example.nl",
        "DATABASE_URL": "",
        "DATA_DIR": str(tmp_path / "data"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "EMAIL_HOST": "smtp.example.nl",
        "SITE_URL": "https://chefcirculair.example.nl",
        **extra,
    }


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_refuses_a_production_start_without_site_url(tmp_path):
    env = production_env(tmp_path)
    del env["SITE_URL"]
    result = manage(env, "check", "--deploy", "--fail-level", "ERROR")
    assert result.returncode != 0
    assert "chefcirculair.E011" in result.stdout + result.stderr
    result = manage({**env, "SITE_URL": "http://localhost:8000"}, "check", "--deploy", "--fail-level", "ERROR")
    assert "chefcirculair.E011" in result.stdout + result.stderr


def test_collectstatic_writes_hashed_compressed_files_in_production(tmp_path):
    result = manage(production_env(tmp_path), "collectstatic", "--no-input", "-v", "0")
    assert result.returncode == 0, result.stdout + result.stderr
    static = tmp_path / "static"
    manifest = (static / "staticfiles.json").read_text()
    assert '"css/app.css"' in manifest
    hashed = list((static / "css").glob("app.*.css"))
    assert hashed, "no hashed copy of app.css"
    assert Path(f"{hashed[0]}.gz").exists()


def test_production_settings_are_secure(tmp_path):
    code = (
        "import chefcirculair.settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production_env(tmp_path), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True True True True True Lax ['chefcirculair.example.nl'] ['https://chefcirculair.example.nl']"
    )


# --- Request limits and bad input ----------------------------------------------------


def test_an_oversized_body_is_refused_with_a_dutch_explanation(client, world):
    body = "x" * (settings.MAX_REQUEST_BODY_SIZE + 1)
    response = client.post(reverse("login"), body, content_type="text/plain")
    assert response.status_code == 413
    assert "Te veel gegevens verstuurd" in response.content.decode()
    assert "Er is niets opgeslagen" in response.content.decode()


def test_form_data_over_the_memory_limit_is_refused_not_a_500(client, world):
    client.force_login(world.users["inkoper"])
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = client.post(reverse("organisations:switch_organisation"), {"organisation": "1", "junk": "x" * 5000})
    assert response.status_code == 413
    assert "Te veel gegevens verstuurd" in response.content.decode()


def test_an_oversized_upload_is_refused(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users["inkoper"])
    upload = SimpleUploadedFile("groot.pdf", b"%" * (settings.MAX_REQUEST_BODY_SIZE + 10))
    response = client.post(reverse("organisations:switch_organisation"), {"organisation": "1", "file": upload})
    assert response.status_code == 413


def test_a_malformed_content_length_is_a_400(client):
    response = client.generic("POST", reverse("login"), "a=b", CONTENT_LENGTH="veel")
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.content.decode()


def test_too_many_fields_is_a_400_with_the_dutch_page(client, world):
    data = "&".join(f"f{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post(reverse("login"), data, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.content.decode()
