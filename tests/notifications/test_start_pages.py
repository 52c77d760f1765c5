"""Start pages lead with what is due: a member's Mijn trajecten and a supplier's Mijn contracten."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, MutedKind, Notification
from suppliers.models import Invitation, Submission
from tests.access.rows_suppliers import _contract, _supplier

pytestmark = pytest.mark.django_db


def notify(world, persona, n=1, due=None, key="x", kind=Kind.REVIEW_WAITING):
    due = due or timezone.localdate() + datetime.timedelta(days=10)
    return [
        Notification.objects.create(
            user=world.users[persona],
            organisation=world.org_a,
            kind=kind,
            object_key=f"{key}:{i}",
            due=due + datetime.timedelta(days=i),
            title=f"Melding {key} {i}",
            link=f"/melding/{key}/{i}/",
        )
        for i in range(n)
    ]


def lead(response) -> str:
    """The page from the top to the trajectory filter: what leads it."""
    return response.text.split('class="filter-form')[0]


def test_mijn_trajecten_leads_with_the_five_due_soonest_and_its_queries_do_not_grow(world, client):
    client.force_login(world.users["inkoper"])
    url = reverse("procurement:my_trajectories")
    assert 'id="te-doen"' not in client.get(url).text  # nothing open: no block
    notify(world, "inkoper", key="laat", due=datetime.date(2020, 1, 1))
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert "Melding laat 0" in lead(response) and "te laat" in lead(response)
    assert reverse("notifications:inbox") in lead(response)
    notify(world, "inkoper", n=25, key="later")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    top = lead(response)
    assert len(many) == len(few) + 1  # the count of all open ones, once there are more than five
    assert top.count('href="/melding/') == 5
    assert top.index("Melding laat 0") < top.index("Melding later 0") < top.index("Melding later 3")
    assert "Melding later 4" not in top and "Al je meldingen (26)" in top


def test_the_start_block_leaves_out_what_is_done_switched_off_or_someone_elses(world, client):
    done = notify(world, "inkoper", key="klaar")[0]
    Notification.objects.unscoped().filter(pk=done.pk).update(done_at=timezone.now())
    notify(world, "inkoper", key="uit", kind=Kind.MILESTONE)
    MutedKind.objects.create(user=world.users["inkoper"], kind=Kind.MILESTONE)
    notify(world, "chef", key="chef")
    notify(world, "inkoper", key="open")
    client.force_login(world.users["inkoper"])
    top = lead(client.get(reverse("procurement:my_trajectories")))
    assert "Melding open 0" in top
    assert "Melding klaar" not in top and "Melding uit" not in top and "Melding chef" not in top


def test_a_htmx_filter_swap_does_not_read_notifications_again(world, client):
    notify(world, "inkoper", key="open")
    client.force_login(world.users["inkoper"])
    response = client.get(reverse("procurement:my_trajectories"), {"status": ""}, headers={"HX-Request": "true"})
    assert "Melding open" not in response.text


def test_mijn_contracten_leads_with_reports_due_overdue_and_returned(world, client):
    supplier = world.supplier_a
    Invitation.objects.filter(supplier=supplier).update(
        created_at=timezone.make_aware(datetime.datetime(2020, 1, 1, 12))
    )
    Submission.objects.create(
        supplier=supplier,
        kpi=world.supplier_kpi_a,
        year=2025,
        value=1,
        submitted_by=world.users["supplier"],
        status="returned",
        review_comment="Het weegrapport ontbreekt",
    )
    client.force_login(world.users["supplier"])
    url = reverse("suppliers:home")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    work = response.text.split('id="te-rapporteren"')[1].split('id="contracten"')[0]
    report = reverse("suppliers:report", args=[supplier.pk, world.supplier_kpi_a.pk, 2025])
    assert report in work and "Te laat" in work and "De uiterste datum was" in work
    assert "Teruggestuurd:" in work and "Het weegrapport ontbreekt" in work
    assert "Ingediend, wacht op beoordeling" in work  # 2024 waits for the contract team
    assert work.index("Te laat") < work.index("Ingediend, wacht op beoordeling")
    for i in range(3):  # three more contracts, each with its own KPI and periods
        contract = _contract(world, world.org_a, f"extra-{i}", world.category_a)
        _supplier(contract, f"4444444{i}", world.users["supplier"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.text.count("Rapporteren<span") >= 4
    assert len(many) == len(few)


def test_a_supplier_invited_late_sees_why_the_deadline_is_later(world, client):
    client.force_login(world.users["supplier"])
    work = client.get(reverse("suppliers:home")).text.split('id="te-rapporteren"')[1]
    assert "vanaf je uitnodiging" in work
