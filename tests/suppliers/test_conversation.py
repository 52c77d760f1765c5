"""The message thread per contract and the supplier's improvement proposals."""

import pytest
from django.urls import reverse

from procurement.dossier import build_dossier
from rladder.models import RStrategy
from suppliers.models import Message, Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return _post


def test_a_supplier_message_notifies_the_team_with_a_link_only(client, post, world, mailoutbox):
    client.force_login(world.users["supplier"])
    response = post(reverse("suppliers:thread", args=[world.supplier_a.pk]), {"text": "Geheime cijfers: 42 kg"})
    assert response.status_code == 302
    assert Message.objects.filter(supplier=world.supplier_a, from_supplier=True, text__contains="42 kg").exists()
    assert [m.to for m in mailoutbox] == [["contractmanager@example.org"]]
    assert "42" not in mailoutbox[0].body
    assert reverse("suppliers:team_thread", args=[world.supplier_a.pk]) in mailoutbox[0].body


def test_a_team_reply_notifies_the_active_supplier_users_only(client, post, world, mailoutbox):
    client.force_login(world.users["contractmanager"])
    post(reverse("suppliers:team_thread", args=[world.supplier_a.pk]), {"text": "Dank je, we kijken ernaar."})
    assert [m.to for m in mailoutbox] == [["supplier@example.org"]]
    client.force_login(world.users["supplier"])
    content = client.get(reverse("suppliers:thread", args=[world.supplier_a.pk])).content.decode()
    assert "Dank je, we kijken ernaar." in content and "Contractteam" in content


def test_a_proposal_is_accepted_with_a_reason_and_appears_in_the_dossier(client, post, world):
    client.force_login(world.users["supplier"])
    response = post(
        reverse("suppliers:propose", args=[world.supplier_a.pk]),
        {
            "title": "Laptops delen tussen afdelingen",
            "description": "Een pool van leenlaptops.",
            "strategy": RStrategy.objects.get(code="R1").pk,
            "expected_effect": "20% minder laptops",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.filter(supplier=world.supplier_a).get(title="Laptops delen tussen afdelingen")
    client.force_login(world.users["contractmanager"])
    url = reverse("suppliers:proposal", args=[proposal.pk])
    response = client.post(url, {"decision": "accept", "reason": ""})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.OPEN
    post(url, {"decision": "accept", "reason": "Past bij ons doel R1."})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.reason == "Past bij ons doel R1."
    # The KPI edit is offered (the normal edit, with history).
    assert reverse("kpis:kpi_targets", args=[world.supplier_kpi_a.pk]) in client.get(url).content.decode()
    titles = [section.title for section in build_dossier(world.supplier_contract_a)["sections"]]
    assert "Aangenomen verbetervoorstellen van leveranciers" in titles
    # A decided proposal stays decided.
    client.post(url, {"decision": "decline", "reason": "Toch niet"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED


def test_a_declined_proposal_shows_the_reason_to_the_supplier_and_stays_out_of_the_dossier(client, post, world):
    client.force_login(world.users["contractmanager"])
    post(reverse("suppliers:proposal", args=[world.proposal_a.pk]), {"decision": "decline", "reason": "Te duur."})
    client.force_login(world.users["supplier"])
    content = client.get(reverse("suppliers:thread", args=[world.supplier_a.pk])).content.decode()
    assert "Afgewezen" in content and "Te duur." in content
    titles = [section.title for section in build_dossier(world.supplier_contract_a)["sections"]]
    assert "Aangenomen verbetervoorstellen van leveranciers" not in titles
