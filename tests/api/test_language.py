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
