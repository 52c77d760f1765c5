"""The form renderer writes inputs, textareas and selects itself: the HTML must be Django's, to the character."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from chefcirculair.form_renderer import WIDGETS, FormRenderer

HOSTILE = "<script>alert(\"x\")</script> & 'quotes' é € \u202e"

CHOICES = [
    ("", "---------"),
    ("a", "Één <b>"),
    (2026, 2026),
    ("Groep & zo", [("g1", gettext_lazy("Afgerond")), ("g2", mark_safe("<i>veilig</i>"))]),
    (("t", 1), "tuple"),
]


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, help_text="hulp")
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"data-x": True, "data-no": False}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email", "class": 'a"b'}))
    number = forms.IntegerField(min_value=0)
    amount = forms.DecimalField(localize=True, required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    checked = forms.BooleanField(required=False)
    url = forms.URLField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    when = forms.DateTimeField(required=False)
    search = forms.CharField(widget=forms.SearchInput, required=False)
    phone = forms.CharField(widget=forms.TelInput, required=False)
    colour = forms.CharField(widget=forms.ColorInput, required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:3], required=False)
    typed = forms.TypedChoiceField(choices=[(1, "een"), (2, "twee")], coerce=int, required=False)
    yes_no = forms.NullBooleanField(required=False)


VALUES = [
    {},
    {"text": HOSTILE, "optional": "", "email": "x@example.nl", "number": "12", "amount": "10.000,5"},
    {"secret": HOSTILE, "hidden": mark_safe("<b>veilig</b>"), "checked": "on", "url": "https://a.nl/?a=1&b=2"},
    {"day": "2026-11-30", "when": "2026-11-30 10:00", "note": f"\n{HOSTILE}\n", "choice": "g2", "many": ["a", "2026"]},
    {"choice": "2026", "typed": "2", "yes_no": "true", "colour": "#ff0000", "phone": "+31 6", "search": "a<b"},
    {"note": "0", "choice": "('t', 1)", "number": "-1", "text": "x" * 30},
]
INITIAL = {"text": gettext_lazy("Antwoord"), "number": 7, "amount": Decimal("1234.50"), "checked": True}
INITIAL |= {"day": datetime.date(2026, 1, 2), "choice": 2026, "note": HOSTILE, "many": ["a"]}


def widgets_of(form):
    """Each field's template name and widget context, as ``BoundField.as_widget`` makes them."""
    for bound in form:
        widget = bound.field.widget
        attrs = bound.build_widget_attrs({"aria-describedby": "x"} if bound.help_text else {}, widget)
        attrs.setdefault("id", bound.auto_id)
        value = bound.value()
        yield bound.name, widget.template_name, widget.get_context(bound.html_name, value, attrs)


@pytest.mark.parametrize("data", [None, *VALUES])
def test_every_widget_gives_the_html_of_djangos_templates(data):
    form = EveryWidget(data, initial=INITIAL) if data is not None else EveryWidget(initial=INITIAL)
    form.is_valid() if data is not None else None
    ours, django = FormRenderer(), DjangoTemplates()
    written_out = 0
    for name, template_name, context in widgets_of(form):
        assert ours.render(template_name, context) == django.render(template_name, context), name
        written_out += template_name in ours.written_out
    assert written_out >= 17  # all but the multiple-choice checkbox kinds: the fast path is taken


def test_whole_forms_render_the_same_with_crispy_and_errors(settings):
    from crispy_forms.utils import render_crispy_form

    form = EveryWidget({"email": "geen e-mail", "number": "veel", "note": HOSTILE})
    form.is_valid()
    ours = render_crispy_form(form)
    with mock.patch.dict(get_default_renderer().written_out, clear=True):  # every widget by the engine
        assert render_crispy_form(EveryWidget({"email": "geen e-mail", "number": "veel", "note": HOSTILE})) == ours
    assert "&lt;script&gt;" in ours and "<script>" not in ours


def test_the_project_uses_it_and_writes_out_inputs_textareas_and_selects():
    renderer = get_default_renderer()
    assert isinstance(renderer, FormRenderer)
    expected = {f"{WIDGETS}{kind}.html" for kind in ("input", "text", "hidden", "checkbox", "textarea", "select")}
    assert expected <= set(renderer.written_out)


def test_a_template_that_differs_from_the_copied_source_is_rendered_by_the_engine():
    """A Django upgrade or an app's own widget template switches the written-out version off."""
    renderer = FormRenderer()
    real = renderer.get_template

    def changed_textarea(name):
        template = real(name)
        if name.endswith("textarea.html"):
            template = mock.Mock(template=mock.Mock(source="<textarea>{{ widget.value }}</textarea>"))
        return template

    with mock.patch.object(renderer, "get_template", changed_textarea):
        written_out = renderer.written_out
    assert WIDGETS + "textarea.html" not in written_out
    assert WIDGETS + "input.html" in written_out

    renderer = FormRenderer()
    with mock.patch.object(renderer, "get_template", lambda name: mock.Mock(template=mock.Mock(source="{# other #}"))):
        assert renderer.written_out == {}


def test_an_option_with_a_template_of_its_own_is_rendered_by_the_engine():
    class OwnOption(forms.Select):
        option_template_name = "django/forms/widgets/select_option.html"

    widget = OwnOption(choices=[("a", "A")])
    context = widget.get_context("x", "a", {"id": "id_x"})
    context["widget"]["optgroups"][0][1][0]["template_name"] = "django/forms/widgets/input.html"
    ours, django = FormRenderer(), DjangoTemplates()
    assert ours.render(WIDGETS + "select.html", context) == django.render(WIDGETS + "select.html", context)
