"""Phase guidance: the six phases and their content items (organisation-independent, admin-editable)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.translated import translated
from rladder.models import RStrategy


class PhaseTexts:
    """The texts of Phase in the active language (lib/translated.py), shared with its history."""

    title = translated("title")
    goal = translated("goal")
    stakeholders = translated("stakeholders")


class Phase(PhaseTexts, models.Model):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    title_nl = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    goal_nl = models.TextField(_("doel"))
    goal_en = models.TextField(_("doel (Engels)"), blank=True)
    stakeholders_nl = models.TextField(_("betrokkenen"))
    stakeholders_en = models.TextField(_("betrokkenen (Engels)"), blank=True)
    history = HistoricalRecords(bases=[PhaseTexts, models.Model])

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


class AttentionPointTexts:
    """The texts of AttentionPoint in the active language (lib/translated.py), shared with its history."""

    text = translated("text")
    url_title = translated("url_title")


class AttentionPoint(AttentionPointTexts, PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="attention_points", verbose_name=_("fase"))
    text_nl = models.TextField(_("tekst"))
    text_en = models.TextField(_("tekst (Engels)"), blank=True)
    url = models.URLField(_("link"), blank=True)
    url_title_nl = models.CharField(_("linktekst"), max_length=300, blank=True)
    url_title_en = models.CharField(_("linktekst (Engels)"), max_length=300, blank=True)
    history = HistoricalRecords(bases=[AttentionPointTexts, models.Model])

    class Meta(PhaseItem.Meta):
        verbose_name = _("aandachtspunt")
        verbose_name_plural = _("aandachtspunten")

    def __str__(self) -> str:
        return self.text[:80]


class ToolLinkTexts:
    """The texts of ToolLink in the active language (lib/translated.py), shared with its history."""

    title = translated("title")


class ToolLink(ToolLinkTexts, PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="tools", verbose_name=_("fase"))
    title_nl = models.CharField(_("titel"), max_length=300)
    title_en = models.CharField(_("titel (Engels)"), max_length=300, blank=True)
    url = models.URLField(_("link"), blank=True, help_text=_("Leeg laten als het adres nog niet bekend is."))
    history = HistoricalRecords(bases=[ToolLinkTexts, models.Model])

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


class GuidingQuestionTexts:
    """The texts of GuidingQuestion in the active language (lib/translated.py), shared with its history."""

    text = translated("text")


class GuidingQuestion(GuidingQuestionTexts, PhaseItem):
    class Kind(models.TextChoices):
        GENERIC = "generiek", _("Hulpvraag generiek")
        HIGHEST_R = "hoogste_r", _("Hulpvraag hoogste R-strategieën")

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="questions", verbose_name=_("fase"))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    text_nl = models.TextField(_("vraag"))
    text_en = models.TextField(_("vraag (Engels)"), blank=True)
    strategies = models.ManyToManyField(
        RStrategy, blank=True, related_name="questions", verbose_name=_("R-strategieën")
    )
    history = HistoricalRecords(m2m_fields=[strategies], bases=[GuidingQuestionTexts, models.Model])

    objects = GuidingQuestionQuerySet.as_manager()

    class Meta(PhaseItem.Meta):
        ordering = ["phase__order", "kind", "order"]
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")

    def __str__(self) -> str:
        return self.text[:80]


class TipTexts:
    """The texts of Tip in the active language (lib/translated.py), shared with its history."""

    text = translated("text")


class Tip(TipTexts, PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="tips", verbose_name=_("fase"))
    text_nl = models.TextField(_("tip"))
    text_en = models.TextField(_("tip (Engels)"), blank=True)
    history = HistoricalRecords(bases=[TipTexts, models.Model])

    class Meta(PhaseItem.Meta):
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self) -> str:
        return self.text[:80]


class InspirationTexts:
    """The texts of Inspiration in the active language (lib/translated.py), shared with its history."""

    text = translated("text")


class Inspiration(InspirationTexts, PhaseItem):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="inspirations", verbose_name=_("fase"))
    text_nl = models.TextField(_("tekst"))
    text_en = models.TextField(_("tekst (Engels)"), blank=True)
    url = models.URLField(_("link"), blank=True)
    history = HistoricalRecords(bases=[InspirationTexts, models.Model])

    class Meta(PhaseItem.Meta):
        verbose_name = _("inspiratie / praktijkvoorbeeld")
        verbose_name_plural = _("inspiratie / praktijkvoorbeelden")

    def __str__(self) -> str:
        return self.text[:80]
