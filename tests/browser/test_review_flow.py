"""Review in the browser: offer → changes requested → fix → approve, with axe scans of every page."""

import re

from playwright.sync_api import expect

from procurement.models import PhaseRecord, Trajectory

from .conftest import assert_accessible, follow, login, open_menu

PHASE = "circulaire-marktverkenning"


def test_offer_review_changes_fix_and_approve(new_page, world):
    trajectory = Trajectory.objects.get(organisation=world.org_a, slug="toegang-beoordeling")
    review_path = f"/trajecten/{trajectory.pk}/fasen/{PHASE}/beoordelen/"

    # The team offers the completed phase.
    team = new_page()
    login(team, "inkoper", world.password)
    team.goto(review_path)
    assert_accessible(team)
    follow(team.get_by_role("button", name="Ter beoordeling aanbieden"))
    expect(team.get_by_role("status")).to_contain_text("ter beoordeling aangeboden")

    # The chef circulair finds it in the queue and asks for changes; the comment is required.
    chef = new_page()
    login(chef, "chef", world.password)
    open_menu(chef, "Mijn werk")
    follow(chef.get_by_role("link", name="Ter beoordeling"))
    assert_accessible(chef)
    follow(chef.get_by_role("link", name=re.compile(r"^Beoordelen.*Circulaire marktverkenning$")))
    expect(chef.locator("h1")).to_have_text("Beoordelen: Circulaire marktverkenning")
    assert_accessible(chef)
    chef.get_by_label("Wijzigingen gevraagd").check()
    follow(chef.get_by_role("button", name="Beslissing opslaan"))
    expect(chef).to_have_title(re.compile(r"^Fout: "))
    expect(chef.get_by_role("alert")).to_contain_text("Geef een toelichting")
    assert_accessible(chef)
    chef.get_by_label("Wijzigingen gevraagd").check()
    chef.get_by_label("Toelichting").fill("Beschrijf welke leveranciers je over R1 (delen) hebt gesproken.")
    follow(chef.get_by_role("button", name="Beslissing opslaan"))
    expect(chef.get_by_role("status")).to_contain_text("wijzigingen gevraagd")

    # The fix, on the phase page: the team opens the first answer with "Wijzigen" and saves it.
    record = trajectory.phases.get(phase__slug=PHASE)
    answer = trajectory.answers.filter(phase=record.phase).first()  # the first on the page
    team.goto(f"/trajecten/{trajectory.pk}/fasen/{PHASE}/")
    follow(team.get_by_role("link", name=re.compile(r"^Wijzigen")).first)
    assert_accessible(team)
    team.locator(f"#id_a{answer.pk}-text").fill("Drie leveranciers gesproken over een deelpool van laptops (R1).")
    expect(team.locator(f"#answer-{answer.pk}-status")).to_contain_text(re.compile(r"Opgeslagen om \d\d:\d\d"))
    follow(team.get_by_role("button", name="Opslaan en terug naar het overzicht"))
    expect(team.get_by_role("main")).to_contain_text("Drie leveranciers gesproken over een deelpool")
    answer.refresh_from_db()
    assert answer.text.startswith("Drie leveranciers") and answer.updated_by == world.users["inkoper"]
    team.goto(review_path)
    expect(team.get_by_role("main")).to_contain_text("Beschrijf welke leveranciers")
    team.get_by_role("textbox", name="Opmerking bij de fase").fill("Aangevuld: zie het antwoord op de eerste vraag.")
    follow(team.get_by_role("button", name="Opmerking plaatsen").first)
    expect(team.get_by_role("status")).to_contain_text("Je opmerking is geplaatst")
    follow(team.get_by_role("button", name="Ter beoordeling aanbieden"))

    # The chef approves.
    chef.goto(review_path)
    expect(chef.get_by_role("main")).to_contain_text("Drie leveranciers gesproken")
    expect(chef.get_by_role("main")).to_contain_text("Aangevuld: zie het antwoord")
    chef.get_by_label("Goedkeuren").check()
    follow(chef.get_by_role("button", name="Beslissing opslaan"))
    expect(chef.get_by_role("status")).to_contain_text("goedgekeurd")
    record.refresh_from_db()
    assert record.review_status == PhaseRecord.ReviewStatus.APPROVED
    assert list(record.review_events.values_list("kind", flat=True)) == [
        "offered",
        "changes_requested",
        "offered",
        "approved",
    ]

    # The dossier shows the decision and passes the scan.
    chef.goto(f"/trajecten/{trajectory.pk}/dossier/")
    expect(chef.locator("h1")).to_have_text(trajectory.title)
    expect(chef.locator(f"#fase-{PHASE}")).to_contain_text("Goedgekeurd")
    assert_accessible(chef)
