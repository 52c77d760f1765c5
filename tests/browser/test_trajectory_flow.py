"""A team walks a trajectory in the browser: start, answer with autosave, R-decision, complete.

Once with JavaScript (autosave through htmx, axe scans on every page and
after each swap) and once without (the same forms post and redirect).
"""

import re

import pytest
from playwright.sync_api import expect

from procurement.models import Answer, PhaseRecord, Trajectory

from .conftest import assert_accessible, close_quietly, follow, login, watch


@pytest.fixture
def tolerant_page(chromium, live_server):
    """Pages watched like ``new_page``, except for the failures a test provokes on purpose.

    A refused autosave answers 409 (conflict) or 422 (invalid) to htmx, and a
    cut connection makes htmx log its error events; those are the behaviour
    under test here. Anything else still fails the test.
    """
    contexts, watched = [], []

    def make(allowed_statuses=(), allowed_console=()):
        context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems = watch(page)
        watched.append((problems, allowed_statuses, allowed_console))
        return page

    yield make
    close_quietly(contexts)
    left = [
        problem
        for problems, statuses, console in watched
        for problem in problems
        if not any(problem.startswith(f"{status} for xhr") for status in statuses)
        and not any(problem.startswith(f"console error: {text}") for text in console)
    ]
    assert not left, "\n".join(left)


