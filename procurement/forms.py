"""Forms of trajectories: start/edit, team, groeimodel, answers, checks and the R-decision."""

from typing import cast

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from lib.forms import CHECKBOX, RADIO, TEXTAREA, TEXTBOX, DateInput, ScopedInlineFormSet, StyledFormMixin, error_summary
from lib.numbers import DutchDecimalField
from organisations.models import Department, ProductCategory, Role
from rladder.forms import KEPT, FactorChoiceField, StrategyChoiceField, check_units, linked_factor_key
from rladder.models import FACTOR_DIGITS, PRICE_DIGITS, QUANTITY_DIGITS, FactorUnit, RStrategy

from .cpv import normalise_cpv
from .models import Answer, GrowthStep, ImpactLine, RDecisionStep, Trajectory, TrajectoryMember
from .models.impact import TERM_DIGITS


class TrajectoryForm(StyledFormMixin, forms.ModelForm):
    submit_label = ""  # the form and the team and growth formsets share one <form> in the template
    form_tag = False

    ambition = StrategyChoiceField(
        label=_("Ambitie: welke R-strategie streeft het team na?"),
        required=False,
        empty_label=_("Nog niet bepaald"),
        help_text=_("De hoogste R-strategieën (R0–R2) staan bovenaan: begin bij niet, anders of minder inkopen."),
    )

    class Meta:
        model = Trajectory
        fields = [
            "title",
            "description",
            "category",
            "department",
            "estimated_value",
            "contract_start",
            "contract_end",
            "ambition",
            "cpv_code",
            "gpp_criteria",
        ]
        labels = {
            "title": _("Titel van het traject"),
            "description": _("Omschrijving van de behoefte"),
        }
        help_texts = {
            "title": _("Bijvoorbeeld: Vervanging laptops medewerkers 2027."),
            "description": _(
                "Welke behoefte ligt er, en waarom nu? Nog niet welk product: dat komt in het startoverleg."
            ),
            "estimated_value": _("In euro's, voor de hele looptijd, bijvoorbeeld 250.000."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "contract_start": DateInput(),
            "contract_end": DateInput(),
        }
        field_classes = {"estimated_value": DutchDecimalField}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProductCategory.objects.filter(organisation=organisation)
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)
        self.fields["title"].error_messages["required"] = _("Geef het traject een titel.")
        self.fields["description"].error_messages["required"] = _("Beschrijf de behoefte.")
        self.fields["gpp_criteria"].choices = [("", _("Nog niet bekend"))] + list(Trajectory.GppCriteria.choices)
        self.fields["estimated_value"].error_messages["invalid"] = _(
            "Vul een bedrag in euro's in, bijvoorbeeld 250.000."
        )

    def clean_cpv_code(self):
        return normalise_cpv(self.cleaned_data.get("cpv_code", ""))

    def clean_estimated_value(self):
        value = self.cleaned_data.get("estimated_value")
        if value is not None and value < 0:
            raise forms.ValidationError(_("De geschatte contractwaarde kan niet negatief zijn."))
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("contract_start"), cleaned.get("contract_end")
        if start and end and end < start:
            self.add_error("contract_end", _("Het einde van het contract moet na de start liggen."))
        return cleaned


