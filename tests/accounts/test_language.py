"""English beside Dutch: who gets which language, the switch, and numbers and dates typed in forms.

E-mails are in test_language_mails.py, the API in tests/api/test_language.py and the PDFs in
tests/production/test_pdf_conformance.py.

A request speaks the person's stored choice, else the language cookie, else Dutch; the
browser's Accept-Language is never asked (only the token API listens to it). These tests
use a few strings of the English catalogue (locale/en/LC_MESSAGES/django.po).
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.language import language_of, stored_language
from accounts.models import Preference
from organisations.models import ProductCategory

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
HTML_LANG = re.compile(r'<html lang="([^"]*)"')


def choose(user, language: str) -> None:
    Preference.objects.update_or_create(user=user, defaults={"language": language})


def page_language(response) -> str:
    """The language a page says it is in: <html lang>, which must agree with Content-Language."""
    assert response.status_code == 200, response.status_code
    found = HTML_LANG.search(response.content.decode())
    assert found, "no <html lang>"
    assert response["Content-Language"] == found.group(1)
    return found.group(1)


# --- Who gets which language ---------------------------------------------------------------------


def test_a_visitor_gets_dutch_whatever_the_browser_asks(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert page_language(response) == "nl"
    assert "Wachtwoord" in response.text and "Password" not in response.text


def test_a_visitor_who_chose_english_gets_english_from_the_cookie(client):
    client.cookies[COOKIE] = "en"
    response = client.get(reverse("login"))
    assert page_language(response) == "en"
    assert "Sign in" in response.text
    assert "Cookie" in response["Vary"]  # the same address answers in another language for another cookie


def test_a_cookie_with_a_language_the_app_does_not_speak_is_dutch(client):
    client.cookies[COOKIE] = "fr"
    assert page_language(client.get(reverse("login"))) == "nl"


def test_the_stored_choice_beats_the_cookie(client, world):
    chef = world.users["chef"]
    client.force_login(chef)
    client.cookies[COOKIE] = "nl"
    choose(chef, "en")
    assert page_language(client.get(reverse("procurement:start"))) == "en"
    choose(chef, "nl")
    client.cookies[COOKIE] = "en"
    assert page_language(client.get(reverse("procurement:start"))) == "nl"


def test_without_a_stored_choice_the_cookie_counts_then_dutch(client, world):
    client.force_login(world.users["inkoper"])
    assert page_language(client.get(reverse("procurement:start"), headers={"accept-language": "en"})) == "nl"
    client.cookies[COOKIE] = "en"
    assert page_language(client.get(reverse("procurement:start"))) == "en"


def test_the_choice_is_read_once_per_request_and_never_for_a_visitor(client, world):
    with CaptureQueriesContext(connection) as anonymous:
        client.get(reverse("login"))
    assert not [q for q in anonymous.captured_queries if "accounts_preference" in q["sql"]]
    client.force_login(world.users["chef"])
    choose(world.users["chef"], "en")
    with CaptureQueriesContext(connection) as signed_in:
        response = client.get(reverse("procurement:start"))
    assert page_language(response) == "en"
    assert len([q for q in signed_in.captured_queries if "accounts_preference" in q["sql"]]) == 1


def test_the_language_helpers(world):
    chef = world.users["chef"]
    assert stored_language(chef) is None and language_of(chef) == "nl"
    choose(chef, "en")
    chef.refresh_from_db()
    assert stored_language(chef) == "en" and language_of(chef) == "en"
    assert language_of(None) == "nl"


# --- The switch ----------------------------------------------------------------------------------


def test_a_visitor_switches_with_the_cookie_only(client):
    response = client.post(reverse("switch_language"), {"language": "en", "next": "/richtlijnen/"})
    assert response.status_code == 302 and response["Location"] == "/richtlijnen/"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "en" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.LANGUAGE_COOKIE_AGE
    assert not Preference.objects.exists()
    assert page_language(client.get(reverse("login"))) == "en"


def test_a_signed_in_person_switches_and_it_is_stored(client, world):
    lezer = world.users["lezer"]
    client.force_login(lezer)
    response = client.post(reverse("switch_language"), {"language": "en", "next": reverse("procurement:start")})
    assert response.status_code == 302 and response["Location"] == reverse("procurement:start")
    assert response.cookies[COOKIE].value == "en"
    assert Preference.objects.get(user=lezer).language == "en"
    client.cookies.pop(COOKIE)  # another browser: the stored choice follows the person
    assert page_language(client.get(reverse("procurement:start"))) == "en"
    client.post(reverse("switch_language"), {"language": "nl"})
    assert Preference.objects.get(user=lezer).language == "nl"
    assert Preference.objects.filter(user=lezer).count() == 1


@pytest.mark.parametrize("language", ["fr", "", "EN", "en-gb", "nl<script>"])
def test_a_language_the_app_does_not_speak_is_refused(client, world, language):
    client.force_login(world.users["chef"])
    response = client.post(reverse("switch_language"), {"language": language})
    assert response.status_code == 400
    assert "Verzoek niet begrepen" in response.text  # Dutch: the language the request had
    assert COOKIE not in response.cookies
    assert not Preference.objects.filter(user=world.users["chef"]).exists()


@pytest.mark.parametrize(
    "next_url", ["https://example.com/", "//example.com/", "javascript:alert(1)", "procurement:start", "http:/x"]
)
def test_an_unsafe_next_goes_to_the_start_page(client, next_url):
    response = client.post(reverse("switch_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302 and response["Location"] == reverse("procurement:start")


def test_the_switch_needs_post_and_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    assert client.get(reverse("switch_language")).status_code == 405
    assert client.post(reverse("switch_language"), {"language": "en"}).status_code == 403
    page = client.get(reverse("login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(reverse("switch_language"), {"language": "en", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_the_switch_keeps_its_query_budget(client, world, django_assert_max_num_queries):
    client.force_login(world.users["chef"])
    # Session, user, the choice read; the first choice is made with update_or_create (a read, an insert,
    # and their savepoints), a later one is one update.
    with django_assert_max_num_queries(9):
        assert client.post(reverse("switch_language"), {"language": "en"}).status_code == 302
    with django_assert_max_num_queries(4):
        assert client.post(reverse("switch_language"), {"language": "nl"}).status_code == 302
    assert Preference.objects.get(user=world.users["chef"]).language == "nl"


def test_the_header_and_the_login_page_offer_each_language_in_its_own_name(client, world):
    login = client.get(reverse("login")).text
    switches = re.findall(r'<form method="post" action="/account/taal/".*?</form>', login, re.DOTALL)
    assert len(switches) == 2  # in the header, and beside the login form
    for switch in switches:
        assert 'lang="nl" class="utrecht-button button-small' in switch and ">Nederlands</button>" in switch
        assert 'lang="en" class="utrecht-button button-small' in switch and ">English</button>" in switch
        assert 'value="nl"' in switch and 'aria-pressed="true">Nederlands' in switch
        assert 'aria-pressed="false">English' in switch
        assert 'role="group" aria-label="Taal"' in switch
        assert 'name="next" value="/account/inloggen/"' in switch
    client.force_login(world.users["chef"])
    choose(world.users["chef"], "en")
    start = client.get(reverse("procurement:start")).text
    assert 'aria-pressed="true">English' in start and 'aria-pressed="false">Nederlands' in start
    assert 'role="group" aria-label="Language"' in start


# --- Numbers typed in forms follow the language --------------------------------------------------


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [("nl", "12.000", Decimal(12000)), ("en", "12,000.5", Decimal("12000.5")), ("en", "12.000", Decimal(12))],
)
def test_a_number_in_a_form_is_read_in_the_persons_language(client, world, language, typed, stored):
    choose(world.users["chef"], language)
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("organisations:category_create"),
        {"name": "Drukwerk", "description": "", "impact_weight": "2", "annual_spend": typed},
    )
    assert response.status_code == 302
    assert ProductCategory.objects.get(organisation=world.org_a, name="Drukwerk").annual_spend == stored


def test_an_english_number_error_is_english(client, world):
    choose(world.users["chef"], "en")
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("organisations:category_create"),
        {"name": "Drukwerk", "description": "", "impact_weight": "2", "annual_spend": "12,5"},
    )
    assert response.status_code == 200
    assert "Enter a number, for example 10,000 or 12.5." in response.text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_date_from_the_date_picker_is_read_in_either_language(world, language):
    """Date inputs send ISO dates (YYYY-MM-DD), which Django reads in every language."""
    import datetime

    from procurement.forms import TrajectoryForm

    data = {"title": "Laptops", "description": "Nodig", "contract_start": "2026-03-01", "contract_end": "2027-02-28"}
    with translation.override(language):
        form = TrajectoryForm(data, organisation=world.org_a)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["contract_start"] == datetime.date(2026, 3, 1)
    assert form.cleaned_data["contract_end"] == datetime.date(2027, 2, 28)


def test_the_english_catalogue_is_compiled_from_its_po():
    from pathlib import Path

    folder = Path(settings.BASE_DIR, "locale", "en", "LC_MESSAGES")
    po, mo = folder / "django.po", folder / "django.mo"
    assert mo.is_file(), "compile the English catalogue first: make messages"
    assert mo.stat().st_mtime >= po.stat().st_mtime, "the .po changed since the .mo was made: make messages"


def test_the_autosave_messages_of_the_script_come_translated_from_the_page(client, world):
    from tests.factories import start_trajectory

    trajectory = start_trajectory(world)
    choose(world.users["inkoper"], "en")
    client.force_login(world.users["inkoper"])
    page = client.get(reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"])).text
    assert 'data-msg-offline="Not saved: no connection.' in page
    assert 'data-msg-failed="Not saved because of an error on the server ({status}).' in page
    assert 'data-msg-forbidden="Not saved: you may not' in page
