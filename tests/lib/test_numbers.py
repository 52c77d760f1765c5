"""The one number parser (Dutch, or English for who chose it), its form field, and every numeric input that uses it."""

from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from lib.formatting import numbers_in
from lib.numbers import (
    NUMBER_ERROR,
    DutchDecimalField,
    format_input,
    format_reading,
    number_readings,
    parse_number,
)
from organisations.models import ProductCategory

READ = [
    ("10.000", "10000"),
    ("1.250.000", "1250000"),
    ("1.250,5", "1250.5"),
    ("1250.5", "1250.5"),
    ("12.75", "12.75"),
    ("12,75", "12.75"),
    ("12.750", "12750"),  # a dot before three digits groups thousands
    ("0.125", "0.125"),  # ... but a leading zero groups nothing
    ("-3", "-3"),
    ("−3", "-3"),  # the minus sign as Word types it
    ("+4", "4"),
    ("1250", "1250"),
    (",5", "0.5"),
    ("  7  ", "7"),
    ("10 000", "10000"),
    ("10\u00a0000", "10000"),  # non-breaking space as thousands separator
    ("1\u202f250\u202f000,25", "1250000.25"),  # narrow non-breaking space
    ("1,00000", "1"),
]

REFUSED = [
    "1.2.3",
    "1.000.00",
    "1234.567",  # three digits after one dot, but 1234 is no thousands group
    "1,250.5",  # English notation
    "1,2,3",
    "5,",
    "5.",
    "abc",
    "1e5",
    "∞",
    "NaN",
    "Infinity",
    "-",
    "",
    "   ",
    "1 0",
    "٣",  # digits of another script
    "1" * 60,
]


@pytest.mark.parametrize(("text", "expected"), READ)
def test_the_parser_reads_dutch_numbers(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", REFUSED)
def test_the_parser_refuses_ambiguous_or_invalid_input_in_dutch(text):
    with pytest.raises(ValueError, match="Vul een getal in, bijvoorbeeld 10.000 of 12,5."):
        parse_number(text)


def test_numbers_from_a_spreadsheet_cell_stay_as_they_are():
    assert parse_number(912.25) == Decimal("912.25")
    assert parse_number(10_000) == Decimal(10000)
    assert parse_number(Decimal("1.5")) == Decimal("1.5")
    for value in (float("nan"), float("inf"), True):
        with pytest.raises(ValueError):
            parse_number(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("10000", "10.000"), ("1250000", "1.250.000"), ("1250.5", "1.250,5"), ("-3", "-3"), ("0.125", "0,125")],
)
def test_a_reading_is_shown_in_full_dutch_notation(value, shown):
    assert format_reading(Decimal(value)) == shown


# --- in English -------------------------------------------------------------------

READ_IN_ENGLISH = [
    ("10,000.5", "10000.5"),
    ("10000.5", "10000.5"),
    ("10,000", "10000"),
    ("1,250,000", "1250000"),
    ("10.000", "10"),  # a decimal point in English: ten, not ten thousand
    ("12.75", "12.75"),
    ("0.125", "0.125"),
    (".5", "0.5"),
    ("10 000", "10000"),
    ("-3", "-3"),
    ("1250", "1250"),
]
REFUSED_IN_ENGLISH = ["12,5", "1.250,5", "1,2,3", "1,2500", "1.000.000", "1,000.00.5", "abc", "5.", ""]


@pytest.mark.parametrize(("text", "expected"), READ_IN_ENGLISH)
def test_an_english_user_types_english_numbers(text, expected):
    with translation.override("en"):
        assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", REFUSED_IN_ENGLISH)
def test_english_refuses_a_comma_that_groups_nothing(text):
    with translation.override("en"), pytest.raises(ValueError):
        parse_number(text)


def test_the_ambiguous_ten_thousand_depends_on_the_language():
    with translation.override("nl"):
        assert parse_number("10.000") == Decimal(10000)
    with translation.override("en"):
        assert parse_number("10.000") == Decimal(10)
    with translation.override("en"), numbers_in("nl"):  # a file: Dutch whatever the language
        assert parse_number("10.000") == Decimal(10000)


def test_a_reading_and_an_input_are_in_the_notation_of_the_language():
    with translation.override("en"):
        assert format_reading(Decimal("1250000.5")) == "1,250,000.5"
        assert format_input(Decimal("1250.50")) == "1250.5"
    with translation.override("nl"):
        assert format_reading(Decimal("1250000.5")) == "1.250.000,5"
        assert format_input(Decimal("1250.50")) == "1250,5"


class AmountForm(forms.Form):
    amount = DutchDecimalField(label="Bedrag", max_digits=14, decimal_places=2, min_value=0, required=False)
    value = DutchDecimalField(label="Waarde")


