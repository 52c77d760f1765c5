"""The library's rules: versions, adaptations of the base set, the organisation's library, search, filling."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from criteria import starter
from criteria.models import ChosenCriterion, Criterion, EditConflict, fill, variables_in
from rladder.models import RStrategy
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db


def make(organisation=None, code="T-1", **extra):
    fields = {
        "title": "Refurbished laptops",
        "type": "eis",
        "strategy": RStrategy.objects.get(code="R2"),
        "text": "Ten minste [percentage] % van de herbruikbare laptops is refurbished.",
        "evidence": "Leveringsoverzicht.",
        "status": Criterion.Status.PUBLISHED,
        **extra,
    }
    return Criterion.objects.create(organisation=organisation, code=code, **fields)


def test_a_content_change_is_a_new_version_with_history():
    criterion = make()
    assert criterion.version == 1
    criterion.text = "Ten minste [percentage] % is refurbished."
    criterion.save()
    criterion.refresh_from_db()
    assert criterion.version == 2
    criterion.save()  # no change: no new version
    assert Criterion.objects.get(pk=criterion.pk).version == 2
    assert criterion.history.count() == 3


def test_an_adaptation_keeps_its_link_and_shows_when_the_base_changed(world):
    base = make(code="T-ADAPT")
    own = base.adapt(world.org_a, text="Ons eigen: [percentage] %.")
    assert own.base == base and own.base_version == 1 and own.code == base.code
    assert not Criterion.objects.select_related("base").get(pk=own.pk).base_changed
    base.title = "Nieuwe titel"
    base.save()
    assert Criterion.objects.select_related("base").get(pk=own.pk).base_changed
    own.take_over_base()
    assert not Criterion.objects.select_related("base").get(pk=own.pk).base_changed


def test_the_library_shows_own_criteria_and_the_base_set_not_adapted_or_retired(world):
    base = make(code="T-LIB-1")
    adapted = make(code="T-LIB-2")
    concept = make(code="T-LIB-3", status=Criterion.Status.DRAFT)
    own_a = make(world.org_a, code="T-LIB-4")
    own_b = make(world.org_b, code="T-LIB-5")
    copy = adapted.adapt(world.org_a)
    library = set(Criterion.objects.library(world.org_a).filter(code__startswith="T-LIB"))
    assert library == {base, copy, own_a}
    assert concept not in library and own_b not in library and adapted not in library
    copy.retire()
    assert copy not in set(Criterion.objects.library(world.org_a).usable())


def test_dutch_full_text_search_finds_other_forms_of_a_word():
    criterion = make(code="T-ZOEK")
    assert criterion in Criterion.objects.matching("herbruikbaar")  # the text says "herbruikbare"
    assert criterion in Criterion.objects.matching("laptop refurbished")
    assert criterion not in Criterion.objects.matching("laptop fietsen")
    assert criterion in Criterion.objects.matching("\x00 !!! ’")  # nothing to search for: no filter
    assert criterion not in Criterion.objects.matching("<script>")


def test_variables_and_filling_with_dutch_numbers():
    assert variables_in("[a] en [b] en [a] en [] en [x\ny]") == ["a", "b"]
    assert fill("[percentage] % van [aantal] stuks", {"percentage": "75", "aantal": "10000.5"}) == (
        "75 % van 10.000,5 stuks"
    )
    assert fill("[percentage] %", {"percentage": "geen getal"}) == "[percentage] %"


def test_a_chosen_criterion_is_pinned_to_its_version_and_refuses_a_lost_update(world):
    criterion = make(code="T-KIES")
    trajectory = start_trajectory(world)
    chosen = ChosenCriterion.choose(trajectory, criterion)
    criterion.text = "Een nieuwe tekst [percentage]."
    criterion.save()
    chosen.refresh_from_db()
    assert chosen.version == 1 and "herbruikbare" in chosen.text
    chosen.fill_in({"percentage": Decimal("75")}, None, revision=0)
    assert chosen.filled_text.startswith("Ten minste 75 %")
    with pytest.raises(EditConflict):
        chosen.fill_in({"percentage": Decimal("50")}, None, revision=0)
    assert ChosenCriterion.objects.filter(trajectory=trajectory).get().values == {"percentage": "75"}


def test_the_starter_set_has_forty_examples_over_the_six_types_weighted_to_r0_r2():
    call_command("load_criteria", verbosity=0)
    base = Criterion.objects.base().filter(source__startswith=starter.SOURCE)
    assert base.count() >= 40
    assert set(base.values_list("type", flat=True)) == {
        value for value, _label in Criterion._meta.get_field("type").choices
    }
    assert not base.filter(is_example=False).exists()
    low = base.filter(strategy__number__lte=2).count()
    assert low > base.count() * 0.7
    for name in ("ICT-hardware", "Meubilair en werkplekomgeving", "Catering", "Schoonmaak", "Mobiliteit"):
        assert base.filter(categories__icontains=name).exists(), name
    for criterion in base.exclude(kpi_variable=""):
        assert criterion.kpi_variable in criterion.variables, criterion.code
    edited = base.get(code="EIS-R2-01")
    edited.title = "Door de beheerder gewijzigd"
    edited.save()
    call_command("load_criteria", verbosity=0)  # again: nothing doubles, the admin's edit stays
    assert base.count() == len(starter.CRITERIA)
    assert base.get(code="EIS-R2-01").title == "Door de beheerder gewijzigd"


def test_the_review_of_circulair_aanbesteden_approves_exactly_the_chosen_texts(world):
    from tests.factories import phase_record

    trajectory = start_trajectory(world)
    record = phase_record(trajectory, "circulair-aanbesteden")
    other = phase_record(trajectory, "startoverleg")
    before, other_before = record.content().version, other.content().version
    chosen = ChosenCriterion.choose(trajectory, make(code="T-REVIEW"))
    with_choice = record.content()
    assert with_choice.version != before and f"k{chosen.pk}" in with_choice.items
    chosen.fill_in({"percentage": Decimal("80")}, None, revision=0)
    after_filling = record.content()
    assert after_filling.changed_since(with_choice) == {f"k{chosen.pk}"}
    assert other.content().version == other_before  # another phase's review is not about the criteria
