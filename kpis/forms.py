"""Forms for KPIs, targets, measurements, imports and annual reports."""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from lib.formatting import with_unit
from lib.forms import StyledFormMixin
from lib.numbers import DutchDecimalField, format_input
from rladder.models import RStrategy

from . import targets as rules
from .models import Kpi, Measurement

# The one Dutch number parser lives in lib.numbers; this name is kept for the app's callers.


class KpiForm(StyledFormMixin, forms.ModelForm):
    """An organisation KPI (scope organisation, department or category)."""

    submit_label = _("KPI opslaan")

    baseline_value = DutchDecimalField(label=_("Basiswaarde"), help_text=_("De waarde in het basisjaar (nulmeting)."))
    goal_value = DutchDecimalField(label=_("Doelwaarde"), help_text=_("De stip op de horizon."))

    class Meta:
        model = Kpi
        fields = [
            "name",
            "description",
            "unit",
            "strategy",
            "scope",
            "department",
            "category",
            "direction",
            "baseline_value",
            "baseline_year",
            "goal_value",
            "goal_year",
            "rule",
            "margin_pct",
            "aggregation",
            "source",
            "effect_measure",
            "effect_basis",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "source": forms.RadioSelect,
            "effect_basis": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "rule": forms.RadioSelect,
            "aggregation": forms.RadioSelect,
        }
        field_classes = {"margin_pct": DutchDecimalField}
        help_texts = {
            "baseline_year": _("Bijvoorbeeld 2024."),
            "goal_year": _(
                "Het jaar waarin het doel gehaald moet zijn; de jaardoelen worden hiervandaan teruggerekend."
            ),
            "department": _("Alleen bij bereik ‘Afdeling’."),
            "category": _("Alleen bij bereik ‘Productcategorie’."),
            "source": _(
                "Berekend uit trajecten: de app telt elk jaar het vermeden effect op van de trajecten die bij deze "
                "KPI horen (bereik, afdeling, categorie en R-strategie), zodat je niets hoeft in te typen."
            ),
            "effect_measure": _("Alleen bij ‘Berekend uit trajecten’. Kies ‘Hoger is beter’ als richting."),
            "effect_basis": _("Alleen bij ‘Berekend uit trajecten’."),
        }

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        if "scope" in self.fields:
            self.fields["scope"].choices = [c for c in Kpi.Scope.choices if c[0] != Kpi.Scope.CONTRACT]
            self.fields["department"].queryset = organisation.departments.all()
            self.fields["category"].queryset = organisation.categories.all()
        # Older clients post no source: then the KPI is measured, as before.
        self.fields["source"].required = False
        self.fields["effect_basis"].required = False
        self.fields["strategy"].queryset = RStrategy.objects.all()
        self.fields["strategy"].empty_label = _("Uniform (geen specifieke R-strategie)")
        self.fields["baseline_year"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["goal_year"].widget.attrs.update({"inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        self._clean_source(data)
        self._clean_scope(data)
        self._clean_path(data)
        self._clean_name(data)
        return data

    def _clean_source(self, data) -> None:
        if not data.get("source"):
            data["source"] = Kpi.Source.MEASUREMENTS
        if data["source"] == Kpi.Source.TRAJECTORIES:
            if not data.get("effect_measure"):
                self.add_error("effect_measure", _("Kies welk cijfer uit de trajecten deze KPI volgt."))
            if not data.get("effect_basis"):
                data["effect_basis"] = Kpi.EffectBasis.REALISED
        else:
            data["effect_measure"] = ""
            data["effect_basis"] = Kpi.EffectBasis.REALISED

    def _clean_scope(self, data) -> None:
        scope = data.get("scope", getattr(self.instance, "scope", None))
        if scope == Kpi.Scope.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("Kies de afdeling waarvoor deze KPI geldt."))
        if scope == Kpi.Scope.CATEGORY and not data.get("category"):
            self.add_error("category", _("Kies de productcategorie waarvoor deze KPI geldt."))
        if "scope" in self.fields:
            if scope != Kpi.Scope.DEPARTMENT:
                data["department"] = None
            if scope != Kpi.Scope.CATEGORY:
                data["category"] = None

    def _clean_path(self, data) -> None:
        """Years in order, the goal in the KPI's direction, and a percentage rule only on positive values."""
        baseline_year, goal_year = data.get("baseline_year"), data.get("goal_year")
        if baseline_year and goal_year and goal_year <= baseline_year:
            self.add_error("goal_year", _("Het doeljaar moet na het basisjaar liggen."))
        baseline, goal, direction = data.get("baseline_value"), data.get("goal_value"), data.get("direction")
        if baseline is None or goal is None or not direction:
            return
        if not rules.goal_direction_ok(baseline, goal, direction):
            if direction == rules.LOWER:
                message = _("Bij ‘lager is beter’ moet de doelwaarde lager zijn dan de basiswaarde.")
            else:
                message = _("Bij ‘hoger is beter’ moet de doelwaarde hoger zijn dan de basiswaarde.")
            self.add_error("goal_value", message)
        if data.get("rule") == rules.PERCENTAGE and (baseline <= 0 or goal <= 0):
            self.add_error(
                "rule",
                _(
                    "Een vast percentage per jaar kan alleen met een basiswaarde en doelwaarde "
                    "groter dan 0. Kies ‘Lineair’."
                ),
            )

    def _clean_name(self, data) -> None:
        name = data.get("name")
        if name:
            clash = Kpi.objects.filter(
                organisation=self.organisation, trajectory=self.instance.trajectory, name__iexact=name
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("Er is al een KPI met deze naam."))


class ContractKpiForm(KpiForm):
    """A contract KPI of one trajectory: targets per contract year."""

    class Meta(KpiForm.Meta):
        fields = [f for f in KpiForm.Meta.fields if f not in {"scope", "department", "category"}]
        help_texts = {
            "baseline_year": _("Het jaar van de nulmeting, meestal het jaar voor de start van het contract."),
            "goal_year": _("Het laatste contractjaar."),
        }

    def __init__(self, *args, trajectory, **kwargs):
        self.trajectory = trajectory
        super().__init__(*args, organisation=trajectory.organisation, **kwargs)
        self.instance.trajectory = trajectory
        self.instance.scope = Kpi.Scope.CONTRACT
        if not self.instance.pk and not self.is_bound:
            start = trajectory.contract_start or datetime.date.today()
            self.initial.setdefault("baseline_year", start.year)
            if trajectory.contract_end and trajectory.contract_end.year > start.year:
                self.initial.setdefault("goal_year", trajectory.contract_end.year)


class TargetOverridesForm(StyledFormMixin, forms.Form):
    """One optional field per year: a value replaces the computed target."""

    submit_label = _("Jaardoelen opslaan")

    def __init__(self, *args, kpi: Kpi, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        existing = {o.year: o for o in kpi.overrides.all()}
        for target in kpi.targets({y: o.value for y, o in existing.items()}):
            if target.year == kpi.baseline_year:
                continue
            label = _("Doel %(year)s") % {"year": target.year}
            if kpi.is_contract:
                label = _("Doel contractjaar %(n)s (%(year)s)") % {
                    "n": kpi.contract_year(target.year),
                    "year": target.year,
                }
            self.fields[f"jaar_{target.year}"] = DutchDecimalField(
                label=label,
                required=False,
                initial=existing[target.year].value if target.year in existing else None,
                # Help texts are rendered as HTML (crispy's |safe): escape the KPI's own text.
                help_text=escape(
                    _("Berekend: %(value)s. Leeg laten om het berekende doel te gebruiken.")
                    % {"value": with_unit(format_input(target.computed), kpi.unit)}
                ),
            )
        # StyledFormMixin already ran before these fields existed: mark them optional now.
        for field in self.fields.values():
            field.label = _("%(label)s (optioneel)") % {"label": field.label}
        self.fields["reden"] = forms.CharField(
            label=_("Reden voor de aanpassing (optioneel)"), required=False, max_length=500
        )

    def overrides(self) -> dict[int, Decimal | None]:
        return {
            int(name.removeprefix("jaar_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("jaar_")
        }


class MeasurementRowForm(forms.Form):
    """One row of the measurement grid: a period in the chosen scope."""

    value = DutchDecimalField(label=_("Waarde"), required=False)
    source = forms.CharField(label=_("Bron"), required=False, max_length=300)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def changed_from(self, measurement: Measurement | None) -> bool:
        data = self.cleaned_data
        if measurement is None:
            return data.get("value") is not None or bool(data.get("source") or data.get("note"))
        return (
            data.get("value") != measurement.value
            or data.get("source", "") != measurement.source
            or data.get("note", "") != measurement.note
        )


class ImportForm(StyledFormMixin, forms.Form):
    submit_label = _("Controleren en importeren")

    file = forms.FileField(
        label=_("Bestand met metingen"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the language of the request (a lazy text formatted at import would be Dutch for everyone).
        self.fields["file"].help_text = _(
            "Een CSV-bestand (scheidingsteken ; of ,) of een Excel-bestand (.xlsx), hoogstens %(size)s MB."
        ) % {"size": settings.KPI_IMPORT_MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."))
        if upload.size > settings.KPI_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot: hoogstens %(size)s MB.")
                % {"size": settings.KPI_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class ReportRequestForm(StyledFormMixin, forms.Form):
    submit_label = _("Jaarverslag maken")

    year = forms.IntegerField(label=_("Jaar"), min_value=1990, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year - 1
        self.fields["year"].widget.attrs["inputmode"] = "numeric"
