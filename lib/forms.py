"""The project's one form style and the error summary, used by the forms of every app."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.forms.utils import pretty_name
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The NL Design System classes of the inputs laid out by hand (templates/includes/field.html); crispy's
# fields get theirs from the template pack (templates/utrecht/field.html).
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"
RADIO = "utrecht-radio-button utrecht-radio-button--html-input"
SELECT = "utrecht-select utrecht-select--html-select"
FILE = "file-input"


def input_classes(field) -> str:
    """The NL Design System classes of a bound field's input, with the component's invalid modifier when the
    field has errors (utrecht-textbox … utrecht-textbox--invalid). The template pack's one source."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):  # before RadioSelect: a subclass
        classes = CHECKBOX
    elif isinstance(widget, forms.RadioSelect):
        classes = RADIO
    elif isinstance(widget, forms.Select):
        classes = SELECT
    elif isinstance(widget, forms.Textarea):
        classes = TEXTAREA
    elif isinstance(widget, forms.FileInput):
        classes = FILE
    else:
        classes = TEXTBOX
    return f"{classes} {classes.split()[0]}--invalid" if field.errors else classes


class SubmitButton(Submit):
    """A form's submit button: the NL Design System's primary action (Utrecht button)."""

    field_classes = "utrecht-button utrecht-button--primary-action"


def form_helper(submit_label: str | Promise, *, form_tag: bool = True) -> FormHelper:
    """The single FormHelper style every form of the project uses.

    Without ``form_tag`` the form is part of a bigger ``<form>`` in the template, which carries the
    CSRF token (and, with an empty ``submit_label``, the button).
    """
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.disable_csrf = not form_tag
    helper.form_method = "post"
    helper.form_show_errors = True
    helper.error_text_inline = True
    if submit_label:
        helper.add_input(SubmitButton("submit", submit_label))
    return helper


def error_summary(*groups) -> list[tuple[str, str]]:
    """(field id or "", message) per error of the given forms and formsets, for the error summary.

    The one place the summary's list is built (``{% error_summary %}`` in form_tags renders it). A
    message names its field ("Titel: …"), a formset row also its number ("2. Titel: …"); rows
    marked for deletion are left out. A form with a ``summary_label`` (an answer: its question)
    names its fields by that. Errors of hidden fields and of the whole form have no link.
    """
    errors = []
    for group in groups:
        if group is None:
            continue
        if hasattr(group, "forms"):  # a formset
            errors += [("", str(e)) for e in group.non_form_errors()]
            for number, form in enumerate(group.forms, start=1):
                if group.can_delete and _marked_for_deletion(form):
                    continue
                errors += _form_errors(form, number)
        else:
            errors += _form_errors(group, None)
    return errors


def _marked_for_deletion(form) -> bool:
    if not form.is_bound:
        return False
    form.is_valid()  # validates the row (once): its cleaned_data says whether it is deleted
    return bool(form.cleaned_data.get(forms.formsets.DELETION_FIELD_NAME))


def _form_errors(form, number: int | None) -> list[tuple[str, str]]:
    errors = [("", str(e)) for e in form.non_field_errors()]
    for field in form:
        if not field.errors:
            continue
        label = getattr(form, "summary_label", None) or field.label or pretty_name(field.name)
        if number:
            label = f"{number}. {label}"
        # A radio or checkbox group has no id of its own: link to its first option.
        anchor = "" if field.is_hidden else field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
        errors += [(anchor, f"{label}: {error}") for error in field.errors]
    return errors


class StyledFormMixin:
    """The project's crispy style; ``submit_label=`` overrides the class's button text for one form.

    ``form_tag = False``: the form is rendered inside a ``<form>`` of the template (see form_helper).
    """

    submit_label: str | Promise = _("Opslaan")
    form_tag = True

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(self.submit_label if submit_label is None else submit_label, form_tag=self.form_tag)
        for name, field in self.fields.items():
            if not field.required and not isinstance(field.widget, forms.CheckboxInput | forms.HiddenInput):
                label = field.label or pretty_name(name)
                field.label = _("%(label)s (optioneel)") % {"label": label}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ScopedInlineFormSet(forms.BaseInlineFormSet):
    """An inline formset whose row ids are looked up among the parent's own rows only.

    Django validates the hidden id of each row against the model's default
    manager (every organisation); here it is the parent's rows, so a posted id
    of another organisation's row is simply not a valid choice.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_field = form.fields.get(self._pk_field.name)
        if isinstance(pk_field, forms.ModelChoiceField):
            pk_field.queryset = self.get_queryset()
