"""The guidance in English: every text of the fixture has its English, shown to English users, edited with history.

The Dutch text is the source (``title_nl``), the English sits beside it (``title_en``); ``phase.title``
reads the active language's. A text without English falls back to the Dutch, and the page says so.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import Preference
from organisations.guidance import TRANSLATED
from organisations.models import Benefit, GuidanceText, MenuIngredient, PrincipleItem, PrinciplePage, PrincipleSection
from procurement.models import AttentionPoint, GuidingQuestion, Inspiration, Phase, Tip, ToolLink
from rladder.models import KpiExample, RStrategy

pytestmark = pytest.mark.django_db

MODELS = {
    "texts": GuidanceText,
    "benefits": Benefit,
    "principles": PrinciplePage,
    "principle_sections": PrincipleSection,
    "principle_items": PrincipleItem,
    "menu": MenuIngredient,
    "rstrategies": RStrategy,
    "kpi_examples": KpiExample,
    "phases": Phase,
    "attention_points": AttentionPoint,
    "tools": ToolLink,
    "questions": GuidingQuestion,
    "tips": Tip,
    "inspirations": Inspiration,
}
NOTICE = "has not been translated into English yet"


def english(client, world, persona="inkoper"):
    user = world.users[persona]
    Preference.objects.update_or_create(user=user, defaults={"language": "en"})
    client.force_login(user)
    return client


def test_every_text_of_the_guidance_has_its_english():
    assert {collection for collection, _path, _fields in TRANSLATED} == set(MODELS)
    missing = []
    for collection, _path, fields in TRANSLATED:
        for row in MODELS[collection].objects.all():
            for field in fields:
                if getattr(row, f"{field}_nl") and not getattr(row, f"{field}_en"):
                    missing.append(f"{collection} {row.pk} {field}")
    assert missing == []
    assert Phase.objects.get(slug="startoverleg").title_en == "Kick-off meeting"


def test_a_text_reads_the_active_language_and_falls_back_to_dutch():
    phase = Phase.objects.get(slug="startoverleg")
    assert phase.title == "Startoverleg"
    with translation.override("en"):
        assert phase.title == "Kick-off meeting"
        phase.title_en = ""
        assert phase.title == "Startoverleg"
        phase.title = "Startgesprek"  # writing sets the Dutch source, in any language
    assert (phase.title_nl, phase.title_en) == ("Startgesprek", "")


def test_the_phase_guidance_in_english_and_in_dutch(client, world):
    url = reverse("procurement:phase_guidance", args=["startoverleg"])
    dutch = client.get(url).content.decode()
    assert "Startoverleg" in dutch and "Wat willen we bereiken?" in dutch and NOTICE not in dutch
    question = GuidingQuestion.objects.filter(phase__slug="startoverleg").order_by("order").first()
    html = english(client, world).get(url).content.decode()
    assert "Kick-off meeting" in html and question.text_en in html
    assert question.text_nl not in html and NOTICE not in html


def test_a_text_without_english_shows_the_dutch_and_the_page_says_so(client, world):
    question = GuidingQuestion.objects.filter(phase__slug="startoverleg").order_by("order").first()
    GuidingQuestion.objects.filter(pk=question.pk).update(text_en="")
    html = english(client, world).get(reverse("procurement:phase_guidance", args=["startoverleg"])).content.decode()
    assert question.text_nl in html
    assert NOTICE in html
    # the next request starts without it
    assert (
        NOTICE not in client.get(reverse("procurement:phase_guidance", args=["startmarktverkenning"])).content.decode()
    )


def test_the_principles_and_the_ladder_in_english(client, world):
    english(client, world)
    page = PrinciplePage.objects.order_by("order").first()
    html = client.get(page.get_absolute_url()).content.decode()
    assert page.title_en in html and page.title_nl not in html
    strategy = RStrategy.objects.get(code="R0")
    assert strategy.definition_en in client.get(reverse("rladder:ladder")).content.decode()


def test_staff_edit_both_languages_in_the_admin_and_the_history_keeps_the_english(client, world, settings):
    settings.TWO_FACTOR_STAFF_REQUIRED = False
    client.force_login(world.users["staff"])
    phase = Phase.objects.get(slug="startoverleg")
    form = client.get(reverse("admin:procurement_phase_change", args=[phase.pk])).content.decode()
    assert 'name="title_nl"' in form and 'name="title_en"' in form and "Titel (Engels)" in form
    assert 'name="questions-0-text_en"' in form  # the inline questions too
    phase.title_en = "Kick-off"
    phase.save()
    assert [row.title_en for row in phase.history.all()[:2]] == ["Kick-off", "Kick-off meeting"]
    with translation.override("en"):
        assert phase.history.first().title == "Kick-off"  # a pinned version reads the language too


def test_the_fixture_loads_english_from_the_file_beside_it_and_a_missing_text_stays_dutch(tmp_path):
    source = Path(settings.BASE_DIR) / "fixtures"
    (tmp_path / "guidance.json").write_bytes((source / "guidance.json").read_bytes())
    translations = json.loads((source / "guidance.en.json").read_text())
    del translations["phases"]["startoverleg"]["goal"]
    (tmp_path / "guidance.en.json").write_text(json.dumps(translations))
    call_command("load_guidance", "--fixture", str(tmp_path / "guidance.json"), stdout=StringIO())
    phase = Phase.objects.get(slug="startoverleg")
    assert phase.title_en == "Kick-off meeting" and phase.goal_en == ""
    assert phase.history.first().goal_en == ""  # the load is in the history too
    with translation.override("en"):
        assert phase.goal == phase.goal_nl


@pytest.mark.parametrize(
    "english",
    [[], {"phases": []}, {"phases": {"startoverleg": "Kick-off"}}, {"phases": {"startoverleg": {"title": 3}}}],
)
def test_a_malformed_english_file_is_refused_and_nothing_changes(tmp_path, english):
    from django.core.management import CommandError

    source = Path(settings.BASE_DIR) / "fixtures"
    (tmp_path / "guidance.json").write_bytes((source / "guidance.json").read_bytes())
    (tmp_path / "guidance.en.json").write_text(json.dumps(english))
    with pytest.raises(CommandError, match="guidance.en.json"):
        call_command("load_guidance", "--fixture", str(tmp_path / "guidance.json"), stdout=StringIO())
    assert Phase.objects.get(slug="startoverleg").title_en == "Kick-off meeting"