# The only team role a read-only member (lezer, duurzaamheidsadviseur) may hold: it grants no editing.
READER_TEAM_ROLES = {TrajectoryMember.TeamRole.OTHER}


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TrajectoryMember
        fields = ["user", "role"]
        labels = {"user": _("Persoon"), "role": _("Rol in het traject")}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = (
            get_user_model()
            .objects.filter(memberships__organisation=organisation)
            # The role in this organisation (the filter's own join): a reader may not get an editing team role.
            .annotate(organisation_role=F("memberships__role"))
            .order_by("first_name", "last_name", "username")
        )
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["user"].required = False
        self.fields["role"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("user") and not cleaned.get("role"):
            self.add_error("role", _("Kies de rol van deze persoon in het traject."))
        if not cleaned.get("DELETE"):
            self._refuse_editing_role_for_reader(cleaned.get("user"), cleaned.get("role"))
        if not cleaned.get("user") and not cleaned.get("DELETE"):
            if self.instance.pk:
                self.add_error("user", _("Kies een persoon, of vink Verwijderen aan."))
            elif cleaned.get("role") and self.has_changed():
                self.add_error("user", _("Kies een persoon bij deze rol."))
        return cleaned

    def _refuse_editing_role_for_reader(self, user, role) -> None:
        """A team role never grants more than the organisation role (Membership.object_role): say so here."""
        if not user or not role or role in READER_TEAM_ROLES:
            return
        organisation_role = Role(getattr(user, "organisation_role", None) or Role.LEZER)
        if organisation_role.can_edit_dossiers:
            return
        self.add_error(
            "role",
            _(
                "Een %(organisation_role)s kan geen %(team_role)s in het team zijn: die rol wijzigt het traject, "
                "en een %(organisation_role)s mag alleen lezen. Kies de rol ‘%(other)s’."
            )
            % {
                "organisation_role": str(organisation_role.label).lower(),
                "team_role": str(TrajectoryMember.TeamRole(role).label).lower(),
                "other": TrajectoryMember.TeamRole.OTHER.label,
            },
        )


class BaseTeamFormSet(ScopedInlineFormSet):
    """The team; a proposed row (the person starting the trajectory) counts even when left unchanged."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        extra_index = i - self.initial_form_count()
        if 0 <= extra_index < len(self.initial_extra or []):
            form.empty_permitted = False
        return form

    def save_new_objects(self, commit=True):
        self.new_objects = []
        for form in self.extra_forms:
            if not form.cleaned_data.get("user") or (self.can_delete and self._should_delete_form(form)):
                continue
            self.new_objects.append(self.save_new(form, commit=commit))
            if not commit:
                self.saved_forms.append(form)
        return self.new_objects

    def clean(self):
        super().clean()
        seen, count = set(), 0
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            user = form.cleaned_data.get("user")
            if not user:
                continue
            if user.pk in seen:
                form.add_error("user", _("Deze persoon staat al in het team."))
            seen.add(user.pk)
            count += 1
        if count == 0:
            raise forms.ValidationError(_("Zet minstens één persoon in het team."))


TeamFormSet = inlineformset_factory(
    Trajectory,
    TrajectoryMember,
    form=TeamMemberForm,
    formset=BaseTeamFormSet,
    extra=3,
    can_delete=True,
    max_num=40,
    absolute_max=40,
    validate_max=True,
)


class GrowthStepForm(forms.ModelForm):
    strategy = StrategyChoiceField(label=_("R-strategie"), required=False)

    class Meta:
        model = GrowthStep
        fields = ["year", "strategy", "note"]
        labels = {"year": _("Contractjaar")}
        widgets = {"year": forms.NumberInput(attrs={"min": "1", "max": "30"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].required = False
        self.fields["year"].error_messages["invalid"] = _("Vul een jaartal van het contract in, bijvoorbeeld 1.")

    def clean(self):
        cleaned = super().clean()
        year, strategy = cleaned.get("year"), cleaned.get("strategy")
        if year is not None and not 1 <= year <= 30:
            self.add_error("year", _("Een contractjaar ligt tussen 1 en 30."))
        if year and not strategy:
            self.add_error("strategy", _("Kies de R-strategie voor dit contractjaar."))
        if strategy and not year:
            self.add_error("year", _("Vul het contractjaar in."))
        return cleaned


class BaseGrowthFormSet(ScopedInlineFormSet):
    def validate_unique(self):
        """Duplicate years are reported beside the field in clean(), in Dutch."""

    def clean(self):
        super().clean()
        years = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            year = form.cleaned_data.get("year")
            if year in years:
                form.add_error("year", _("Dit contractjaar staat al in het groeimodel."))
            if year:
                years.add(year)


GrowthFormSet = inlineformset_factory(
    Trajectory,
    GrowthStep,
    form=GrowthStepForm,
    formset=BaseGrowthFormSet,
    extra=3,
    can_delete=True,
    max_num=30,
    absolute_max=30,
    validate_max=True,
)


# --- Answers and checks -----------------------------------------------------


class AnswerForm(forms.Form):
    """One answer, prefixed ``a<pk>`` so the whole phase can post as one form without JavaScript.

    ``version`` is the version the editor started from; ``resolution`` is
    only present while resolving a conflict (keep mine, keep theirs, merge).
    """

    RESOLUTIONS = [
        ("mine", _("Mijn tekst bewaren")),
        ("theirs", _("Hun tekst bewaren")),
        ("merge", _("Zelf samenvoegen (de tekst in het antwoordveld)")),
    ]

    text = forms.CharField(label=_("Antwoord"), required=False, max_length=10_000, widget=forms.Textarea)
    not_applicable = forms.BooleanField(label=_("Niet van toepassing"), required=False)
    na_reason = forms.CharField(label=_("Waarom niet van toepassing?"), required=False, max_length=1000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    resolution = forms.ChoiceField(choices=RESOLUTIONS, required=False, widget=forms.RadioSelect)
    mine = forms.CharField(required=False, widget=forms.HiddenInput, max_length=10_000)

    def __init__(self, *args, answer: Answer, **kwargs):
        kwargs.setdefault("prefix", f"a{answer.pk}")
        kwargs.setdefault(
            "initial",
            {
                "text": answer.text,
                "not_applicable": answer.is_not_applicable,
                "na_reason": answer.na_reason,
                "version": answer.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.answer = answer
        self.summary_label = answer.question_text[:80]  # the error summary names the question
        self.fields["text"].widget.attrs.update({"class": TEXTAREA, "rows": 4})
        self.fields["not_applicable"].widget.attrs.update({"class": CHECKBOX})
        self.fields["na_reason"].widget.attrs.update({"class": TEXTBOX})
        self.fields["resolution"].widget.attrs.update({"class": RADIO})
        self.fields["text"].error_messages["max_length"] = _(
            "Een antwoord mag hoogstens %(limit_value)d tekens hebben (nu %(show_value)d)."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("not_applicable") and not (cleaned.get("na_reason") or "").strip():
            self.add_error("na_reason", _("Geef aan waarom deze vraag niet van toepassing is."))
        return cleaned

    def edit_values(self) -> dict:
        """The values to save, after a chosen conflict resolution."""
        data = self.cleaned_data
        text = data["text"]
        if data.get("resolution") == "mine":
            text = data.get("mine") or text
        return {
            "text": text,
            "state": Answer.state_for(text, data["not_applicable"]),
            "na_reason": data["na_reason"].strip() if data["not_applicable"] else "",
        }


class CheckForm(forms.Form):
    """One aandachtspunt of the checklist, prefixed ``c<pk>``."""

    RESOLUTIONS = AnswerForm.RESOLUTIONS

    checked = forms.BooleanField(label=_("Afgevinkt"), required=False)
    note = forms.CharField(label=_("Notitie"), required=False, max_length=5000, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    resolution = forms.ChoiceField(choices=RESOLUTIONS, required=False, widget=forms.RadioSelect)
    mine = forms.CharField(required=False, widget=forms.HiddenInput, max_length=5000)
    mine_checked = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, check, **kwargs):
        kwargs.setdefault("prefix", f"c{check.pk}")
        kwargs.setdefault("initial", {"checked": check.checked, "note": check.note, "version": check.version})
        super().__init__(*args, **kwargs)
        self.check = check
        self.summary_label = check.point_text[:80]
        self.fields["checked"].widget.attrs.update({"class": CHECKBOX})
        self.fields["note"].widget.attrs.update({"class": TEXTAREA, "rows": 2})
        self.fields["resolution"].widget.attrs.update({"class": RADIO})

    def edit_values(self) -> dict:
        data = self.cleaned_data
        if data.get("resolution") == "mine":
            return {"checked": data["mine_checked"], "note": data.get("mine") or ""}
        return {"checked": data["checked"], "note": data["note"]}


class CompletionForm(forms.Form):
    DONE, LATER = "ja", "nee"  # the posted values

    completed = forms.ChoiceField(
        label=_("Heb je deze fase afgerond?"),
        choices=[(DONE, _("Ja")), (LATER, _("Nee, ik kom later terug"))],
        widget=forms.RadioSelect(attrs={"class": RADIO}),
        required=False,
    )


# --- The R-decision ---------------------------------------------------------

R_STEP_QUESTIONS = {
    "R0": _("Kunnen we dit niet inkopen? (R0 Refuse: weigeren)"),
    "R1": _("Kan het anders: delen, intensiever of multifunctioneel gebruiken? (R1 Rethink: heroverwegen)"),
    "R2": _("Kan het met minder: minder producten, grondstoffen of materiaal? (R2 Reduce: verminderen)"),
}


class RDecisionStepForm(forms.Form):
    considered = forms.BooleanField(label=_("Overwogen"), required=False, initial=True)
    feasible = forms.ChoiceField(label=_("Haalbaar?"), choices=RDecisionStep.Feasible.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Onderbouwing"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, strategy, **kwargs):
        kwargs.setdefault("prefix", strategy.code.lower())
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.question = R_STEP_QUESTIONS.get(strategy.code, str(strategy))
        self.fields["feasible"].error_messages["required"] = _("Kies of %(code)s haalbaar is.") % {
            "code": strategy.code
        }
        self.fields["rationale"].error_messages["required"] = _("Onderbouw de afweging voor %(code)s.") % {
            "code": strategy.code
        }
        self.fields["feasible"].label = _("Is %(code)s haalbaar?") % {"code": strategy.code}
        self.fields["rationale"].label = _("Onderbouwing bij %(code)s") % {"code": strategy.code}
        self.fields["considered"].label = _("%(code)s is overwogen") % {"code": strategy.code}
        self.fields["considered"].widget.attrs.update({"class": CHECKBOX})
        self.fields["feasible"].widget.attrs.update({"class": RADIO})
        self.fields["rationale"].widget.attrs.update({"class": TEXTAREA})

    def step(self) -> dict:
        return {"strategy": self.strategy, **self.cleaned_data}


class RDecisionForm(StyledFormMixin, forms.Form):
    submit_label = ""  # the steps and this form are one <form> with its button in the template
    form_tag = False

    fallback = StrategyChoiceField(
        queryset=RStrategy.objects.filter(number__gt=2).order_by("number"),
        label=_("Als R0, R1 en R2 niet haalbaar zijn: welke R-strategie dan?"),
        required=False,
        empty_label=_("Niet nodig: een van de hoogste R-strategieën is haalbaar"),
    )
    summary = forms.CharField(
        label=_("Toelichting op de keuze"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    avoided_spend = DutchDecimalField(
        label=_("Vermeden uitgaven in euro's (als R0: niet inkopen)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("Bijvoorbeeld 250.000. Laat leeg om de geschatte contractwaarde te gebruiken."),
    )

    def __init__(self, *args, strategies, current=None, **kwargs):
        """``current``: the R-decision in force; an unbound form starts from it (a revision)."""
        if current is not None:
            kwargs.setdefault("initial", self.initial_from(current))
        super().__init__(*args, **kwargs)
        self.fields["avoided_spend"].error_messages["min_value"] = _("Vermeden uitgaven kunnen niet negatief zijn.")
        data = args[0] if args else kwargs.get("data")
        previous = {step.strategy.code: step for step in current.steps.all()} if current is not None else {}
        self.steps = [
            RDecisionStepForm(data, strategy=s, initial=self.step_initial_from(previous.get(s.code)))
            for s in strategies
        ]

    @staticmethod
    def initial_from(decision) -> dict:
        """The summary and, below R2, the fallback strategy of a recorded decision."""
        initial = {"summary": decision.summary}
        if not decision.chosen_strategy.is_highest:
            initial["fallback"] = decision.chosen_strategy.code
        return initial

    @staticmethod
    def step_initial_from(step) -> dict | None:
        """One ladder step of a recorded decision as the initial values of its step form."""
        if step is None:
            return None
        return {"considered": step.considered, "feasible": step.feasible, "rationale": step.rationale}

    def is_valid(self) -> bool:
        valid = super().is_valid()
        steps_valid = [step.is_valid() for step in self.steps].count(False) == 0  # validate every step
        if valid and steps_valid:
            self._check_choice()
        return valid and steps_valid and not self.errors

    def _check_choice(self) -> None:
        from .models import RDecision

        steps = [s.step() for s in self.steps]
        if RDecision.choose(steps) is None and not self.cleaned_data.get("fallback"):
            self.add_error(
                "fallback",
                _("R0, R1 en R2 zijn niet haalbaar: kies welke R-strategie het team dan wel nastreeft."),
            )

    def all_errors(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, for this form and its steps."""
        return error_summary(self, *self.steps)


# --- Referentie en effect ------------------------------------------------------------


class ImpactLineForm(StyledFormMixin, forms.Form):
    """One line of the reference, the plan or what was realised; every number typed the Dutch way.

    ``factors`` are the organisation's effective factors (``ImpactFactor.objects.effective_for``);
    ``line`` the line being edited (its snapshot is kept unless another factor is chosen).
    """

    submit_label = _("Regel opslaan")

    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: laptops voor alle medewerkers, of: gedeelde apparaten in de flexplekken."),
    )
    factor = FactorChoiceField(
        label=_("Impactfactor"),
        required=False,
        empty_label=_("Geen factor: het effect van deze regel is onbekend"),
        help_text=_(
            "Kies het product. Weet je alleen het bedrag? Kies dan de factor ‘per euro’ van de categorie "
            "en geef het bedrag op: dat is een grove schatting."
        ),
    )
    quantity = DutchDecimalField(
        label=_("Hoeveelheid over de hele looptijd"),
        min_value=0,
        help_text=_("Typ getallen zoals je gewend bent: 10.000 is tienduizend, 12,5 is twaalf en een half."),
        **QUANTITY_DIGITS,
    )
    quantity_unit = forms.ChoiceField(
        label=_("Eenheid van de hoeveelheid"),
        required=False,
        choices=[("", _("Dezelfde als de factor")), *FactorUnit.choices],
    )
    unit_weight_kg = DutchDecimalField(
        label=_("Gewicht per stuk in kg"),
        required=False,
        min_value=0,
        help_text=_("Nodig als de factor per kg is en je stuks telt (of andersom)."),
        **FACTOR_DIGITS,
    )
    unit_price_eur = DutchDecimalField(
        label=_("Prijs per eenheid in euro"),
        required=False,
        min_value=0,
        help_text=_("Voor het effect in euro’s. Niet nodig als je de hoeveelheid in euro’s opgeeft."),
        **PRICE_DIGITS,
    )

    def __init__(self, *args, factors=(), line=None, **kwargs):
        self.line = line
        if line is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "description": line.description,
                "factor": linked_factor_key(line),
                "quantity": line.quantity,
                "quantity_unit": line.quantity_unit,
                "unit_weight_kg": line.unit_weight_kg,
                "unit_price_eur": line.unit_price_eur,
            }
        super().__init__(*args, **kwargs)
        factor_field = self.fields["factor"]
        factor_field.offer(factors)
        if line is not None and line.has_factor and self.initial.get("factor") not in factor_field.factors:
            # The line's factor is gone (deleted or no longer effective): keep its snapshot as a choice.
            factor_field.offer(factors, kept_label=_("%(item)s – zoals vastgelegd") % {"item": line.item_nl})
            self.initial["factor"] = KEPT
        self.fields["quantity"].error_messages["min_value"] = _("Een hoeveelheid kan niet negatief zijn.")
        for name in ("unit_weight_kg", "unit_price_eur"):
            self.fields[name].error_messages["min_value"] = _("Vul een getal van 0 of meer in.")

    @property
    def chosen_factor(self):
        return self.fields["factor"].factors.get(self.cleaned_data.get("factor") or "")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        choice = cleaned.get("factor") or ""
        factor = self.fields["factor"].factors.get(choice)
        kept = choice == KEPT and self.line is not None
        unit = cleaned.get("quantity_unit") or ""
        if not unit:
            if factor is not None:
                unit = factor.unit
            elif kept:
                unit = self.line.unit
            else:
                self.add_error("quantity_unit", _("Kies de eenheid van de hoeveelheid."))
                return cleaned
        cleaned["quantity_unit"] = unit
        probe = ImpactLine(
            quantity=cleaned["quantity"],
            quantity_unit=unit,
            unit_weight_kg=cleaned.get("unit_weight_kg"),
            unit_price_eur=cleaned.get("unit_price_eur"),
        )
        if factor is not None:
            probe.take_snapshot(factor)
        elif kept:
            probe.unit = self.line.unit
        check_units(self, probe)
        return cleaned

    def apply_to(self, line) -> None:
        """Copy the values into ``line``; a newly chosen factor is snapshotted, an unchanged one is kept."""
        data = self.cleaned_data
        line.description = data["description"]
        line.quantity = data["quantity"]
        line.quantity_unit = data["quantity_unit"]
        line.unit_weight_kg = data.get("unit_weight_kg")
        line.unit_price_eur = data.get("unit_price_eur")
        choice = data.get("factor") or ""
        if choice == KEPT:
            return
        factor = cast(FactorChoiceField, self.fields["factor"]).factors.get(choice)
        if factor is None:
            line.take_snapshot(None)
        elif not line.links(factor) or not line.has_factor:
            line.take_snapshot(factor)


