"""The error summary: one list for every page, built by ``lib.forms.error_summary``."""

from django import template

from lib.forms import error_summary as summary_errors
from lib.forms import input_classes as classes_of

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*groups):
    """``{% error_summary form formset … %}``: the summary of these forms' errors (nothing when none)."""
    return {"errors": summary_errors(*groups)}


@register.simple_tag
def option_input(option, css_class):
    """``{% option_input option "utrecht-radio-button …" %}``: one radio or checkbox of a group, with the
    NL Design System classes added to the widget's own (its attrs, aria-invalid and required stay)."""
    attrs = option.data["attrs"]  # the bound field keeps its options: rendered twice, a class is added once
    present = attrs.get("class", "").split()
    attrs["class"] = " ".join(present + [name for name in css_class.split() if name not in present])
    return option.tag()


@register.filter
def input_classes(field) -> str:
    """``{{ field|input_classes }}``: the NL Design System classes of the field's input (lib.forms.input_classes)."""
    return classes_of(field)
