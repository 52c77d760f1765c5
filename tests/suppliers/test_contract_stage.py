"""Suppliers are parties of a contract: a trajectory gets them once it reached the tender or its contract started."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procurement.models import PhaseRecord, Trajectory
from suppliers.access import has_reached_a_contract
from suppliers.models import Supplier
from tests.factories import phase_record, start_trajectory

pytestmark = pytest.mark.django_db

SUPPLIER = {"name": "Refurb BV", "kvk_number": "12345678", "contact_name": "Sanne", "contact_email": "s@refurb.example"}


def _add(client, trajectory, method="post"):
    url = reverse("suppliers:supplier_add", args=[trajectory.pk])
    return client.post(url, SUPPLIER) if method == "post" else client.get(url)


def test_no_supplier_before_the_tender_and_never_for_an_avoided_purchase(client, world):
    client.force_login(world.users["chef"])  # the chef circulair manages any contract's suppliers
    trajectory = start_trajectory(world)
    page = client.get(reverse("suppliers:list", args=[trajectory.pk])).content.decode()
    assert "Leveranciers voeg je toe zodra er een contract komt" in page and "Leverancier toevoegen</a>" not in page
    assert "Leveranciers voeg je toe zodra" in _add(client, trajectory, "get").content.decode()
    refused = _add(client, trajectory)
    assert refused.status_code == 409 and not Supplier.objects.filter(trajectory=trajectory).exists()

    # A contract term that has not started yet is not a contract either.
    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(
        contract_start=timezone.localdate() + datetime.timedelta(days=30)
    )
    assert _add(client, trajectory).status_code == 409

    # "Circulair aanbesteden" under way: the team can add its supplier.
    record = phase_record(trajectory, "circulair-aanbesteden")
    PhaseRecord.objects.filter(pk=record.pk, trajectory=trajectory).update(status=PhaseRecord.Status.IN_PROGRESS)
    assert has_reached_a_contract(trajectory)
    added = _add(client, trajectory)
    assert added.status_code == 302 and Supplier.objects.filter(trajectory=trajectory).count() == 1

    # The purchase was avoided after all (R0): no contract, so no more suppliers.
    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(status=Trajectory.Status.AVOIDED)
    trajectory.refresh_from_db()
    assert not has_reached_a_contract(trajectory)
    page = client.get(reverse("suppliers:list", args=[trajectory.pk])).content.decode()
    assert "De inkoop is voorkomen (R0)" in page and "Leverancier toevoegen</a>" not in page
    assert _add(client, trajectory).status_code in {403, 409}
    assert Supplier.objects.filter(trajectory=trajectory).count() == 1


def test_a_started_contract_may_have_suppliers(world):
    trajectory = start_trajectory(world, contract_start=timezone.localdate())
    assert has_reached_a_contract(trajectory)
