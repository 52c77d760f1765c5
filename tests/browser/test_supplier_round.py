"""The supplier round in the browser: invite → set a password → submit with a file → accept → on the dashboard."""

import re

from playwright.sync_api import expect

from suppliers.models import Submission

from .conftest import assert_accessible, follow, login

PASSWORD = "een-Lang-wachtwoord-2026"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_invite_set_password_submit_accept_and_see_it_on_the_dashboard(new_page, world, mailoutbox, tmp_path):
    supplier = world.supplier_a
    kpi = world.supplier_kpi_a

    # The contractmanager invites the supplier's contact person.
    team = new_page()
    login(team, "contractmanager", world.password)
    team.goto(f"/trajecten/{world.supplier_contract_a.pk}/leveranciers/")
    assert_accessible(team)
    follow(team.get_by_role("link", name=f"Contactpersoon van {supplier.name} uitnodigen"))
    assert_accessible(team)
    team.get_by_label("E-mailadres van de contactpersoon").fill("sanne@refurb.example")
    follow(team.get_by_role("button", name="Uitnodiging versturen"))
    expect(team.get_by_role("main")).to_contain_text("De uitnodiging is verstuurd naar sanne@refurb.example")
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]

    # The supplier sets a password and lands on the contract.
    contact = new_page()
    contact.goto(path)
    assert_accessible(contact)
    contact.get_by_label("Voornaam").fill("Sanne")
    contact.get_by_label("Achternaam").fill("Visser")
    contact.locator("#id_password1").fill(PASSWORD)
    contact.get_by_label("Herhaal het wachtwoord").fill(PASSWORD)
    follow(contact.get_by_role("button", name="Account aanmaken"))
    expect(contact.locator("h1")).to_contain_text(world.supplier_contract_a.title)
    assert_accessible(contact)

    # … and reports 2025 with an evidence file.
    follow(contact.get_by_role("link", name="Rapporteren voor 2025").first)
    assert_accessible(contact)
    contact.get_by_label("Waarde (in kg)").fill("1,7")
    contact.get_by_label("Toelichting").fill("Gewogen door de leverancier")
    evidence = tmp_path / "weegrapport 2025.pdf"
    evidence.write_bytes(PDF)
    contact.get_by_label("Bewijsstukken").set_input_files(str(evidence))
    follow(contact.get_by_role("button", name="Insturen"))
    expect(contact.get_by_role("main")).to_contain_text("Je inzending is verstuurd")
    expect(contact.get_by_role("link", name="weegrapport_2025.pdf")).to_be_visible()

    # The contractmanager accepts it from the queue.
    submission = supplier.submissions.get(year=2025)
    team.goto(f"/trajecten/{world.supplier_contract_a.pk}/leveranciers/")
    follow(team.get_by_role("link", name=kpi.name).last)
    expect(team.locator("h1")).to_contain_text("2025")
    assert_accessible(team)
    team.get_by_label("Accepteren: de waarde wordt de officiële meting").check()
    follow(team.get_by_role("button", name="Beoordeling opslaan"))
    expect(team.get_by_role("main")).to_contain_text("bron: leverancier")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.ACCEPTED

    # The measurement appears on the dashboard.
    team.goto("/dashboard/?jaar=2025")
    main = team.get_by_role("main")
    expect(main).to_contain_text(kpi.name)
    expect(main).to_contain_text("1,7")