def scan(page, javascript: bool) -> None:
    if javascript:  # axe-core itself needs JavaScript
        assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_team_starts_a_trajectory_answers_decides_and_completes_startoverleg(new_page, world, javascript):
    page = new_page(java_script_enabled=javascript)
    login(page, "inkoper", world.password)
    expect(page).to_have_url(re.compile(r"/trajecten/$"))
    scan(page, javascript)

    follow(page.get_by_role("link", name="Nieuw traject starten"))
    scan(page, javascript)
    follow(page.get_by_role("button", name="Traject starten"))  # empty: errors first
    expect(page).to_have_title(re.compile(r"^Fout: "))
    expect(page.get_by_role("alert")).to_contain_text("Geef het traject een titel.")
    scan(page, javascript)
    page.get_by_label("Titel van het traject").fill("Bedrijfskleding 2027")
    page.get_by_label("Omschrijving van de behoefte").fill("Werkkleding voor 140 medewerkers van de buitendienst.")
    page.get_by_label("Geschatte contractwaarde (€) (optioneel)").fill("420000")
    follow(page.get_by_role("button", name="Traject starten"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedrijfskleding 2027")
    expect(page.get_by_text("Kan nog niet starten")).to_have_count(5)
    scan(page, javascript)

    follow(page.get_by_role("link", name="1. Startoverleg"))
    scan(page, javascript)
    trajectory = Trajectory.objects.for_organisation(world.org_a).get(title="Bedrijfskleding 2027")
    answer = (
        Answer.objects.filter(trajectory=trajectory, phase__order=1).order_by("question_kind", "question_order").first()
    )
    field = page.locator(f"#id_a{answer.pk}-text")
    field.fill("Veilige kleding met minder nieuwe stukken per medewerker.")
    if javascript:
        expect(page.locator(f"#answer-{answer.pk}-status")).to_contain_text(re.compile(r"Opgeslagen om \d\d:\d\d"))
        expect(page.locator(f"#answer-{answer.pk}-state")).to_have_text("Beantwoord")
        scan(page, javascript)  # after the htmx swap
    else:
        follow(page.get_by_role("button", name="Opslaan en doorgaan"))
        expect(page.get_by_role("status").first).to_contain_text("Opgeslagen om")
    page.reload()
    expect(page.locator(f"#id_a{answer.pk}-text")).to_have_value(
        "Veilige kleding met minder nieuwe stukken per medewerker."
    )

    follow(page.get_by_role("link", name="R-besluit vastleggen"))
    scan(page, javascript)
    for code, feasible in (("r0", 2), ("r1", 1), ("r2", 0)):  # nee, deels, ja
        page.locator(f"#id_{code}-feasible_{feasible}").check()
        page.locator(f"#id_{code}-rationale").fill(f"Afweging voor {code.upper()} in het startoverleg.")
    follow(page.get_by_role("button", name="R-besluit vastleggen"))
    expect(page.get_by_text("R-besluit vastgelegd: R1")).to_be_visible()

    page.get_by_label("Ja", exact=True).check()
    follow(page.get_by_role("button", name="Opslaan en doorgaan"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedrijfskleding 2027")
    expect(page.locator(".task-list li").first).to_contain_text("Afgerond")
    expect(page.get_by_text("Kan nog niet starten")).to_have_count(0)
    expect(page.get_by_text("1 van 6 fasen afgerond.")).to_be_visible()
    expect(page.get_by_role("link", name="Geschiedenis")).to_be_visible()
    scan(page, javascript)
    assert PhaseRecord.objects.get(trajectory=trajectory, phase__order=1).status == "afgerond"

    follow(page.get_by_role("link", name="1. Startoverleg"))
    expect(page.get_by_role("heading", name="Controleer de antwoorden")).to_be_visible()
    scan(page, javascript)
    page.goto(f"/trajecten/{trajectory.pk}/geschiedenis/")
    expect(page.get_by_text("Veilige kleding met minder nieuwe stukken per medewerker.").first).to_be_visible()
    scan(page, javascript)


def test_two_people_edit_the_same_answer_and_neither_edit_is_lost(new_page, tolerant_page, world):
    ilse, omar = new_page(), tolerant_page(allowed_statuses=[409])
    login(ilse, "inkoper", world.password)
    login(omar, "opdrachtgever", world.password)
    trajectory, answer = world.trajectory_a, world.answer_a
    url = f"/trajecten/{trajectory.pk}/fasen/startoverleg/"
    ilse.goto(url)
    omar.goto(url)  # both start from version 1

    ilse.locator(f"#id_a{answer.pk}-text").fill("Tekst van Ilse")
    expect(ilse.locator(f"#answer-{answer.pk}-status")).to_contain_text("Opgeslagen om")

    omar.locator(f"#id_a{answer.pk}-text").fill("Tekst van Omar")
    block = omar.locator(f"#answer-{answer.pk}")
    expect(block).to_contain_text("heeft dit antwoord gewijzigd terwijl jij eraan werkte")
    expect(block.locator(".conflict-text").nth(0)).to_contain_text("Tekst van Omar")
    expect(block.locator(".conflict-text").nth(1)).to_contain_text("Tekst van Ilse")
    expect(omar.locator(f"#answer-{answer.pk}-conflict")).to_be_focused()
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).text == "Tekst van Ilse"
    assert_accessible(omar)  # after the 409 swap

    block.get_by_role("radio", name="Zelf samenvoegen").check()
    omar.locator(f"#id_a{answer.pk}-text").fill("Tekst van Ilse. Tekst van Omar.")
    block.get_by_role("button", name="Keuze opslaan").click()
    expect(omar.locator(f"#answer-{answer.pk}-status")).to_contain_text("Opgeslagen om")
    expect(omar.locator(f"#answer-{answer.pk}")).not_to_contain_text("terwijl jij eraan werkte")
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).text == "Tekst van Ilse. Tekst van Omar."

    ilse.reload()
    expect(ilse.locator(f"#id_a{answer.pk}-text")).to_have_value("Tekst van Ilse. Tekst van Omar.")
    assert_accessible(ilse)


def test_a_failed_autosave_says_so_and_keeps_the_text(tolerant_page, world):
    page = tolerant_page(allowed_statuses=[422], allowed_console=["htmx:sendError", "htmx:afterRequest"])
    login(page, "inkoper", world.password)
    answer = world.answer_a
    page.goto(f"/trajecten/{world.trajectory_a.pk}/fasen/startoverleg/")
    page.locator(f"#id_a{answer.pk}-not_applicable").check()  # without a reason: refused
    status = page.locator(f"#answer-{answer.pk}-status")
    expect(status).to_contain_text("Niet opgeslagen")
    expect(status).to_contain_text("Geef aan waarom deze vraag niet van toepassing is.")
    page.route("**/opslaan/", lambda route: route.abort())
    page.locator(f"#id_a{answer.pk}-not_applicable").uncheck()
    page.locator(f"#id_a{answer.pk}-text").fill("Tekst die niet weg mag")
    expect(status).to_contain_text("geen verbinding")
    expect(page.locator(f"#id_a{answer.pk}-text")).to_have_value("Tekst die niet weg mag")
