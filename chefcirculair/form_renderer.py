"""The form renderer: Django's widget templates, with the simplest ones written out in Python.

Django renders every widget through the template engine: an ``<input>`` is
three template renders (``text.html``, ``input.html``, ``attrs.html``), a
``<select>`` one more per option. On the phase page, with some twenty answer
and check fields, that was a fifth of the page's time (``bench/profile_pages.py``).

For the inputs, textareas and selects this renderer writes the same HTML
directly, with the same escaping. It does so only for a template whose source
is, character for character, the source these functions copy: if Django
changes one, or an app overrides it, that template is rendered by the engine
again, as before. ``tests/organisations/test_form_renderer.py`` compares the
output of both for every kind of widget and value.
"""

from collections.abc import Callable

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
ATTRS = (
    "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
)
INPUT = (
    '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
    "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% include "django/forms/widgets/attrs.html" %}>\n'
)
TEXTAREA = (
    '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
    "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
)
SELECT = (
    '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
    "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
    '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
    "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
    "  </optgroup>{% endif %}{% endfor %}\n</select>\n"
)
OPTION = (
    "<option value=\"{{ widget.value|stringformat:'s' }}\""
    '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
)
INCLUDES_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
INPUT_KINDS: tuple[str, ...] = ("text", "email", "number", "password", "hidden", "checkbox", "url", "date")
INPUT_KINDS += ("datetime", "time")
INPUT_KINDS += ("search", "tel", "color")

_CONTEXT = Context()  # autoescaping on, as in the renderer's template engine


def _text(value) -> str:
    """``{{ value }}``."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps a safe value safe."""
    try:
        result = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (TypeError, ValueError):
        result = ""
    return _text(mark_safe(result) if isinstance(value, SafeData) else result)  # noqa: S308  # nosec B308 B703 - safe stays safe


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_text(name)}")
            if value is not True:
                parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>\n'


def _textarea(widget: dict) -> str:
    text = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>\n'


def _option(option: dict) -> str:
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != WIDGETS + "select_option.html":
                return None  # an option with a template of its own: the engine renders the whole select
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """``FORM_RENDERER``: Django's template renderer, faster for inputs, textareas and selects."""

    @cached_property
    def written_out(self) -> dict:
        """Template name → the function that writes its HTML, for templates whose source is the one copied."""

        def source(name: str) -> str | None:
            return getattr(self.get_template(WIDGETS + name).template, "source", None)

        if source("attrs.html") != ATTRS:
            return {}
        functions: dict[str, Callable[[dict], str | None]] = {}
        if source("input.html") == INPUT:
            functions[WIDGETS + "input.html"] = _input
            for kind in INPUT_KINDS:
                if source(f"{kind}.html") == INCLUDES_INPUT:
                    functions[f"{WIDGETS}{kind}.html"] = _input
        if source("textarea.html") == TEXTAREA:
            functions[WIDGETS + "textarea.html"] = _textarea
        if source("select.html") == SELECT and source("select_option.html") == OPTION:
            functions[WIDGETS + "select.html"] = _select
        return functions

    def render(self, template_name, context, request=None):
        write = self.written_out.get(template_name)
        html = write(context["widget"]) if write and set(context) == {"widget"} else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html.strip()  # the widget marks it safe, as it does the engine's: every value in it was escaped
