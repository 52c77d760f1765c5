"""Dutch figures: one notation for money, numbers, percentages and units, the same on every page and PDF."""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from lib.formatting import format_euro, format_mass, format_number, format_percent, format_percentage, format_unit
from organisations.models import ProductCategory
from procurement.dossier import render_pdf
from procurement.models import Trajectory

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "–"),
        ("", "–"),
        (0, f"€{NB}0"),
        (Decimal("0.00"), f"€{NB}0"),
        (Decimal("0.05"), f"€{NB}0,05"),
        (Decimal("0.004"), f"€{NB}0"),
        (Decimal("0.005"), f"€{NB}0,01"),
        (1250000, f"€{NB}1.250.000"),
        (Decimal("1250000.00"), f"€{NB}1.250.000"),
        (Decimal("1250.5"), f"€{NB}1.250,50"),
        (Decimal("1250000.50"), f"€{NB}1.250.000,50"),
        (Decimal("165000.499999"), f"€{NB}165.000,50"),
        (Decimal("999.995"), f"€{NB}1.000"),
        (-1250, f"€{NB}-1.250"),
        (Decimal("-0.5"), f"€{NB}-0,50"),
        (Decimal("123456789012345.67"), f"€{NB}123.456.789.012.345,67"),
        (1250.5, f"€{NB}1.250,50"),
        ("1250.5", f"€{NB}1.250,50"),
        ("geen bedrag", "geen bedrag"),
    ],
)
def test_euro(value, expected):
    assert format_euro(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (None, 2, "–"),
        (0, 2, "0"),
        (Decimal("0.00"), 2, "0"),
        (1234.5, 2, "1.234,5"),
        (Decimal("1234.50"), 2, "1.234,5"),
        (Decimal("1234.5678"), 2, "1.234,57"),
        (Decimal("1234.5678"), 4, "1.234,5678"),
        (Decimal("0.123456789"), 2, "0,12"),
        (Decimal("2.005"), 2, "2,01"),  # half up, not to even
        (-1234.5, 2, "-1.234,5"),
        (Decimal("-0.001"), 2, "0"),  # no "-0"
        (10**15, 2, "1.000.000.000.000.000"),
        (Decimal("1E+3"), 2, "1.000"),
        (830, 0, "830"),
        ("12.5", 2, "12,5"),
        ("veel", 2, "veel"),
        (float("nan"), 2, "–"),
    ],
)
def test_number(value, places, expected):
    assert format_number(value, places) == expected


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (format_percent, Decimal("0.75"), "75%"),
        (format_percent, Decimal("0.755"), "76%"),
        (format_percent, 0, "0%"),
        (format_percent, Decimal("-0.25"), "-25%"),
        (format_percent, 12, "1.200%"),
        (format_percent, None, "–"),
        (format_percentage, Decimal("12.5"), "12,5%"),
        (format_percentage, 150, "150%"),
        (format_percentage, -17, "-17%"),
        (format_percentage, None, "–"),
    ],
)
def test_percentages(function, value, expected):
    assert function(value) == expected


def test_units():
    assert format_unit(Decimal("830.00"), "kg") == "830 kg"
    assert format_unit(Decimal("1250.555"), "kg CO2-eq") == "1.250,56 kg CO2-eq"
    assert format_unit(50, "%") == "50 %"
    assert format_unit(None, "kg") == "–"
    assert format_unit(12, "") == "12"


@pytest.mark.parametrize(
    "unit, expected",
    [
        ("aantal", "160"),
        ("Aantal", "160"),
        (" aantallen ", "160"),
        ("#", "160"),
        ("count", "160"),
        ("aantal leveringen", "160 leveringen"),
        ("Aantal per jaar", "160 per jaar"),
        ("number of deliveries", "160 deliveries"),
        ("stuks", "160 stuks"),
        ("gebruikers per dag", "160 gebruikers per dag"),
        ("aantalen", "160 aantalen"),  # not a count word: written as entered
    ],
)
def test_a_count_reads_as_a_person_writes_it(unit, expected):
    assert format_unit(160, unit) == expected
    assert format_unit(None, unit) == "–"