class EffectSettingsForm(StyledFormMixin, forms.Form):
    """The term of the effect (and, in Intern evalueren, "er is niets ingekocht")."""

    submit_label = _("Opslaan")

    term_years = DutchDecimalField(
        label=_("Looptijd van het contract in jaren"),
        help_text=_("De hoeveelheden in referentie en plan gelden voor deze hele looptijd. Bijvoorbeeld 4 of 2,5."),
        **TERM_DIGITS,
    )
    first_year = forms.IntegerField(
        label=_("Eerste jaar"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Het jaar waarin het contract begint."),
        error_messages={
            "min_value": _("Vul een jaartal van 1990 of later in."),
            "max_value": _("Vul een jaartal van 2100 of eerder in."),
            "invalid": _("Vul een jaartal in, bijvoorbeeld 2026."),
        },
    )
    realised_is_nothing = forms.BooleanField(
        label=_("Er is niets ingekocht: de inkoop is echt voorkomen"),
        required=False,
    )

    def __init__(self, *args, with_realised: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_realised:
            del self.fields["realised_is_nothing"]

    def clean_term_years(self):
        value = self.cleaned_data.get("term_years")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("De looptijd moet langer zijn dan 0 jaar."))
        return value


class OcdsImportForm(StyledFormMixin, forms.Form):
    """Link a trajectory to its published tender: upload an OCDS release, record or package."""

    submit_label = _("Aanbesteding koppelen")

    file = forms.FileField(
        label=_("OCDS-bestand"),
        error_messages={"required": _("Kies een OCDS-bestand."), "empty": _("Het bestand is leeg.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    source_url = forms.URLField(
        label=_("Link naar de publicatie"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_("Bijvoorbeeld de aankondiging op TenderNed. Leeg: de link uit het bestand, als die er is."),
        error_messages={"invalid": _("Vul een webadres in, bijvoorbeeld https://www.tenderned.nl/…")},
    )

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, in the request's language (at import it would be fixed in Dutch).
        self.fields["file"].help_text = _(
            "Een release, record of package in JSON, zoals je het downloadt uit de open data van TenderNed; "
            "hoogstens %(size)s MB."
        ) % {"size": settings.OCDS_IMPORT_MAX_BYTES // (1024 * 1024)}
        self.trajectory = trajectory
        self.tender_fields = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        if upload.size > settings.OCDS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot: hoogstens %(size)s MB.")
                % {"size": settings.OCDS_IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        from .ocds.importer import OcdsImportError, read

        try:
            self.tender_fields = read(upload.read(), organisation=self.trajectory.organisation)
        except OcdsImportError as error:
            raise forms.ValidationError(str(error)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.tender_fields is not None and cleaned.get("source_url"):
            self.tender_fields["source_url"] = cleaned["source_url"]
        return cleaned
