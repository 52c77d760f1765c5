"""Meldingen in a browser: the start page leads with the notice, Meldingen lists it, the person marks one done,
switches a kind off and sees the digest preview; the calendar address is made. Axe on every page."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import Kind, MutedKind, Notification

from .conftest import assert_accessible, follow, login


def _notify(world, kind, title, days):
    return Notification.objects.create(
        user=world.users["chef"],
        organisation=world.org_a,
        kind=kind,
        object_key=f"browser:{title}",
        due=timezone.localdate() + datetime.timedelta(days=days),
        title=title,
        link="/meldingen/",
    )


def test_a_chef_sees_marks_done_and_switches_off_notifications(page, world):
    late = _notify(world, Kind.REVIEW_WAITING, "Fase wacht al lang", -3)
    _notify(world, Kind.MILESTONE, "Mijlpaal van het jaar", 20)
    _notify(world, Kind.GROWTH_STEP, "Groeimodel jaar 2", 5)
    login(page, "chef", world.password)
    start = page.locator("#te-doen")
    expect(start).to_contain_text("Fase wacht al lang")
    expect(start).to_contain_text("te laat")
    assert_accessible(page)
    follow(start.get_by_role("link", name="Al je meldingen"))
    overdue = page.locator("table", has=page.locator("caption", has_text="datum voorbij"))
    expect(overdue).to_contain_text("Fase wacht al lang")
    expect(page.locator("main")).to_contain_text("Mijlpaal van het jaar")
    assert_accessible(page)

    follow(page.get_by_role("button", name="Afgehandeld Fase wacht al lang"))
    expect(page.locator(".alert, [role=status], [role=alert]").first).to_contain_text("afgehandeld")
    expect(page.locator("main")).not_to_contain_text("Fase wacht al lang")
    late.refresh_from_db()
    assert late.done_at is not None

    page.get_by_label("Mijlpaal van een productstrategie").uncheck()
    page.get_by_label("Dagelijks").check()
    follow(page.get_by_role("button", name="Voorkeur bewaren"))
    expect(page.locator("main")).not_to_contain_text("Mijlpaal van het jaar")
    expect(page.get_by_label("Mijlpaal van een productstrategie")).not_to_be_checked()
    expect(page.get_by_label("Dagelijks")).to_be_checked()
    assert list(MutedKind.objects.filter(user=world.users["chef"]).values_list("kind", flat=True)) == ["milestone"]
    assert_accessible(page)

    follow(page.get_by_role("link", name="Bekijk je volgende overzicht"))
    expect(page.locator("h1")).to_have_text("Je volgende overzicht")
    mail = page.locator(".digest-preview")
    expect(mail).to_contain_text("Groeimodel jaar 2")
    expect(mail).not_to_contain_text("Mijlpaal van het jaar")
    assert_accessible(page)

    page.goto("/meldingen/")
    follow(page.get_by_role("button", name="Agenda-adres maken"))
    expect(page.get_by_label("Je agenda-adres")).to_have_value(re.compile(r"/agenda/[\w-]+\.ics$"))
    assert_accessible(page)


def test_a_supplier_lands_on_what_must_be_reported(page, world):
    login(page, "supplier", world.password)
    expect(page.locator("h1")).to_have_text("Mijn contracten")
    work = page.locator("section", has=page.locator("h2", has_text="Wat je moet rapporteren"))
    expect(work).to_contain_text(world.supplier_kpi_a.name)
    expect(work).to_contain_text("vanaf je uitnodiging")  # why the deadline is later than usual
    assert_accessible(page)
    follow(work.get_by_role("link", name=f"Rapporteren {world.supplier_kpi_a.name} voor 2025"))
    expect(page.locator("h1")).to_contain_text("2025")
