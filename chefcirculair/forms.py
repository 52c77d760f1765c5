"""Forms of the organisation core, rendered with the project's one crispy style."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.forms.utils import pretty_name
from django.utils.translation import gettext_lazy as _


def form_helper(submit_label: str, *, form_tag: bool = True) -> FormHelper:
    """The single FormHelper style every form of the project uses."""
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.form_method = "post"
    helper.form_show_errors = True
    helper.error_text_inline = True
    helper.label_class = "fw-semibold"
    if submit_label:
        helper.add_input(Submit("submit", submit_label, css_class="btn btn-primary"))
    return helper


class StyledFormMixin:
    submit_label = _("Opslaan")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(self.submit_label)
        for name, field in self.fields.items():
            if not field.required and not isinstance(field.widget, forms.CheckboxInput | forms.HiddenInput):
                label = field.label or pretty_name(name)
                field.label = _("%(label)s (optioneel)") % {"label": label}


class LoginForm(StyledFormMixin, auth_forms.AuthenticationForm):
    submit_label = _("Inloggen")
    error_messages = {
        "invalid_login": _("Het e-mailadres of het wachtwoord klopt niet. Let op hoofdletters en probeer het opnieuw."),
        "inactive": _("Dit account is niet actief."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mailadres of gebruikersnaam")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    submit_label = _("Wachtwoord wijzigen")


class PasswordResetForm(StyledFormMixin, auth_forms.PasswordResetForm):
    submit_label = _("Stuur herstellink")


class SetPasswordForm(StyledFormMixin, auth_forms.SetPasswordForm):
    submit_label = _("Wachtwoord opslaan")
