"""Forms of the criteria library and of a trajectory's chosen criteria."""

from dataclasses import replace
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kpis.models import Kpi
from lib.forms import DateInput, ScopedInlineFormSet, StyledFormMixin
from lib.numbers import DutchDecimalField, format_reading
from rladder.models import RStrategy

from . import award
from .award_record import PromiseInput, ladder_promise, mki_promise
from .models import (
    MAX_VARIABLES,
    Ambition,
    AwardBid,
    AwardModel,
    AwardScale,
    ChosenCriterion,
    Criterion,
    Type,
    variables_in,
)


class CriterionForm(StyledFormMixin, forms.ModelForm):
    submit_label = _("Criterium opslaan")

    class Meta:
        model = Criterion
        fields = [
            "code",
            "title",
            "type",
            "strategy",
            "ambition",
            "text",
            "categories",
            "cpv_codes",
            "evidence",
            "kpi_name",
            "kpi_unit",
            "kpi_direction",
            "kpi_variable",
            "legal_note",
            "source",
            "source_url",
            "licence",
            "status",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "categories": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "legal_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["strategy"].queryset = RStrategy.objects.order_by("number")
        self.fields["code"].error_messages["required"] = _("Geef het criterium een code.")
        self.fields["title"].error_messages["required"] = _("Geef het criterium een titel.")
        self.fields["text"].error_messages["required"] = _("Schrijf de tekst van het criterium.")
        self.fields["evidence"].error_messages["required"] = _("Schrijf op hoe de leverancier het aantoont.")
        self.fields["type"].error_messages["required"] = _("Kies de soort.")
        self.fields["strategy"].error_messages["required"] = _("Kies de R-strategie.")
        if self.instance.base_id:
            self.fields["code"].disabled = True  # an adaptation keeps the base's code

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip().upper()
        clash = Criterion.objects.filter(organisation=self.organisation, code=code).exclude(pk=self.instance.pk)
        if not self.instance.base_id and code and clash.exists():
            raise forms.ValidationError(_("Je organisatie heeft al een criterium met deze code."))
        if not self.instance.base_id and code and Criterion.objects.base().filter(code=code).exists():
            raise forms.ValidationError(
                _("Deze code is van de basisset. Pas dat criterium aan of kies een andere code.")
            )
        return code

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("text") or ""
        names = variables_in(text)
        if len(names) > MAX_VARIABLES:
            self.add_error("text", _("Gebruik hoogstens %(n)s variabelen tussen blokhaken.") % {"n": MAX_VARIABLES})
        variable = (cleaned.get("kpi_variable") or "").strip()
        if variable and variable not in names:
            self.add_error("kpi_variable", _("Deze variabele staat niet tussen blokhaken in de tekst."))
        if cleaned.get("kpi_name") and not cleaned.get("kpi_unit"):
            self.add_error("kpi_unit", _("Geef de eenheid van de KPI, bijvoorbeeld %."))
        return cleaned


class LibraryFilterForm(forms.Form):
    """The filters of the library (GET). Unknown values are form errors, never a 500."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    soort = forms.ChoiceField(label=_("Soort"), required=False)
    r = forms.ChoiceField(label=_("R-strategie"), required=False)
    categorie = forms.ChoiceField(label=_("Categorie"), required=False)
    ambitie = forms.ChoiceField(label=_("Ambitieniveau"), required=False)
    herkomst = forms.ChoiceField(
        label=_("Herkomst"),
        required=False,
        choices=[
            ("", _("Basisset en eigen criteria")),
            ("basis", _("Alleen de basisset")),
            ("eigen", _("Alleen eigen")),
        ],
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [("", _("Alle soorten")), *Type.choices]
        self.fields["r"].choices = [("", _("Alle R-strategieën"))] + [
            (s.code, str(s)) for s in RStrategy.objects.order_by("number")
        ]
        self.fields["categorie"].choices = [("", _("Alle categorieën"))] + [(c, c) for c in categories]
        self.fields["ambitie"].choices = [("", _("Alle niveaus"))] + [(str(v), label) for v, label in Ambition.choices]


class OwnCriterionForm(StyledFormMixin, forms.ModelForm):
    """A criterion the team writes for its trajectory: type, R-strategy, title, text with [variables], evidence."""

    submit_label = _("Eigen criterium opslaan")
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = ChosenCriterion
        fields = ["title", "type", "strategy", "text", "evidence"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "text": _("Zet in te vullen getallen tussen blokhaken: [percentage] % van de apparaten is refurbished."),
            "evidence": _("Welk bewijs de leverancier levert om te laten zien dat hij eraan voldoet."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = self.instance.revision
        self.fields["strategy"].queryset = RStrategy.objects.order_by("number")
        self.fields["strategy"].required = True
        self.fields["evidence"].required = True
        self.fields["title"].error_messages["required"] = _("Geef het criterium een titel.")
        self.fields["text"].error_messages["required"] = _("Schrijf de tekst van het criterium.")
        self.fields["evidence"].error_messages["required"] = _("Schrijf op hoe de leverancier het aantoont.")
        self.fields["type"].error_messages["required"] = _("Kies de soort.")
        self.fields["strategy"].error_messages["required"] = _("Kies de R-strategie.")

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        if len(variables_in(text)) > MAX_VARIABLES:
            raise forms.ValidationError(
                _("Gebruik hoogstens %(n)s variabelen tussen blokhaken.") % {"n": MAX_VARIABLES}
            )
        return text

    def texts(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class FillForm(forms.Form):
    """The variables of a chosen criterion (Dutch numbers), its weight (award criteria) and the revision shown."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, chosen, **kwargs):
        kwargs.setdefault("prefix", f"c{chosen.pk}")
        super().__init__(*args, **kwargs)
        self.chosen = chosen
        self.fields["revision"].initial = chosen.revision
        for index, name in enumerate(chosen.variables):
            value = chosen.values.get(name)
            self.fields[f"v{index}"] = DutchDecimalField(
                label=name,
                required=False,
                max_digits=14,
                decimal_places=4,
                initial=Decimal(value) if value not in (None, "") else None,
            )
        if chosen.is_award:
            self.fields["weight"] = DutchDecimalField(
                label=_("Weging (%)"),
                required=False,
                max_digits=5,
                decimal_places=2,
                min_value=0,
                max_value=100,
                initial=chosen.weight,
            )

    @property
    def variable_fields(self):
        return [self[f"v{index}"] for index in range(len(self.chosen.variables))]

    def values(self) -> dict:
        return {
            name: self.cleaned_data.get(f"v{index}")
            for index, name in enumerate(self.chosen.variables)
            if self.cleaned_data.get(f"v{index}") is not None
        }


class ImportForm(StyledFormMixin, forms.Form):
    submit_label = _("Controleren en importeren")

    file = forms.FileField(
        label=_("Bestand met criteria"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.json"}),
        error_messages={"required": _("Kies een bestand.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the language of the request (a lazy text formatted at import would be Dutch for everyone).
        self.fields["file"].help_text = _(
            "Een CSV-bestand, een Excel-bestand (.xlsx) of JSON (.json), hoogstens %(size)s MB."
        ) % {"size": settings.KPI_IMPORT_MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".json")):
            raise forms.ValidationError(_("Kies een CSV-bestand (.csv), een Excel-bestand (.xlsx) of JSON (.json)."))
        if upload.size > settings.KPI_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot: hoogstens %(size)s MB.")
                % {"size": settings.KPI_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class AwardModelForm(forms.ModelForm):
    """The award model's method, weights and circular inputs (Dutch numbers)."""

    class Meta:
        model = AwardModel
        fields = ["method", "price_weight", "quality_weight", "quality_budget", *AwardModel.LADDER_FIELDS]
        fields += ["mki_reference", "mki_discount", "mki_factor", "log_coefficient"]

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        percent = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}
        for name in ("price_weight", "quality_weight"):
            self.fields[name] = DutchDecimalField(label=AwardModel._meta.get_field(name).verbose_name, **percent)
        for name in AwardModel.LADDER_FIELDS:
            self.fields[name] = DutchDecimalField(
                label=AwardModel._meta.get_field(name).verbose_name, **{**percent, "max_value": Decimal("99.99")}
            )
        money = {"max_digits": 14, "decimal_places": 2, "min_value": 0, "max_value": award.MAX_PRICE}
        self.fields["quality_budget"] = DutchDecimalField(
            label=AwardModel._meta.get_field("quality_budget").verbose_name,
            help_text=_("Gunnen op waarde: de korting in euro voor de hoogste kwaliteitsscore."),
            **money,
        )
        self.fields["mki_reference"] = DutchDecimalField(
            label=_("Referentie-MKI (€, optioneel)"), required=False, **money
        )
        self.fields["mki_discount"] = DutchDecimalField(
            label=AwardModel._meta.get_field("mki_discount").verbose_name, max_digits=8, decimal_places=4, min_value=0
        )
        self.fields["mki_factor"] = DutchDecimalField(
            label=_("MKI optellen: factor"),
            help_text=_("Fictieve prijs = prijs + factor × MKI. 0: de MKI wordt niet opgeteld."),
            max_digits=8,
            decimal_places=4,
            min_value=0,
            max_value=100,
        )
        self.fields["log_coefficient"] = DutchDecimalField(
            label=_("Coëfficiënt A (logaritmisch)"),
            help_text=_("Een inschrijving van A keer de laagste prijs krijgt 0 prijspunten; vaak 1,5, 2 of 3."),
            max_digits=5,
            decimal_places=2,
            min_value=Decimal("1.01"),
            max_value=award.MAX_LOG_COEFFICIENT,
        )
        self._add_scale_fields(money)
        for field in self.fields.values():
            field.error_messages["required"] = _("Vul een getal in.")
        self.fields["method"].error_messages["required"] = _("Kies een beoordelingsmethode.")

    def _add_scale_fields(self, money: dict) -> None:
        """Per chosen award criterion: its scoring scale and (gunnen op waarde) the value of the full score."""
        saved = {scale.chosen_id: scale for scale in self.instance.scales.all()} if self.instance.pk else {}
        for chosen in self.criteria:
            scale = saved.get(chosen.pk)
            self.fields[f"s{chosen.pk}-steps"] = forms.CharField(
                label=_("Beoordelingsschaal"),
                required=False,
                max_length=200,
                initial=scale.steps if scale else "",
                help_text=_("Bijvoorbeeld 0/25/60/100 of 1-10. Leeg: de kwaliteitsscore van de inschrijving telt."),
            )
            self.fields[f"s{chosen.pk}-value"] = DutchDecimalField(
                label=_("Waarde van de hoogste score (€)"),
                required=False,
                initial=scale.value if scale else None,
                **money,
            )

    def scale_rows(self):
        """(chosen criterion, its scale field, its value field) for the template."""
        return [(c, self[f"s{c.pk}-steps"], self[f"s{c.pk}-value"]) for c in self.criteria]

    def clean(self):
        data = super().clean()
        for chosen in self.criteria:
            steps = (data.get(f"s{chosen.pk}-steps") or "").strip()
            if not steps:
                continue
            try:
                award.parse_scale(steps)
            except award.AwardInputError as refused:
                self.add_error(f"s{chosen.pk}-steps", str(refused))
                continue
            if chosen.weight is None:
                self.add_error(f"s{chosen.pk}-steps", _("Geef dit gunningscriterium eerst een weging."))
        return data

    def save(self, commit: bool = True) -> AwardModel:
        award_model = super().save(commit=commit)
        if commit:
            self.save_scales(award_model)
        return award_model

    def save_scales(self, award_model: AwardModel) -> None:
        saved = {scale.chosen_id: scale for scale in award_model.scales.all()}
        for chosen in self.criteria:
            steps = (self.cleaned_data.get(f"s{chosen.pk}-steps") or "").strip()
            value = self.cleaned_data.get(f"s{chosen.pk}-value") or Decimal(0)
            scale = saved.get(chosen.pk)
            if not steps:
                if scale is not None:
                    scale.delete()
                continue
            if scale is None:
                AwardScale.objects.create(award_model=award_model, chosen=chosen, steps=steps, value=value)
            elif (scale.steps, scale.value) != (steps, value):
                scale.steps, scale.value = steps, value
                scale.save()


class AwardBidForm(forms.ModelForm):
    """An example bid; with scored criteria (``scales``: (chosen criterion, steps)) a score per criterion
    replaces the overall quality score."""

    class Meta:
        model = AwardBid
        fields = ["name", "price", "quality", "ladder_level", "mki", "circular"]

    def __init__(self, *args, scales=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.scales = list(scales)
        for chosen, steps in self.scales:
            current = self.instance.score(chosen.pk) if self.instance.pk else None
            self.fields[f"score{chosen.pk}"] = forms.TypedChoiceField(
                label=_("Score op %(code)s") % {"code": chosen.code},
                required=False,
                coerce=Decimal,
                empty_value=None,
                choices=[("", _("geen score")), *((str(step), format_reading(step)) for step in steps)],
                initial=str(current) if current is not None else "",
            )
        self.fields["price"] = DutchDecimalField(
            label=_("Prijs (€)"), max_digits=14, decimal_places=2, max_value=award.MAX_PRICE
        )
        self.fields["quality"] = DutchDecimalField(
            label=_("Kwaliteitsscore (0–100)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
        )
        self.fields["mki"] = DutchDecimalField(
            label=_("MKI-waarde (€, optioneel)"), required=False, max_digits=14, decimal_places=2, min_value=0
        )
        self.fields["name"].error_messages["required"] = _("Geef de inschrijving een naam.")
        self.fields["price"].error_messages["required"] = _("Vul de prijs in.")
        self.fields["quality"].error_messages["required"] = _("Vul de kwaliteitsscore in (0 als die niet telt).")
        if self.scales:  # the quality comes from the scores
            del self.fields["quality"]

    def score_fields(self):
        return [self[f"score{chosen.pk}"] for chosen, _steps in self.scales]

    def save(self, commit: bool = True) -> AwardBid:
        bid = super().save(commit=False)
        if self.scales:
            bid.scores = {
                str(chosen.pk): str(self.cleaned_data[f"score{chosen.pk}"])
                for chosen, _steps in self.scales
                if self.cleaned_data.get(f"score{chosen.pk}") is not None
            }
        if commit:
            bid.save()
        return bid

    def clean_price(self):
        price = self.cleaned_data.get("price")
        if price is not None and price <= 0:
            raise forms.ValidationError(_("Een prijs is groter dan nul."))
        return price


class BaseAwardBidFormSet(ScopedInlineFormSet):
    default_error_messages = {
        "too_many_forms": _("Reken met hoogstens %(num)s voorbeeldinschrijvingen."),
        "missing_management_form": _("Het formulier is onvolledig verstuurd. Laad de pagina opnieuw."),
    }

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [f for f in self.forms if f.has_changed() and not (self.can_delete and self._should_delete_form(f))]
        kept += [f for f in self.initial_forms if not f.has_changed() and not self._should_delete_form(f)]
        if len(kept) < award.MIN_BIDS:
            raise forms.ValidationError(_("Vul ten minste %(n)s voorbeeldinschrijvingen in.") % {"n": award.MIN_BIDS})


MAX_FORM_BIDS = 12
AwardBidFormSet = forms.inlineformset_factory(
    AwardModel,
    AwardBid,
    form=AwardBidForm,
    formset=BaseAwardBidFormSet,
    extra=1,
    max_num=MAX_FORM_BIDS,
    validate_max=True,
    absolute_max=MAX_FORM_BIDS,
    can_delete=True,
)


class AwardRecordForm(forms.Form):
    """The award as recorded: the winner, its offer and promises, and the sanction rule (Dutch numbers).

    One group of fields per chosen award criterion (prefix ``c<pk>-``): the value the winner
    promised, its unit and direction, and the award advantage it earned. Under gunnen op waarde an
    advantage left empty is computed from the award model; other methods need it typed in.
    """

    winner = forms.CharField(label=_("Winnende inschrijver"), max_length=200)
    awarded_on = forms.DateField(label=_("Gunningsdatum"), widget=DateInput)
    ladder_level = forms.TypedChoiceField(
        label=_("Beloofde trede op de CO2-Prestatieladder"),
        coerce=int,
        choices=[(0, _("geen belofte")), *((level, str(level)) for level in range(1, award.MAX_LADDER_LEVEL + 1))],
        initial=0,
    )

    def __init__(self, *args, award_model: AwardModel, criteria: list[ChosenCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.award_model = award_model
        self.criteria = criteria
        money = {"max_digits": 14, "decimal_places": 2, "min_value": 0, "max_value": award.MAX_PRICE}
        self.fields["price"] = DutchDecimalField(label=_("Prijs van de winnende inschrijving (€)"), **money)
        self.fields["quality"] = DutchDecimalField(
            label=_("Kwaliteitsscore van de winnaar (0–100)"),
            required=False,
            max_digits=5,
            decimal_places=2,
            min_value=0,
            max_value=100,
            help_text=_("Gunnen op waarde: het gunningsvoordeel van elk criterium wordt daaruit berekend."),
        )
        self.fields["ladder_advantage"] = DutchDecimalField(
            label=_("Gunningsvoordeel van de trede (€)"), required=False, **money
        )
        self.fields["mki"] = DutchDecimalField(label=_("Beloofde MKI-waarde (€)"), required=False, **money)
        self.fields["mki_advantage"] = DutchDecimalField(
            label=_("Gunningsvoordeel van de MKI (€)"), required=False, **money
        )
        self.fields["sanction_factor"] = DutchDecimalField(
            label=_("Sanctie bij niet nakomen: factor × het verkregen gunningsvoordeel"),
            max_digits=4,
            decimal_places=2,
            min_value=0,
            max_value=award.MAX_SANCTION_FACTOR,
            initial=award.DEFAULT_SANCTION_FACTOR,
        )
        for chosen in criteria:
            prefix = f"c{chosen.pk}-"
            self.fields[prefix + "promised"] = DutchDecimalField(
                label=_("Beloofde waarde"), required=False, max_digits=16, decimal_places=4
            )
            self.fields[prefix + "unit"] = forms.CharField(
                label=_("Eenheid"), required=False, max_length=50, initial=chosen.kpi_unit or "%"
            )
            self.fields[prefix + "lower_is_better"] = forms.BooleanField(
                label=_("Lager is beter"), required=False, initial=chosen.kpi_direction == Kpi.Direction.LOWER
            )
            self.fields[prefix + "advantage"] = DutchDecimalField(
                label=_("Gunningsvoordeel (€)"), required=False, **money
            )
        for field in self.fields.values():
            field.error_messages.setdefault("required", _("Vul dit veld in."))
        self.fields["winner"].error_messages["required"] = _("Vul de naam van de winnende inschrijver in.")
        self.fields["price"].error_messages["required"] = _("Vul de prijs van de winnende inschrijving in.")
        self.fields["awarded_on"].error_messages["required"] = _("Vul de gunningsdatum in.")
        self.fields["awarded_on"].error_messages["invalid"] = _("Vul een datum in, bijvoorbeeld 15-03-2026.")

    @property
    def by_value(self) -> bool:
        return self.award_model.method == AwardModel.Method.VALUE

    def criterion_rows(self):
        """(chosen criterion, its four bound fields) for the template."""
        return [
            (chosen, [self[f"c{chosen.pk}-{name}"] for name in ("promised", "unit", "lower_is_better", "advantage")])
            for chosen in self.criteria
        ]

    def clean_price(self):
        price = self.cleaned_data.get("price")
        if price is not None and price <= 0:
            raise forms.ValidationError(_("Een prijs is groter dan nul."))
        return price

    def clean(self):
        data = super().clean()
        for chosen in self.criteria:
            prefix = f"c{chosen.pk}-"
            if data.get(prefix + "promised") is not None and not (data.get(prefix + "unit") or "").strip():
                self.add_error(prefix + "unit", _("Vul de eenheid van de beloofde waarde in, bijvoorbeeld %."))
        if self.by_value:
            return data
        # Other methods score in points: the euro advantage of a promise is the team's to enter.
        if data.get("ladder_level") and data.get("ladder_advantage") is None:
            self.add_error("ladder_advantage", _("Vul het gunningsvoordeel van de trede in euro's in."))
        if data.get("mki") is not None and data.get("mki_advantage") is None:
            self.add_error("mki_advantage", _("Vul het gunningsvoordeel van de MKI in euro's in."))
        for chosen in self.criteria:
            prefix = f"c{chosen.pk}-"
            if data.get(prefix + "promised") is not None and data.get(prefix + "advantage") is None:
                self.add_error(prefix + "advantage", _("Vul het gunningsvoordeel van dit criterium in euro's in."))
        return data

    def promises(self) -> list:
        """The promises to record (award_record.PromiseInput), advantages computed where left empty."""
        data = self.cleaned_data
        price = data["price"]
        found = []
        if data.get("ladder_level"):
            promise = ladder_promise(self.award_model, price, data["ladder_level"])
            if data.get("ladder_advantage") is not None:
                promise = replace(promise, advantage=data["ladder_advantage"])
            found.append(promise)
        if data.get("mki") is not None:
            promise = mki_promise(self.award_model, data["mki"])
            if data.get("mki_advantage") is not None:
                promise = replace(promise, advantage=data["mki_advantage"])
            found.append(promise)
        rules = self.award_model.rules()
        total_weight = sum((c.weight for c in self.criteria if c.weight), Decimal(0))
        for chosen in self.criteria:
            prefix = f"c{chosen.pk}-"
            promised = data.get(prefix + "promised")
            if promised is None:
                continue
            advantage = data.get(prefix + "advantage")
            if advantage is None:
                advantage = award.criterion_advantage(
                    rules, data.get("quality") or Decimal(0), chosen.weight, total_weight
                )
            found.append(
                PromiseInput(
                    award.PromiseKind.CRITERION,
                    promised,
                    advantage,
                    chosen.title,
                    data.get(prefix + "unit") or "",
                    data.get(prefix + "lower_is_better", False),
                    chosen,
                )
            )
        return found
