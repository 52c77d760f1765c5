"""Every item of the guidance is readable in the running application, without login."""

import pytest
from django.urls import reverse

from organisations.models import Benefit, GuidanceText, MenuIngredient, PrincipleItem, PrinciplePage
from procurement.models import Phase
from rladder.models import RStrategy

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    from html import unescape

    return unescape(response.content.decode())


def test_every_phase_page_shows_all_its_guidance(client):
    for phase in Phase.objects.prefetch_related("attention_points", "tools", "questions", "tips", "inspirations"):
        page = text_of(client.get(reverse("procurement:phase_guidance", args=[phase.slug])))
        assert f"<h1>{phase.title}</h1>" in page
        for text in [phase.goal, phase.stakeholders]:
            for paragraph in text.split("\n\n"):
                assert paragraph in page, paragraph
        items = [
            *(p.text for p in phase.attention_points.all()),
            *(t.title for t in phase.tools.all()),
            *(q.text for q in phase.questions.all()),
            *(t.text for t in phase.tips.all()),
            *(i.text for i in phase.inspirations.all()),
        ]
        assert items
        for item in items:
            assert item in page, f"{phase.slug}: {item}"


def test_every_principle_page_shows_all_its_items(client):
    for page_obj in PrinciplePage.objects.all():
        page = text_of(client.get(page_obj.get_absolute_url()))
        assert f"<h1>{page_obj.title}</h1>" in page
        if page_obj.intro:
            assert page_obj.intro in page
        for section in page_obj.sections.all():
            assert section.heading in page
    for item in PrincipleItem.objects.select_related("section__page"):
        page = text_of(client.get(item.section.page.get_absolute_url()))
        for part in [item.label, item.title, item.text]:
            assert part in page, part


def test_the_menu_shows_the_six_ingredients_with_their_explanation_and_the_benefits(client):
    page = text_of(client.get(reverse("organisations:menu")))
    ingredients = list(MenuIngredient.objects.all())
    assert len(ingredients) == 6
    for ingredient in ingredients:
        assert ingredient.title in page
        assert ingredient.explanation in page
    for benefit in Benefit.objects.all():
        assert benefit.text in page


def test_the_start_page_explains_the_approach_and_links_everything(client):
    response = client.get(reverse("procurement:start"))
    page = text_of(response)
    for text in GuidanceText.objects.exclude(key__startswith="menu-"):
        for paragraph in text.body.split("\n\n"):
            assert paragraph.replace("\n", "<br>") in page or paragraph in page, text.key
    for phase in Phase.objects.all():
        assert f'href="{phase.get_absolute_url()}"' in page
    for principle in PrinciplePage.objects.all():
        assert f'href="{principle.get_absolute_url()}"' in page
    for name in ["organisations:menu", "rladder:ladder"]:
        assert f'href="{reverse(name)}"' in page
    assert 'href="https://ikwilcirculairinkopen.nl"' in page


def test_the_r_ladder_shows_all_ten_steps_highest_marked(client):
    page = text_of(client.get(reverse("rladder:ladder")))
    for strategy in RStrategy.objects.all():
        assert strategy.definition in page
        assert strategy.name_nl in page
    assert page.count("hoogste R-strategie</span>") == 3


def test_guidance_pages_need_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for url in [
        reverse("procurement:start"),
        reverse("procurement:phase_guidance", args=["partnerschappen-ontwikkelen"]),
        reverse("organisations:principle", args=["opstellen-van-kpis"]),
        reverse("organisations:menu"),
        reverse("rladder:ladder"),
    ]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_an_unknown_phase_is_a_dutch_404_in_the_layout(client):
    response = client.get("/fasen/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    assert 'class="skip-link"' in response.content.decode()
