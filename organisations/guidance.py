"""Load the organisation-independent guidance of this app from the fixture data.

Each ``load_*`` function syncs one kind of content by its stable key: it
creates what is new, updates what changed and removes what the fixture no
longer has. Organisation data is never touched.
"""

from django.db import models


def sync(model: type[models.Model], key_field: str, rows: list[dict], scope: dict | None = None) -> list:
    """Create or update ``rows`` of ``model`` by ``key_field``; delete the rest within ``scope``."""
    objects = []
    keys = []
    for row in rows:
        values = dict(row)
        key = values.pop(key_field)
        keys.append(key)
        obj, _created = model._default_manager.update_or_create(
            **{key_field: key}, defaults={**values, **(scope or {})}
        )
        objects.append(obj)
    stale = model._default_manager.filter(**(scope or {})).exclude(**{f"{key_field}__in": keys})
    for obj in stale:
        obj.delete()  # one by one, so the history records each removal
    return objects


# The translatable texts of each kind of guidance: where they are in the fixture, and their fields.
# (collection in the English file, path to the rows in the Dutch fixture, fields)
TRANSLATED = [
    ("texts", ("texts",), ("title", "body", "url_title")),
    ("benefits", ("benefits",), ("text",)),
    ("principles", ("principles",), ("title", "intro")),
    ("principle_sections", ("principles", "sections"), ("heading", "intro")),
    ("principle_items", ("principles", "sections", "items"), ("label", "title", "text", "url_title")),
    ("menu", ("menu",), ("title", "explanation")),
    ("rstrategies", ("rstrategies",), ("summary", "definition")),
    ("kpi_examples", ("kpi_examples",), ("text",)),
    ("phases", ("phases",), ("title", "goal", "stakeholders")),
    ("attention_points", ("phases", "attention_points"), ("text", "url_title")),
    ("tools", ("phases", "tools"), ("title",)),
    ("questions", ("phases", "questions"), ("text",)),
    ("tips", ("phases", "tips"), ("text",)),
    ("inspirations", ("phases", "inspirations"), ("text",)),
]
KEYS = ("key", "slug", "code")


def _rows(node: list[dict], path: tuple[str, ...]):
    for row in node:
        if path:
            yield from _rows(row[path[0]], path[1:])
        else:
            yield row


def with_english(data: dict, english: dict) -> dict:
    """The fixture's rows with each text as its Dutch (``title_nl``) and English (``title_en``) field.

    ``english`` is the translation file (fixtures/guidance.en.json): per collection, per key, the
    English of each field. A text without English gets "" (the page then shows the Dutch, and says so).
    """
    if not isinstance(english, dict):
        raise ValueError("the English file is not a JSON object")
    for collection, path, fields in TRANSLATED:
        translations = english.get(collection, {})
        if not isinstance(translations, dict):
            raise ValueError(f"{collection!r} in the English file is not an object")
        for row in _rows(data[path[0]], path[1:]):
            key = next(row[name] for name in KEYS if name in row)
            entry = translations.get(key, {})
            for field in fields:
                value = entry.get(field, "") if isinstance(entry, dict) else None
                if not isinstance(value, str):
                    raise ValueError(f"{collection}.{key}.{field} in the English file is not a text")
                row[f"{field}_nl"] = row.pop(field)
                row[f"{field}_en"] = value
    return data


def load(data: dict) -> None:
    from .models import Benefit, GuidanceText, MenuIngredient, PrincipleItem, PrinciplePage, PrincipleSection

    sync(GuidanceText, "key", data["texts"])
    sync(Benefit, "key", data["benefits"])
    pages = {}
    for page_row in data["principles"]:
        page_values = {k: v for k, v in page_row.items() if k != "sections"}
        (page,) = sync_one(PrinciplePage, "slug", page_values)
        pages[page.slug] = page
        for section_row in page_row["sections"]:
            section_values = {k: v for k, v in section_row.items() if k != "items"}
            (section,) = sync_one(PrincipleSection, "key", {**section_values, "page": page})
            sync(PrincipleItem, "key", section_row["items"], scope={"section": section})
        PrincipleSection.objects.filter(page=page).exclude(key__in=[s["key"] for s in page_row["sections"]]).delete()
    PrinciplePage.objects.exclude(slug__in=list(pages)).delete()
    sync(
        MenuIngredient,
        "slug",
        [{**row, "principle": pages.get(row["principle"]) if row["principle"] else None} for row in data["menu"]],
    )


def sync_one(model, key_field: str, values: dict) -> tuple:
    values = dict(values)
    key = values.pop(key_field)
    obj, _created = model.objects.update_or_create(**{key_field: key}, defaults=values)
    return (obj,)
