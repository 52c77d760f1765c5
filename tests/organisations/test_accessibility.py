"""The accessibility statement: public per organisation, kept by the chef circulair, with the app's own check."""

import datetime
import json
from html import unescape

import pytest
from django.urls import reverse

from organisations import accessibility
from organisations.accessibility import automated_audit, record_run
from organisations.models import AccessibilityStatement, KnownProblem

pytestmark = pytest.mark.django_db

EDIT = "organisations:accessibility_edit"


def _page(response) -> str:
    return unescape(response.content.decode())


def _statement(organisation, **fields) -> AccessibilityStatement:
    defaults = {
        "status": AccessibilityStatement.Status.B,
        "signed_on": datetime.date(2026, 11, 2),
        "evaluated_on": datetime.date(2026, 10, 1),
        "evaluation": "Onderzoek door een inspectiebureau.",
        "contact_email": "toegankelijk@alfa.nl",
    }
    return AccessibilityStatement.objects.create(organisation=organisation, **(defaults | fields))


def _form(**changes) -> dict:
    data = {
        "status": "b",
        "standard": "EN 301 549 (WCAG 2.1 niveau A en AA)",
        "signed_on": "02-11-2026",
        "evaluated_on": "15-10-2026",
        "evaluation": "Eigen controle met het toetsenbord.",
        "evaluation_url": "",
        "contact_email": "toegankelijk@alfa.nl",
        "contact_phone": "14 020",
        "response_days": "5",
        "probleem-TOTAL_FORMS": "1",
        "probleem-INITIAL_FORMS": "0",
        "probleem-MIN_NUM_FORMS": "0",
        "probleem-MAX_NUM_FORMS": "50",
        "probleem-0-description": "De grafieken hebben geen tekstalternatief.",
        "probleem-0-criterion": "1.1.1",
        "probleem-0-planned_fix": "Een tabel onder elke grafiek.",
        "probleem-0-fix_by": "30-06-2027",
    }
    return data | changes


@pytest.fixture
def audit_file(tmp_path, monkeypatch):
    path = tmp_path / "audit.json"
    monkeypatch.setattr(accessibility, "AUDIT_FILE", path)
    return path


def test_anyone_reads_an_organisations_statement_with_its_problems_and_the_apps_own_check(client, world, audit_file):
    statement = _statement(world.org_a)
    KnownProblem.objects.create(
        statement=statement, description="Tabellen zijn smal moeilijk te lezen.", criterion="1.4.10 Reflow"
    )
    record_run("inkoper", pages=41, violations=0, axe_version="4.10.2", path=audit_file)
    record_run("chef", pages=57, violations=0, axe_version="4.10.2", path=audit_file)

    page = _page(client.get(reverse("organisations:accessibility", args=[world.org_a.slug])))

    assert "B: voldoet gedeeltelijk" in page and "2 november 2026" in page
    assert "Tabellen zijn smal moeilijk te lezen." in page and "succescriterium 1.4.10 Reflow" in page
    assert "mailto:toegankelijk@alfa.nl" in page and "binnen 5 werkdagen" in page
    assert "98 pagina's van Chef Circulair automatisch gecontroleerd met axe-core 4.10.2" in page
    assert "geen overtreding van WCAG 2.1 A/AA" in page


def test_an_organisation_without_a_statement_says_so_and_an_unknown_one_is_not_found(client, world):
    page = _page(client.get(reverse("organisations:accessibility", args=[world.org_b.slug])))
    assert "Provincie Beta heeft nog geen eigen toegankelijkheidsverklaring" in page
    assert client.get(reverse("organisations:accessibility", args=["bestaat-niet"])).status_code == 404


def test_the_overview_lists_the_published_statements_only(client, world):
    _statement(world.org_a)
    page = _page(client.get(reverse("organisations:accessibility_overview")))
    assert reverse("organisations:accessibility", args=[world.org_a.slug]) in page
    assert "Provincie Beta" not in page


def test_the_footer_links_a_member_to_their_organisations_statement_and_others_to_the_overview(client, world):
    assert reverse("organisations:accessibility_overview") in _page(client.get("/"))
    client.force_login(world.users["lezer"])
    assert reverse("organisations:accessibility", args=[world.org_a.slug]) in _page(client.get("/"))


def test_the_chef_publishes_the_statement_with_a_known_problem_and_history_is_kept(client, world):
    client.force_login(world.users["chef"])
    response = client.post(reverse(EDIT), _form())
    statement = AccessibilityStatement.objects.get(organisation=world.org_a)
    assert response.status_code == 302 and response.url == statement.get_absolute_url()
    assert (statement.signed_on, statement.response_days) == (datetime.date(2026, 11, 2), 5)
    problem = statement.problems.get()
    assert (problem.criterion, problem.fix_by) == ("1.1.1", datetime.date(2027, 6, 30))
    assert statement.history.count() == 1

    edit = _form(
        status="a",
        **{
            "probleem-INITIAL_FORMS": "1",
            "probleem-0-id": str(problem.pk),
            "probleem-0-statement": str(statement.pk),
            "probleem-0-DELETE": "on",
        },
    )
    assert client.post(reverse(EDIT), edit).status_code == 302
    statement.refresh_from_db()
    assert statement.status == "a" and not statement.problems.exists()
    assert statement.history.count() == 2


