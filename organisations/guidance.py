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
