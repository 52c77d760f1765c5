"""The organisation core and the organisation-independent guidance.

Organisation-owned data is always reached through a membership: querysets
offer ``for_user``/``for_organisation`` and views call the access helpers in
``organisations.access`` first.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib.translated import translated

from . import theme
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
    oin = models.CharField(
        _("OIN"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{20}\Z", _("Een OIN bestaat uit precies 20 cijfers."))],
        help_text=_("Het Organisatie-identificatienummer, 20 cijfers (bijvoorbeeld 00000001001234567000)."),
    )
    kvk_number = models.CharField(
        _("KvK-nummer"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{8}\Z", _("Een KvK-nummer bestaat uit precies 8 cijfers."))],
        help_text=_("Het nummer in het Handelsregister van de Kamer van Koophandel, 8 cijfers."),
    )
    two_factor_required = models.BooleanField(
        _("tweestapsverificatie verplicht voor alle leden"),
        default=False,
        help_text=_("Leden zonder tweestapsverificatie moeten die eerst instellen voordat ze verder kunnen."),
    )
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

    @property
    def active_theme(self) -> "OrganisationTheme | None":
        """The organisation's theme, or None for the default look (no query after ``select_related("theme")``)."""
        try:
            return self.theme
        except OrganisationTheme.DoesNotExist:
            return None

    def theme_palette(self) -> dict[str, str]:
        """The colours of the organisation's theme (or the default), checked, for its PDFs and e-mails."""
        active = self.active_theme
        return theme.palette(active.values() if active else theme.DEFAULTS)


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
        """Whether the organisation role may change anything at all (lezer and duurzaamheidsadviseur read only)."""
        return self.role_enum.can_edit_dossiers

    def object_role(self, role: str | None) -> str | None:
        """A role held on one object (a place in a trajectory's team), as far as it counts.

        The one rule every per-object permission starts from: a per-object role
        never grants more than the organisation role allows. A read-only
        organisation role holds no per-object role at all, whatever was
        recorded on the object (memberships change after a team was set up).
        """
        return role if role and self.can_edit_dossiers else None

    @property
    def can_review(self) -> bool:
        return self.role_enum.can_review

    @property
    def can_manage_organisation(self) -> bool:
        return self.role_enum.can_manage_organisation


# Offered on demand ("standaardcategorieën toevoegen"): the product chains of the
# Nationaal Programma Circulaire Economie and categories most governments buy.
DEFAULT_CATEGORIES = [
    # (name, impact weight 1–5, description)
    ("ICT-hardware", 5, _("Laptops, werkplekcomputers, telefoons, monitoren, printers en netwerkapparatuur.")),
    (
        "Meubilair en werkplekomgeving",
        4,
        _("Bureaus, stoelen, kasten en de inrichting van werkplekken en vergaderruimten."),
    ),
    ("Bedrijfskleding en textiel", 3, _("Werk- en beschermende kleding, uniformen, linnengoed en vloerbedekking.")),
    ("Catering", 3, _("Bedrijfsrestaurant, koffie en thee, vergadercatering en bijbehorende verpakkingen.")),
    ("Kantoorartikelen", 2, _("Papier, schrijfwaren, toners en overige verbruiksartikelen.")),
    ("Schoonmaak", 2, _("Schoonmaakdiensten, middelen, materialen en sanitaire voorzieningen.")),
    (
        "GWW en infrastructuur",
        5,
        _("Grond-, weg- en waterbouw: wegen, bruggen, riolering, kades en openbare verlichting."),
    ),
    ("Gebouwen", 5, _("Nieuwbouw, renovatie en onderhoud van eigen vastgoed, inclusief installaties.")),
    ("Energie", 4, _("Inkoop van elektriciteit en gas, en opwekking en opslag van duurzame energie.")),
    ("Mobiliteit", 4, _("Dienstauto's, (deel)fietsen, leasevoertuigen, vervoersdiensten en laadinfrastructuur.")),
    ("Groenvoorziening", 3, _("Aanleg en onderhoud van openbaar groen, bomen en speelvoorzieningen.")),
]


