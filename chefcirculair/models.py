"""The organisation core and the organisation-independent guidance.

Organisation-owned data is always reached through a membership: querysets
offer ``for_user``/``for_organisation`` and views call the access helpers in
``chefcirculair.access`` first.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .scoping import OrganisationScopedQuerySet


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", _("Gemeente")
        PROVINCIE = "provincie", _("Provincie")
        WATERSCHAP = "waterschap", _("Waterschap")
        RIJK = "rijk", _("Rijksoverheid")
        OTHER = "anders", _("Andere publieke organisatie")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.GEMEENTE)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)


class Department(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="departments", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=200)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_department_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    INKOPER = "inkoper", _("Inkoper")
    INTERNE_OPDRACHTGEVER = "interne_opdrachtgever", _("Interne opdrachtgever")
    CONTRACTMANAGER = "contractmanager", _("Contractmanager")
    CHEF_CIRCULAIR = "chef_circulair", _("Chef circulair")
    DUURZAAMHEIDSADVISEUR = "duurzaamheidsadviseur", _("Duurzaamheidsadviseur")
    LEZER = "lezer", _("Lezer")

    @property
    def can_edit_dossiers(self) -> bool:
        return self in {Role.INKOPER, Role.INTERNE_OPDRACHTGEVER, Role.CONTRACTMANAGER, Role.CHEF_CIRCULAIR}

    @property
    def can_review(self) -> bool:
        return self == Role.CHEF_CIRCULAIR

    @property
    def can_manage_organisation(self) -> bool:
        return self == Role.CHEF_CIRCULAIR


class MembershipQuerySet(OrganisationScopedQuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user).scoped_by_user()


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("gebruiker")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisatie")
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices, default=Role.LEZER)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("afdeling"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__first_name"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def can_edit_dossiers(self) -> bool:
        return self.role_enum.can_edit_dossiers

    @property
    def can_review(self) -> bool:
        return self.role_enum.can_review

    @property
    def can_manage_organisation(self) -> bool:
        return self.role_enum.can_manage_organisation


class ProductCategory(models.Model):
    """A product category (inkoopcategorie) of one organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="categories", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    impact_weight = models.PositiveSmallIntegerField(
        _("impactgewicht"), default=3, help_text=_("1 (laag) tot 5 (hoog)")
    )
    annual_spend = models.DecimalField(
        _("jaarlijkse uitgaven (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("productcategorie")
        verbose_name_plural = _("productcategorieën")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_category_name"),
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_category_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)


# --- Guidance content (organisation-independent, admin-editable) -----------


class GuidanceVersion(models.Model):
    """The checksum of the guidance fixture last loaded, so loading is idempotent."""

    name = models.CharField(max_length=100, unique=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("geladen richtlijnversie")
        verbose_name_plural = _("geladen richtlijnversies")

    def __str__(self) -> str:
        return f"{self.name} ({self.checksum[:8]})"


class GuidanceText(models.Model):
    """A free text block of the guidance (introduction, audience, sources)."""

    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=300, blank=True)
    body = models.TextField(_("tekst"))
    url = models.URLField(_("link"), blank=True)
    url_title = models.CharField(_("linktekst"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("richtlijntekst")
        verbose_name_plural = _("richtlijnteksten")

    def __str__(self) -> str:
        return self.title or self.key


class Benefit(models.Model):
    """An answer to "Waarom willen we dit?"."""

    class Kind(models.TextChoices):
        STRATEGISCH = "strategisch", _("Strategische voordelen")
        FINANCIEEL = "financieel", _("Financiële voordelen")
        MAATSCHAPPELIJK = "maatschappelijk", _("Maatschappelijke voordelen")

    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text = models.TextField(_("tekst"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("voordeel")
        verbose_name_plural = _("voordelen")

    def __str__(self) -> str:
        return self.text[:80]


class PrinciplePage(models.Model):
    """One of the Uitgangspunten pages ("Toelichting uitgangspunten")."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("uitgangspunt")
        verbose_name_plural = _("uitgangspunten")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("chefcirculair:principle", args=[self.slug])


class PrincipleSection(models.Model):
    class Kind(models.TextChoices):
        LIST = "lijst", _("Opsomming")
        TABLE = "tabel", _("Tabel per R-strategie")

    page = models.ForeignKey(PrinciplePage, on_delete=models.CASCADE, related_name="sections", verbose_name=_("pagina"))
    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    heading = models.CharField(_("kop"), max_length=300, blank=True)
    intro = models.TextField(_("inleiding"), blank=True)
    kind = models.CharField(_("weergave"), max_length=10, choices=Kind.choices, default=Kind.LIST)
    history = HistoricalRecords()

    class Meta:
        ordering = ["page", "order"]
        verbose_name = _("onderdeel van uitgangspunt")
        verbose_name_plural = _("onderdelen van uitgangspunten")

    def __str__(self) -> str:
        return self.heading or self.key


class PrincipleItem(models.Model):
    section = models.ForeignKey(
        PrincipleSection, on_delete=models.CASCADE, related_name="items", verbose_name=_("onderdeel")
    )
    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("Bijvoorbeeld de R-strategie in een tabelrij.")
    )
    title = models.CharField(_("titel"), max_length=300, blank=True)
    text = models.TextField(_("tekst"))
    url = models.URLField(_("link"), blank=True)
    url_title = models.CharField(_("linktekst"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("punt van uitgangspunt")
        verbose_name_plural = _("punten van uitgangspunten")

    def __str__(self) -> str:
        return self.text[:80]


class MenuIngredient(models.Model):
    """A base ingredient of the Menu voor de Chef Circulair."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    explanation = models.TextField(_("toelichting"))
    principle = models.ForeignKey(
        PrinciplePage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ingredients",
        verbose_name=_("uitgangspunt"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("basisingrediënt")
        verbose_name_plural = _("basisingrediënten")

    def __str__(self) -> str:
        return self.title
