"""The R-ladder (PBL 2017, R0–R9) and, per organisation, product strategies."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

HIGHEST_MAX_NUMBER = 2  # R0, R1 and R2 are "de hoogste R-strategieën"


class RStrategyQuerySet(models.QuerySet):
    def highest(self):
        return self.filter(number__lte=HIGHEST_MAX_NUMBER)


class RStrategy(models.Model):
    class Group(models.TextChoices):
        SLIMMER = "slimmer", _("Slimmer productgebruik en -fabricage")
        LEVENSDUUR = "levensduur", _("Levensduur verlengen van product en onderdelen")
        NUTTIG = "nuttig", _("Nuttig toepassen van materialen")

    code = models.CharField(_("code"), max_length=3, unique=True, help_text=_("R0 tot en met R9"))
    number = models.PositiveSmallIntegerField(_("trede"), unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_en = models.CharField(_("naam (Engels)"), max_length=100)
    summary = models.CharField(_("kern"), max_length=200, help_text=_("Bijvoorbeeld: Product overbodig maken"))
    definition = models.TextField(_("definitie"))
    group = models.CharField(_("groep"), max_length=20, choices=Group.choices)
    six_step_code = models.CharField(
        _("code op de 6-stappenladder"),
        max_length=3,
        help_text=_("De code op de R1–R6-ladder van RVO en CircuLaw, waar R1 = Refuse + Rethink."),
    )
    history = HistoricalRecords()

    objects = RStrategyQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("R-strategie")
        verbose_name_plural = _("R-strategieën")

    def __str__(self) -> str:
        return f"{self.code} {self.name_nl}"

    @property
    def is_highest(self) -> bool:
        return self.number <= HIGHEST_MAX_NUMBER

    @property
    def label(self) -> str:
        return f"{self.code} – {self.name_en} ({self.name_nl})"

    def natural_key(self):
        return (self.code,)


class KpiExample(models.Model):
    """The seed's examples of KPIs per R-strategy ("Opstellen van KPI's")."""

    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    strategy = models.ForeignKey(
        RStrategy, on_delete=models.CASCADE, related_name="kpi_examples", verbose_name=_("R-strategie")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.CharField(_("voorbeeld"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy__number", "order"]
        verbose_name = _("voorbeeld-KPI")
        verbose_name_plural = _("voorbeeld-KPI's")

    def __str__(self) -> str:
        return f"{self.strategy.code}: {self.text}"
