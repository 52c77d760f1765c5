"""Forms of the suppliers app: suppliers, invitations, the supplier's account, submissions and their review."""

import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lib.forms import StyledFormMixin
from lib.numbers import NUMBER_ERROR, check_limits, parse_number

from . import evidence
from .models import Proposal, Supplier


class WrappedFormMixin(StyledFormMixin):
    """The supplier pages put each form in a ``<form>`` of their own (action, enctype): crispy adds no second one.

    A ``<form>`` inside a ``<form>`` is invalid HTML: browsers drop the inner tag and end the outer form
    at the inner ``</form>``.
    """

    form_tag = False


class SupplierForm(WrappedFormMixin, forms.ModelForm):
    submit_label = _("Leverancier toevoegen")

    class Meta:
        model = Supplier
        fields = ["name", "kvk_number", "contact_name", "contact_email"]
        help_texts = {"kvk_number": _("8 cijfers, bijvoorbeeld 12345678.")}

    def __init__(self, *args, trajectory=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.trajectory = trajectory
        # Typed with spaces or dots ("1234 5678") it is longer than the 8 digits stored.
        self.fields["kvk_number"].max_length = 12
        self.fields["kvk_number"].validators = []
        self.fields["kvk_number"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "maxlength": 12})

    def clean_kvk_number(self):
        number = re.sub(r"[\s.]", "", self.cleaned_data["kvk_number"] or "")
        if not re.fullmatch(r"\d{8}", number):
            raise ValidationError(_("Een KvK-nummer bestaat uit precies 8 cijfers."))
        if self.trajectory and Supplier.objects.filter(trajectory=self.trajectory, kvk_number=number).exists():
            raise ValidationError(_("Deze leverancier (dit KvK-nummer) staat al bij dit contract."))
        return number

    def validate_unique(self):
        """The KvK-nummer per contract is checked in clean_kvk_number, with a clear message."""


class InvitationForm(WrappedFormMixin, forms.Form):
    submit_label = _("Uitnodiging versturen")
    email = forms.EmailField(label=_("E-mailadres van de contactpersoon"), max_length=254)


class AccountForm(WrappedFormMixin, forms.Form):
    """A new supplier account: the name and a password (the e-mail address is the invitation's)."""

    submit_label = _("Account aanmaken")
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    password1 = forms.CharField(
        label=_("Wachtwoord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif first:
            User = get_user_model()
            user = User(username=self.email, email=self.email, first_name=cleaned.get("first_name", ""))
            try:
                password_validation.validate_password(first, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": evidence.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


_VALUE_WITH_UNIT = re.compile(r"^\s*(?P<number>[-+]?[\d.,\s\u00a0]*\d)\s*(?P<unit>\S.*?)?\s*$")


def normalise_unit(unit: str) -> str:
    return re.sub(r"\s+", "", unit or "").lower().replace("procent", "%")


class SubmissionForm(WrappedFormMixin, forms.Form):
    """A value for one contract KPI and year, in the KPI's unit, with a note and evidence files."""

    submit_label = _("Insturen")
    value = forms.CharField(label=_("Waarde"), max_length=60)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea({"rows": 4}))
    # A declared field: the form metaclass moves it into base_fields, so it never shadows BaseForm.files.
    files = MultipleFileField(label=_("Bewijsstukken"), required=False)  # type: ignore[assignment]

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["value"].label = _("Waarde (in %(unit)s)") % {"unit": unit} if unit else _("Waarde")
        self.fields["value"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        self.fields["files"].help_text = _("PDF, XLSX, CSV, PNG of JPEG; hoogstens %(count)s bestanden.") % {
            "count": settings.EVIDENCE_MAX_FILES
        }
        self.checked_files: list[tuple[UploadedFile, evidence.CheckedFile]] = []

    def clean_value(self):
        text = self.cleaned_data["value"]
        match = _VALUE_WITH_UNIT.match(text)
        if match is None:
            raise ValidationError(NUMBER_ERROR)
        typed_unit = match.group("unit")
        if typed_unit and normalise_unit(typed_unit) != normalise_unit(self.unit):
            raise ValidationError(
                _("Deze KPI wordt gemeten in %(unit)s, niet in %(typed)s. Vul de waarde in %(unit)s in.")
                % {"unit": self.unit, "typed": typed_unit}
            )
        try:
            number = parse_number(match.group("number").strip())
            check_limits(number, 16, 4)
        except ValueError:
            raise ValidationError(NUMBER_ERROR) from None
        return number

    def refuse_files(self, message: str) -> None:
        """Show ``message`` beside the files field (and in the error summary) on a form that was not posted."""
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        self.add_error("files", message)

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > settings.EVIDENCE_MAX_FILES:
            raise ValidationError(_("Voeg hoogstens %(count)s bestanden toe.") % {"count": settings.EVIDENCE_MAX_FILES})
        errors, checked = [], []
        for uploaded in files:
            try:
                checked.append((uploaded, evidence.check_upload(uploaded)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        self.checked_files = checked
        return files


class ReviewForm(WrappedFormMixin, forms.Form):
    ACCEPT, RETURN = "accept", "return"
    submit_label = _("Beoordeling opslaan")
    decision = forms.ChoiceField(
        label=_("Beoordeling"),
        choices=[
            (ACCEPT, _("Accepteren: de waarde wordt de officiële meting")),
            (RETURN, _("Terugsturen naar de leverancier")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Opmerking voor de leverancier"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Schrijf waarom je de inzending terugstuurt."))
        return cleaned


class MessageForm(WrappedFormMixin, forms.Form):
    submit_label = _("Bericht versturen")
    text = forms.CharField(label=_("Bericht"), max_length=4000, widget=forms.Textarea({"rows": 4}))


class ProposalForm(WrappedFormMixin, forms.ModelForm):
    submit_label = _("Voorstel indienen")

    class Meta:
        model = Proposal
        fields = ["title", "description", "strategy", "expected_effect"]
        labels = {"description": _("Wat stel je voor?"), "expected_effect": _("Verwacht effect")}
        help_texts = {
            "description": _("Bijvoorbeeld een alternatief met minder materiaal, terugname of delen."),
            "expected_effect": _("Bijvoorbeeld: 20% minder kg materiaal per laptop vanaf 2027."),
        }
        widgets = {"description": forms.Textarea({"rows": 4}), "expected_effect": forms.Textarea({"rows": 3})}


class ProposalDecisionForm(WrappedFormMixin, forms.Form):
    ACCEPT, DECLINE = "accept", "decline"
    submit_label = _("Besluit opslaan")
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(ACCEPT, _("Aannemen")), (DECLINE, _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Motivering"), max_length=2000, widget=forms.Textarea({"rows": 3}))
