"""Referentie en effect on the phase pages: adding, changing and removing lines, Dutch numbers and bad input,
the write rule (review, read-only roles), herberekenen, and the query budget of the section."""

import datetime
import re
from decimal import Decimal as D
from html import unescape

import pytest
from django.urls import reverse

from procurement.impact import refresh_effect
from procurement.models import ImpactLine, PhaseRecord, Scenario, TrajectoryEffect
from rladder.models import FactorUnit, ImpactFactor
from tests.factories import decide, phase_record, start_trajectory
from tests.tables import column_headers, tables, unit_conflicts

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


@pytest.fixture
def inkoper(client, world):
    client.force_login(world.users["inkoper"])
    return client


@pytest.fixture
def trajectory(world):
    trajectory = start_trajectory(
        world, contract_start=datetime.date(2026, 1, 1), contract_end=datetime.date(2029, 12, 31)
    )
    decide(trajectory, world.users["inkoper"], r1="ja")
    return trajectory


def laptop() -> ImpactFactor:
    return ImpactFactor.objects.get(key="ict_laptop_14")


def add_url(trajectory, soort="referentie") -> str:
    return reverse("procurement:impact_line_create", args=[trajectory.pk]) + f"?soort={soort}"


def startoverleg(trajectory) -> str:
    return reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"])


def lines(trajectory, scenario=None):
    found = ImpactLine.objects.filter(trajectory=trajectory)
    return found.filter(scenario=scenario) if scenario else found


