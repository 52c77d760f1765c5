"""Ambitiewebs: default themes, inheritance organisation → category → trajectory, and the deviation flag."""

import re

import pytest
from django.urls import reverse

from organisations.models import ProductCategory
from procurement.models import TrajectoryAmbition
from procurement.trajectory_ambition import trajectory_rows
from rladder.ambition import DEFAULT_THEMES, load_defaults
from rladder.models import AmbitionLevel, AmbitionTheme
from rladder.webs import category_rows, save_levels

pytestmark = pytest.mark.django_db


def themes():
    return {t.slug: t for t in AmbitionTheme.objects.all()}


def test_the_six_mvoi_themes_and_three_levels_are_loaded_once_and_admin_edits_survive():
    assert [t.name for t in AmbitionTheme.objects.all()] == [row[1] for row in DEFAULT_THEMES]
    assert list(AmbitionLevel.objects.values_list("number", flat=True)) == [1, 2, 3]
    AmbitionTheme.objects.filter(slug="klimaat").update(name_nl="Klimaat en energie")
    load_defaults(AmbitionTheme, AmbitionLevel)
    assert AmbitionTheme.objects.count() == 6
    assert AmbitionTheme.objects.get(slug="klimaat").name == "Klimaat en energie"


def test_a_category_web_starts_from_the_generic_web_and_a_trajectory_web_from_the_category(world):
    t = themes()
    save_levels(world.org_a, None, {x.pk: (1, 2, "") for x in t.values()})
    rows = category_rows(world.category_a_only)
    assert {(r.current, r.ambition, r.inherited_ambition, r.own) for r in rows} == {(1, 2, 2, False)}
    save_levels(
        world.org_a, world.category_a_only, {t["klimaat"].pk: (2, 3, ""), t["social-return"].pk: (1, 1, "Geen")}
    )
    by_slug = {r.theme.slug: r for r in category_rows(world.category_a_only)}
    assert (by_slug["klimaat"].ambition, by_slug["klimaat"].inherited_ambition) == (3, 2)
    assert by_slug["social-return"].below_inherited
    assert not by_slug["klimaat"].below_inherited
    assert not by_slug["circulair"].own and by_slug["circulair"].ambition == 2
    # The trajectory inherits the category's effective web (own scores on top of the generic web).
    by_slug = {r.theme.slug: r for r in trajectory_rows(world.ambition_trajectory_a)}
    assert by_slug["klimaat"].inherited_ambition == 3
    assert by_slug["circulair"].inherited_ambition == 2
    assert by_slug["klimaat"].ambition == 3 and not by_slug["klimaat"].own


def web_post(levels: dict) -> dict:
    data = {}
    for slug, (current, ambition, reason) in levels.items():
        data |= {f"current_{slug}": current, f"ambition_{slug}": ambition, f"reason_{slug}": reason}
    return data


def full(levels=None, default=(1, 2, "")) -> dict:
    return {slug: (levels or {}).get(slug, default) for slug in themes()}


def test_an_ambition_below_the_inherited_level_needs_a_reason(client, world):
    t = themes()
    save_levels(world.org_a, None, {x.pk: (1, 2, "") for x in t.values()})
    client.force_login(world.users["chef"])
    url = reverse("rladder:category_ambition_edit", args=[world.category_a_only.slug])
    response = client.post(url, web_post(full({"klimaat": (1, 1, "")})))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Klimaat: de ambitie (1) is lager dan het overgenomen niveau 2. Geef de reden." in html
    assert "<title>Fout: " in html and 'href="#id_reason_klimaat"' in html
    assert not hasattr(
        ProductCategory.objects.for_organisation(world.org_a).get(pk=world.category_a_only.pk), "ambition_web"
    )

    response = client.post(url, web_post(full({"klimaat": (1, 1, "Geen klimaatimpact van betekenis")})))
    assert response.status_code == 302
    rows = {r.theme.slug: r for r in category_rows(world.category_a_only)}
    assert rows["klimaat"].below_inherited and rows["klimaat"].reason == "Geen klimaatimpact van betekenis"
    assert rows["circulair"].reason == ""
    page = client.get(reverse("procurement:category_strategy", args=[world.category_a_only.slug])).content.decode()
    assert page.count("Lager dan overgenomen") == 1


@pytest.mark.parametrize("bad", ["0", "4", "drie", ""])
def test_levels_outside_1_to_3_are_refused(client, world, bad):
    client.force_login(world.users["chef"])
    response = client.post(reverse("rladder:ambition_web_edit"), web_post(full({"circulair": (bad, "2", "")})))
    assert response.status_code == 200
    assert "Kies een niveau van 1 tot en met 3." in response.content.decode()
    assert not world.org_a.ambition_webs.exists()


def test_the_trajectory_team_edits_its_web_and_a_deviation_is_flagged(client, world):
    t = themes()
    save_levels(world.org_a, world.category_a_only, {x.pk: (2, 3, "") for x in t.values()})
    client.force_login(world.users["inkoper"])
    url = reverse("procurement:trajectory_ambition", args=[world.ambition_trajectory_a.pk])
    response = client.post(url, web_post(full({"circulair": (2, 2, "")}, default=(2, 3, ""))))
    assert response.status_code == 200
    assert "Circulair: de ambitie (2) is lager dan het overgenomen niveau 3." in response.content.decode()
    assert not TrajectoryAmbition.objects.unscoped().exists()
    response = client.post(url, web_post(full({"circulair": (2, 2, "Markt nog niet zo ver")}, default=(2, 3, ""))))
    assert response.status_code == 302
    assert TrajectoryAmbition.objects.filter(trajectory=world.ambition_trajectory_a).count() == 6
    html = client.get(url).content.decode()
    assert "Lager dan overgenomen" in html and "Markt nog niet zo ver" in html
    assert re.search(r"<svg[^>]*role=\"img\"", html)


def test_the_trajectory_section_provider_shows_the_radar_and_an_edit_link(rf, world):
    from procurement.ambition_sections import dossier_sections, trajectory_section
    from procurement.extensions import sections, trajectory_sections

    t = themes()
    save_levels(world.org_a, None, {x.pk: (1, 2, "") for x in t.values()})
    request = rf.get("/")
    request.user = world.users["chef"]
    request.session = {}
    found = sections(trajectory_sections, request, world.ambition_trajectory_a)
    section = next(s for s in found if s.id == "ambitieweb")
    assert section.context["can_edit"] is True
    assert "<title" in section.context["chart"]
    assert dossier_sections(world.ambition_trajectory_a)[0].context["can_edit"] is False
    request = rf.get("/")
    request.user = world.users["lezer"]
    request.session = {}
    assert trajectory_section(request, world.ambition_trajectory_a).context["can_edit"] is False


def test_the_default_themes_and_levels_have_their_english_and_an_edit_is_kept():
    from django.utils import translation

    theme = AmbitionTheme.objects.get(slug="circulair")
    level = AmbitionLevel.objects.get(number=3)
    with translation.override("en"):
        assert (theme.name, level.name) == ("Circular", "Ambitious / added value")
    assert (theme.name, level.name) == ("Circulair", "Ambitieus / toegevoegde waarde")
    # English the administrator removed is given again; English they wrote is kept.
    AmbitionTheme.objects.filter(pk=theme.pk).update(name_en="")
    AmbitionLevel.objects.filter(pk=level.pk).update(name_en="Koploper (EN)")
    load_defaults(AmbitionTheme, AmbitionLevel)
    theme.refresh_from_db()
    level.refresh_from_db()
    assert (theme.name_en, level.name_en) == ("Circular", "Koploper (EN)")
