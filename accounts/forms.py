"""Forms of login, passwords and two-factor authentication."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from lib.forms import StyledFormMixin
from organisations.models import Organisation


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


class _CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=64, strip=True, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"})
        return attrs


class TwoFactorCodeForm(StyledFormMixin, forms.Form):
    """The code step of the login: a code from the authenticator app, or a recovery code (used up)."""

    submit_label = _("Verder")
    code = _CodeField(
        label=_("Code"),
        help_text=_("De 6 cijfers uit je authenticator-app, of een van je herstelcodes."),
        error_messages={"required": _("Vul de code uit je authenticator-app in.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None
        self.used_recovery_code = False

    def clean_code(self):
        from django_otp import verify_token

        from . import twofactor

        code = twofactor.normalise_code(self.cleaned_data["code"])
        if code.isdigit() and len(code) == 6:
            device = twofactor.totp_device(self.user)
        else:
            device = twofactor.recovery_device(self.user)
        if device is not None and not device.verify_is_allowed()[0]:
            raise forms.ValidationError(
                _("Er zijn net een paar verkeerde codes ingevuld. Wacht even en probeer het opnieuw.")
            )
        if device is not None and len(code) <= 16:
            self.device = verify_token(self.user, device.persistent_id, code)
        if self.device is None:
            raise forms.ValidationError(
                _(
                    "Deze code klopt niet. Vul de code in die je app nu laat zien (controleer of de tijd op je "
                    "telefoon klopt), of een herstelcode die je nog niet hebt gebruikt."
                )
            )
        self.used_recovery_code = not isinstance(self.device, twofactor.TOTPDevice)
        return code


class TwoFactorSetupForm(StyledFormMixin, forms.Form):
    """Confirms the new authenticator app with its first code."""

    submit_label = _("Tweestapsverificatie aanzetten")
    code = _CodeField(
        label=_("Code uit je authenticator-app"),
        help_text=_("De 6 cijfers die je app laat zien nadat je de QR-code hebt gescand."),
        error_messages={"required": _("Vul de code uit je authenticator-app in.")},
    )

    def __init__(self, *args, key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key
        self.matched_t = None

    def clean_code(self):
        from binascii import unhexlify

        from django_otp.oath import TOTP

        from . import twofactor

        code = twofactor.normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("De code bestaat uit 6 cijfers."))
        totp = TOTP(unhexlify(self.key))
        if not totp.verify(int(code), tolerance=1):
            raise forms.ValidationError(
                _(
                    "Deze code klopt niet. Vul de code in die je app nu laat zien, "
                    "en controleer of de tijd op je telefoon klopt."
                )
            )
        self.matched_t = totp.t()
        return code


class TwoFactorConfirmForm(StyledFormMixin, forms.Form):
    """A logged-in user proves it is them before a change to their second factor."""

    submit_label = _("Bevestigen")
    confirmation = forms.CharField(
        label=_("Code uit je authenticator-app of je wachtwoord"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul een code uit je authenticator-app of je wachtwoord in.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirmation(self):
        from django_otp import verify_token

        from . import twofactor

        value = self.cleaned_data["confirmation"]
        code = twofactor.normalise_code(value)
        if code.isdigit() and len(code) == 6:
            device = twofactor.totp_device(self.user)
            if device is not None and verify_token(self.user, device.persistent_id, code) is not None:
                return value
        if self.user.check_password(value):
            return value
        raise forms.ValidationError(_("Deze code of dit wachtwoord klopt niet."))


class OrganisationTwoFactorForm(StyledFormMixin, forms.ModelForm):
    """The chef circulair makes two-factor authentication mandatory for all members."""

    class Meta:
        model = Organisation
        fields = ["two_factor_required"]
        labels = {"two_factor_required": _("Verplicht voor alle leden")}
