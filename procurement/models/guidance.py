"""Phase guidance: the six phases and their content items (organisation-independent, admin-editable)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rladder.models import RStrategy


class Phase(models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    goal = models.TextField(_("doel"))
    stakeholders = models.TextField(_("betrokkenen"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("fase")
        verbose_name_plural = _("fasen")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:phase_guidance", args=[self.slug])


class PhaseItem(models.Model):
    """Common fields of the ordered content items of a phase."""

    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["phase__order", "order"]


class AttentionPoint(PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="attention_points", verbose_name=_("fase"))
    text = models.TextField(_("tekst"))
    url = models.URLField(_("link"), blank=True)
    url_title = models.CharField(_("linktekst"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta(PhaseItem.Meta):
        verbose_name = _("aandachtspunt")
        verbose_name_plural = _("aandachtspunten")

    def __str__(self) -> str:
        return self.text[:80]


class ToolLink(PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="tools", verbose_name=_("fase"))
    title = models.CharField(_("titel"), max_length=300)
    url = models.URLField(_("link"), blank=True, help_text=_("Leeg laten als het adres nog niet bekend is."))
    history = HistoricalRecords()

    class Meta(PhaseItem.Meta):
        verbose_name = _("tool")
        verbose_name_plural = _("tools")

    def __str__(self) -> str:
        return self.title


class GuidingQuestionQuerySet(models.QuerySet):
    def generic(self):
        return self.filter(kind=GuidingQuestion.Kind.GENERIC)

    def highest(self):
        return self.filter(kind=GuidingQuestion.Kind.HIGHEST_R)


class GuidingQuestion(PhaseItem):
    class Kind(models.TextChoices):
        GENERIC = "generiek", _("Hulpvraag generiek")
        HIGHEST_R = "hoogste_r", _("Hulpvraag hoogste R-strategieën")

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="questions", verbose_name=_("fase"))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("vraag"))
    strategies = models.ManyToManyField(
        RStrategy, blank=True, related_name="questions", verbose_name=_("R-strategieën")
    )
    history = HistoricalRecords(m2m_fields=[strategies])

    objects = GuidingQuestionQuerySet.as_manager()

    class Meta(PhaseItem.Meta):
        ordering = ["phase__order", "kind", "order"]
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")

    def __str__(self) -> str:
        return self.text[:80]


class Tip(PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="tips", verbose_name=_("fase"))
    text = models.TextField(_("tip"))
    history = HistoricalRecords()

    class Meta(PhaseItem.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self) -> str:
        return self.text[:80]


class Inspiration(PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="inspirations", verbose_name=_("fase"))
    text = models.TextField(_("tekst"))
    url = models.URLField(_("link"), blank=True)
    history = HistoricalRecords()

    class Meta(PhaseItem.Meta):
        verbose_name = _("inspiratie / praktijkvoorbeeld")
        verbose_name_plural = _("inspiratie / praktijkvoorbeelden")

    def __str__(self) -> str:
        return self.text[:80]
