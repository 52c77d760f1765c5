"""The library of circular criteria and clauses, and the criteria a trajectory chose.

A ``Criterion`` is a reusable text for the tender documents: a requirement, an award
criterion, a contract clause or a question for the market consultation. The **base set**
(``organisation`` empty) is kept by the admins; an organisation's **own** criteria are
kept by its chef circulair, who may adapt a base criterion (the copy keeps ``base`` and
the base's ``version`` it was made from, so the library can show that the base changed
since) or retire it for the organisation.

A criterion's ``version`` goes up whenever its content changes (``CONTENT_FIELDS``); a
trajectory's ``ChosenCriterion`` pins the code, version and texts it chose, as an answer
keeps its question text, and adds the filled variables and the weight.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kpis.models import Kpi
from lib.numbers import format_reading
from organisations.models import Membership, Organisation
from organisations.scoping import OrganisationScopedQuerySet
from procurement.models import GuidingQuestion, Trajectory
from rladder.models import RStrategy

from . import award, search
from .award import Promise, PromiseKind

# A fill-in variable in a criterion's text: "[percentage] % van de apparaten is refurbished".
VARIABLE = re.compile(r"\[([^\[\]\n]{1,60})\]")
MAX_VARIABLES = 10
CODE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9][A-Z0-9.-]{1,29}$",
    _("Gebruik 2 tot 30 hoofdletters, cijfers, punten en streepjes, bijvoorbeeld ICT-R1-03."),
)
CPV_PREFIXES = RegexValidator(
    r"^(\d{2,8}( \d{2,8})*)?$", _("Geef het begin van CPV-codes, gescheiden door spaties, bijvoorbeeld 302 3913.")
)


class Type(models.TextChoices):
    """The six kinds of text in tender documents, in the order of the tender document."""

    MARKET_CONSULTATION = "marktconsultatie", _("Vraag voor de marktconsultatie")
    SUITABILITY_REQUIREMENT = "geschiktheidseis", _("Geschiktheidseis")
    SELECTION_CRITERION = "selectiecriterium", _("Selectiecriterium")
    REQUIREMENT = "eis", _("Eis (technische specificatie)")
    AWARD_CRITERION = "gunningscriterium", _("Gunningscriterium")
    CONTRACT_CLAUSE = "contractbepaling", _("Contractbepaling (ook bonus/malus en sancties)")


TYPE_ORDER = [value for value, _label in Type.choices]


class Ambition(models.IntegerChoices):
    """The ambitieweb's levels."""

    BASIC = 1, _("1 – basis")
    SIGNIFICANT = 2, _("2 – significant")
    AMBITIOUS = 3, _("3 – ambitieus")


def variables_in(text: str) -> list[str]:
    """The fill-in variables of ``text``, each once, in order of appearance."""
    found = []
    for name in VARIABLE.findall(text or ""):
        name = name.strip()
        if name and name not in found:
            found.append(name)
    return found


def fill(text: str, values: dict) -> str:
    """``text`` with each variable replaced by its value (as a Dutch number); unfilled ones stay as [name]."""

    def replace(match):
        name = match.group(1).strip()
        value = values.get(name)
        if value in (None, ""):
            return match.group(0)
        try:
            return format_reading(Decimal(value))
        except (InvalidOperation, ValueError, TypeError):
            return match.group(0)

    return VARIABLE.sub(replace, text or "")


class CriterionQuerySet(models.QuerySet):
    def base(self):
        return self.filter(organisation__isnull=True)

    def library(self, organisation):
        """What ``organisation`` sees: its own criteria, and the published base criteria it did not adapt or retire."""
        own = models.Q(organisation=organisation)
        base = models.Q(organisation__isnull=True, status=Criterion.Status.PUBLISHED)
        adapted = Criterion.objects.filter(organisation=organisation, base__isnull=False).values("base_id")
        return self.filter(own | (base & ~models.Q(pk__in=adapted)))

    def usable(self):
        return self.exclude(status=Criterion.Status.WITHDRAWN)

    def matching(self, query: str):
        """Criteria with every stem of ``query`` (Dutch full-text search, see criteria/search.py)."""
        queryset = self
        for stem in search.query_stems(query):
            queryset = queryset.filter(stems__contains=f" {stem} ")
        return queryset

    def for_list(self):
        return self.select_related("strategy", "organisation", "base")


