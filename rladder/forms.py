"""Forms of the product strategies and ambitiewebs (used by rladder and procurement views)."""

import re
from typing import cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from lib.forms import DateInput, ScopedInlineFormSet, StyledFormMixin
from lib.numbers import DutchDecimalField
from organisations.forms import MemberChoiceField, member_users

from .ambition import is_deviation
from .factor_lines import amount_in_factor_unit, unit_label
from .models import (
    FACTOR_DIGITS,
    LEVEL_MAX,
    LEVEL_MIN,
    LIFETIME_DIGITS,
    PERCENT_DIGITS,
    QUANTITY_DIGITS,
    BaselineLine,
    FactorUnit,
    OrganisationImpactFactor,
    ProductStrategy,
    RStrategy,
)


class StrategyChoiceField(forms.ModelChoiceField):
    """R-strategies by code ("R3"), from the top of the ladder down, labelled "R0 – Refuse (weigeren)".

    A posted number is taken as the strategy's id: what the forms of the product strategy
    and its milestones posted before every form posted codes.
    """

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs["error_messages"] = {
            "invalid_choice": _("Kies een R-strategie uit de lijst (R0 tot en met R9)."),
            **kwargs.get("error_messages", {}),
        }
        super().__init__(queryset if queryset is not None else RStrategy.objects.order_by("number"), **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.isascii() and value.isdigit():
            strategy = self.queryset.filter(pk=int(value)).first()
            if strategy is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return strategy
        return super().to_python(value)

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} – {obj.name_nl} ({obj.name_en})"


