"""Every chart's SVG is well-formed XML whose geometry is plain numbers, whatever the language.

A Dutch page once wrote ``x1="250,0"``: browsers reject that (a console error and
a broken axis). Chart geometry goes through ``lib.charts.svgnum``,
never through Django's localisation; these tests parse each chart on each page
that draws one and check every numeric attribute.
"""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from kpis.models import Kpi
from kpis.reports import report_context
from lib import charts
from organisations.models import ProductCategory
from procurement.trajectory_ambition import save_trajectory_levels
from rladder.models import AmbitionTheme
from rladder.webs import save_levels
from tests.factories import make_kpi, measure

pytestmark = pytest.mark.django_db

NUMBER = r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)"
ONE_NUMBER = re.compile(rf"{NUMBER}")
LENGTH = re.compile(rf"{NUMBER}%?")
PAIR = re.compile(rf"{NUMBER},{NUMBER}")
# Attributes that hold exactly one number (width and height may be a percentage).
SINGLE = {
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "dx",
    "dy",
    "font-size",
    "stroke-width",
    "fill-opacity",
    "opacity",
}
TRANSFORM_ARGS = {"rotate": (1, 3), "translate": (1, 2), "scale": (1, 2), "skewX": (1,), "skewY": (1,), "matrix": (6,)}
PATH = re.compile(rf"^(?:[MmLlHhVvCcSsQqTtAaZz]|{NUMBER}|[\s,])*$")


def _numbers(value: str) -> list[str]:
    return value.split()


def _transform_problem(value: str) -> str | None:
    rest = value.strip()
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", value):
        rest = rest.replace(f"{name}({args})", "", 1).strip()
        parts = _numbers(args)
        if name not in TRANSFORM_ARGS or len(parts) not in TRANSFORM_ARGS[name]:
            return f"{name}({args})"
        if not all(ONE_NUMBER.fullmatch(p) for p in parts):
            return f"{name}({args})"
    return rest or None


def attribute_problems(svg: str) -> list[str]:
    """Every numeric attribute of ``svg`` that is not a valid number (list); the SVG must parse as XML."""
    root = ET.fromstring(svg)  # noqa: S314  # our own markup, parsed to check it
    problems = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        for name, value in element.attrib.items():
            where = f"<{tag} {name}={value!r}>"
            if name in SINGLE:
                ok = ONE_NUMBER.fullmatch(value)
            elif name in ("width", "height"):
                ok = LENGTH.fullmatch(value)
            elif name == "viewBox":
                parts = _numbers(value)
                ok = len(parts) == 4 and all(ONE_NUMBER.fullmatch(p) for p in parts)
            elif name == "points":
                ok = value.strip() and all(PAIR.fullmatch(p) for p in _numbers(value))
            elif name == "stroke-dasharray":
                ok = all(ONE_NUMBER.fullmatch(p) for p in _numbers(value))
            elif name in ("transform", "patternTransform", "gradientTransform"):
                ok = _transform_problem(value) is None
            elif name == "d":
                ok = PATH.fullmatch(value)
            else:
                # No other attribute may look like a localised number either.
                ok = not re.search(r"\d,\d", value)
            if not ok:
                problems.append(where)
    return problems


def svgs_in(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, re.S)


def assert_charts_are_valid(html: str, expected: int, where: str) -> None:
    found = svgs_in(html)
    assert len(found) >= expected, f"{where}: {len(found)} charts, expected {expected}"
    for svg in found:
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and "aria-labelledby=" in svg, where
        problems = attribute_problems(svg)
        assert not problems, f"{where}: {problems}"


# --- The checker itself ---------------------------------------------------------------------------


def test_the_checker_refuses_localised_and_malformed_geometry():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'
    assert attribute_problems(svg.format('<line x1="250.5" x2="1" y1="-3" y2=".5"/>')) == []
    for bad in (
        '<line x1="250,0"/>',
        '<line x1="1 250"/>',
        '<rect width="12,5%"/>',
        '<polygon points="10,5 20,5,5 30,1"/>',
        '<polyline points="72,5,180,3"/>',
        '<rect transform="rotate(45 250,0 30)"/>',
        '<line stroke-dasharray="8,5"/>',
        '<text data-x="3,5">x</text>',
    ):
        assert attribute_problems(svg.format(bad)), bad
    assert attribute_problems('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640,5 260"/>')
    with pytest.raises(ET.ParseError):
        attribute_problems('<svg xmlns="http://www.w3.org/2000/svg"><text>a & b</text></svg>')


# --- svgnum --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (250, 1, "250"),
        (250.0, 1, "250"),
        (180.34, 1, "180.3"),
        (180.35, 2, "180.35"),
        (Decimal("12.50"), 1, "12.5"),
        (Decimal("1250000.126"), 2, "1250000.13"),
        (-4.5, 1, "-4.5"),
        (-0.04, 1, "0"),
        (0, 1, "0"),
        (1e9, 1, "1000000000"),
        (1 / 3, 3, "0.333"),
    ],
)
def test_svgnum_writes_plain_numbers_in_every_language(value, places, expected):
    for language in ("nl", "en"):
        with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=True):
            assert charts.svgnum(value, places) == expected


@pytest.mark.parametrize("value", ["250,0", "12", None, True, float("nan"), float("inf"), Decimal("NaN")])
def test_svgnum_refuses_what_is_not_a_finite_number(value):
    with pytest.raises((TypeError, ValueError)):
        charts.svgnum(value)


# --- Every chart function, with awkward values, in Dutch -------------------------------------------


