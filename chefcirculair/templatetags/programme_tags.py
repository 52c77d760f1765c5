"""Template helpers of the programme pages: error summaries (amounts and numbers: ``nl_format``)."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/error_summary_list.html")
def error_summary_forms(*groups):
    """One error summary for a page with several forms and formsets.

    Each argument is a form or a formset; formset forms are numbered ("Regel 2: Titel").
    """
    errors = []
    for group in groups:
        if group is None:
            continue
        if hasattr(group, "forms"):  # a formset
            errors += [(None, str(e)) for e in group.non_form_errors()]
            for number, form in enumerate(group.forms, start=1):
                if group.can_delete and group._should_delete_form(form):
                    continue
                errors += _form_errors(form, number)
        else:
            errors += _form_errors(group, None)
    return {"errors": errors}


def _form_errors(form, number):
    errors = [(None, str(e)) for e in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            label = f"{number}. {field.label}" if number else field.label
            errors.append((field.id_for_label, f"{label}: {error}"))
    return errors