def test_bad_input_is_refused_in_dutch_beside_the_field_and_in_the_summary_and_nothing_is_lost(client, world):
    statement = _statement(world.org_a)
    client.force_login(world.users["chef"])
    bad = _form(
        contact_email="geen-adres",
        signed_on="31-02-2026",
        response_days="vijf",
        **{"probleem-0-description": "", "probleem-0-criterion": "1.4.3"},
    )
    response = client.post(reverse(EDIT), bad)
    page = _page(response)
    assert response.status_code == 200 and page.count("Vul een geldig e-mailadres in") == 2  # field and summary
    assert "Vul een geldige datum in, bijvoorbeeld 15-03-2026." in page
    assert "Vul een aantal werkdagen in, bijvoorbeeld 5." in page
    assert "Beschrijf het probleem, of laat de hele regel leeg." in page
    assert "<title>Fout:" in page and 'value="geen-adres"' in page
    statement.refresh_from_db()
    assert statement.contact_email == "toegankelijk@alfa.nl" and not statement.problems.exists()


def test_an_evaluation_after_the_statement_date_is_refused(client, world):
    client.force_login(world.users["chef"])
    page = _page(client.post(reverse(EDIT), _form(evaluated_on="01-12-2026")))
    assert "De evaluatie ligt na de datum van de verklaring" in page
    assert not AccessibilityStatement.objects.filter(organisation=world.org_a).exists()


def test_a_problem_of_another_organisation_cannot_be_edited_through_the_form(client, world):
    theirs = KnownProblem.objects.create(statement=_statement(world.org_b), description="Van Beta")
    mine = _statement(world.org_a)
    client.force_login(world.users["chef"])
    data = _form(
        **{
            "probleem-INITIAL_FORMS": "1",
            "probleem-0-id": str(theirs.pk),
            "probleem-0-statement": str(mine.pk),
            "probleem-0-description": "Overgenomen",
        }
    )
    response = client.post(reverse(EDIT), data)
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.description == "Van Beta" and theirs.statement.organisation == world.org_b


@pytest.mark.parametrize("count", [1, 15])
def test_the_statement_pages_have_a_fixed_query_budget(client, world, django_assert_max_num_queries, count):
    statement = _statement(world.org_a)
    for i in range(count):
        KnownProblem.objects.create(statement=statement, description=f"Probleem {i}")
    with django_assert_max_num_queries(4):
        client.get(reverse("organisations:accessibility", args=[world.org_a.slug]))
    with django_assert_max_num_queries(3):
        client.get(reverse("organisations:accessibility_overview"))
    client.force_login(world.users["chef"])
    with django_assert_max_num_queries(14):
        page = _page(client.get(reverse(EDIT)))
    assert page.count("Probleem ") >= count


def test_the_record_of_the_automated_check_adds_each_persona_and_starts_again_on_a_new_day(audit_file):
    record_run("inkoper", pages=40, violations=0, axe_version="4.10.2", path=audit_file)
    record_run("chef", pages=50, violations=2, axe_version="4.10.2", path=audit_file)
    audit = automated_audit(audit_file)
    assert (audit.pages, audit.violations, audit.tool) == (90, 2, "axe-core 4.10.2")

    data = json.loads(audit_file.read_text())
    data["checked_on"] = "2026-01-01"
    audit_file.write_text(json.dumps(data))
    record_run("chef", pages=51, violations=0, axe_version="4.10.2", path=audit_file)
    assert (automated_audit(audit_file).pages, automated_audit(audit_file).checked_on) == (51, datetime.date.today())


def test_a_missing_or_broken_record_shows_no_figures_and_no_error(client, world, audit_file):
    assert automated_audit(audit_file) is None
    audit_file.write_text('{"checked_on": "gisteren"}')
    assert automated_audit(audit_file) is None
    page = _page(client.get(reverse("organisations:accessibility_overview")))
    assert "Er is nog geen automatische controle vastgelegd" in page


def test_the_committed_record_is_a_real_crawl_of_the_demo():
    """`make accessibility-audit` writes it; the release states what it was checked with."""
    audit = automated_audit()
    assert audit is not None, "run `make accessibility-audit` to record the axe crawl of the demo"
    data = json.loads(accessibility.AUDIT_FILE.read_text())
    assert set(data["runs"]) == {"inkoper", "chef"} and audit.pages > 80 and audit.violations == 0