def _every_chart() -> list[str]:
    points = [
        {
            "year": 2024 + i,
            "target": Decimal("1000.5") - 97 * i,
            "band": (Decimal("950.25") - 97 * i, Decimal("1050.75") - 97 * i),
            "realised": None if i == 2 else Decimal("999.333") - 90 * i,
        }
        for i in range(7)
    ]
    series = [
        charts.Series("current", "Huidig <b>", [1, 2, None, 3, 2]),
        charts.Series("ambition", "Ambitie", [2, 3, 3, 3, 3]),
        charts.Series("inherited", "Geërfd", [3, 3, 2, 1, 2]),
    ]
    return [
        charts.line_chart_svg(charts.line_chart(points, 2026), "lijn", "Titel <b>", "Beschrijving & meer"),
        charts.progress_chart_svg(
            [
                {"label": "Meubilair", "percent": 150},
                {"label": "Een heel lange categorienaam die wordt afgekort", "percent": 33},
                {"label": "Textiel", "percent": -17},
                {"label": "Catering", "percent": 1234},
            ]
        ),
        charts.bar_chart_svg("menu", "Menu", "Stand", [("op_orde", "Op orde", 1), ("bezig", "Bezig", 2)], 3),
        charts.radar_svg("web", "Web", "Beschrijving", ["A", "B", "C", "D", "E"], series),
        charts.ladder_svg(
            "ladder",
            "R-ladder",
            "Beschrijving",
            [charts.LadderRung("R0 Weigeren", "ambitie", True), charts.LadderRung("R8 Recyclen", "", False)],
        ),
    ]


def test_every_chart_function_writes_valid_geometry_in_dutch():
    with translation.override("nl"), override_settings(USE_THOUSAND_SEPARATOR=True):
        drawn = _every_chart()
    for svg in drawn:
        assert_charts_are_valid(svg, 1, svg[:60])
    assert "Huidig &lt;b&gt;" in drawn[3] and "Titel &lt;b&gt;" in drawn[0]  # text is escaped
    assert "1.234%" in drawn[1]  # text in a chart is Dutch, geometry is not


# --- Every page that draws a chart ---------------------------------------------------------------


def chart_data(world):
    """Data so that every chart is drawn, with coordinates that are not whole numbers."""
    for name, value in (("Meubilair", 700), ("Textiel", 950), ("Catering", 1075)):
        kpi = make_kpi(
            world.org_a,
            name=f"KPI {name}",
            scope=Kpi.Scope.CATEGORY,
            category=ProductCategory.objects.create(organisation=world.org_a, name=name),
        )
        measure(kpi, 2026, value)
        measure(kpi, 2025, Decimal("912.5"))
    measure(world.kpi_a, 2025, Decimal("912.75"))
    themes = list(AmbitionTheme.objects.all())
    save_levels(world.org_a, None, {t.pk: (1 + i % 3, 3, "") for i, t in enumerate(themes)})
    save_levels(world.org_a, world.category_a_only, {t.pk: (1, 2 + i % 2, "") for i, t in enumerate(themes)})
    save_trajectory_levels(world.ambition_trajectory_a, {t.pk: (2, 3, "") for t in themes})


def _pages(world):
    return [
        ("dashboard", reverse("kpis:dashboard") + "?jaar=2026", 2),  # category bars and KPI lines
        ("kpi detail", reverse("kpis:kpi_detail", args=[world.kpi_a.pk]), 1),
        ("contract kpi detail", reverse("kpis:kpi_detail", args=[world.contract_kpi_a.pk]), 1),
        ("ambitieweb", reverse("rladder:ambition_web"), 1),
        ("programme", reverse("rladder:programme"), 1),
        ("menu scan", reverse("organisations:menu_scan"), 1),
        ("product strategy", reverse("procurement:category_strategy", args=[world.category_a_only.slug]), 1),
        ("trajectory ambitieweb", reverse("procurement:trajectory_ambition", args=[world.ambition_trajectory_a.pk]), 1),
        ("dossier", reverse("procurement:dossier", args=[world.review_trajectory_a.pk]), 1),
    ]


def test_every_chart_page_writes_valid_svg_geometry_in_dutch(client, world):
    chart_data(world)
    client.force_login(world.users["chef"])
    for where, url, expected in _pages(world):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 200, where
        html = response.content.decode()
        assert '<html lang="nl">' in html, where
        assert_charts_are_valid(html, expected, where)


def test_the_annual_report_charts_are_valid_svg_in_dutch(world):
    chart_data(world)
    with translation.override("nl"):
        body = render_to_string("kpis/includes/annual_report_body.html", report_context(world.org_a, 2026))
    assert_charts_are_valid(body, 3, "annual report")


def test_text_in_every_chart_is_escaped():
    payload = '<img src=x onerror="alert(1)"><meta http-equiv="refresh" content="0">'
    with translation.override("nl"):
        drawn = [
            charts.progress_chart_svg([{"label": payload[:28], "percent": 50}], chart_id=payload),
            charts.bar_chart_svg(payload, payload, payload, [("bezig", payload, 1)], 2, unit=payload),
            charts.radar_svg(
                payload, payload, payload, [payload, "B", "C"], [charts.Series("current", payload, [1, 2, 3])]
            ),
            charts.ladder_svg(payload, payload, payload, [charts.LadderRung(payload, payload, True)]),
            charts.line_chart_svg(
                charts.line_chart([{"year": 2024, "target": 1, "band": (0, 2), "realised": 1}]),
                payload,
                payload,
                payload,
            ),
        ]
    for svg in drawn:
        assert "<img" not in svg and "<meta" not in svg
        ET.fromstring(svg)  # noqa: S314  # still well-formed: the payload is text, not markup
