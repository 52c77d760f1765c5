"""What the review asked for: one definition of an open trajectory, one of open reporting periods, one mail
helper, validation on the model, and a follow-up that uses the memberships the request has."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lib import mail
from notifications.models import NotificationSettings
from procurement.models import Trajectory
from suppliers import periods
from suppliers.models import Invitation, Supplier
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db
FEBRUARY = datetime.date(2026, 2, 2)


def test_an_open_trajectory_is_neither_archived_nor_avoided(world):
    open_one, archived, avoided = (start_trajectory(world, title=t) for t in ("open", "archief", "voorkomen"))
    Trajectory.objects.for_organisation(world.org_a).filter(pk=archived.pk).update(archived_at=timezone.now())
    Trajectory.objects.for_organisation(world.org_a).filter(pk=avoided.pk).update(status=Trajectory.Status.AVOIDED)
    found = set(Trajectory.objects.for_organisation(world.org_a).open().values_list("pk", flat=True))
    assert open_one.pk in found and archived.pk not in found and avoided.pk not in found


def _more_suppliers(world, n):
    for i in range(n):
        supplier = Supplier.objects.create(
            trajectory=world.supplier_contract_a,
            name=f"Extra {i}",
            kvk_number=f"{90000000 + i}",
            contact_name="c",
            contact_email=f"c{i}@example.org",
        )
        Invitation.objects.create(
            supplier=supplier,
            email="supplier@example.org",
            accepted_by=world.users["supplier"],
            accepted_at=timezone.now(),
        )


def test_open_reports_gives_periods_and_reporters_in_queries_that_do_not_grow(world):
    with CaptureQueriesContext(connection) as few:
        reports = {r.supplier.pk: r for r in periods.open_reports(FEBRUARY)}
    mine = reports[world.supplier_a.pk]
    assert [u.username for u in mine.reporters] == [world.users["supplier"].username]  # not the revoked one
    assert {(p.kpi.pk, p.year) for p in mine.periods} == {(world.supplier_kpi_a.pk, 2025)}
    _more_suppliers(world, 5)
    with CaptureQueriesContext(connection) as many:
        assert len(periods.open_reports(FEBRUARY)) == len(reports) + 5
    assert len(many) == len(few)


def test_the_mail_helper_renders_subject_text_and_html_for_one_recipient(world):
    message = mail.build(
        "procurement/emails/phase_offered",
        "chef@example.org",
        {
            "recipient": world.users["chef"],
            "actor": world.users["inkoper"],
            "trajectory": world.supplier_contract_a,
            "phase_record": world.supplier_contract_a.phases.select_related("phase").first(),
            "review_url": mail.absolute("/beoordelen/"),
            "queue_url": mail.absolute("/beoordelen/"),
        },
        html=True,
    )
    assert message.to == ["chef@example.org"] and "\n" not in message.subject
    assert message.alternatives[0].mimetype == "text/html"
    assert mail.absolute("/beoordelen/") in message.body


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("contract_end_months", 0, "Kies een aantal maanden van 1 tot en met 60."),
        ("contract_end_months", 61, "Kies een aantal maanden van 1 tot en met 60."),
        ("review_wait_days", 0, "Kies minstens 1 dag."),
    ],
)
def test_the_settings_model_explains_its_limits_in_dutch(world, field, value, error):
    settings = NotificationSettings(organisation=world.org_a, **{field: value})
    with pytest.raises(ValidationError) as raised:
        settings.full_clean()
    assert raised.value.message_dict[field] == [error]


def test_the_follow_up_reads_memberships_and_the_team_once(world, client):
    client.force_login(world.users["chef"])
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("notifications:renew", args=[world.chef_notification.pk]))
    membership_reads = [
        q for q in queries if q["sql"].startswith("SELECT") and "_membership" in q["sql"].split("WHERE")[0]
    ]
    team_reads = [
        q for q in queries if q["sql"].startswith("SELECT") and 'FROM "procurement_trajectorymember"' in q["sql"]
    ]
    assert len(membership_reads) <= 1, [q["sql"] for q in membership_reads]
    assert len(team_reads) == 1, [q["sql"] for q in team_reads]
