"""Ambitiewebs: the default themes and levels, and inheritance between webs.

A web inherits from its parent: a category's web from the organisation's
generic web, a trajectory's web (in procurement) from its category's web. A
theme without its own score takes the parent's; an ambition below the
inherited ambition is a deviation that needs a reason.
"""

from dataclasses import dataclass

from .models import AmbitionScore, AmbitionTheme

DEFAULT_THEMES = [
    # (slug, name, description, English name, English description) — the six MVOI themes
    (
        "milieu-en-biodiversiteit",
        "Milieu en biodiversiteit",
        "Minder schadelijke stoffen, minder vervuiling van bodem, water en lucht, en behoud van natuur en soorten.",
        "Environment and biodiversity",
        "Fewer harmful substances, less pollution of soil, water and air, and the conservation of nature and species.",
    ),
    (
        "klimaat",
        "Klimaat",
        "Minder uitstoot van broeikasgassen in de hele keten, en klimaatadaptatie.",
        "Climate",
        "Lower greenhouse gas emissions across the whole chain, and climate adaptation.",
    ),
    (
        "circulair",
        "Circulair",
        "Minder grondstoffen: niet, anders of minder inkopen, hergebruik en hoogwaardige verwerking.",
        "Circular",
        "Fewer raw materials: not buying, buying differently or buying less, reuse and high-grade processing.",
    ),
    (
        "ketenverantwoordelijkheid",
        "Ketenverantwoordelijkheid",
        "Eerlijke en veilige productie: mensenrechten, arbeidsomstandigheden en due diligence in de keten (IMVO).",
        "Supply chain responsibility",
        "Fair and safe production: human rights, working conditions and due diligence in the chain (RBC).",
    ),
    (
        "diversiteit-en-inclusie",
        "Diversiteit en inclusie",
        "Gelijke kansen en een divers personeelsbestand bij opdrachtnemers.",
        "Diversity and inclusion",
        "Equal opportunities and a diverse workforce at contractors.",
    ),
    (
        "social-return",
        "Social return",
        "Werk en ontwikkeling voor mensen met een afstand tot de arbeidsmarkt.",
        "Social return",
        "Work and development for people who are distanced from the labour market.",
    ),
]

DEFAULT_LEVELS = [
    # (number, name, definition, English name, English definition)
    (
        1,
        "Inzicht / referentie",
        "De markt- en ketenstandaard: inzicht krijgen, basiscriteria (minimumeisen) toepassen.",
        "Insight / reference",
        "The market and chain standard: gaining insight, applying basic criteria (minimum requirements).",
    ),
    (
        2,
        "Significante verbetering",
        "Een duidelijke verbetering ten opzichte van de referentie, met meetbare eisen en gunningscriteria.",
        "Significant improvement",
        "A clear improvement on the reference, with measurable requirements and award criteria.",
    ),
    (
        3,
        "Ambitieus / toegevoegde waarde",
        "Koploper: het maximaal haalbare, innovatie en samenwerking met de markt voor toegevoegde waarde.",
        "Ambitious / added value",
        "Front runner: the most that can be achieved, innovation and cooperation with the market for added value.",
    ),
]


def load_defaults(theme_model, level_model) -> None:
    """Create the default themes and levels that do not exist yet, and give them their English.

    Idempotent, and it never overwrites what an administrator changed: an existing theme or level
    only gets the English it lacks.
    """
    for order, (slug, name, description, name_en, description_en) in enumerate(DEFAULT_THEMES, start=1):
        theme, created = theme_model.objects.get_or_create(
            slug=slug,
            defaults={
                "name_nl": name,
                "description_nl": description,
                "name_en": name_en,
                "description_en": description_en,
                "order": order,
            },
        )
        _fill_english(theme, created, name_en=name_en, description_en=description_en)
    for number, name, definition, name_en, definition_en in DEFAULT_LEVELS:
        level, created = level_model.objects.get_or_create(
            number=number,
            defaults={"name_nl": name, "definition_nl": definition, "name_en": name_en, "definition_en": definition_en},
        )
        _fill_english(level, created, name_en=name_en, definition_en=definition_en)


def _fill_english(obj, created: bool, **english) -> None:
    missing = {field: value for field, value in english.items() if not created and not getattr(obj, field)}
    if missing:
        for field, value in missing.items():
            setattr(obj, field, value)
        obj.save()


@dataclass
class ThemeRow:
    """One theme of a web as shown and edited: own levels, what it inherits, and the flag."""

    theme: object
    current: int | None
    ambition: int | None
    inherited_current: int | None
    inherited_ambition: int | None
    reason: str = ""
    own: bool = False  # the web has its own score for this theme (not only inherited)

    @property
    def below_inherited(self) -> bool:
        return is_deviation(self.ambition, self.inherited_ambition)


def is_deviation(ambition: int | None, inherited: int | None) -> bool:
    return ambition is not None and inherited is not None and ambition < inherited


def levels_of(scores) -> dict[int, tuple[int, int, str]]:
    """``theme_id -> (current, ambition, reason)`` of score rows (AmbitionScore or alike)."""
    return {s.theme_id: (s.current, s.ambition, s.deviation_reason) for s in scores}


def merge(own: dict, parent: dict) -> dict:
    """The effective levels of a web: its own scores, else the parent's."""
    return {**parent, **own}


def theme_rows(themes, own: dict, parent: dict) -> list[ThemeRow]:
    rows = []
    for theme in themes:
        parent_current, parent_ambition, _reason = parent.get(theme.pk, (None, None, ""))
        if theme.pk in own:
            current, ambition, reason = own[theme.pk]
            rows.append(ThemeRow(theme, current, ambition, parent_current, parent_ambition, reason, own=True))
        else:
            rows.append(ThemeRow(theme, parent_current, parent_ambition, parent_current, parent_ambition))
    return rows


def active_themes():
    return list(AmbitionTheme.objects.filter(active=True))


def generic_levels(organisation_id) -> dict:
    return levels_of(AmbitionScore.objects.filter(web__organisation_id=organisation_id, web__category__isnull=True))


def category_levels(category) -> tuple[dict, dict]:
    """``(own, parent)`` levels of a category's web; parent is the organisation's generic web."""
    own = levels_of(AmbitionScore.objects.filter(web__category=category))
    return own, generic_levels(category.organisation_id)


def effective_category_levels(category, organisation_id) -> dict:
    """What a trajectory inherits: the category's web on top of the generic web."""
    if category is None:
        return generic_levels(organisation_id)
    own, parent = category_levels(category)
    return merge(own, parent)
