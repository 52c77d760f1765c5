"""The project's crispy template pack (templates/utrecht/): every field an NL Design System form field.

A person with a screen reader hears a field's hint and error because the input names them in
aria-describedby; these tests hold the ids, the order, the fieldsets and the component classes to that.
"""

import re
from pathlib import Path

from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings
from lxml import html as lxml_html

from lib.forms import StyledFormMixin


class ExampleForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Titel", help_text="Bijvoorbeeld: laptops 2027.")
    description = forms.CharField(label="Omschrijving", widget=forms.Textarea)
    category = forms.ChoiceField(label="Categorie", choices=[("", "—"), ("ict", "ICT")])
    feasible = forms.ChoiceField(
        label="Haalbaar?", choices=[("ja", "Ja"), ("nee", "Nee")], widget=forms.RadioSelect, help_text="Kies er één."
    )
    themes = forms.MultipleChoiceField(
        label="Thema's", choices=[("a", "Materiaal"), ("b", "Energie")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Akkoord")
    evidence = forms.FileField(label="Bewijs", required=False)


def render(data=None) -> lxml_html.HtmlElement:
    form = ExampleForm(data=data, submit_label="Opslaan")
    if data is not None:
        form.is_valid()
    return lxml_html.fromstring(f"<div>{render_crispy_form(form)}</div>")


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def test_every_described_by_id_exists_with_and_without_errors():
    for data in (None, {"title": "", "category": "", "feasible": "", "description": ""}):
        page = render(data)
        ids = {element.get("id") for element in page.iter() if element.get("id")}
        for element in page.xpath("//*[@aria-describedby]"):
            for ref in element.get("aria-describedby").split():
                assert ref in ids, (element.get("name"), ref)


def test_an_invalid_field_is_marked_and_its_error_comes_between_hint_and_input():
    page = render(
        {"title": "", "description": "x", "category": "ict", "feasible": "ja", "themes": ["a"], "agree": "on"}
    )
    wrapper = page.get_element_by_id("div_id_title")
    assert {"utrecht-form-field", "utrecht-form-field--text", "utrecht-form-field--invalid"} <= classes(wrapper)
    parts = [child for child in wrapper if child.tag == "div"]
    assert [sorted(classes(part))[0] for part in parts] == [
        "utrecht-form-field__label",
        "utrecht-form-field-description",
        "utrecht-form-field-error-message",
        "utrecht-form-field__input",
    ]
    error = page.get_element_by_id("id_title_error")
    assert "Dit veld is verplicht." in error.text_content()
    field = page.get_element_by_id("id_title")
    assert field.get("aria-invalid") == "true"
    assert field.get("aria-describedby").split() == ["id_title_helptext", "id_title_error"]
    assert {"utrecht-textbox", "utrecht-textbox--html-input", "utrecht-textbox--invalid"} <= classes(field)
    # The valid fields carry no error.
    assert "utrecht-form-field--invalid" not in classes(page.get_element_by_id("div_id_description"))
    assert page.get_element_by_id("id_description").get("aria-invalid") is None


def test_each_kind_of_input_gets_its_component():
    page = render()
    assert {"utrecht-textarea", "utrecht-textarea--html-textarea"} <= classes(page.get_element_by_id("id_description"))
    assert {"utrecht-select", "utrecht-select--html-select"} <= classes(page.get_element_by_id("id_category"))
    assert {"utrecht-checkbox", "utrecht-checkbox--html-input"} <= classes(page.get_element_by_id("id_agree"))
    agree = page.get_element_by_id("div_id_agree")
    assert "utrecht-form-field--checkbox" in classes(agree)
    assert agree.xpath(".//label[@for='id_agree']")[0].text_content().strip() == "Akkoord"
    assert page.xpath("//input[@type='submit']")[0].get("class") == "utrecht-button utrecht-button--primary-action"


def test_a_radio_or_checkbox_group_is_a_fieldset_with_its_label_as_legend():
    page = render({"feasible": ""})
    for name, kind, label in (("feasible", "radio", "Haalbaar?"), ("themes", "checkbox", "Thema's")):
        fieldset = page.get_element_by_id(f"div_id_{name}").xpath("./fieldset")[0]
        assert fieldset.xpath("./legend")[0].text_content().strip() == label
        options = fieldset.xpath(f".//input[@name='{name}']")
        assert len(options) == 2
        component = "utrecht-radio-button" if kind == "radio" else "utrecht-checkbox"
        for option in options:
            assert component in classes(option), option.get("class")
            assert fieldset.xpath(f".//label[@for='{option.get('id')}']")
    feasible = page.get_element_by_id("div_id_feasible")
    assert "utrecht-form-fieldset--invalid" in classes(feasible)
    assert feasible.xpath("./fieldset")[0].get("aria-describedby").split() == [
        "id_feasible_helptext",
        "id_feasible_error",
    ]
    assert all(option.get("aria-invalid") == "true" for option in feasible.xpath(".//input"))


def test_the_template_pack_is_the_projects_own():
    assert settings.CRISPY_TEMPLATE_PACK == "utrecht"
    assert "crispy_bootstrap5" not in settings.INSTALLED_APPS


# Bootstrap's component classes, replaced by the NL Design System's, and its colour helpers, whose colours no
# theme's contrast check knows (#dc3545 is 4.37 : 1 on a theme's off-white); the grid and spacing utilities stay.
BOOTSTRAP_COMPONENTS = re.compile(
    r"\b(btn(-[a-z-]+)?|alert(-[a-z]+)?|badge|text-bg-[a-z]+|breadcrumb(-item)?|table(-[a-z]+)?"
    r"|(link|text|bg)-(primary|secondary|success|danger|warning|info|light|dark)"
    r"|card(-body|-header|-footer|-title|-text)?|form-(control|select|check|check-input|check-label|label|text)|is-invalid|invalid-feedback|pagination|page-(item|link))\b"
)


def test_no_template_uses_a_bootstrap_component():
    found = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for attribute in re.findall(r'class="([^"]*)"', line):
                names = re.sub(r"\{[%{].*?[%}]\}", " ", attribute).split()  # template tags are not classes
                found += [f"{path.name}:{number}: {name}" for name in names if BOOTSTRAP_COMPONENTS.fullmatch(name)]
    assert not found, found


def test_a_hint_is_text_not_html():
    class HintForm(StyledFormMixin, forms.Form):
        name = forms.CharField(label="Naam")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["name"].help_text = "Bijvoorbeeld <script>alert(1)</script>"

    html = render_crispy_form(HintForm())
    assert "<script>" not in html and "&lt;script&gt;" in html
