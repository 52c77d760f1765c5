"""Forms of login, passwords and two-factor authentication."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from lib.forms import StyledFormMixin
from organisations.models import Organisation, Role

from .models import SsoProvider


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

    def clean(self):
        from .sso import password_login_refused

        username = self.cleaned_data.get("username") or ""
        if (organisation := password_login_refused(email=username)) is not None:
            raise self.sso_required(organisation)
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        from .sso import password_login_refused

        if (organisation := password_login_refused(email=user.email, user=user)) is not None:
            raise self.sso_required(organisation)

    @staticmethod
    def sso_required(organisation) -> forms.ValidationError:
        return forms.ValidationError(
            _(
                "%(organisation)s laat haar medewerkers alleen inloggen met hun eigen organisatieaccount, niet met "
                "een wachtwoord van Chef Circulair. Vul je e-mailadres in en kies “Verder”: je gaat dan naar de "
                "inlogpagina van %(organisation)s."
            ),
            code="sso_required",
            params={"organisation": organisation},
        )


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    submit_label = _("Wachtwoord wijzigen")


class PasswordResetForm(StyledFormMixin, auth_forms.PasswordResetForm):
    submit_label = _("Stuur herstellink")

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """The mail in the person's language; without a choice, in the language of the page they asked on."""
        from django.utils import translation

        from .language import stored_language

        with translation.override(stored_language(context["user"]) or translation.get_language()):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


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
        if device is not None and (wait := twofactor.throttled(device)):
            raise forms.ValidationError(wait)
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
        device = twofactor.totp_device(self.user) if code.isdigit() and len(code) == 6 else None
        if device is not None and verify_token(self.user, device.persistent_id, code) is not None:
            return value
        if self.user.check_password(value):
            return value
        if device is not None and (wait := twofactor.throttled(device)):
            raise forms.ValidationError(wait)  # the code may be right: it was not checked
        raise forms.ValidationError(_("Deze code of dit wachtwoord klopt niet."))


class OrganisationTwoFactorForm(StyledFormMixin, forms.ModelForm):
    """The chef circulair makes two-factor authentication mandatory for all members."""

    class Meta:
        model = Organisation
        fields = ["two_factor_required"]
        labels = {"two_factor_required": _("Verplicht voor alle leden")}


# --- Single sign-on ------------------------------------------------------------------------


