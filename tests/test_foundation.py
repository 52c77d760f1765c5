"""Settings, health, errors, login, organisations, demo data and admin."""

import os
import subprocess
import sys
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from chefcirculair import settings as project_settings
from organisations.models import Membership, Organisation, Role
from procurement.models import Phase
from tests.twofactor import login_verified

pytestmark = pytest.mark.django_db
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- Settings ----------------------------------------------------------------


def test_envbool_rejects_a_malformed_value(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        project_settings.envbool("SOME_FLAG")


def test_envint_rejects_a_malformed_value(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "veel")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        project_settings.envint("SOME_NUMBER", 1)


def test_database_url_selects_postgresql_with_persistent_connections():
    db = project_settings.database_from_url("postgres://app:geheim@db.example:5433/chef?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "chef",
        "app",
        "geheim",
        "db.example",
        "5433",
    )
    assert db["CONN_MAX_AGE"] > 0
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_a_database_url_of_another_kind_is_refused():
    with pytest.raises(ImproperlyConfigured):
        project_settings.database_from_url("mysql://root@localhost/chef")


def run_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING", "SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import chefcirculair.settings as s; print(s.DATABASES['default']['ENGINE'])"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_missing_secret_key_without_debug_is_a_clear_error():
    result = run_settings({"DEBUG": "false", "TESTING": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_an_empty_database_url_means_sqlite():
    result = run_settings({"DEBUG": "true", "DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_dates_are_shown_in_dutch_and_in_dutch_time():
    import datetime

    from django.template import engines

    noon_utc = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)  # summer time: 14:00 in Amsterdam
    winter_utc = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)  # 13:00
    template = engines["django"].from_string('{{ summer|date:"l j F Y H:i" }} / {{ winter|date:"j M H:i" }}')
    assert template.render({"summer": noon_utc, "winter": winter_utc}) == "woensdag 1 juli 2026 14:00 / 15 Jan 13:00"


# --- Health and errors --------------------------------------------------------


def test_health_reports_the_database(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_cannot_be_reached(client):
    with mock.patch("chefcirculair.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_the_server_error_page_is_dutch_and_reveals_nothing(client):
    from chefcirculair.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Er is iets misgegaan" in body
    assert "Traceback" not in body


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get(reverse("procurement:start"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_htmx_2_is_served_from_static_with_indicator_styles_off(client):
    body = client.get(reverse("procurement:start")).content.decode()
    assert "django_htmx/htmx-2.min.js" in body
    assert '"includeIndicatorStyles": false' in body
    assert '<body data-hx-headers=\'{"X-CSRFToken": "' in body  # valid HTML: htmx reads data-hx-*


# --- Login ---------------------------------------------------------------------


def test_a_wrong_login_does_not_reveal_whether_the_account_exists(client, world):
    wrong_password = client.post(reverse("login"), {"username": "inkoper", "password": "fout"})
    unknown_user = client.post(reverse("login"), {"username": "niemand", "password": "fout"})
    for response in [wrong_password, unknown_user]:
        assert response.status_code == 200
        body = response.content.decode()
        assert "Het e-mailadres of het wachtwoord klopt niet" in body
        assert "<title>Fout: Inloggen" in body
    assert wrong_password.content.count(b"klopt niet") == unknown_user.content.count(b"klopt niet")


def test_a_member_logs_in_and_lands_on_mijn_trajecten(client, world):
    response = client.post(reverse("login"), {"username": "inkoper", "password": world.password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("procurement:my_trajectories")
    assert response.context["user"].username == "inkoper"
    assert int(client.session["_auth_user_id"]) == world.users["inkoper"].pk


def test_password_reset_mails_a_dutch_link(client, world, mailoutbox):
    client.post(reverse("password_reset"), {"email": "inkoper@example.org"})
    assert len(mailoutbox) == 1
    assert "Nieuw wachtwoord" in mailoutbox[0].subject
    assert "/account/wachtwoord/herstellen/" in mailoutbox[0].body


# --- Organisations ---------------------------------------------------------------


def test_roles_know_what_they_may_do():
    assert Role.INKOPER.can_edit_dossiers and not Role.INKOPER.can_review
    assert Role.CHEF_CIRCULAIR.can_review and Role.CHEF_CIRCULAIR.can_manage_organisation
    assert not Role.LEZER.can_edit_dossiers and not Role.DUURZAAMHEIDSADVISEUR.can_edit_dossiers


def test_a_user_of_two_organisations_switches_the_active_one(client, world):
    user = world.users["inkoper"]
    Membership.objects.create(user=user, organisation=world.org_b, role=Role.LEZER)
    client.force_login(user)
    page = client.get(reverse("procurement:start")).content.decode()
    assert 'id="organisatie-kiezen"' in page
    response = client.post(
        reverse("organisations:switch_organisation"), {"organisation": world.org_b.pk, "next": "/menu/"}
    )
    assert response.status_code == 302 and response["Location"] == "/menu/"
    page = client.get(reverse("procurement:start")).content.decode()
    assert f'<option value="{world.org_b.pk}" selected>' in page


def test_switching_to_a_foreign_organisation_is_a_404(client, world):
    client.force_login(world.users["inkoper"])
    response = client.post(reverse("organisations:switch_organisation"), {"organisation": world.org_b.pk})
    assert response.status_code == 404


UNSAFE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "javascript:alert(1)",
    "kpis:dashboard",
    "nergens",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_switching_refuses_an_external_next_url(client, world, target):
    client.force_login(world.users["inkoper"])
    response = client.post(
        reverse("organisations:switch_organisation"), {"organisation": world.org_a.pk, "next": target}
    )
    assert response.status_code == 302 and response["Location"] == reverse("procurement:start")


# --- Guidance loading and demo data ----------------------------------------------------


def test_an_unchanged_fixture_keeps_edits_made_in_the_admin():
    phase = Phase.objects.get(slug="startoverleg")
    phase.goal = "Aangepast in het beheer."
    phase.save()
    out = StringIO()
    call_command("load_guidance", stdout=out)
    assert "up to date" in out.getvalue()
    phase.refresh_from_db()
    assert phase.goal == "Aangepast in het beheer."
    call_command("load_guidance", "--force", stdout=StringIO())
    phase.refresh_from_db()
    assert phase.goal.startswith("Het voeren van een goed gesprek")


def test_loading_guidance_never_touches_organisation_data(world):
    before = (Organisation.objects.count(), Membership.objects.unscoped().count())
    call_command("load_guidance", "--force", stdout=StringIO())
    assert (Organisation.objects.count(), Membership.objects.unscoped().count()) == before


def test_demo_data_is_idempotent_and_prints_the_logins():
    out = StringIO()
    call_command("load_demo", stdout=out)
    counts = (Organisation.objects.count(), Membership.objects.unscoped().count())
    call_command("load_demo", stdout=StringIO())
    assert (Organisation.objects.count(), Membership.objects.unscoped().count()) == counts
    org = Organisation.objects.get(name="Gemeente Voorbeeldstad")
    roles = set(org.memberships.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert "chef@voorbeeldstad.nl" in out.getvalue()
    assert "circulair-demo-2026" in out.getvalue()


def test_demo_data_is_refused_without_debug():
    with override_settings(DEBUG=False, TESTING=False), pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
    assert not Organisation.objects.filter(name="Gemeente Voorbeeldstad").exists()


# --- Admin --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        "procurement/phase",
        "procurement/guidingquestion",
        "procurement/attentionpoint",
        "procurement/toollink",
        "procurement/tip",
        "procurement/inspiration",
        "rladder/rstrategy",
        "rladder/kpiexample",
        "chefcirculair/menuingredient",
        "chefcirculair/principlepage",
        "chefcirculair/principlesection",
        "chefcirculair/benefit",
        "chefcirculair/guidancetext",
        "chefcirculair/organisation",
        "chefcirculair/membership",
    ],
)
def test_staff_edit_guidance_and_organisations_in_the_admin(client, world, model):
    from django.apps import apps

    from organisations.scoping import unscoped_access

    login_verified(client, world.users["staff"])  # the admin needs a second factor
    assert client.get(f"/beheer/{model}/").status_code == 200
    assert client.get(f"/beheer/{model}/?q=a").status_code == 200
    with unscoped_access():
        obj = apps.get_model(*model.split("/"))._default_manager.order_by("pk").first()
        before = obj.history.count()
    change_url = f"/beheer/{model}/{obj.pk}/change/"
    response = client.post(change_url, _admin_form_data(client.get(change_url)))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    with unscoped_access():
        assert obj.history.count() == before + 1  # saved, and kept in its history
        assert obj.history.first().history_user == world.users["staff"]


def _admin_form_data(response) -> dict:
    """The POST data of an admin change page as the browser would send it unchanged."""

    def put(data, form):
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else field.widget.format_value(value)

    data: dict = {}
    put(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        put(data, formset.management_form)
        for form in formset.forms:
            put(data, form)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_edits_of_a_phase_are_kept_in_its_history(client, world):
    login_verified(client, world.users["staff"])
    phase = Phase.objects.get(slug="intern-evalueren")
    before = phase.history.count()
    change_url = f"/beheer/procurement/phase/{phase.pk}/change/"
    data = _admin_form_data(client.get(change_url))
    data["title_nl"] = "Intern evalueren (bijgewerkt)"
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    phase.refresh_from_db()
    assert phase.title == "Intern evalueren (bijgewerkt)"
    assert phase.history.count() == before + 1
    newest = phase.history.first()
    assert newest.title == "Intern evalueren (bijgewerkt)" and newest.history_user == world.users["staff"]
    history_page = client.get(f"/beheer/procurement/phase/{phase.pk}/history/").content.decode()
    assert "Intern evalueren (bijgewerkt)" in history_page


def test_the_interface_stays_dutch_for_an_english_browser(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    body = response.content.decode()
    assert "Wachtwoord" in body
    assert "Password" not in body


def test_random_order_keeps_browser_and_migration_tests_last():
    """pytest-randomly shuffles first; tests/conftest.py then moves the browser, then the migration tests last."""
    import subprocess
    import sys

    seed = 2
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            f"--randomly-seed={seed}",
            "tests/kpis/test_report_migration.py",
            "tests/browser/test_charts.py",
            "tests/lib",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    ids = [line for line in result.stdout.splitlines() if "::" in line]
    kinds = ["migration" if "report_migration" in i else "browser" if "tests/browser/" in i else "other" for i in ids]
    assert {"migration", "browser", "other"} <= set(kinds)
    assert kinds == sorted(kinds, key=["other", "browser", "migration"].index), kinds
    assert f"--randomly-seed={seed}" in result.stdout