class ProductStrategyForm(StyledFormMixin, forms.ModelForm):
    """Asks R0, R1 and R2 before the goal, so the strategy starts at the top of the ladder."""

    baseline_strategy = StrategyChoiceField(label=_("Waar staat de categorie nu op de R-ladder?"))
    goal_strategy = StrategyChoiceField(label=_("Doel: welke R-strategie over tien jaar?"))
    goal_kg_material = DutchDecimalField(
        label=_("Doel in kilo's: kg materiaal per jaar in het doeljaar"),
        required=False,
        min_value=0,
        help_text=_(
            "Zet je de nulmeting in volumes op (regels met aantallen en factoren), dan kun je het doel ook in "
            "kilogrammen uitdrukken; de mijlpalen volgen. Bijvoorbeeld 12.500."
        ),
        **QUANTITY_DIGITS,
    )
    goal_kg_co2e = DutchDecimalField(
        label=_("Doel in kilo's: kg CO2-equivalent per jaar in het doeljaar"),
        required=False,
        min_value=0,
        **QUANTITY_DIGITS,
    )

    class Meta:
        model = ProductStrategy
        fields = [
            "status",
            "owner",
            "baseline_date",
            "baseline_strategy",
            "baseline_tool",
            "baseline_description",
            "impact",
            "supply_risk",
            "r0_consideration",
            "r1_consideration",
            "r2_consideration",
            "goal_year",
            "goal_strategy",
            "goal_basis",
            "goal_description",
            "goal_kg_material",
            "goal_kg_co2e",
        ]
        widgets = {
            "baseline_date": DateInput(),
            "baseline_description": forms.Textarea(attrs={"rows": 3}),
            "impact": forms.RadioSelect,
            "supply_risk": forms.RadioSelect,
            "goal_basis": forms.RadioSelect,
            "r0_consideration": forms.Textarea(attrs={"rows": 3}),
            "r1_consideration": forms.Textarea(attrs={"rows": 3}),
            "r2_consideration": forms.Textarea(attrs={"rows": 3}),
            "goal_description": forms.Textarea(attrs={"rows": 3}),
            "goal_year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
        }
        field_classes = {"owner": MemberChoiceField}
        help_texts = {
            "baseline_tool": _("Bijvoorbeeld het Impact Kompas of Circulair Minds."),
            "impact": _("Hoe groot is de invloed van deze categorie op het resultaat (kosten, impact, kerntaak)?"),
            "supply_risk": _(
                "Hoe groot is het risico dat levering stokt (weinig leveranciers, schaarse grondstoffen)?"
            ),
            "goal_basis": _("Heeft je organisatie geen eigen langetermijndoel, houd dan de doelen van het Rijk aan."),
            "goal_year": _("Meestal tien jaar na de nulmeting."),
        }
        error_messages = {
            "baseline_date": {
                "required": _("Vul de datum van de nulmeting in."),
                "invalid": _("Vul een geldige datum in, bijvoorbeeld 15-03-2026."),
            },
            "goal_year": {
                "required": _("Vul het doeljaar in."),
                "invalid": _("Vul een jaartal in, bijvoorbeeld 2036."),
            },
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = member_users(organisation)
        self.fields["owner"].empty_label = _("Nog niemand")
        self.fields["baseline_strategy"].error_messages["required"] = _("Kies waar de categorie nu staat.")
        self.fields["goal_strategy"].error_messages["required"] = _("Kies de R-strategie van het doel.")
        for name in ("impact", "supply_risk"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.fields["r0_consideration"].help_text = _(
            "Kunnen we (een deel van) deze inkoop voorkomen, door van de functie af te zien of die heel anders te "
            "vervullen?"
        )
        self.fields["r1_consideration"].help_text = _(
            "Kunnen we bestaande producten intensiever gebruiken, delen of multifunctioneel maken?"
        )
        self.fields["r2_consideration"].help_text = _(
            "Kunnen we met minder grondstoffen en materialen toe, in het product of in het gebruik?"
        )

    def clean_goal_year(self):
        year = self.cleaned_data["goal_year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Vul een doeljaar tussen 2000 en 2100 in."))
        return year

    def clean(self):
        cleaned = super().clean()
        baseline_date, goal_year = cleaned.get("baseline_date"), cleaned.get("goal_year")
        if baseline_date and goal_year and goal_year <= baseline_date.year:
            self.add_error(
                "goal_year",
                _("Het doeljaar moet na het jaar van de nulmeting (%(year)s) liggen.") % {"year": baseline_date.year},
            )
        baseline, goal = cleaned.get("baseline_strategy"), cleaned.get("goal_strategy")
        if baseline and goal and goal.number > baseline.number:
            self.add_error(
                "goal_strategy",
                _(
                    "Het doel (%(goal)s) ligt lager op de R-ladder dan de nulmeting (%(baseline)s). "
                    "Kies %(baseline)s of hoger."
                )
                % {"goal": goal.code, "baseline": baseline.code},
            )
        if goal and not goal.is_highest:
            # Starting at the top of the ladder: a goal below R2 needs R0, R1 and R2 weighed first.
            for field, code in (("r0_consideration", "R0"), ("r1_consideration", "R1"), ("r2_consideration", "R2")):
                if not (cleaned.get(field) or "").strip():
                    self.add_error(
                        field,
                        _(
                            "Het doel ligt onder de hoogste R-strategieën: "
                            "leg eerst uit waarom %(code)s niet haalbaar is."
                        )
                        % {"code": code},
                    )
        return cleaned


class MilestoneForm(forms.Form):
    year = forms.IntegerField(
        label=_("Jaar"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Vul het jaar in."),
            "invalid": _("Vul een jaartal in."),
            "min_value": _("Vul een jaartal vanaf 2000 in."),
            "max_value": _("Vul een jaartal tot en met 2100 in."),
        },
    )
    target = StrategyChoiceField(label=_("R-strategie"), error_messages={"required": _("Kies een R-strategie.")})
    description = forms.CharField(
        label=_("Wat moet dan waar zijn?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Beschrijf wat er in dat jaar bereikt moet zijn.")},
    )
    kg_material = DutchDecimalField(
        label=_("kg materiaal per jaar (optioneel)"), required=False, min_value=0, **QUANTITY_DIGITS
    )
    kg_co2e = DutchDecimalField(
        label=_("kg CO2-equivalent per jaar (optioneel)"), required=False, min_value=0, **QUANTITY_DIGITS
    )


