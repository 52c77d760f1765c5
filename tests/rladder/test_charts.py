"""Charts: accessible SVG with title and description, and the same data as a table."""

import re

import pytest
from django.urls import reverse

from lib.charts import Series, radar_svg
from rladder.models import AmbitionTheme
from rladder.webs import save_levels

pytestmark = pytest.mark.django_db


def test_the_radar_is_an_accessible_svg_with_distinct_line_styles():
    svg = radar_svg(
        "web",
        "Ambitieweb <ICT>",
        "Beschrijving",
        ["Klimaat", "Circulair", "Social return"],
        [Series("current", "Huidig", [1, 2, 3]), Series("ambition", "Ambitie", [2, 3, 3])],
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="web-title web-desc"' in svg
    assert '<title id="web-title">Ambitieweb &lt;ICT&gt;</title>' in svg
    assert '<desc id="web-desc">Beschrijving</desc>' in svg
    assert "stroke-dasharray" in svg  # the ambition is dashed, the current level solid
    assert "<rect" in svg and "<circle" in svg  # and their markers differ in shape
    assert "style=" not in svg  # the CSP forbids inline styles


def _table_rows(html: str, caption: str) -> list[list[str]]:
    table = html[html.index(caption) :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows
    ]


def test_the_generic_web_page_shows_the_chart_and_a_matching_table(client, world):
    themes = list(AmbitionTheme.objects.all())
    levels = {t.pk: (1 + i % 3, 3, "") for i, t in enumerate(themes)}
    save_levels(world.org_a, None, levels)
    client.force_login(world.users["lezer"])
    html = client.get(reverse("rladder:ambition_web")).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title id=" in svg and "<desc id=" in svg
    description = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    rows = _table_rows(html, "Generiek ambitieweb: niveau per thema")[1:]
    assert [r[0] for r in rows] == [t.name for t in themes]
    for theme, row in zip(themes, rows, strict=True):
        current, ambition, _reason = levels[theme.pk]
        assert row[1:3] == [str(current), str(ambition)]
        assert f"{theme.name} {current}" in description  # the description tells the same numbers


def test_the_menu_summary_chart_matches_its_table(client, world):
    from organisations.models import MenuIngredient, MenuScanItem

    for ingredient, status in zip(MenuIngredient.objects.all()[:3], ["op_orde", "op_orde", "bezig"], strict=True):
        MenuScanItem.objects.create(organisation=world.org_a, ingredient=ingredient, status=status)
    client.force_login(world.users["lezer"])
    html = client.get(reverse("organisations:menu_scan")).content.decode()
    assert "2 van 6 op orde" in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "2 van de 6 basisingrediënten zijn op orde" in svg
    rows = _table_rows(html, "Aantal basisingrediënten per status")[1:]
    assert rows == [["Op orde", "2"], ["Bezig", "1"], ["Niet gestart", "3"]]
    for label, count in rows:
        assert f">{label}</text>" in svg and f">{count}</text>" in svg
