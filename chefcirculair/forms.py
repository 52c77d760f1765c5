"""Forms of the organisation core, rendered with the project's one crispy style."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core import validators
from django.forms.utils import pretty_name
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import Department, MenuEvidence, MenuScanItem, Organisation, ProductCategory
from .numbers import DutchDecimalField


def form_helper(submit_label: str, *, form_tag: bool = True) -> FormHelper:
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
    helper.label_class = "fw-semibold"
    if submit_label:
        helper.add_input(Submit("submit", submit_label, css_class="btn btn-primary"))
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

    submit_label = _("Opslaan")
    form_tag = True

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(self.submit_label if submit_label is None else submit_label, form_tag=self.form_tag)
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


# --- The organisation's programme: Menu self-scan and product categories ---


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def member_users(organisation):
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class MenuScanItemForm(StyledFormMixin, forms.ModelForm):
    submit_label = ""  # one submit button for the form and its evidence, in the template
    form_tag = False

    class Meta:
        model = MenuScanItem
        fields = ["status", "owner", "next_step", "next_step_date"]
        widgets = {
            "status": forms.RadioSelect,
            "next_step": forms.Textarea(attrs={"rows": 3}),
            "next_step_date": DateInput(),
        }
        field_classes = {"owner": MemberChoiceField}
        error_messages = {"next_step_date": {"invalid": _("Vul een geldige datum in, bijvoorbeeld 15-03-2026.")}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_users(organisation)
        self.fields["owner"].empty_label = _("Nog niemand")
        self.fields["owner"].help_text = _("Wie in de organisatie trekt dit ingrediënt?")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("next_step_date") and not cleaned.get("next_step"):
            self.add_error("next_step", _("Beschrijf de volgende stap bij de datum."))
        return cleaned


class MenuEvidenceForm(StyledFormMixin, forms.ModelForm):
    submit_label = ""
    form_tag = False

    class Meta:
        model = MenuEvidence
        fields = ["kind", "title", "date", "reference", "url"]
        widgets = {"date": DateInput()}
        error_messages = {
            "date": {"invalid": _("Vul een geldige datum in, bijvoorbeeld 15-03-2026.")},
            "url": {"invalid": _("Vul een volledige link in, beginnend met https://.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].help_text = _("Bijvoorbeeld het zaak- of besluitnummer.")


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


EvidenceFormSet = forms.inlineformset_factory(
    MenuScanItem,
    MenuEvidence,
    form=MenuEvidenceForm,
    formset=ScopedInlineFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    absolute_max=30,
    validate_max=True,
)


RESERVED_CATEGORY_SLUGS = {"nieuw", "standaard-toevoegen"}  # URL words of the category pages


class ProductCategoryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ProductCategory
        fields = ["name", "description", "impact_weight", "annual_spend"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"annual_spend": DutchDecimalField}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        weight = self.fields["impact_weight"]
        weight.widget = forms.NumberInput(attrs={"min": 1, "max": 5})
        weight.help_text = _("Hoe groot de milieu-impact van deze categorie is: 1 (laag) tot 5 (hoog).")
        self.fields["annual_spend"].help_text = _("In euro's, bijvoorbeeld 250.000 of 1.250,50.")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = ProductCategory.objects.filter(organisation=self.organisation).exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("Er bestaat al een productcategorie met de naam “%(name)s”."), params={"name": name}
            )
        if others.filter(slug=slugify(name)[:200]).exists():
            raise forms.ValidationError(_("Deze naam lijkt te veel op die van een bestaande productcategorie."))
        if not slugify(name):
            raise forms.ValidationError(_("Gebruik in de naam ten minste één letter of cijfer."))
        if slugify(name) in RESERVED_CATEGORY_SLUGS:
            raise forms.ValidationError(_("Deze naam is gereserveerd; kies een andere naam."))
        return name

    def clean_impact_weight(self):
        weight = self.cleaned_data["impact_weight"]
        if weight is None or not 1 <= weight <= 5:
            raise forms.ValidationError(_("Kies een impactgewicht van 1 tot en met 5."))
        return weight

    def clean_annual_spend(self):
        spend = self.cleaned_data.get("annual_spend")
        if spend is not None and spend < 0:
            raise forms.ValidationError(_("De jaarlijkse uitgaven kunnen niet negatief zijn."))
        return spend

    def save(self, commit=True):
        category = super().save(commit=False)
        category.organisation = self.organisation
        category.slug = slugify(category.name)[:200]
        if commit:
            category.save()
        return category


class DepartmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["name"].help_text = _("Zoals de afdeling in je organisatie heet, bijvoorbeeld Facilitair.")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Geef de afdeling een naam."))
        others = Department.objects.filter(organisation=self.organisation).exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Er bestaat al een afdeling met de naam “%(name)s”."), params={"name": name})
        return name

    def save(self, commit=True):
        department = super().save(commit=False)
        department.organisation = self.organisation
        if commit:
            department.save()
        return department


# --- Two-factor authentication (chefcirculair/twofactor.py) ---


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


class OrganisationIdentifiersForm(StyledFormMixin, forms.ModelForm):
    """The chef circulair records the organisation's OIN and KvK number (used in OCDS exports and imports)."""

    submit_label = _("Opslaan")

    class Meta:
        model = Organisation
        fields = ["oin", "kvk_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("oin", "kvk_number"):
            # Spaces are allowed while typing ("1234 5678"); the model checks the digits after cleaning.
            field = self.fields[name]
            field.max_length = None
            field.validators = [v for v in field.validators if not isinstance(v, validators.MaxLengthValidator)]
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["inputmode"] = "numeric"

    def _digits(self, name: str) -> str:
        return "".join((self.cleaned_data.get(name) or "").split())

    def clean_oin(self):
        return self._digits("oin")

    def clean_kvk_number(self):
        return self._digits("kvk_number")
