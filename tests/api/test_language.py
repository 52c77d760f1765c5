"""The token API's messages: Dutch, or English for a client that sends Accept-Language: en (api/language.py)."""

import pytest
from django.urls import reverse

from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db


def test_the_api_answers_in_the_language_the_client_asks_for(client):
    dutch = client.get("/api/v1/bestaat-niet/")
    assert dutch.status_code == 404 and dutch.json()["melding"] == "Niet gevonden."
    assert dutch["Content-Language"] == "nl"
    english = client.get("/api/v1/bestaat-niet/", headers={"accept-language": "en-GB,en;q=0.8"})
    assert english.json()["melding"] == "Not found." and english["Content-Language"] == "en"


def test_the_api_errors_follow_accept_language(client, world):
    url = reverse("api_v1:trajectories")
    dutch = client.get(url)
    assert dutch.status_code == 401 and dutch["Content-Language"] == "nl"
    english = client.get(url, headers={"accept-language": "en"})
    assert english.status_code == 401 and english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]


def test_the_phase_titles_follow_accept_language(api, world, tokens):
    trajectory = start_trajectory(world, title="Printers delen")
    url = reverse("api_v1:trajectory", kwargs={"trajectory_id": trajectory.pk})
    dutch = api.get(url, tokens.read).json()
    assert dutch["fasen"][0]["titel"] == "Startoverleg"
    english = api.get(url, tokens.read, **{"accept-language": "en"}).json()
    assert english["fasen"][0]["titel"] == "Kick-off meeting"


def schema_texts() -> set[str]:
    """Every text of the OpenAPI schema the reference page shows: tags, summaries and descriptions
    (not the document's own description, which the page does not show)."""
    from api.reference import schema

    texts = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"description", "summary"} and isinstance(value, str):
                    texts.add(value)
                elif key == "tags" and isinstance(value, list):
                    texts.update(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({key: value for key, value in schema().items() if key != "info"})  # the page does not show info
    return {text for text in texts if text}


def test_every_text_of_the_schema_has_its_english():
    """A new endpoint, field or description needs its English in api/reference.en.json."""
    from api.reference import english

    missing = sorted(schema_texts() - english().keys())
    assert not missing, missing
    unused = sorted(english().keys() - schema_texts())
    assert not unused, unused  # a text that changed in the code leaves its old English behind


def test_the_reference_page_reads_in_english_for_an_english_reader(client):
    from api.reference import english

    client.cookies["django_language"] = "en"
    html = client.get(reverse("api:reference")).content.decode()
    assert '<html lang="en">' in html
    assert "Write a measurement" in html and "Een meting schrijven" not in html
    assert "Not found (or of another organisation)" in html
    assert english()["Id van een afdeling."] in html
    assert "list of " in html and "lijst van" not in html
    dutch = client.get(reverse("api:reference"), headers={"cookie": "django_language=nl"}).content.decode()
    assert "Een meting schrijven" in dutch