class Criterion(models.Model):
    # Set by the access helper that fetched it for a request: the viewer's membership.
    viewer_membership: Membership

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    class Direction(models.TextChoices):
        LOWER = "lager", _("Lager is beter")
        HIGHER = "hoger", _("Hoger is beter")

    # A change to any of these is a new version of the criterion.
    CONTENT_FIELDS = (
        "title",
        "type",
        "strategy_id",
        "categories",
        "cpv_codes",
        "ambition",
        "text",
        "evidence",
        "kpi_name",
        "kpi_unit",
        "kpi_direction",
        "kpi_variable",
        "legal_note",
        "source",
        "source_url",
        "licence",
    )

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name=_("organisatie"),
        help_text=_("Leeg voor de basisset die voor alle organisaties geldt."),
    )
    code = models.CharField(_("code"), max_length=30, validators=[CODE_VALIDATOR])
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    title = models.CharField(_("titel"), max_length=200)
    type = models.CharField(_("soort"), max_length=20, choices=Type.choices)
    strategy = models.ForeignKey(
        RStrategy, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("R-strategie")
    )
    questions = models.ManyToManyField(
        GuidingQuestion, blank=True, related_name="criteria", verbose_name=_("hulpvragen die het beantwoordt")
    )
    categories = models.TextField(
        _("productcategorieën"),
        blank=True,
        max_length=1000,
        help_text=_("Eén categorienaam per regel, zoals ICT-hardware. Leeg: past bij elke categorie."),
    )
    cpv_codes = models.CharField(
        _("CPV-codes"),
        max_length=200,
        blank=True,
        validators=[CPV_PREFIXES],
        help_text=_("Het begin van de CPV-codes waar het bij past, gescheiden door spaties, bijvoorbeeld 302."),
    )
    ambition = models.PositiveSmallIntegerField(_("ambitieniveau"), choices=Ambition.choices, default=Ambition.BASIC)
    text = models.TextField(
        _("tekst"),
        max_length=5000,
        help_text=_("Zet in te vullen getallen tussen blokhaken: [percentage] % van de apparaten is refurbished."),
    )
    evidence = models.TextField(_("verificatie: welk bewijs de leverancier levert"), max_length=2000)
    kpi_name = models.CharField(
        _("KPI die het voedt"),
        max_length=200,
        blank=True,
        help_text=_("Alleen als het meetbaar is: de naam van de contract-KPI."),
    )
    kpi_unit = models.CharField(_("eenheid van de KPI"), max_length=50, blank=True)
    kpi_direction = models.CharField(_("richting van de KPI"), max_length=10, choices=Direction.choices, blank=True)
    kpi_variable = models.CharField(
        _("variabele met de doelwaarde"),
        max_length=60,
        blank=True,
        help_text=_("De variabele uit de tekst waarvan de ingevulde waarde het doel van de KPI wordt."),
    )
    legal_note = models.TextField(_("juridische toelichting"), blank=True, max_length=3000)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    source_url = models.URLField(_("link naar de bron"), blank=True)
    licence = models.CharField(_("licentie"), max_length=200, blank=True)
    is_example = models.BooleanField(
        _("voorbeeldtekst"),
        default=False,
        help_text=_("Een voorbeeld dat de jurist van de organisatie toetst voordat het wordt gebruikt."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    base = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("aangepast van"),
    )
    base_version = models.PositiveIntegerField(_("versie van de basis bij aanpassen"), null=True, blank=True)
    stems = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[questions], excluded_fields=["stems"])

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["code", "pk"]
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(Coalesce("organisation", models.Value(0)), "code", name="unique_criterion_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_content", None)
        if self.pk and loaded is not None and loaded != self.content():
            self.version += 1
        self.stems = search.stems_of(self.code, self.title, self.text, self.evidence, self.legal_note)
        super().save(*args, **kwargs)
        self._loaded_content = self.content()

    def get_absolute_url(self) -> str:
        return reverse("criteria:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_content = instance.content()
        return instance

    def content(self) -> tuple:
        return tuple(getattr(self, name, None) for name in self.CONTENT_FIELDS)

    @property
    def is_base(self) -> bool:
        return self.organisation_id is None

    @property
    def is_retired(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def variables(self) -> list[str]:
        return variables_in(self.text)

    @property
    def category_names(self) -> list[str]:
        return [line.strip() for line in self.categories.splitlines() if line.strip()]

    @property
    def has_kpi(self) -> bool:
        return bool(self.kpi_name and self.kpi_unit)

    @property
    def base_changed(self) -> bool:
        """An adaptation whose base has a newer version than the one it was adapted from (load with ``base``)."""
        return self.base is not None and self.base_version is not None and self.base.version > self.base_version

    def fits_category(self, name: str) -> bool:
        names = {n.casefold() for n in self.category_names}
        return not names or (name or "").casefold() in names

    def fits_cpv(self, cpv_code: str) -> bool:
        prefixes = self.cpv_codes.split()
        return not prefixes or not cpv_code or any(cpv_code.startswith(p) for p in prefixes)

    def adaptation_for(self, organisation_id: int) -> "Criterion | None":
        """The organisation's own copy of this base criterion, if it made one."""
        return Criterion.objects.filter(organisation_id=organisation_id, base=self).first()

    def adaptation_draft(self, organisation) -> "Criterion":
        """An unsaved copy of this base criterion for ``organisation``, linked to it and to its current version."""
        return Criterion(
            organisation=organisation,
            code=self.code,
            base=self,
            base_version=self.version,
            status=self.Status.PUBLISHED,
            is_example=self.is_example,
            **{name: getattr(self, name) for name in self.CONTENT_FIELDS},
        )

    def adapt(self, organisation, **changes) -> "Criterion":
        """The organisation's own copy of this base criterion, saved with the base's guiding questions."""
        copy = self.adaptation_draft(organisation)
        for name, value in changes.items():
            setattr(copy, name, value)
        copy.save()
        copy.questions.set(self.questions.all())
        return copy

    def retire(self) -> None:
        self.status = self.Status.WITHDRAWN
        self.save(update_fields=["status", "updated_at", "stems"])

    def take_over_base(self) -> None:
        """Mark the base's current version as seen (the organisation keeps its own text)."""
        if self.base is not None:
            self.base_version = self.base.version
            self.save(update_fields=["base_version", "updated_at", "stems"])


class ChosenQuerySet(OrganisationScopedQuerySet):
    def in_document_order(self):
        order = models.Case(*(models.When(type=t, then=i) for i, t in enumerate(TYPE_ORDER)), default=len(TYPE_ORDER))
        return self.alias(type_rank=order).order_by("type_rank", "order", "pk")


class EditConflict(Exception):
    """Someone else saved the chosen criterion since the form was shown."""


class ChosenCriterion(models.Model):
    """A criterion a trajectory uses: its code, version and texts as chosen, the filled variables, the weight."""

    # Set by the trajectory's criteria page for the row it shows.
    form: Any

    # What a reviewer approves: a change to any of these is another content version.
    EDIT_FIELDS = ("code", "version", "type", "title", "text", "evidence", "values", "weight")

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="chosen_criteria", verbose_name=_("traject")
    )
    # The library criterion is found by its code (an adaptation keeps the base's code); no key to it is
    # kept, so an organisation's backup carries the chosen texts without the library they came from.
    code = models.CharField(_("code"), max_length=30)
    version = models.PositiveIntegerField(_("versie"))
    type = models.CharField(_("soort"), max_length=20, choices=Type.choices)
    strategy = models.ForeignKey(
        RStrategy, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("R-strategie")
    )
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("tekst"), max_length=5000)
    evidence = models.TextField(_("verificatie"), max_length=2000, blank=True)
    kpi_name = models.CharField(_("KPI die het voedt"), max_length=200, blank=True)
    kpi_unit = models.CharField(_("eenheid van de KPI"), max_length=50, blank=True)
    kpi_direction = models.CharField(_("richting van de KPI"), max_length=10, blank=True)
    kpi_variable = models.CharField(_("variabele met de doelwaarde"), max_length=60, blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    source_url = models.URLField(_("link naar de bron"), blank=True)
    values = models.JSONField(_("ingevulde waarden"), default=dict, blank=True)
    weight = models.DecimalField(_("weging (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    revision = models.PositiveIntegerField(default=0, editable=False)
    is_own = models.BooleanField(
        _("eigen criterium van het team"),
        default=False,
        help_text=_("Geschreven in dit traject, niet uit de bibliotheek: de jurist toetst het voor gebruik."),
    )
    kpi = models.ForeignKey(
        Kpi, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("contract-KPI")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("gekozen op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = ChosenQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("gekozen criterium")
        verbose_name_plural = _("gekozen criteria")
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "code"], name="unique_chosen_criterion_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} {self.title}"

    @classmethod
    def choose(cls, trajectory, criterion: Criterion, user=None) -> "ChosenCriterion":
        """Pin ``criterion`` as it is now to ``trajectory`` (a second choice of the same code changes nothing)."""
        existing = cls.objects.filter(trajectory=trajectory, code=criterion.code).first()
        if existing is not None:
            return existing
        last = cls.objects.filter(trajectory=trajectory).aggregate(m=models.Max("order"))["m"] or 0
        return cls.objects.create(
            trajectory=trajectory,
            code=criterion.code,
            version=criterion.version,
            type=criterion.type,
            strategy=criterion.strategy,
            title=criterion.title,
            text=criterion.text,
            evidence=criterion.evidence,
            kpi_name=criterion.kpi_name,
            kpi_unit=criterion.kpi_unit,
            kpi_direction=criterion.kpi_direction,
            kpi_variable=criterion.kpi_variable,
            source=criterion.source,
            source_url=criterion.source_url,
            order=last + 1,
            created_by=user,
        )

    @property
    def variables(self) -> list[str]:
        return variables_in(self.text)[:MAX_VARIABLES]

    @property
    def filled_text(self) -> str:
        return fill(self.text, self.values)

    @property
    def is_award(self) -> bool:
        return self.type == Type.AWARD_CRITERION

    @property
    def kpi_target(self) -> Decimal | None:
        value = self.values.get(self.kpi_variable) if self.kpi_variable else None
        try:
            return Decimal(value) if value not in (None, "") else None
        except (InvalidOperation, ValueError, TypeError):
            return None

    @property
    def can_create_kpi(self) -> bool:
        return bool(self.kpi_name and self.kpi_unit) and self.kpi_id is None and self.kpi_target is not None

    OWN_PREFIX = "EIGEN-"

    @classmethod
    def write_own(cls, trajectory, user=None, **texts) -> "ChosenCriterion":
        """A criterion the team writes for this trajectory (``texts``: type, strategy, title, text, evidence),
        numbered EIGEN-1, EIGEN-2, … within the trajectory."""
        with transaction.atomic():
            # The trajectory's row lock keeps two writers from taking the same number.
            Trajectory.objects.select_for_update().only("pk").get(
                organisation_id=trajectory.organisation_id, pk=trajectory.pk
            )
            rows = cls.objects.filter(trajectory=trajectory)
            taken = set(rows.values_list("code", flat=True))
            number = 1 + sum(1 for code in taken if code.startswith(cls.OWN_PREFIX))
            while f"{cls.OWN_PREFIX}{number}" in taken:
                number += 1
            last = rows.aggregate(m=models.Max("order"))["m"] or 0
            return cls.objects.create(
                trajectory=trajectory,
                code=f"{cls.OWN_PREFIX}{number}",
                version=1,
                is_own=True,
                order=last + 1,
                created_by=user,
                **texts,
            )

    def rewrite(self, *, revision: int, **texts) -> None:
        """Change the team's own criterion (a new version), unless someone else saved since ``revision``."""
        with transaction.atomic():
            current = ChosenCriterion.objects.select_for_update().filter(trajectory=self.trajectory_id).get(pk=self.pk)
            if current.revision != revision:
                raise EditConflict
            changed = any(getattr(current, name) != value for name, value in texts.items())
            for name, value in texts.items():
                setattr(current, name, value)
            if changed:
                current.version += 1
            current.values = {name: value for name, value in current.values.items() if name in current.variables}
            current.weight = current.weight if current.is_award else None
            current.revision = revision + 1
            current.save()
        for name in (*texts, "version", "values", "weight", "revision"):
            setattr(self, name, getattr(current, name))

    def fill_in(self, values: dict, weight: Decimal | None, *, revision: int) -> None:
        """Store the filled values and weight, unless someone else saved since ``revision`` (EditConflict)."""
        stored = {name: str(value) for name, value in values.items() if value is not None and name in self.variables}
        with transaction.atomic():
            current = ChosenCriterion.objects.select_for_update().filter(trajectory=self.trajectory_id).get(pk=self.pk)
            if current.revision != revision:
                raise EditConflict
            current.values = stored
            current.weight = weight if self.is_award else None
            current.revision = revision + 1
            current.save()
        self.values, self.weight, self.revision = current.values, current.weight, current.revision


def award_criteria(trajectory_id: int) -> list[ChosenCriterion]:
    """The trajectory's chosen award criteria (gunningscriteria) in document order, with their weights."""
    return list(
        ChosenCriterion.objects.filter(trajectory_id=trajectory_id, type=Type.AWARD_CRITERION).order_by("order", "pk")
    )


def criteria_weights(criteria: list[ChosenCriterion]) -> list[Decimal]:
    """The weights the chosen award criteria have (a criterion without one yet does not count)."""
    return [row.weight for row in criteria if row.weight is not None]


class AwardModel(models.Model):
    """How a trajectory will award (BPKV): the method, weights and circular inputs, to simulate before publication.

    The arithmetic is criteria/award.py; this keeps the inputs, with history.
    """

    class Method(models.TextChoices):
        WEIGHTED = award.Method.WEIGHTED.value, _("Gewogen factor: (Pmax − P) / (Pmax − Pmin)")
        RELATIVE = award.Method.RELATIVE.value, _("Relatief ten opzichte van de laagste prijs: Pbest / P")
        VALUE = award.Method.VALUE.value, _("Gunnen op waarde: fictieve korting op de prijs")
        LOG = award.Method.LOG.value, _("Logaritmisch: 1 − log(P / Pbest) / log A")

    trajectory = models.OneToOneField(
        Trajectory, on_delete=models.CASCADE, related_name="award_model", verbose_name=_("traject")
    )
    method = models.CharField(_("beoordelingsmethode"), max_length=20, choices=Method.choices, default=Method.VALUE)
    price_weight = models.DecimalField(_("weging prijs (%)"), max_digits=5, decimal_places=2, default=Decimal(60))
    quality_weight = models.DecimalField(_("weging kwaliteit (%)"), max_digits=5, decimal_places=2, default=Decimal(40))
    quality_budget = models.DecimalField(
        _("waarde van kwaliteitsscore 100 (€)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    ladder_1 = models.DecimalField(_("korting trede 1 (%)"), max_digits=5, decimal_places=2, default=Decimal(1))
    ladder_2 = models.DecimalField(_("korting trede 2 (%)"), max_digits=5, decimal_places=2, default=Decimal(2))
    ladder_3 = models.DecimalField(_("korting trede 3 (%)"), max_digits=5, decimal_places=2, default=Decimal(4))
    ladder_4 = models.DecimalField(_("korting trede 4 (%)"), max_digits=5, decimal_places=2, default=Decimal(7))
    ladder_5 = models.DecimalField(_("korting trede 5 (%)"), max_digits=5, decimal_places=2, default=Decimal(10))
    mki_reference = models.DecimalField(_("referentie-MKI (€)"), max_digits=14, decimal_places=2, null=True, blank=True)
    mki_discount = models.DecimalField(
        _("korting per bespaarde euro MKI (€)"), max_digits=8, decimal_places=4, default=Decimal(0)
    )
    mki_factor = models.DecimalField(
        _("MKI optellen: factor × MKI bij de prijs"), max_digits=8, decimal_places=4, default=Decimal(0)
    )
    log_coefficient = models.DecimalField(
        _("coëfficiënt A van de logaritmische formule"), max_digits=5, decimal_places=2, default=Decimal(2)
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()
    organisation_path = "trajectory__organisation"

    class Meta:
        verbose_name = _("gunningsmodel")
        verbose_name_plural = _("gunningsmodellen")

    def __str__(self) -> str:
        return f"{self.trajectory} · {self.get_method_display()}"

    LADDER_FIELDS = ("ladder_1", "ladder_2", "ladder_3", "ladder_4", "ladder_5")

    def simulate(self, criteria: list[ChosenCriterion] | None = None) -> tuple[award.Simulation | None, str]:
        """The simulation of the saved model or (None, the Dutch reason) when it cannot run.

        ``criteria``: the trajectory's chosen award criteria (``award_criteria``), read when not given;
        their weights are compared with the model's, and those with a scoring scale score the bids.
        """
        if criteria is None:
            criteria = award_criteria(self.trajectory_id)
        try:
            rules = self.rules(criteria)
        except award.AwardInputError as refused:
            return None, str(refused)
        order = self.scored_order(criteria)
        bids = [bid.as_bid(order) for bid in self.bids.all()]
        if len(bids) < award.MIN_BIDS:
            return None, _("Vul ten minste %(n)s voorbeeldinschrijvingen in om te rekenen.") % {"n": award.MIN_BIDS}
        try:
            return award.simulate(rules, bids, criteria_weights(criteria)), ""
        except award.AwardInputError as refused:
            return None, str(refused)

    def scored_order(self, criteria: list[ChosenCriterion]) -> list[int]:
        """The ids of the chosen award criteria that score the bids: a scale and a weight, in document order."""
        scaled = {scale.chosen_id for scale in self.scales.all()}
        return [row.pk for row in criteria if row.pk in scaled and row.weight]

    def adopt_weights(self, criteria: list[ChosenCriterion]) -> None:
        """Take the quality weight from the chosen award criteria (their sum) and price as the rest; saved.

        AwardInputError (Dutch message) when no criterion has a weight or they weigh more than 100 %.
        """
        self.price_weight, self.quality_weight = award.adopted_weights(criteria_weights(criteria))
        self.save()

    def rules(self, criteria: list[ChosenCriterion] | None = None) -> award.Rules:
        """The model as award.Rules; with ``criteria``, those with a scoring scale (``AwardScale``) score quality."""
        scored: tuple[award.ScoredCriterion, ...] = ()
        if criteria:
            scales = {scale.chosen_id: scale for scale in self.scales.all()}
            by_pk = {row.pk: row for row in criteria}
            scored = tuple(
                award.ScoredCriterion(
                    by_pk[pk].title,
                    by_pk[pk].weight or Decimal(0),
                    award.parse_scale(scales[pk].steps),
                    scales[pk].value,
                )
                for pk in self.scored_order(criteria)
            )
        return award.Rules(
            method=award.Method(self.method),
            price_weight=self.price_weight,
            quality_weight=self.quality_weight,
            quality_budget=self.quality_budget,
            ladder_discounts={level: getattr(self, name) for level, name in enumerate(self.LADDER_FIELDS, start=1)},
            mki_reference=self.mki_reference,
            mki_discount=self.mki_discount,
            mki_factor=self.mki_factor,
            log_coefficient=self.log_coefficient,
            criteria=scored,
        )


class AwardScale(models.Model):
    """The scoring scale of one chosen award criterion in the award model, and its euro value.

    ``steps`` as typed ("0/25/60/100" or "1-10", criteria/award.py ``parse_scale``); ``value`` is
    the discount for the full score under gunnen op waarde (0: the quality budget counts instead).
    """

    award_model = models.ForeignKey(
        AwardModel, on_delete=models.CASCADE, related_name="scales", verbose_name=_("gunningsmodel")
    )
    chosen = models.ForeignKey(
        ChosenCriterion, on_delete=models.CASCADE, related_name="+", verbose_name=_("gunningscriterium")
    )
    steps = models.CharField(_("beoordelingsschaal"), max_length=200)
    value = models.DecimalField(_("waarde van de hoogste score (€)"), max_digits=14, decimal_places=2, default=0)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()
    organisation_path = "award_model__trajectory__organisation"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("beoordelingsschaal")
        verbose_name_plural = _("beoordelingsschalen")
        constraints = [models.UniqueConstraint(fields=["award_model", "chosen"], name="one_scale_per_award_criterion")]

    def __str__(self) -> str:
        return self.steps


class AwardBid(models.Model):
    """An example bid to simulate the award with (not a real offer)."""

    award_model = models.ForeignKey(
        AwardModel, on_delete=models.CASCADE, related_name="bids", verbose_name=_("gunningsmodel")
    )
    name = models.CharField(_("naam"), max_length=100)
    price = models.DecimalField(_("prijs (€)"), max_digits=14, decimal_places=2)
    quality = models.DecimalField(_("kwaliteitsscore (0–100)"), max_digits=5, decimal_places=2, default=Decimal(0))
    ladder_level = models.PositiveSmallIntegerField(
        _("trede CO2-Prestatieladder"),
        default=0,
        choices=[(0, _("geen")), *((level, str(level)) for level in range(1, award.MAX_LADDER_LEVEL + 1))],
    )
    mki = models.DecimalField(_("MKI-waarde (€)"), max_digits=14, decimal_places=2, null=True, blank=True)
    circular = models.BooleanField(_("circulaire inschrijving"), default=False)
    scores = models.JSONField(_("scores per gunningscriterium"), default=dict, blank=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()
    organisation_path = "award_model__trajectory__organisation"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("voorbeeldinschrijving")
        verbose_name_plural = _("voorbeeldinschrijvingen")

    def __str__(self) -> str:
        return self.name

    def score(self, chosen_pk: int) -> Decimal | None:
        value = self.scores.get(str(chosen_pk)) if isinstance(self.scores, dict) else None
        try:
            return Decimal(value) if value not in (None, "") else None
        except (InvalidOperation, TypeError):
            return None

    def as_bid(self, scored_order: list[int] | None = None) -> award.Bid:
        """As award.Bid; ``scored_order``: the ids of the scored criteria (AwardModel.scored_order)."""
        return award.Bid(
            name=self.name,
            price=self.price,
            quality=self.quality,
            ladder_level=self.ladder_level,
            mki=self.mki,
            circular=self.circular,
            scores=tuple(self.score(pk) for pk in scored_order or ()),
        )


class AwardQuerySet(OrganisationScopedQuerySet):
    def with_promises(self):
        """Each award with its promises and their contract KPIs (what award_record.promise_rows reads)."""
        return self.prefetch_related(models.Prefetch("promises", AwardPromise.objects.select_related("kpi")))


class Award(models.Model):
    """The recorded award of a trajectory: who won with what offer, and the sanction rule the tender set.

    The winner's circular promises (``AwardPromise``) become contract KPIs that the supplier reports
    on; when a realised value falls short, the sanction is ``sanction_factor`` × the award advantage
    the promise earned (criteria/award.py ``sanction``). Once recorded, the award model is fixed.
    """

    trajectory = models.OneToOneField(
        Trajectory, on_delete=models.CASCADE, related_name="award", verbose_name=_("traject")
    )
    winner = models.CharField(_("winnende inschrijver"), max_length=200)
    price = models.DecimalField(_("prijs van de winnende inschrijving (€)"), max_digits=14, decimal_places=2)
    awarded_on = models.DateField(_("gunningsdatum"))
    sanction_factor = models.DecimalField(
        _("sanctie bij niet nakomen: factor × het verkregen gunningsvoordeel"),
        max_digits=4,
        decimal_places=2,
        default=award.DEFAULT_SANCTION_FACTOR,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)
    history = HistoricalRecords()

    objects = AwardQuerySet.as_manager()
    organisation_path = "trajectory__organisation"

    class Meta:
        verbose_name = _("gunning")
        verbose_name_plural = _("gunningen")

    def __str__(self) -> str:
        return f"{self.trajectory} · {self.winner}"


class AwardPromise(models.Model):
    """One promise of the winning offer: a ladder level, an MKI value or a circular criterion's value.

    ``advantage`` is the award advantage (euro) the promise earned, computed from the award model
    under gunnen op waarde and entered by the team otherwise; ``kpi`` is the contract KPI it became.
    """

    class Kind(models.TextChoices):
        LADDER = PromiseKind.LADDER.value, _("Trede op de CO2-Prestatieladder")
        MKI = PromiseKind.MKI.value, _("MKI-waarde")
        CRITERION = PromiseKind.CRITERION.value, _("Circulair gunningscriterium")

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="promises", verbose_name=_("gunning"))
    kind = models.CharField(_("soort belofte"), max_length=20, choices=Kind.choices)
    chosen = models.ForeignKey(
        ChosenCriterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gunningscriterium"),
    )
    label = models.CharField(_("belofte"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=50)
    lower_is_better = models.BooleanField(_("lager is beter"), default=False)
    promised = models.DecimalField(_("beloofde waarde"), max_digits=16, decimal_places=4)
    advantage = models.DecimalField(_("verkregen gunningsvoordeel (€)"), max_digits=14, decimal_places=2)
    kpi = models.ForeignKey(
        Kpi, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("contract-KPI")
    )
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()
    organisation_path = "award__trajectory__organisation"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("belofte uit de gunning")
        verbose_name_plural = _("beloften uit de gunning")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "kind"],
                condition=~models.Q(kind=PromiseKind.CRITERION.value),
                name="one_ladder_and_mki_promise_per_award",
            ),
            models.UniqueConstraint(fields=["award", "chosen"], name="one_promise_per_award_criterion"),
        ]

    def __str__(self) -> str:
        return self.label

    def as_promise(self) -> Promise:
        return Promise(PromiseKind(self.kind), self.promised, self.advantage, self.lower_is_better)