def test_the_team_enters_a_reference_and_a_plan_and_sees_the_effect(inkoper, trajectory):
    response = inkoper.post(
        add_url(trajectory),
        {
            "description": "Laptops per medewerker",
            "factor": f"g{laptop().pk}",
            "quantity": "120",
            "unit_price_eur": "1.000",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/fasen/startoverleg/#effect")
    inkoper.post(
        add_url(trajectory, "plan"),
        {"description": "Gedeelde apparaten", "factor": f"g{laptop().pk}", "quantity": "80", "unit_price_eur": "1000"},
    )
    reference = lines(trajectory, Scenario.REFERENCE).get()
    assert reference.quantity == 120 and reference.quantity_unit == FactorUnit.PIECE  # the factor's unit
    assert reference.unit_price_eur == 1000  # "1.000" is a thousand
    assert reference.kg_co2e_per_unit == D("239.1") and reference.source_name
    effect = TrajectoryEffect.objects.get(trajectory=trajectory)
    assert effect.planned_kg_co2e == D("9564.000") and effect.planned_eur == D("40000.000")
    page = text(inkoper.get(startoverleg(trajectory)))
    assert "Referentie en effect" in page
    assert "9,6 ton CO2e" in page  # over the term
    assert "2,4 ton CO2e" in page  # per year (4 years)
    assert "64,8 kg" in page and "€ 40.000" in page and "€ 10.000" in page
    assert "Looptijd: 4 jaar, vanaf 2026." in page
    assert "Laptop (14 inch)" in page and reference.source_name in page
    assert reverse("rladder:sources") in page
    # A line edit withdraws nothing here, but marks the phase as being worked on.
    assert phase_record(trajectory).status == PhaseRecord.Status.IN_PROGRESS


def test_ten_thousand_is_read_the_dutch_way(inkoper, trajectory):
    spend = ImpactFactor.objects.get(key="ict_eur_computers")
    inkoper.post(add_url(trajectory), {"factor": f"g{spend.pk}", "quantity": "10.000", "quantity_unit": "euro"})
    line = lines(trajectory).get()
    assert line.quantity == D("10000") and line.is_spend_based
    page = text(inkoper.get(startoverleg(trajectory)))
    assert "grove schatting" in page
    assert "Nog geen plan" in page  # no plan yet: the effect is unknown, not 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"quantity": "-5"}, "quantity", "Een hoeveelheid kan niet negatief zijn."),
        ({"quantity": "twaalf"}, "quantity", "Vul een getal in, bijvoorbeeld 10.000 of 12,5."),
        ({"quantity": ""}, "quantity", "Dit veld is verplicht."),
        ({"quantity": "3", "quantity_unit": "kwh"}, "quantity_unit", "De hoeveelheid is in kWh en de factor per stuk"),
        ({"quantity": "3", "unit_price_eur": "-1"}, "unit_price_eur", "Vul een getal van 0 of meer in."),
        ({"quantity": "3", "factor": "g999999"}, "factor", "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_gets_a_dutch_error_next_to_the_field(inkoper, trajectory, data, field, message):
    response = inkoper.post(add_url(trajectory), {"factor": f"g{laptop().pk}", **data})
    page = text(response)
    assert response.status_code == 200
    assert message in page
    assert 'class="error-summary"' in page and f'href="#id_{field}"' in page
    assert not lines(trajectory).exists()


def test_a_factor_per_kg_with_pieces_asks_for_the_weight(inkoper, trajectory):
    clothes = ImpactFactor.objects.get(key="text_kleding_kg")
    data = {"factor": f"g{clothes.pk}", "quantity": "300", "quantity_unit": "stuk"}
    page = text(inkoper.post(add_url(trajectory), data))
    assert "Deze factor is per kg en je telt stuks: vul het gewicht per stuk in." in page
    assert 'href="#id_unit_weight_kg"' in page
    response = inkoper.post(add_url(trajectory), {**data, "unit_weight_kg": "0,5"})
    assert response.status_code == 302
    assert TrajectoryEffect.objects.get(trajectory=trajectory).planned_kg_co2e is None  # no plan yet


def test_a_line_without_factor_needs_a_unit_and_counts_as_without_factor(inkoper, trajectory):
    page = text(inkoper.post(add_url(trajectory), {"description": "Iets anders", "quantity": "5"}))
    assert "Kies de eenheid van de hoeveelheid." in page
    inkoper.post(add_url(trajectory), {"description": "Iets anders", "quantity": "5", "quantity_unit": "stuk"})
    inkoper.post(add_url(trajectory), {"factor": f"g{laptop().pk}", "quantity": "10"})
    inkoper.post(add_url(trajectory, "plan"), {"factor": f"g{laptop().pk}", "quantity": "5"})
    effect = TrajectoryEffect.objects.get(trajectory=trajectory)
    assert effect.lines_without_factor == 1 and effect.planned_kg_co2e == D("1195.500")
    page = text(inkoper.get(startoverleg(trajectory)))
    assert "1 regel heeft geen bruikbare factor" in page and "onbekend" in page


def test_edit_keeps_the_snapshot_and_delete_recomputes(inkoper, trajectory, world):
    inkoper.post(add_url(trajectory), {"factor": f"g{laptop().pk}", "quantity": "10"})
    line = lines(trajectory).get()
    ImpactFactor.objects.filter(pk=laptop().pk).update(kg_co2e_per_unit=D("500"))
    edit = reverse("procurement:impact_line_edit", args=[trajectory.pk, line.pk])
    form = text(inkoper.get(edit))
    assert 'value="10"' in form and "zoals die op" in form
    inkoper.post(edit, {"factor": f"g{laptop().pk}", "quantity": "12"})
    line.refresh_from_db()
    assert line.quantity == 12 and line.kg_co2e_per_unit == D("239.1")  # the factor was not changed by the team
    delete = reverse("procurement:impact_line_delete", args=[trajectory.pk, line.pk])
    assert "Regel verwijderen?" in text(inkoper.get(delete))
    inkoper.post(delete, {"bevestig": "ja"})
    assert not lines(trajectory).exists()
    assert line.history.first().history_type == "-"
    assert line.history.first().history_user == world.users["inkoper"]


def test_herberekenen_is_offered_when_a_factor_changed_and_recorded(inkoper, trajectory, world):
    inkoper.post(add_url(trajectory), {"factor": f"g{laptop().pk}", "quantity": "120"})
    inkoper.post(add_url(trajectory, "plan"), {"factor": f"g{laptop().pk}", "quantity": "80"})
    assert "Herberekenen met de huidige factoren" not in text(inkoper.get(startoverleg(trajectory)))
    factor = laptop()
    factor.kg_co2e_per_unit = D("300")
    factor.save()
    page = text(inkoper.get(startoverleg(trajectory)))
    assert "De factoren van 2 regels zijn gewijzigd" in page and "Herberekenen met de huidige factoren" in page
    assert "9,6 ton CO2e" in page  # still the old values
    response = inkoper.post(reverse("procurement:effect_recalculate", args=[trajectory.pk]))
    assert response.status_code == 302
    effect = TrajectoryEffect.objects.get(trajectory=trajectory)
    assert effect.planned_kg_co2e == D("12000.000") and effect.recalculated_by == world.users["inkoper"]
    page = text(inkoper.get(startoverleg(trajectory)))
    assert "12 ton CO2e" in page and "Laatst herberekend" in page
    assert "Herberekenen met de huidige factoren</button>" not in page
    history = text(inkoper.get(reverse("procurement:trajectory_history", args=[trajectory.pk])))
    assert "Referentie: Laptop (14 inch) (Herberekend met de huidige factoren)" in history
    assert "239,1" in history and "300" in history  # the factor value before and after


def test_r0_shows_the_plan_as_nothing(inkoper, world):
    trajectory = start_trajectory(world)
    inkoper.post(add_url(trajectory), {"factor": f"g{laptop().pk}", "quantity": "10", "unit_price_eur": "800"})
    decide(trajectory, world.users["inkoper"], r0="ja")
    page = text(inkoper.get(startoverleg(trajectory)))
    assert "De inkoop is voorkomen (R0: niet inkopen)" in page
    assert "Regel toevoegen aan het plan" not in page
    assert "Looptijd: nog onbekend" in page
    assert "2,4 ton CO2e" in page  # all of the reference is avoided
    settings_url = reverse("procurement:effect_settings", args=[trajectory.pk]) + "?soort=referentie"
    page = text(inkoper.post(settings_url, {"term_years": "0", "first_year": "2026"}))
    assert "De looptijd moet langer zijn dan 0 jaar." in page
    inkoper.post(settings_url, {"term_years": "2", "first_year": "2026"})
    effect = TrajectoryEffect.objects.get(trajectory=trajectory)
    assert effect.term_years == 2 and effect.first_year == 2026 and effect.planned_eur == D("8000.000")


def test_intern_evalueren_records_what_was_realised(inkoper, trajectory):
    inkoper.post(add_url(trajectory), {"factor": f"g{laptop().pk}", "quantity": "120"})
    inkoper.post(add_url(trajectory, "plan"), {"factor": f"g{laptop().pk}", "quantity": "80"})
    evaluation = reverse("procurement:phase_detail", args=[trajectory.pk, "intern-evalueren"])
    page = text(inkoper.get(evaluation))
    assert "Effect: gepland en gerealiseerd" in page and "Gerealiseerd over de looptijd" in page
    assert "Regel toevoegen aan wat gerealiseerd is" in page and "Regel toevoegen aan het plan" not in page
    response = inkoper.post(add_url(trajectory, "gerealiseerd"), {"factor": f"g{laptop().pk}", "quantity": "90"})
    assert response["Location"].endswith("/fasen/intern-evalueren/#effect")
    effect = TrajectoryEffect.objects.get(trajectory=trajectory)
    assert effect.realised_kg_co2e == D("7173.000") and effect.planned_kg_co2e == D("9564.000")
    assert "7,2 ton CO2e" in text(inkoper.get(evaluation))
    # Er is niets ingekocht: the whole reference is avoided.
    settings_url = reverse("procurement:effect_settings", args=[trajectory.pk]) + "?soort=gerealiseerd"
    inkoper.post(settings_url, {"term_years": "4", "realised_is_nothing": "on"})
    effect.refresh_from_db()
    assert effect.realised_is_nothing and effect.realised_kg_co2e == D("28692.000")


def test_no_edits_while_the_phase_is_under_review(inkoper, trajectory, world):
    record = phase_record(trajectory)
    PhaseRecord.objects.filter(pk=record.pk, trajectory=trajectory).update(
        review_status=PhaseRecord.ReviewStatus.IN_REVIEW
    )
    page = text(inkoper.get(startoverleg(trajectory)))
    assert "Regel toevoegen aan de referentie" not in page
    response = inkoper.post(add_url(trajectory), {"factor": f"g{laptop().pk}", "quantity": "10"})
    assert response.status_code == 302
    assert not lines(trajectory).exists()
    messages = text(inkoper.get(response["Location"]))
    assert "ter beoordeling" in messages


def test_a_reader_sees_the_effect_but_cannot_change_it(client, trajectory, world):
    line = ImpactLine(trajectory=trajectory, scenario=Scenario.REFERENCE, quantity=10, quantity_unit="stuk")
    line.take_snapshot(laptop())
    line.save()
    refresh_effect(trajectory)
    client.force_login(world.users["lezer"])
    page = text(client.get(startoverleg(trajectory)))
    assert "Referentie en effect" in page and "2,4 ton" in page
    assert "Regel toevoegen" not in page and "Wijzigen</a>" not in page.split("effect-kop")[1].split("</section>")[0]
    assert client.post(add_url(trajectory), {"quantity": "1"}).status_code == 403


def test_a_reader_reaches_every_scrolling_effect_table_by_keyboard(client, trajectory, world):
    """A table that scrolls sideways in a narrow container holds no link for a reader: the container takes focus."""
    for scenario in (Scenario.REFERENCE, Scenario.PLAN):
        line = ImpactLine(trajectory=trajectory, scenario=scenario, quantity=10, quantity_unit="stuk")
        line.take_snapshot(laptop())
        line.save()
    refresh_effect(trajectory)
    client.force_login(world.users["lezer"])
    page = client.get(startoverleg(trajectory)).content.decode()
    containers = re.findall(r'<div class="utrecht-table-container"[^>]*>', page)
    assert len(containers) == 4, containers  # reference and plan lines, the effect, the factors used
    for container in containers:
        assert 'tabindex="0"' in container and 'role="region"' in container, container
        assert re.search(r'aria-label="[^"]{10,}"', container), container


def test_another_organisation_gets_404(client, trajectory, world):
    line = ImpactLine(trajectory=trajectory, scenario=Scenario.REFERENCE, quantity=10, quantity_unit="stuk")
    line.save()
    client.force_login(world.users["outsider"])
    assert client.get(add_url(trajectory)).status_code == 404
    assert client.get(reverse("procurement:impact_line_edit", args=[trajectory.pk, line.pk])).status_code == 404


def test_a_line_of_another_trajectory_is_404(inkoper, trajectory, world):
    other = start_trajectory(world)
    line = ImpactLine(trajectory=other, scenario=Scenario.REFERENCE, quantity=10, quantity_unit="stuk")
    line.save()
    assert inkoper.get(reverse("procurement:impact_line_edit", args=[trajectory.pk, line.pk])).status_code == 404


def test_an_unknown_scenario_is_404(inkoper, trajectory):
    assert inkoper.get(add_url(trajectory, "iets")).status_code == 404


@pytest.mark.parametrize("n", [2, 20])
def test_the_effect_section_keeps_its_query_budget(inkoper, trajectory, n, django_assert_max_num_queries):
    factors = list(ImpactFactor.objects.filter(unit=FactorUnit.PIECE)[:5])
    for i in range(n):
        line = ImpactLine(
            trajectory=trajectory,
            scenario=Scenario.PLAN if i % 2 else Scenario.REFERENCE,
            quantity=10 + i,
            quantity_unit="stuk",
            position=i,
        )
        line.take_snapshot(factors[i % len(factors)])
        line.save()
    refresh_effect(trajectory)
    evaluation = reverse("procurement:phase_detail", args=[trajectory.pk, "intern-evalueren"])
    inkoper.get(startoverleg(trajectory)), inkoper.get(evaluation)  # the first visit makes the answer rows
    # The phase page's own queries, plus the lines and the current factors (own and shared) for "herberekenen";
    # the effect row comes with the trajectory.
    with django_assert_max_num_queries(28):
        response = inkoper.get(startoverleg(trajectory))
    assert text(response).count('id="regel-') == n
    with django_assert_max_num_queries(28):
        response = inkoper.get(evaluation)
    assert text(response).count('id="regel-') == n


# --- The headline on the trajectory's overview ---------------------------------------------


# The overview's queries before it showed the effect (session, user, membership, trajectory, phases,
# R-decision, the sections of other apps, team, groeimodel; notifications' look-up of a follow-up or
# predecessor, one; the person's language, accounts.language): the headline adds none.
OVERVIEW_QUERIES = 16


def overview(trajectory) -> str:
    return reverse("procurement:trajectory_detail", args=[trajectory.pk])


def add_lines(trajectory, n, scenarios=(Scenario.REFERENCE, Scenario.PLAN)):
    factor = laptop()
    for i in range(n):
        line = ImpactLine(
            trajectory=trajectory,
            scenario=scenarios[i % len(scenarios)],
            quantity=D(120) if scenarios[i % len(scenarios)] == Scenario.REFERENCE else D(80),
            quantity_unit="stuk",
            unit_price_eur=D(1000),
            position=i,
        )
        line.take_snapshot(factor)
        line.save()
    refresh_effect(trajectory)


def test_the_overview_shows_the_effect_planned_and_realised(inkoper, trajectory):
    add_lines(trajectory, 2)
    page = text(inkoper.get(overview(trajectory)))
    section = page.split('id="effect-kop"', 1)[1].split("</section>", 1)[0]
    assert "over een looptijd van 4 jaar" in section
    # 120 laptops against 80 over the term: 40 × 239,1 kg CO2e and 40 × € 1.000 avoided, nothing realised yet.
    assert re.search(r"CO2-equivalent</th><td[^>]*>9,6 ton CO2e</td><td[^>]*>onbekend</td>", section), section
    assert re.search(r"Euro's</th><td[^>]*>€ 40.000</td><td[^>]*>onbekend</td>", section), section
    assert "Materiaal</th>" in section
    assert f'href="{startoverleg(trajectory)}#effect"' in section
    add_lines(trajectory, 1, scenarios=(Scenario.REALISED,))
    section = text(inkoper.get(overview(trajectory))).split('id="effect-kop"', 1)[1].split("</section>", 1)[0]
    # Realised: 80 laptops bought against the reference of 120.
    assert re.search(r"CO2-equivalent</th><td[^>]*>9,6 ton CO2e</td><td[^>]*>9,6 ton CO2e</td>", section), section


def test_the_overview_says_where_to_enter_the_effect_when_there_is_none(inkoper, trajectory):
    TrajectoryEffect.objects.filter(trajectory=trajectory).delete()
    section = text(inkoper.get(overview(trajectory))).split('id="effect-kop"', 1)[1].split("</section>", 1)[0]
    assert "Nog onbekend: beschrijf in het Startoverleg" in section and "<table" not in section
    assert f'href="{startoverleg(trajectory)}#effect"' in section


@pytest.mark.parametrize("n", [0, 2, 20])
def test_the_overview_keeps_its_query_budget_with_the_effect(inkoper, trajectory, n, django_assert_max_num_queries):
    """The effect row comes with the trajectory (select_related): no query of its own, whatever the lines."""
    add_lines(trajectory, n)
    inkoper.get(overview(trajectory))
    with django_assert_max_num_queries(OVERVIEW_QUERIES):
        response = inkoper.get(overview(trajectory))
    assert ("ton CO2e</td>" in text(response)) == bool(n)


def test_the_line_table_shows_each_figure_in_the_unit_its_column_names(inkoper, trajectory):
    add_lines(trajectory, 1)  # 120 laptops: 28.692 kg CO2e, written as tonnes
    html = inkoper.get(startoverleg(trajectory)).content.decode()
    assert unit_conflicts(html) == []
    lines = next(t for t in tables(html) if t["head"] and t["head"][-1][0] == "Regel")
    row = lines["rows"][0]
    by_header = {column_headers(lines, i): cell for i, cell in enumerate(row)}
    assert by_header["CO2-equivalent"] == "28,7 ton CO2e"
