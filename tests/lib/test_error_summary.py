"""The error summary: one list, built by lib.forms.error_summary, for every page."""

from django import forms
from django.template import Context, Template

from lib.forms import error_summary


class Row(forms.Form):
    title = forms.CharField(label="Titel")
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        if self.cleaned_data.get("title") == "fout":
            raise forms.ValidationError("De regel klopt niet.")
        return self.cleaned_data


Rows = forms.formset_factory(Row, can_delete=True)


def rows(*values):
    data = {"form-TOTAL_FORMS": str(len(values)), "form-INITIAL_FORMS": "0"}
    for i, value in enumerate(values):
        data |= {f"form-{i}-{k}": v for k, v in value.items()}
    return Rows(data)


def test_a_form_lists_each_error_with_its_label_and_a_link_to_its_field():
    form = Row({"title": "", "kind": "x", "version": "y"})
    assert error_summary(form) == [
        ("id_title", "Titel: Dit veld is verplicht."),
        ("id_kind_0", "Soort: Selecteer een geldige keuze. x is geen beschikbare keuze."),  # the first radio
        ("", "Version: Voer een geheel getal in."),  # a hidden field: no link, listed once
    ]


def test_form_wide_errors_have_no_link_and_a_summary_label_replaces_the_field_labels():
    form = Row({"title": "fout", "kind": "a", "version": "1"})
    assert error_summary(form) == [("", "De regel klopt niet.")]
    form = Row({"title": "", "kind": "a", "version": "1"})
    form.summary_label = "Wat is het doel?"
    assert error_summary(form) == [("id_title", "Wat is het doel?: Dit veld is verplicht.")]


def test_formset_rows_are_numbered_and_deleted_rows_left_out():
    formset = rows(
        {"title": "", "kind": "a", "version": "1"},
        {"title": "", "kind": "a", "version": "1", "DELETE": "on"},
        {"title": "ok", "kind": "", "version": "1"},
    )
    assert error_summary(formset, None) == [
        ("id_form-0-title", "1. Titel: Dit veld is verplicht."),
        ("id_form-2-kind_0", "3. Soort: Dit veld is verplicht."),
    ]


def test_the_tag_renders_one_summary_and_nothing_without_errors():
    template = Template("{% load form_tags %}{% error_summary form %}")
    html = template.render(Context({"form": Row({"title": "", "kind": "a", "version": "1"})}))
    assert 'id="error-summary"' in html and '<a href="#id_title">Titel: Dit veld is verplicht.</a>' in html
    assert template.render(Context({"form": Row({"title": "x", "kind": "a", "version": "1"})})).strip() == ""
    assert template.render(Context({"form": Row()})).strip() == ""
