"""Preferences per kind (respected by the sources, the page, the feed and the digest) and the digest preview."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from notifications import deadlines, digest
from notifications.models import Kind, MutedKind, Notification, Preference

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 6, 1)


def notify(world, persona, kind, due=MONDAY, key="x"):
    return Notification.objects.create(
        user=world.users[persona],
        organisation=world.org_a,
        kind=kind,
        object_key=key,
        due=due,
        title=f"Melding {key}",
        link=f"/melding/{key}/",
    )


def test_switching_a_kind_off_on_the_settings_page_hides_it_everywhere(world, client):
    notify(world, "chef", Kind.MILESTONE, key="mijlpaal", due=datetime.date(2099, 1, 1))
    notify(world, "chef", Kind.REVIEW_WAITING, key="fase", due=datetime.date(2099, 1, 1))
    client.force_login(world.users["chef"])
    page = client.get(reverse("notifications:inbox")).text
    assert re.search(r'<input type="checkbox" name="kinds" value="milestone"[^>]*\bchecked\b[^>]*>', page)
    assert "Melding mijlpaal" in page
    wanted = [k for k in Kind.values if k != Kind.MILESTONE]
    response = client.post(reverse("notifications:preferences"), {"digest": "weekly", "kinds": wanted})
    assert response.status_code == 302
    assert list(MutedKind.objects.filter(user=world.users["chef"]).values_list("kind", flat=True)) == ["milestone"]
    page = client.get(reverse("notifications:inbox")).text
    assert "Melding mijlpaal" not in page and "Melding fase" in page
    feed = client.get(reverse("notifications:feed", args=["feed-van-de-chef-van-alfa-0123456789abcdef"]))
    titles = {str(e["summary"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")}
    assert "Melding fase" in titles and "Melding mijlpaal" not in titles
    # On again: shown again.
    client.post(reverse("notifications:preferences"), {"digest": "weekly", "kinds": Kind.values})
    assert not MutedKind.objects.filter(user=world.users["chef"]).exists()
    assert "Melding mijlpaal" in client.get(reverse("notifications:inbox")).text


def test_an_unknown_kind_is_refused_in_dutch_and_nothing_is_saved(world, client):
    client.force_login(world.users["chef"])
    response = client.post(reverse("notifications:preferences"), {"digest": "daily", "kinds": ["geen-soort"]})
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.text
    assert not Preference.objects.filter(user=world.users["chef"], digest="daily").exists()
    assert not MutedKind.objects.filter(user=world.users["chef"]).exists()


def test_a_supplier_chooses_among_the_reporting_kinds_only(world, client):
    client.force_login(world.users["supplier"])
    page = client.get(reverse("notifications:inbox")).text
    assert 'value="supplier_report_due"' in page and 'value="contract_end"' not in page
    client.post(reverse("notifications:preferences"), {"digest": "weekly", "kinds": ["supplier_report_overdue"]})
    assert list(MutedKind.objects.filter(user=world.users["supplier"]).values_list("kind", flat=True)) == [
        "supplier_report_due"
    ]


def test_a_muted_kind_does_not_fire_for_that_person_and_fires_when_switched_on(world):
    february = datetime.date(2026, 2, 2)  # the world's supplier must report 2025
    supplier = world.users["supplier"]
    mine = Notification.objects.for_user(supplier).filter(kind=Kind.SUPPLIER_REPORT_DUE)
    MutedKind.objects.create(user=supplier, kind=Kind.SUPPLIER_REPORT_DUE)
    deadlines.fire(february)
    assert not mine.exists()
    MutedKind.objects.all().delete()
    deadlines.fire(february)
    assert mine.exists()


def test_the_digest_leaves_out_muted_kinds_and_skips_a_person_with_only_those(world):
    notify(world, "chef", Kind.MILESTONE, key="mijlpaal")
    notify(world, "chef", Kind.REVIEW_WAITING, key="fase")
    notify(world, "inkoper", Kind.MILESTONE, key="alleen-mijlpaal")
    for persona in ("chef", "inkoper"):
        MutedKind.objects.create(user=world.users[persona], kind=Kind.MILESTONE)
    mail.outbox.clear()
    digest.send_digests(MONDAY)
    sent = {m.to[0]: m for m in mail.outbox}
    assert "inkoper@example.org" not in sent
    assert "Melding fase" in sent["chef@example.org"].body and "Melding mijlpaal" not in sent["chef@example.org"].body


def test_the_digest_preview_shows_the_next_mail_as_it_reads_and_its_queries_do_not_grow(world, client):
    client.force_login(world.users["chef"])
    url = reverse("notifications:digest_preview")
    today = timezone.localdate()
    notify(world, "chef", Kind.REVIEW_WAITING, key="fase", due=today)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).text
    assert "Melding fase" in page and "/melding/fase/" in page and "chef@example.org" in page
    assert "Chef Circulair:" in page  # the mail's subject
    for i in range(10):
        notify(world, "chef", Kind.REVIEW_WAITING, key=f"meer-{i}", due=today)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).text
    assert "Melding meer-9" in page and len(many) == len(few)
    assert len(mail.outbox) == 0  # a preview sends nothing


def test_the_preview_says_when_the_next_digest_goes_out():
    monday, wednesday = MONDAY, MONDAY + datetime.timedelta(days=2)
    assert digest.next_digest_on(None, wednesday) == MONDAY + datetime.timedelta(days=7)
    assert digest.next_digest_on(None, monday) == monday
    sent_today = Preference(digest=Preference.Digest.WEEKLY, last_digest_on=monday)
    assert digest.next_digest_on(sent_today, monday) == monday + datetime.timedelta(days=7)
    daily = Preference(digest=Preference.Digest.DAILY, last_digest_on=wednesday)
    assert digest.next_digest_on(daily, wednesday) == wednesday + datetime.timedelta(days=1)
    assert digest.next_digest_on(Preference(digest=Preference.Digest.OFF), monday) is None


def test_the_preview_with_nothing_open_says_no_mail_goes_out(world, client):
    client.force_login(world.users["lezer"])
    assert "er gaat dan geen e-mail uit" in client.get(reverse("notifications:digest_preview")).text
