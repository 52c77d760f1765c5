"""Forms of the organisation core: the Menu self-scan, product categories, departments, identifiers."""

from django import forms
from django.contrib.auth import get_user_model
from django.core import validators
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lib.forms import TEXTBOX, DateInput, ScopedInlineFormSet, StyledFormMixin
from lib.numbers import DutchDecimalField

from . import theme
from .models import (
    AccessibilityStatement,
    Department,
    KnownProblem,
    MenuEvidence,
    MenuScanItem,
    Organisation,
    OrganisationTheme,
    ProductCategory,
)


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


DATE_ERROR = _("Vul een geldige datum in, bijvoorbeeld 15-03-2026.")


class AccessibilityStatementForm(StyledFormMixin, forms.ModelForm):
    """The chef circulair fills in the organisation's accessibility statement."""

    submit_label = ""
    form_tag = False

    class Meta:
        model = AccessibilityStatement
        fields = [
            "status",
            "standard",
            "signed_on",
            "evaluated_on",
            "evaluation",
            "evaluation_url",
            "contact_email",
            "contact_phone",
            "response_days",
        ]
        widgets = {
            "signed_on": DateInput(),
            "evaluated_on": DateInput(),
            "evaluation": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "signed_on": {"invalid": DATE_ERROR, "required": _("Vul de datum van de verklaring in.")},
            "evaluated_on": {"invalid": DATE_ERROR},
            "evaluation_url": {"invalid": _("Vul een volledige link in, beginnend met https://.")},
            "contact_email": {
                "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld toegankelijkheid@gemeente.nl."),
                "required": _("Vul een e-mailadres in waar mensen een probleem kunnen melden."),
            },
            "response_days": {"invalid": _("Vul een aantal werkdagen in, bijvoorbeeld 5.")},
        }

    def clean(self):
        data = super().clean()
        signed, evaluated = data.get("signed_on"), data.get("evaluated_on")
        if signed and evaluated and evaluated > signed:
            self.add_error("evaluated_on", _("De evaluatie ligt na de datum van de verklaring; pas een van beide aan."))
        return data


class KnownProblemForm(StyledFormMixin, forms.ModelForm):
    submit_label = ""
    form_tag = False

    class Meta:
        model = KnownProblem
        fields = ["description", "criterion", "planned_fix", "fix_by"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "planned_fix": forms.Textarea(attrs={"rows": 2}),
            "fix_by": DateInput(),
        }
        error_messages = {
            "description": {"required": _("Beschrijf het probleem, of laat de hele regel leeg.")},
            "fix_by": {"invalid": DATE_ERROR},
        }


KnownProblemFormSet = forms.inlineformset_factory(
    AccessibilityStatement,
    KnownProblem,
    form=KnownProblemForm,
    formset=ScopedInlineFormSet,
    extra=1,
    can_delete=True,
    max_num=50,
    absolute_max=50,
    validate_max=True,
)


# --- Theme -----------------------------------------------------------------------------------

COLOUR_ERROR = _("Vul een kleur in als #rrggbb, bijvoorbeeld #1f5f3a.")


class ColourField(forms.CharField):
    """A colour typed as hex: "#ABC", "aabbcc" and surrounding spaces are accepted and kept as "#aabbcc"."""

    default_error_messages = {"invalid": COLOUR_ERROR, "required": COLOUR_ERROR}

    def __init__(self, **kwargs):
        kwargs["max_length"] = 20  # room for spaces typed around "#rrggbb"
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("class", f"{TEXTBOX} colour-text")
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "data-colour-field": "", "size": "9"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        colour = theme.normalise_colour(value)
        if colour is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return colour


class FontSelect(forms.Select):
    """The font stacks, each option carrying its stack for the live preview (static/js/app.js)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in theme.FONT_STACKS:
            option["attrs"]["data-stack"] = theme.FONT_STACKS[value][1]
        return option


class _CurrentLogo:
    """The stored logo as the file input shows it: linked through the app's own logo URL."""

    def __init__(self, url: str):
        self.url = url

    def __str__(self) -> str:
        return str(_("het huidige logo"))


class LogoInput(forms.ClearableFileInput):
    """A file input for the logo whose "currently" link is the served logo (the storage has no public URL)."""

    logo_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _CurrentLogo(self.logo_url)
        return context


class OrganisationThemeAdminForm(forms.ModelForm):
    """The theme as staff edit it in the admin: the same checks as the chef's form (contrast in the model)."""

    class Meta:
        model = OrganisationTheme
        fields = ["organisation", *theme.DEFAULTS, "logo"]
        field_classes = dict.fromkeys(theme.COLOUR_FIELDS, ColourField)
        widgets = {
            "font_family": FontSelect,
            "logo": LogoInput(attrs={"accept": "image/png,image/jpeg"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["logo"].widget
        if isinstance(widget, LogoInput) and self.instance.pk:
            widget.logo_url = self.instance.logo_url

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return theme.checked_logo(logo)  # a PNG Pillow wrote, or a ValidationError
        return logo


class OrganisationThemeForm(StyledFormMixin, OrganisationThemeAdminForm):
    """The chef circulair's theme form, laid out by hand beside its preview (organisations/theme_edit.html)."""

    submit_label = ""
    form_tag = False

    class Meta(OrganisationThemeAdminForm.Meta):
        fields = [*theme.DEFAULTS, "logo"]

    def preview_values(self) -> dict:
        """The colours and font to preview: what was typed where it is valid, else the theme's own."""
        values = self.instance.values()
        if not self.is_bound:
            return values
        for name in theme.COLOUR_FIELDS:
            colour = theme.normalise_colour(str(self.data.get(name, "")))
            if colour:
                values[name] = colour
        font = self.data.get("font_family")
        if font in theme.FONT_STACKS:
            values["font_family"] = font
        return values