def test_the_notation_follows_the_interface_language():
    with translation.override("nl"):
        assert format_euro(Decimal("1250.5")) == f"€{NB}1.250,50"
        assert format_euro(Decimal("-1250")) == f"€{NB}-1.250"
        assert format_number(Decimal("10000.5")) == "10.000,5"
        assert format_percent(Decimal("0.125"), 1) == "12,5%"
        assert format_mass(Decimal("1300"), "CO2e") == "1,3 ton CO2e"
    with translation.override("en"):
        assert format_euro(Decimal("1250.5")) == "€1,250.50"
        assert format_euro(Decimal("-1250")) == "-€1,250"
        assert format_number(Decimal("10000.5")) == "10,000.5"
        assert format_percent(Decimal("0.125"), 1) == "12.5%"
        assert format_mass(Decimal("1300"), "CO2e") == "1.3 t CO2e"
        assert format_mass(Decimal("450")) == "450 kg"


def test_files_keep_the_dutch_notation_in_english():
    from lib.formatting import numbers_in

    with translation.override("en"), numbers_in("nl"):
        assert format_number(Decimal("10000.5")) == "10.000,5"
    with translation.override("en"):
        assert format_number(Decimal("10000.5")) == "10,000.5"  # only inside


def test_the_filters_are_the_formatting_functions_and_escape_their_input():
    template = Template(
        "{% load nl_format %}{{ a|euro }}|{{ n|number }}|{{ n|number:0 }}|{{ f|percent }}|{{ p|percentage }}|"
        "{{ n|unit:u }}|{{ none|euro }}|{{ none|number }}|{{ none|unit:u }}"
    )
    html = template.render(
        Context({"a": Decimal("1250.5"), "n": Decimal("1234.56"), "f": Decimal("0.5"), "p": 12, "u": "<b>kg</b>"})
    )
    assert html == (f"€{NB}1.250,50|1.234,56|1.235|50%|12%|1.234,56 &lt;b&gt;kg&lt;/b&gt;|–|–|–")


def test_every_template_uses_the_one_filter_library():
    """No template loads an old formatting library or formats a figure by hand."""
    old = re.compile(r"{%\s*load\b[^%]*\b(kpi_format)\b|\|nl_number\b|\|floatformat\b|\|intcomma\b")
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if old.search(path.read_text())
    ]
    assert offenders == []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        content = path.read_text()
        if re.search(r"\|(euro|number|percent|percentage|unit)\b", content):
            assert re.search(r"{%\s*load\b[^%]*\bnl_format\b", content), path


# --- The same amount on different pages and in the PDF --------------------------------------------


@pytest.mark.django_db
def test_an_amount_renders_identically_on_every_page_and_in_the_dossier_pdf(client, world):
    trajectory = Trajectory.objects.create(
        organisation=world.org_a,
        title="Geen nieuwe bureaus",
        slug="geen-nieuwe-bureaus",
        description="-",
        status=Trajectory.Status.AVOIDED,
        estimated_value=Decimal("1250000.00"),
        avoided_spend=Decimal("1250.50"),
        closed_at=timezone.make_aware(datetime.datetime(2026, 5, 1)),
    )
    category = ProductCategory.objects.create(
        organisation=world.org_a, name="Bureaustoelen", annual_spend=Decimal("98765.40")
    )
    client.force_login(world.users["chef"])

    def page(name, *args, **query):
        response = client.get(reverse(name, args=args), query)
        assert response.status_code == 200, name
        return response.content.decode()

    whole, cents, spend = f"€{NB}1.250.000", f"€{NB}1.250,50", f"€{NB}98.765,40"
    detail = page("procurement:trajectory_detail", trajectory.pk)
    dossier = page("procurement:dossier", trajectory.pk)
    for html in (detail, dossier):
        assert re.search(rf"{whole}(?![\d,.])", html)  # whole euros: no ",00"
        assert cents in html
    assert cents in page("kpis:dashboard", jaar=2026)  # the avoided spend of 2026: cents kept, not rounded
    for html in (
        page("organisations:categories"),
        page("rladder:programme"),
        page("procurement:category_strategy", category.slug),
    ):
        assert spend in html
    pdf = PdfReader(io.BytesIO(render_pdf(trajectory)))
    cover = re.sub(r"\s+", "", pdf.pages[0].extract_text())
    assert "€1.250.000" in cover and "€1.250.000,00" not in cover