class LoginEmailForm(StyledFormMixin, forms.Form):
    """The login's first step: who is it? A domain with single sign-on goes to its provider."""

    submit_label = _("Verder")
    username = forms.CharField(
        label=_("E-mailadres of gebruikersnaam"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={"required": _("Vul je e-mailadres of gebruikersnaam in.")},
    )


class SsoLinkForm(StyledFormMixin, forms.Form):
    """The owner of an existing account proves its password once before the account is linked."""

    submit_label = _("Account koppelen")
    password = forms.CharField(
        label=_("Je huidige wachtwoord voor Chef Circulair"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul je huidige wachtwoord in.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return password


def _role_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for role in Role:
        names[role.value] = role.value
        names[str(role.label).lower()] = role.value
    names.update({"opdrachtgever": Role.INTERNE_OPDRACHTGEVER, "adviseur": Role.DUURZAAMHEIDSADVISEUR})
    names.update({"chef": Role.CHEF_CIRCULAIR})
    return names


class SsoProviderForm(StyledFormMixin, forms.ModelForm):
    """The organisation's provider: where, which client, which domains, which group gives which role."""

    submit_label = _("Opslaan")
    client_secret = forms.CharField(
        label=_("Client-secret"),
        required=False,
        max_length=1000,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Wordt versleuteld opgeslagen en nooit meer getoond. Laat leeg om het huidige te houden."),
    )
    domains = forms.CharField(
        label=_("E-maildomeinen"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén per regel, zoals voorbeeldstad.nl. Wie met zo'n adres inlogt, gaat naar de identityprovider."),
        error_messages={"required": _("Vul minstens één e-maildomein in.")},
    )
    group_roles = forms.CharField(
        label=_("Groepen en rollen"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Eén per regel: de groep (naam of ID zoals de groups-claim die geeft), een =-teken en de rol: inkoper, "
            "opdrachtgever, contractmanager, chef circulair, adviseur of lezer. Wie in geen van deze groepen zit, "
            "krijgt geen toegang. Bij meerdere groepen geldt de hoogste rol."
        ),
        error_messages={"required": _("Vul minstens één groep met een rol in.")},
    )

    class Meta:
        model = SsoProvider
        fields = [
            "enabled",
            "issuer",
            "client_id",
            "scopes",
            "claim_email",
            "claim_name",
            "claim_groups",
            "require_sso",
        ]
        error_messages = {
            "issuer": {"required": _("Vul de issuer-URL in."), "invalid": _("Vul een geldige URL in.")},
            "client_id": {"required": _("Vul het client-ID in.")},
        }

    field_order = [
        "enabled",
        "issuer",
        "client_id",
        "client_secret",
        "domains",
        "group_roles",
        "scopes",
        "claim_email",
        "claim_name",
        "claim_groups",
        "require_sso",
    ]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.order_fields(self.field_order)
        if self.instance.pk:
            self.initial["domains"] = "\n".join(self.instance.domains.values_list("domain", flat=True))
            self.initial["group_roles"] = "\n".join(
                f"{row.group} = {row.get_role_display().lower()}" for row in self.instance.group_roles.all()
            )
        else:
            self.fields["client_secret"].help_text = _("Wordt versleuteld opgeslagen en nooit meer getoond.")

    def clean_issuer(self):
        issuer = self.cleaned_data["issuer"].strip()
        if not issuer.startswith("https://") and not settings.SSO_ALLOW_HTTP_ISSUER:
            raise forms.ValidationError(_("De issuer-URL moet met https:// beginnen."))
        return issuer

    def clean_client_secret(self):
        secret = self.cleaned_data.get("client_secret", "")
        if not secret and not self.instance.client_secret_encrypted:
            raise forms.ValidationError(_("Vul het client-secret in."))
        return secret

    def clean_domains(self):
        from .models import SsoDomain
        from .sso import DOMAIN_RE

        domains: list[str] = []
        for line in self.cleaned_data["domains"].splitlines():
            domain = line.strip().lower().lstrip("@")
            if not domain:
                continue
            if not DOMAIN_RE.match(domain):
                raise forms.ValidationError(
                    _("“%(domain)s” is geen e-maildomein (zoals voorbeeldstad.nl).") % {"domain": line.strip()[:80]}
                )
            if domain not in domains:
                domains.append(domain)
        if not domains:
            raise forms.ValidationError(_("Vul minstens één e-maildomein in."))
        taken = SsoDomain.objects.unscoped().filter(domain__in=domains)
        if self.instance.pk:
            taken = taken.exclude(provider=self.instance)
        if taken.exists():
            raise forms.ValidationError(
                _("Het e-maildomein %(domain)s hoort al bij een andere organisatie.")
                % {"domain": taken.order_by("domain").first().domain}
            )
        return domains

    def clean_group_roles(self):
        names = _role_by_name()
        rows: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["group_roles"].splitlines(), start=1):
            if not line.strip():
                continue
            group, equals, role = line.rpartition("=")
            group, role = group.strip(), role.strip().lower()
            if not equals or not group:
                raise forms.ValidationError(
                    _("Regel %(number)d: schrijf de groep, een =-teken en de rol, zoals “cc-inkopers = inkoper”.")
                    % {"number": number}
                )
            if role not in names:
                raise forms.ValidationError(
                    _(
                        "Regel %(number)d: “%(role)s” is geen rol. Kies inkoper, opdrachtgever, contractmanager, "
                        "chef circulair, adviseur of lezer."
                    )
                    % {"number": number, "role": role[:40]}
                )
            if len(group) > 255:
                raise forms.ValidationError(_("Regel %(number)d: de groep is te lang.") % {"number": number})
            rows[group] = names[role]
        if not rows:
            raise forms.ValidationError(_("Vul minstens één groep met een rol in."))
        return rows

    def save(self, commit=True):
        from django.db import transaction

        from .models import SsoDomain, SsoGroupRole
        from .sso import encrypt

        provider = super().save(commit=False)
        provider.organisation = self.organisation
        if self.cleaned_data.get("client_secret"):
            provider.client_secret_encrypted = encrypt(self.cleaned_data["client_secret"])
        with transaction.atomic():
            provider.save()
            domains = self.cleaned_data["domains"]
            SsoDomain.objects.for_organisation(self.organisation).exclude(domain__in=domains).delete()
            existing = set(SsoDomain.objects.for_organisation(self.organisation).values_list("domain", flat=True))
            for domain in domains:
                if domain not in existing:
                    SsoDomain.objects.create(provider=provider, domain=domain)
            wanted = self.cleaned_data["group_roles"]
            for row in SsoGroupRole.objects.for_organisation(self.organisation):
                if row.group not in wanted:
                    row.delete()
                elif row.role != wanted[row.group]:
                    row.role = wanted[row.group]
                    row.save(update_fields=["role"])
            present = set(SsoGroupRole.objects.for_organisation(self.organisation).values_list("group", flat=True))
            for group, role in wanted.items():
                if group not in present:
                    SsoGroupRole.objects.create(provider=provider, group=group, role=role)
        return provider