class BaseMilestoneFormSet(forms.BaseFormSet):
    """Milestones must run in order, from the nulmeting to the goal, and never past it."""

    def __init__(self, *args, strategy: ProductStrategy, **kwargs):
        self.strategy = strategy
        super().__init__(*args, **kwargs)

    def kept_forms(self):
        return [
            f
            for f in self.forms
            if f.has_changed() and not self._should_delete_form(f) and f.is_valid() and f.cleaned_data
        ]

    def clean(self):
        if any(self.errors):
            return
        strategy = self.strategy
        start_year, goal_year = strategy.baseline_date.year, strategy.goal_year
        previous = None
        seen_years = set()
        for form in self.kept_forms():
            year, target = form.cleaned_data["year"], form.cleaned_data["target"]
            if year in seen_years:
                form.add_error("year", _("Er is al een mijlpaal voor %(year)s.") % {"year": year})
            elif year <= start_year:
                form.add_error(
                    "year", _("Een mijlpaal ligt na het jaar van de nulmeting (%(year)s).") % {"year": start_year}
                )
            elif year > goal_year:
                form.add_error("year", _("Deze mijlpaal ligt na het doeljaar %(year)s.") % {"year": goal_year})
            elif previous and year < previous[0]:
                form.add_error(
                    "year",
                    _("Zet de mijlpalen op volgorde van jaar: %(year)s komt na %(previous)s.")
                    % {
                        "year": year,
                        "previous": previous[0],
                    },
                )
            seen_years.add(year)
            if target.number < strategy.goal_strategy.number:
                form.add_error(
                    "target",
                    _("%(code)s gaat verder dan het doel (%(goal)s). Pas anders eerst het doel aan.")
                    % {"code": target.code, "goal": strategy.goal_strategy.code},
                )
            elif target.number > strategy.baseline_strategy.number:
                form.add_error(
                    "target",
                    _("%(code)s ligt lager dan de nulmeting (%(baseline)s).")
                    % {"code": target.code, "baseline": strategy.baseline_strategy.code},
                )
            elif previous and target.number > previous[1]:
                form.add_error(
                    "target",
                    _("Een latere mijlpaal mag niet lager op de R-ladder liggen dan de vorige (%(code)s in %(year)s).")
                    % {"code": previous[2], "year": previous[0]},
                )
            previous = (year, target.number, target.code)
        if any(f.errors for f in self.forms):
            raise forms.ValidationError(_("Niet alle mijlpalen kloppen; zie de meldingen bij de velden."))


# formset_factory makes a subclass of ``formset``; its stub can only say BaseFormSet.
MilestoneFormSet = cast(
    type[BaseMilestoneFormSet],
    forms.formset_factory(
        MilestoneForm,
        formset=BaseMilestoneFormSet,
        extra=2,
        can_delete=True,
        max_num=50,
        absolute_max=50,
        validate_max=True,
    ),
)


def milestone_initial(milestones) -> list[dict]:
    return [
        {
            "year": m.year,
            "target": m.target,
            "description": m.description,
            "kg_material": m.kg_material,
            "kg_co2e": m.kg_co2e,
        }
        for m in milestones
    ]


LEVEL_CHOICES = [("", _("Kies een niveau"))] + [(n, str(n)) for n in range(LEVEL_MIN, LEVEL_MAX + 1)]
LEVEL_ERRORS = {
    "required": _("Kies een niveau van 1 tot en met 3."),
    "invalid_choice": _("Kies een niveau van 1 tot en met 3."),
}


