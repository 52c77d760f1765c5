"""The error summary: one list for every page, built by ``lib.forms.error_summary``."""

from django import template

from lib.forms import error_summary as summary_errors

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*groups):
    """``{% error_summary form formset … %}``: the summary of these forms' errors (nothing when none)."""
    return {"errors": summary_errors(*groups)}