class ProductCategoryQuerySet(OrganisationScopedQuerySet["ProductCategory"]):
    def by_impact(self):
        return self.order_by("-impact_weight", models.F("annual_spend").desc(nulls_last=True), "name")

    def add_defaults(self, organisation) -> list["ProductCategory"]:
        """Add the standard categories the organisation does not have yet; return the new ones."""
        existing = {name.casefold() for name in self.filter(organisation=organisation).values_list("name", flat=True)}
        existing_slugs = set(self.filter(organisation=organisation).values_list("slug", flat=True))
        created = []
        for name, weight, description in DEFAULT_CATEGORIES:
            if name.casefold() in existing or slugify(name) in existing_slugs:
                continue
            created.append(
                self.create(organisation=organisation, name=name, impact_weight=weight, description=str(description))
            )
        return created


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

    objects = ProductCategoryQuerySet.as_manager()

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


class LoadedFixture(models.Model):
    """The checksum of a shipped fixture last loaded (the guidance, the impact factors), so loading is idempotent.

    Its ``loaded_at`` is part of the guidance stamp (procurement/guidance_cache.py)."""

    name = models.CharField(max_length=100, unique=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("geladen inhoudsbestand")
        verbose_name_plural = _("geladen inhoudsbestanden")

    def __str__(self) -> str:
        return f"{self.name} ({self.checksum[:8]})"


class GuidanceTextTexts:
    """The texts of GuidanceText in the active language (lib/translated.py), shared with its history."""

    title = translated("title")
    body = translated("body")
    url_title = translated("url_title")


class GuidanceText(GuidanceTextTexts, models.Model):
    """A free text block of the guidance (introduction, audience, sources)."""

    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title_nl = models.CharField(_("titel"), max_length=300, blank=True)
    title_en = models.CharField(_("titel (Engels)"), max_length=300, blank=True)
    body_nl = models.TextField(_("tekst"))
    body_en = models.TextField(_("tekst (Engels)"), blank=True)
    url = models.URLField(_("link"), blank=True)
    url_title_nl = models.CharField(_("linktekst"), max_length=300, blank=True)
    url_title_en = models.CharField(_("linktekst (Engels)"), max_length=300, blank=True)
    history = HistoricalRecords(bases=[GuidanceTextTexts, models.Model])

    class Meta:
        ordering = ["order"]
        verbose_name = _("richtlijntekst")
        verbose_name_plural = _("richtlijnteksten")

    def __str__(self) -> str:
        return self.title or self.key


class BenefitTexts:
    """The texts of Benefit in the active language (lib/translated.py), shared with its history."""

    text = translated("text")


class Benefit(BenefitTexts, models.Model):
    """An answer to "Waarom willen we dit?"."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategisch", _("Strategische voordelen")
        FINANCIAL = "financieel", _("Financiële voordelen")
        SOCIAL = "maatschappelijk", _("Maatschappelijke voordelen")

    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    text_nl = models.TextField(_("tekst"))
    text_en = models.TextField(_("tekst (Engels)"), blank=True)
    history = HistoricalRecords(bases=[BenefitTexts, models.Model])

    class Meta:
        ordering = ["order"]
        verbose_name = _("voordeel")
        verbose_name_plural = _("voordelen")

    def __str__(self) -> str:
        return self.text[:80]


class PrinciplePageTexts:
    """The texts of PrinciplePage in the active language (lib/translated.py), shared with its history."""

    title = translated("title")
    intro = translated("intro")


class PrinciplePage(PrinciplePageTexts, models.Model):
    """One of the Uitgangspunten pages ("Toelichting uitgangspunten")."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title_nl = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    intro_nl = models.TextField(_("inleiding"), blank=True)
    intro_en = models.TextField(_("inleiding (Engels)"), blank=True)
    history = HistoricalRecords(bases=[PrinciplePageTexts, models.Model])

    class Meta:
        ordering = ["order"]
        verbose_name = _("uitgangspunt")
        verbose_name_plural = _("uitgangspunten")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("organisations:principle", args=[self.slug])


class PrincipleSectionTexts:
    """The texts of PrincipleSection in the active language (lib/translated.py), shared with its history."""

    heading = translated("heading")
    intro = translated("intro")


class PrincipleSection(PrincipleSectionTexts, models.Model):
    class Kind(models.TextChoices):
        LIST = "lijst", _("Opsomming")
        TABLE = "tabel", _("Tabel per R-strategie")

    page = models.ForeignKey(PrinciplePage, on_delete=models.CASCADE, related_name="sections", verbose_name=_("pagina"))
    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    heading_nl = models.CharField(_("kop"), max_length=300, blank=True)
    heading_en = models.CharField(_("kop (Engels)"), max_length=300, blank=True)
    intro_nl = models.TextField(_("inleiding"), blank=True)
    intro_en = models.TextField(_("inleiding (Engels)"), blank=True)
    kind = models.CharField(_("weergave"), max_length=10, choices=Kind.choices, default=Kind.LIST)
    history = HistoricalRecords(bases=[PrincipleSectionTexts, models.Model])

    class Meta:
        ordering = ["page", "order"]
        verbose_name = _("onderdeel van uitgangspunt")
        verbose_name_plural = _("onderdelen van uitgangspunten")

    def __str__(self) -> str:
        return self.heading or self.key


class PrincipleItemTexts:
    """The texts of PrincipleItem in the active language (lib/translated.py), shared with its history."""

    label = translated("label")
    title = translated("title")
    text = translated("text")
    url_title = translated("url_title")


class PrincipleItem(PrincipleItemTexts, models.Model):
    section = models.ForeignKey(
        PrincipleSection, on_delete=models.CASCADE, related_name="items", verbose_name=_("onderdeel")
    )
    key = models.SlugField(_("sleutel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    label_nl = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("Bijvoorbeeld de R-strategie in een tabelrij.")
    )
    label_en = models.CharField(_("label (Engels)"), max_length=200, blank=True)
    title_nl = models.CharField(_("titel"), max_length=300, blank=True)
    title_en = models.CharField(_("titel (Engels)"), max_length=300, blank=True)
    text_nl = models.TextField(_("tekst"))
    text_en = models.TextField(_("tekst (Engels)"), blank=True)
    url = models.URLField(_("link"), blank=True)
    url_title_nl = models.CharField(_("linktekst"), max_length=300, blank=True)
    url_title_en = models.CharField(_("linktekst (Engels)"), max_length=300, blank=True)
    history = HistoricalRecords(bases=[PrincipleItemTexts, models.Model])

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("punt van uitgangspunt")
        verbose_name_plural = _("punten van uitgangspunten")

    def __str__(self) -> str:
        return self.text[:80]


class MenuIngredientTexts:
    """The texts of MenuIngredient in the active language (lib/translated.py), shared with its history."""

    title = translated("title")
    explanation = translated("explanation")


class MenuIngredient(MenuIngredientTexts, models.Model):
    """A base ingredient of the Menu voor de Chef Circulair."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title_nl = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    explanation_nl = models.TextField(_("toelichting"))
    explanation_en = models.TextField(_("toelichting (Engels)"), blank=True)
    principle = models.ForeignKey(
        PrinciplePage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ingredients",
        verbose_name=_("uitgangspunt"),
    )
    history = HistoricalRecords(bases=[MenuIngredientTexts, models.Model])

    class Meta:
        ordering = ["order"]
        verbose_name = _("basisingrediënt")
        verbose_name_plural = _("basisingrediënten")

    def __str__(self) -> str:
        return self.title


# --- Menu self-scan (organisation-owned) ------------------------------------


class MenuScanItemQuerySet(OrganisationScopedQuerySet):
    pass


class MenuScanItem(models.Model):
    """Where the organisation stands on one base ingredient of the Menu."""

    class Status(models.TextChoices):
        NOT_STARTED = "niet_gestart", _("Niet gestart")
        IN_PROGRESS = "bezig", _("Bezig")
        IN_ORDER = "op_orde", _("Op orde")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="menu_scan", verbose_name=_("organisatie")
    )
    ingredient = models.ForeignKey(
        MenuIngredient, on_delete=models.CASCADE, related_name="scan_items", verbose_name=_("basisingrediënt")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eigenaar"),
    )
    next_step = models.TextField(_("volgende stap"), blank=True, max_length=2000)
    next_step_date = models.DateField(_("datum volgende stap"), null=True, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = MenuScanItemQuerySet.as_manager()

    class Meta:
        ordering = ["ingredient__order"]
        verbose_name = _("zelfscan-onderdeel")
        verbose_name_plural = _("zelfscan van het Menu")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "ingredient"], name="unique_scan_item"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.ingredient} ({self.get_status_display()})"

    @property
    def evidence_list(self) -> list:
        """The evidence (prefetched by ``scan_for``); none for an ingredient not scanned yet."""
        return list(self.evidence.all()) if self.pk else []

    @classmethod
    def scan_for(cls, organisation) -> list["MenuScanItem"]:
        """One item per ingredient, in Menu order; unsaved items for ingredients not yet scanned."""
        items = {
            item.ingredient_id: item
            for item in cls.objects.filter(organisation=organisation)
            .select_related("owner")
            .prefetch_related("evidence")
        }
        scan = []
        for ingredient in MenuIngredient.objects.select_related("principle"):
            item = items.get(ingredient.pk) or cls(organisation=organisation, ingredient=ingredient)
            item.ingredient = ingredient
            scan.append(item)
        return scan

    @staticmethod
    def summary(scan: list["MenuScanItem"]) -> dict:
        counts = dict.fromkeys(MenuScanItem.Status.values, 0)
        for item in scan:
            counts[item.status] += 1
        return {
            "total": len(scan),
            "op_orde": counts[MenuScanItem.Status.IN_ORDER],
            "rows": [(status, MenuScanItem.Status(status).label, counts[status]) for status in reversed(counts)],
        }


class MenuEvidence(models.Model):
    """A document that shows an ingredient is in place, e.g. a raadsbesluit with its kenmerk."""

    class Kind(models.TextChoices):
        COUNCIL_DECISION = "raadsbesluit", _("Raadsbesluit")
        EXECUTIVE_DECISION = "collegebesluit", _("Collegebesluit")
        POLICY_PLAN = "beleidsplan", _("Beleidsplan")
        MANIFEST = "manifest", _("Manifest")
        ACTION_PLAN = "actieplan", _("Actieplan")
        AGREEMENT = "afspraak", _("Afspraak")
        OTHER = "anders", _("Anders")

    item = models.ForeignKey(
        MenuScanItem, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("onderdeel")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=300)
    date = models.DateField(_("datum"), null=True, blank=True)
    reference = models.CharField(_("kenmerk"), max_length=100, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("onderbouwing")
        verbose_name_plural = _("onderbouwingen")

    def __str__(self) -> str:
        return self.title


# --- Accessibility statement (toegankelijkheidsverklaring) -------------------------------


class AccessibilityStatement(models.Model):
    """An organisation's public accessibility statement for its use of the app.

    Follows the model statement of digitoegankelijk.nl: the standard, the compliance
    status, how and when it was evaluated, the known problems with their planned fixes,
    and how to reach the organisation. The app's own automated check (the axe crawl of
    the demo, ``organisations/accessibility_audit.json``) is shown beside it.
    """

    class Status(models.TextChoices):
        # The five statuses of the Dutch model statement (Besluit digitale toegankelijkheid overheid).
        A = "a", _("A: voldoet volledig")
        B = "b", _("B: voldoet gedeeltelijk")
        C = "c", _("C: eerste maatregelen genomen")
        D = "d", _("D: eerste maatregelen nog niet genomen")
        E = "e", _("E: voldoet niet")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="accessibility_statement", verbose_name=_("organisatie")
    )
    status = models.CharField(_("nalevingsstatus"), max_length=1, choices=Status.choices, default=Status.B)
    standard = models.CharField(
        _("norm"), max_length=200, default="EN 301 549 (WCAG 2.1 niveau A en AA)", help_text=_("Waaraan is getoetst.")
    )
    signed_on = models.DateField(_("datum van de verklaring"))
    evaluated_on = models.DateField(_("datum van de laatste evaluatie"), null=True, blank=True)
    evaluation = models.TextField(
        _("hoe is er getoetst"),
        max_length=4000,
        blank=True,
        help_text=_(
            "Bijvoorbeeld: een onderzoek door een inspectiebureau, een eigen handmatige controle, gebruikerstests."
        ),
    )
    evaluation_url = models.URLField(_("link naar het onderzoeksrapport"), max_length=500, blank=True)
    contact_email = models.EmailField(_("e-mailadres voor vragen en meldingen"))
    contact_phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("reactietermijn in werkdagen"), default=5, help_text=_("Binnen hoeveel werkdagen reageert de organisatie.")
    )
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("toegankelijkheidsverklaring")
        verbose_name_plural = _("toegankelijkheidsverklaringen")

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("organisations:accessibility", args=[self.organisation.slug])


class KnownProblem(models.Model):
    """A known accessibility problem of a statement, with its planned fix."""

    statement = models.ForeignKey(
        AccessibilityStatement, on_delete=models.CASCADE, related_name="problems", verbose_name=_("verklaring")
    )
    description = models.TextField(_("probleem"), max_length=2000)
    criterion = models.CharField(
        _("succescriterium"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: 1.4.10 Reflow.")
    )
    planned_fix = models.TextField(_("geplande oplossing"), max_length=2000, blank=True)
    fix_by = models.DateField(_("opgelost vóór"), null=True, blank=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["fix_by", "pk"]
        verbose_name = _("bekend probleem")
        verbose_name_plural = _("bekende problemen")

    def __str__(self) -> str:
        return self.description[:80]


# --- Theme (huisstijl) --------------------------------------------------------------------


def theme_logo_path(instance, filename: str) -> str:
    """A random name: the stored logo is always a PNG the app wrote (organisations/theme.py)."""
    return f"thema/{secrets.token_hex(16)}.png"


def _colour_field(label, name: str, help_text):
    return models.CharField(
        label, max_length=7, default=theme.DEFAULTS[name], validators=[theme.validate_colour], help_text=help_text
    )


class OrganisationTheme(models.Model):
    """The organisation's own look in the app (its *thema* in NL Design System terms): design token values.

    Without one the neutral default of static/css/app.css applies. ``version`` changes on every
    save: it is part of the stylesheet's and the logo's URL, which browsers keep for a year.
    ``clean`` refuses colour pairs with too little contrast (organisations/theme.py ``PAIRS``).
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="theme", verbose_name=_("organisatie")
    )
    primary_color = _colour_field(
        _("primaire kleur"), "primary_color", _("De achtergrond van de kop, de navigatie en de hoofdknoppen.")
    )
    primary_text_color = _colour_field(
        _("tekstkleur op de primaire kleur"), "primary_text_color", _("De tekst in de kop en op de hoofdknoppen.")
    )
    link_color = _colour_field(_("linkkleur"), "link_color", _("De kleur van links op de pagina."))
    focus_color = _colour_field(
        _("focuskleur"),
        "focus_color",
        _("De rand om een link, knop of veld die de toetsenbordfocus heeft. Minimaal 3 : 1 tegen de achtergrond."),
    )
    background_color = _colour_field(
        _("achtergrondkleur"), "background_color", _("De achtergrond van de pagina. Kies een lichte kleur.")
    )
    text_color = _colour_field(_("tekstkleur"), "text_color", _("De kleur van de tekst op de pagina."))
    accent_color = _colour_field(
        _("accentkleur"),
        "accent_color",
        _("De achtergrond van de tellers in de navigatie; de tekst erop wordt vanzelf zwart of wit."),
    )
    font_family = models.CharField(
        _("lettertype"),
        max_length=20,
        choices=theme.FONT_CHOICES,
        default=theme.DEFAULTS["font_family"],
        help_text=_("Lettertypen die op de computer van de lezer staan; er wordt niets gedownload."),
    )
    logo = models.FileField(
        _("logo"),
        upload_to=theme_logo_path,
        storage=theme.theme_storage,
        max_length=200,
        blank=True,
        help_text=_("PNG of JPEG, hoogstens 1 MB. Het wordt naast de naam van de app in de kop getoond."),
    )
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return str(self.organisation)

    def save(self, *args, **kwargs):
        if self.pk:
            self.version += 1
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = theme.contrast_errors(self.values())
        if errors:
            raise ValidationError(errors)

    def values(self) -> dict:
        """The theme's colours and font by field name (the input of organisations/theme.py)."""
        return {name: getattr(self, name) for name in theme.DEFAULTS}

    def tokens(self) -> list[tuple[str, str]]:
        return theme.tokens(self.values())

    @property
    def stylesheet_url(self) -> str:
        return reverse("organisations:theme_css", args=[self.organisation.slug, self.version])

    @property
    def logo_url(self) -> str:
        return reverse("organisations:theme_logo", args=[self.organisation.slug, self.version]) if self.logo else ""