class AmbitionWebForm(StyledFormMixin, forms.Form):
    """Current level and ambition per theme; an ambition below the inherited one needs a reason.

    ``rows`` are ``ThemeRow``s (see ``rladder.ambition``): they give the themes, the
    initial values (own or inherited) and the inherited levels.
    """

    submit_label = _("Ambitieweb opslaan")
    form_tag = False

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            slug = row.theme.slug
            self.fields[f"current_{slug}"] = forms.TypedChoiceField(
                label=_("Huidig niveau"),
                choices=LEVEL_CHOICES,
                coerce=int,
                error_messages=LEVEL_ERRORS,
                initial=row.current,
            )
            self.fields[f"ambition_{slug}"] = forms.TypedChoiceField(
                label=_("Ambitieniveau"),
                choices=LEVEL_CHOICES,
                coerce=int,
                error_messages=LEVEL_ERRORS,
                initial=row.ambition,
            )
            reason = forms.CharField(
                label=_("Reden voor een lagere ambitie"),
                required=False,
                max_length=2000,
                initial=row.reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if row.inherited_ambition:
                reason.help_text = _("Verplicht als de ambitie lager is dan het overgenomen niveau %(level)s.") % {
                    "level": row.inherited_ambition
                }
            self.fields[f"reason_{slug}"] = reason
        # The mixin added "(optioneel)" to labels only; the grouping per theme is in the template.

    def theme_fields(self):
        """Per theme: (row, current field, ambition field, reason field), for the template."""
        return [
            (
                row,
                self[f"current_{row.theme.slug}"],
                self[f"ambition_{row.theme.slug}"],
                self[f"reason_{row.theme.slug}"],
            )
            for row in self.rows
        ]

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            slug = row.theme.slug
            ambition = cleaned.get(f"ambition_{slug}")
            reason = (cleaned.get(f"reason_{slug}") or "").strip()
            if is_deviation(ambition, row.inherited_ambition) and not reason:
                self.add_error(
                    f"reason_{slug}",
                    _(
                        "%(theme)s: de ambitie (%(level)s) is lager dan het overgenomen niveau %(inherited)s. "
                        "Geef de reden."
                    )
                    % {"theme": row.theme.name, "level": ambition, "inherited": row.inherited_ambition},
                )
        return cleaned

    def levels(self) -> dict:
        """``theme_id -> (current, ambition, reason)`` from the cleaned data."""
        result = {}
        for row in self.rows:
            slug = row.theme.slug
            ambition = self.cleaned_data[f"ambition_{slug}"]
            reason = (
                self.cleaned_data[f"reason_{slug}"].strip() if is_deviation(ambition, row.inherited_ambition) else ""
            )
            result[row.theme.pk] = (self.cleaned_data[f"current_{slug}"], ambition, reason)
        return result


class OrganisationImpactFactorForm(StyledFormMixin, forms.ModelForm):
    """An organisation's own factor, or its override of a shared one; every number typed the Dutch way."""

    submit_label = _("Factor opslaan")

    kg_co2e_per_unit = DutchDecimalField(
        label=_("kg CO2-equivalent per eenheid"),
        required=False,
        min_value=0,
        help_text=_("Laat leeg als het onbekend is: dat is iets anders dan 0."),
        **FACTOR_DIGITS,
    )
    kg_material_per_unit = DutchDecimalField(
        label=_("kg materiaal per eenheid"),
        required=False,
        min_value=0,
        help_text=_("Laat leeg als het onbekend is."),
        **FACTOR_DIGITS,
    )
    lifetime_years = DutchDecimalField(label=_("Levensduur in jaren"), required=False, min_value=0, **LIFETIME_DIGITS)
    uncertainty_low = DutchDecimalField(
        label=_("Onzekerheid: laagste waarde (kg CO2e per eenheid)"), required=False, min_value=0, **FACTOR_DIGITS
    )
    uncertainty_high = DutchDecimalField(
        label=_("Onzekerheid: hoogste waarde (kg CO2e per eenheid)"), required=False, min_value=0, **FACTOR_DIGITS
    )
    uncertainty_percent = DutchDecimalField(
        label=_("Onzekerheid in procenten (plus of min)"), required=False, min_value=0, max_value=1000, **PERCENT_DIGITS
    )

    class Meta:
        model = OrganisationImpactFactor
        fields = [
            "item_nl",
            "category_nl",
            "unit",
            "kg_co2e_per_unit",
            "kg_material_per_unit",
            "lifetime_years",
            "source_name",
            "source_url",
            "source_year",
            "licence",
            "system_boundary",
            "system_boundary_note",
            "uncertainty_low",
            "uncertainty_high",
            "uncertainty_percent",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_year"].widget.attrs.update({"min": 1900, "max": 2200})
        self.fields["source_year"].min_value = 1900
        self.fields["source_year"].max_value = 2200
        self.fields["source_year"].validators += [MinValueValidator(1900), MaxValueValidator(2200)]
        self.fields["unit"].help_text = _(
            "Een factor per euro is een grove schatting: gebruik liever een factor per stuk of kg."
        )


# --- Nulmeting in volumes ----------------------------------------------------------


SHARED, OWN = "gedeeld", "eigen"
KEPT = "bewaard"  # a trajectory line's factor that no longer counts: keep the snapshot
LEGACY_FACTOR_KEY = re.compile(r"([ge])([0-9]+)")  # "g12", "e12": the effect form's values until 2026-12


def factor_key(factor) -> str:
    """The form value of a factor: "gedeeld-12" for a shared one, "eigen-12" for one of the organisation."""
    return f"{OWN if factor.is_own else SHARED}-{factor.pk}"


def linked_factor_key(line) -> str:
    """The form value of the factor a line links, "" for none (no query)."""
    if line.own_factor_id:
        return f"{OWN}-{line.own_factor_id}"
    if line.shared_factor_id:
        return f"{SHARED}-{line.shared_factor_id}"
    return ""


def factor_choices(factors, empty_label) -> list:
    """The effective factors grouped by category (optgroups), after the empty choice."""
    groups: dict[str, list] = {}
    for factor in factors:
        if factor.is_spend_based:
            label = _("%(item)s – per euro, grove schatting") % {"item": factor.item_nl}
        else:
            label = _("%(item)s – per %(unit)s") % {"item": factor.item_nl, "unit": unit_label(factor.unit)}
        if factor.is_own:
            label = _("%(label)s (eigen factor)") % {"label": label}
        groups.setdefault(factor.category_nl, []).append((factor_key(factor), label))
    return [("", empty_label), *groups.items()]


class FactorChoiceField(forms.ChoiceField):
    """One of the organisation's effective factors, by ``factor_key``; the form offers them (``offer``)."""

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.factors: dict = {}

    def offer(self, factors, *, kept_label=None) -> None:
        """Offer ``factors`` (ordered by category); ``kept_label``: also the choice to keep a line's snapshot."""
        self.factors = {factor_key(f): f for f in factors}
        choices = factor_choices(factors, self.empty_label)
        if kept_label:
            choices.insert(1, (KEPT, kept_label))
        self.choices = choices

    def to_python(self, value):
        value = super().to_python(value)
        legacy = LEGACY_FACTOR_KEY.fullmatch(value)
        if legacy:
            value = f"{OWN if legacy[1] == 'e' else SHARED}-{legacy[2]}"
        return value


def check_units(form, line) -> None:
    """Add the unit error of ``line`` (the form's values with the chosen factor's snapshot) beside its field.

    The price for a factor per euro (where the form asks one), the weight between pieces and
    kilograms, else the unit of the quantity.
    """
    _amount, error = amount_in_factor_unit(line)
    if not error:
        return
    field = "quantity_unit"
    if line.unit == FactorUnit.EURO and "unit_price_eur" in form.fields:
        field = "unit_price_eur"
    elif {line.unit, line.quantity_unit} == {FactorUnit.KG, FactorUnit.PIECE}:
        field = "unit_weight_kg"
    form.add_error(field, error)


class BaselineLineForm(StyledFormMixin, forms.ModelForm):
    """A yearly quantity times a factor; the units must fit (``factor_lines.amount_in_factor_unit``)."""

    form_tag = False
    submit_label = ""

    factor = FactorChoiceField(
        label=_("Factor"), empty_label=_("Kies een factor"), error_messages={"required": _("Kies een factor.")}
    )
    quantity = DutchDecimalField(
        label=_("Hoeveelheid per jaar"),
        min_value=0,
        help_text=_("Bijvoorbeeld 120 (stuks), 1.250 (kg) of 250.000 (euro)."),
        error_messages={"required": _("Vul de hoeveelheid per jaar in.")},
        **QUANTITY_DIGITS,
    )
    unit_weight_kg = DutchDecimalField(
        label=_("Gewicht per stuk in kg"),
        required=False,
        min_value=0,
        help_text=_("Alleen nodig als je stuks telt bij een factor per kg (of kilo's bij een factor per stuk)."),
        **QUANTITY_DIGITS,
    )

    class Meta:
        model = BaselineLine
        fields = ["description", "quantity", "quantity_unit", "unit_weight_kg"]
        labels = {"quantity_unit": _("Eenheid")}
        error_messages = {"quantity_unit": {"required": _("Kies de eenheid van de hoeveelheid.")}}

    def __init__(self, *args, factors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor"].offer(factors)
        if self.instance.pk:
            self.initial.setdefault("factor", linked_factor_key(self.instance))
        self.fields["description"].help_text = _("Bijvoorbeeld: laptops voor nieuwe medewerkers.")

    @property
    def chosen_factor(self):
        return self.fields["factor"].factors.get(self.cleaned_data.get("factor") or "")

    def clean(self):
        cleaned = super().clean()
        factor, unit = self.chosen_factor, cleaned.get("quantity_unit")
        if factor is not None and unit and cleaned.get("quantity") is not None:
            probe = BaselineLine(
                quantity=cleaned["quantity"], quantity_unit=unit, unit_weight_kg=cleaned.get("unit_weight_kg")
            )
            probe.take_snapshot(factor)
            check_units(self, probe)
        return cleaned

    def save(self, commit=True):
        line = super().save(commit=False)
        factor = self.chosen_factor
        if not line.links(factor):
            line.take_snapshot(factor)
        if commit:
            line.save()
        return line


class BaseBaselineLineFormSet(ScopedInlineFormSet):
    def __init__(self, *args, factors, **kwargs):
        self.factors = factors
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "factors": self.factors}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            factors=self.factors,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form


BaselineLineFormSet = forms.inlineformset_factory(
    ProductStrategy,
    BaselineLine,
    form=BaselineLineForm,
    formset=BaseBaselineLineFormSet,
    extra=3,
    can_delete=True,
    max_num=100,
    absolute_max=100,
    validate_max=True,
)