def test_the_field_checks_the_model_limits_and_the_minimum():
    form = AmountForm({"amount": "-5", "value": "1,23456"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Vul een getal van 0 of meer in."]
    assert form.errors["value"] == ["Gebruik hoogstens 4 cijfers achter de komma."]
    form = AmountForm({"amount": "1.250,505", "value": "1.000.000.000.000"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Gebruik hoogstens 2 cijfers achter de komma."]
    assert form.errors["value"] == ["Dit getal is te groot."]
    form = AmountForm({"amount": "", "value": "abc"})
    assert not form.is_valid()
    assert form.errors["value"] == [str(NUMBER_ERROR)]


def test_the_field_renders_how_a_typed_number_was_read_beside_it():
    form = AmountForm({"amount": "250.000", "value": "12,5"})
    assert form.is_valid()
    assert form.cleaned_data == {"amount": Decimal(250000), "value": Decimal("12.5")}
    html = str(form["amount"])
    assert 'inputmode="decimal"' in html
    assert 'aria-describedby="id_amount-gelezen"' in html
    assert (
        '<span class="utrecht-form-field-description number-reading" id="id_amount-gelezen">gelezen als 250.000</span>'
        in html
    )
    assert "gelezen als" not in str(form["value"])  # a plain decimal comma needs no confirmation
    assert number_readings(form) == [("Bedrag", "250.000", "250.000")]


def test_the_field_reads_and_shows_english_numbers_for_an_english_user():
    with translation.override("en"):
        form = AmountForm({"amount": "250,000.5", "value": "10.000"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {"amount": Decimal("250000.5"), "value": Decimal(10)}
        assert "250,000.5</span>" in str(form["amount"])
        # "10.000" is ten in English: the field says so, for whoever meant ten thousand.
        assert '<span class="utrecht-form-field-description number-reading" id="id_value-gelezen">' in str(
            form["value"]
        )
        assert number_readings(form) == [("Bedrag", "250,000.5", "250,000.5"), ("Waarde", "10.000", "10")]
        unbound = AmountForm(initial={"amount": Decimal("250000.00"), "value": Decimal("12.5000")})
        assert 'value="250000"' in str(unbound["amount"]) and 'value="12.5"' in str(unbound["value"])
        refused = AmountForm({"amount": "", "value": "12,5"})
        assert not refused.is_valid()
        assert refused.errors["value"] == ["Enter a number, for example 10,000 or 12.5."]


def test_an_unbound_field_shows_the_stored_value_as_typed_without_a_reading():
    form = AmountForm(initial={"amount": Decimal("250000.00"), "value": Decimal("12.5000")})
    assert 'value="250000"' in str(form["amount"]) and "gelezen als" not in str(form["amount"])
    assert 'value="12,5"' in str(form["value"])


# --- every numeric input uses it --------------------------------------------------


@pytest.mark.django_db
def test_category_annual_spend_reads_thousands(client, world):
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("organisations:category_create"),
        {"name": "Drukwerk", "description": "", "impact_weight": "2", "annual_spend": "12.000"},
    )
    assert response.status_code == 302
    assert ProductCategory.objects.get(organisation=world.org_a, name="Drukwerk").annual_spend == Decimal(12000)


@pytest.mark.django_db
def test_category_annual_spend_refuses_an_ambiguous_amount(client, world):
    client.force_login(world.users["chef"])
    response = client.post(
        reverse("organisations:category_create"),
        {"name": "Drukwerk", "description": "", "impact_weight": "2", "annual_spend": "12.000.5"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["annual_spend"] == [str(NUMBER_ERROR)]
    assert not ProductCategory.objects.filter(organisation=world.org_a, name="Drukwerk").exists()


@pytest.mark.django_db
def test_trajectory_estimated_value_reads_thousands(world):
    from procurement.forms import TrajectoryForm

    data = {"title": "Laptops", "description": "Nodig", "estimated_value": "1.250.000"}
    form = TrajectoryForm(data, organisation=world.org_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["estimated_value"] == Decimal(1250000)
    form = TrajectoryForm({**data, "estimated_value": "-5"}, organisation=world.org_a)
    assert form.errors["estimated_value"] == ["De geschatte contractwaarde kan niet negatief zijn."]


@pytest.mark.django_db
def test_r_decision_avoided_spend_reads_thousands_and_refuses_negatives(world):
    from procurement.forms import RDecisionForm

    field = RDecisionForm(strategies=[]).fields["avoided_spend"]
    assert field.clean("10.000") == Decimal(10000)
    assert field.clean("12.500,50") == Decimal("12500.5")
    with pytest.raises(forms.ValidationError, match="Vermeden uitgaven kunnen niet negatief zijn."):
        field.clean("-1")


def test_the_admin_reads_category_spend_the_dutch_way_too():
    from django.contrib import admin

    model_admin = admin.site._registry[ProductCategory]
    field = model_admin.formfield_for_dbfield(ProductCategory._meta.get_field("annual_spend"), request=None)
    assert field.clean("12.000") == Decimal(12000)
