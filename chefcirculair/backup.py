"""Export one organisation to a versioned JSON document, and import it again.

Each app registers the organisation-owned models it owns with ``register()``
in its ``AppConfig.ready()``, so this module imports no higher app; a test
checks that every organisation-owned model (``chefcirculair.scoping``) is
registered. Each model's history rows (django-simple-history) travel along,
including those of deleted rows.

What the file holds and why:

- ``organisation`` and every owned row with its primary key, field by field
  (Django's "python" serialisation), and every history row;
- ``users``: the people the rows refer to (memberships, team members, authors,
  history), by username, e-mail and name. No password hashes and no staff or
  superuser flags: a backup travels, and an organisation backup must never
  carry credentials or grant admin rights. Users created by an import get an
  unusable password and set one with "Wachtwoord vergeten";
- ``references``: the guidance rows the data points at (phases, questions,
  R-strategies …) by their stable key (slug/key/code), because their primary
  keys differ between databases. Load the guidance (``load_guidance``) before
  importing.

An import keeps the primary keys of the organisation's rows, so the result is
identical to the original. It refuses (and changes nothing) when the
organisation or any of those keys already exist: import into an empty
database, or one that does not hold this organisation. History rows that are
already present (the organisation was deleted from this very database) are
left as they are.
"""

import graphlib
import json
import tomllib
from datetime import UTC, datetime, time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils.dateparse import parse_datetime

from chefcirculair.models import Organisation
from chefcirculair.scoping import organisation_owned_models, unscoped_access

FORMAT = "chefcirculair-organisation"
FORMAT_VERSION = 1
NATURAL_KEY_FIELDS = ("slug", "key", "code", "name")


class BackupError(Exception):
    """The file cannot be imported here; nothing was changed."""


# --- Registry ---------------------------------------------------------------------

_registry: dict = {}


def register(*models_to_register) -> None:
    """Register organisation-owned models for export and import (from an app's ``AppConfig.ready()``)."""
    for model in models_to_register:
        _registry[model._meta.label_lower] = model


def registered_models() -> list:
    """The registered models; each must have a foreign-key path to Organisation."""
    owned = organisation_owned_models()
    for model in _registry.values():
        if model not in owned:
            raise ImproperlyConfigured(f"{model._meta.label} is registered for backups but is not organisation-owned.")
    return list(_registry.values())


def app_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def history_model(model):
    history = getattr(model, "history", None)
    return getattr(history, "model", None) if history is not None else None


def owned_models_in_order() -> list:
    """Organisation-owned models, every model after the owned models it refers to."""
    owned = set(registered_models())
    sorter = graphlib.TopologicalSorter()
    for model in sorted(owned, key=lambda m: m._meta.label):
        parents = {
            field.related_model
            for field in model._meta.concrete_fields
            if field.many_to_one and field.related_model in owned and field.related_model is not model
        }
        sorter.add(model, *sorted(parents, key=lambda m: m._meta.label))
    return list(sorter.static_order())


def _first_hop(model) -> tuple[str, type]:
    first = organisation_owned_models()[model].split("__")[0]
    return first, model._meta.get_field(first).related_model


def _natural_key_field(model) -> str | None:
    for name in NATURAL_KEY_FIELDS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.unique:
            return name
    return None


def _foreign_keys(model):
    for field in model._meta.concrete_fields:
        if field.many_to_one:
            yield field
    for field in model._meta.many_to_many:
        yield field


def delete_organisation(organisation: Organisation) -> None:
    """Delete an organisation with all its data, children before the rows they point at.

    Model by model in dependency order, so every delete is one plain statement per
    model instead of one collector walk over the whole organisation.
    """
    with unscoped_access(), transaction.atomic():
        for model in reversed(owned_models_in_order()):
            path = organisation_owned_models()[model]
            model._default_manager.filter(**{path: organisation}).delete()
        organisation.delete()


# --- Export -----------------------------------------------------------------------


def collect(organisation: Organisation) -> dict:
    """Every owned row and history row of ``organisation``, as querysets per model label."""
    ids: dict = {Organisation: {organisation.pk}}
    current: dict = {}
    history: dict = {}
    hist_org = history_model(Organisation)
    if hist_org is not None:
        history[hist_org] = hist_org.objects.filter(id=organisation.pk)
    for model in owned_models_in_order():
        first, parent = _first_hop(model)
        parent_ids = ids[parent]
        rows = model._default_manager.filter(**{f"{first}_id__in": parent_ids}).order_by("pk")
        current[model] = rows
        model_ids = set(rows.values_list("pk", flat=True))
        hist = history_model(model)
        if hist is not None:
            hist_rows = hist.objects.filter(**{f"{first}_id__in": parent_ids}).order_by("history_id")
            history[hist] = hist_rows
            model_ids |= set(hist_rows.values_list(model._meta.pk.attname, flat=True))
        ids[model] = model_ids
    return {"current": current, "history": history}


def export_organisation(organisation: Organisation) -> dict:
    with unscoped_access():
        collected = collect(organisation)
        owned = {Organisation, *collected["current"]}
        User = get_user_model()
        user_ids: set = set()
        references: dict[str, dict] = {}
        sections = {"models": {}, "history": {}}

        def serialise(model, queryset, section):
            rows = serializers.serialize("python", queryset)
            for row in rows:
                row.pop("model", None)
                for field in _foreign_keys(model):
                    value = row["fields"].get(field.name)
                    if value is None:
                        continue
                    related = field.related_model
                    values = value if isinstance(value, list) else [value]
                    if related is User:
                        user_ids.update(values)
                    elif related not in owned:
                        references.setdefault(related._meta.label_lower, set()).update(values)
            sections[section][model._meta.label_lower] = rows

        serialise(Organisation, Organisation.objects.filter(pk=organisation.pk), "models")
        for model, queryset in collected["current"].items():
            serialise(model, queryset, "models")
        for model, queryset in collected["history"].items():
            serialise(model, queryset, "history")

        resolved_refs = {}
        for label, pks in sorted(references.items()):
            model = _model(label)
            key = _natural_key_field(model)
            if key is None:
                resolved_refs[label] = {"key": "pk", "values": {str(pk): pk for pk in sorted(pks)}}
            else:
                values = dict(model._default_manager.filter(pk__in=pks).values_list("pk", key))
                resolved_refs[label] = {"key": key, "values": {str(pk): values.get(pk) for pk in sorted(pks)}}

        users = [
            {
                "pk": user.pk,
                "username": user.get_username(),
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "is_active": user.is_active,
                "date_joined": user.date_joined,
            }
            for user in User._default_manager.filter(pk__in=user_ids).order_by("pk")
        ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version(),
        "exported_at": datetime.now(UTC),
        "organisation": {"slug": organisation.slug, "name": organisation.name, "pk": organisation.pk},
        "users": users,
        "references": resolved_refs,
        "models": sections["models"],
        "history": sections["history"],
    }


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times keep their microseconds (a lossless round trip)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def write_export(organisation: Organisation, path: Path) -> dict:
    document = export_organisation(organisation)
    text = json.dumps(document, cls=ExactJSONEncoder, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return document


# --- Import -----------------------------------------------------------------------


def _model(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except LookupError:
        raise BackupError(f"The file holds rows of {label}, which this installation does not have.") from None


def read_export(path: Path) -> dict:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Cannot read {path}: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Chef Circulair organisation export.")
    if document.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} has format version {document.get('format_version')}; this version reads {FORMAT_VERSION}."
        )
    return document


def import_organisation(document: dict) -> dict[str, int]:
    """Load an export into this database; returns the number of rows per model."""
    with unscoped_access(), transaction.atomic():
        return _import(document)


def _import(document: dict) -> dict[str, int]:
    org = document["organisation"]
    if Organisation.objects.filter(models.Q(slug=org["slug"]) | models.Q(pk=org["pk"])).exists():
        raise BackupError(
            f"This database already holds organisation {org['slug']!r} (or its key {org['pk']}). "
            "Import into an empty database or one without this organisation."
        )
    User = get_user_model()
    user_map = {}
    for user in document["users"]:
        existing = User._default_manager.filter(username=user["username"]).first()
        if existing is None:
            existing = User(
                username=user["username"],
                email=user["email"],
                first_name=user["first_name"],
                last_name=user["last_name"],
                is_active=user["is_active"],
            )
            if user.get("date_joined"):
                existing.date_joined = parse_datetime(user["date_joined"])
            existing.set_unusable_password()
            existing.save()
        user_map[user["pk"]] = existing.pk

    reference_maps: dict[str, dict] = {}
    for label, reference in document["references"].items():
        model = _model(label)
        key = reference["key"]
        wanted = {old: value for old, value in reference["values"].items() if value is not None}
        found = dict(model._default_manager.filter(**{f"{key}__in": list(wanted.values())}).values_list(key, "pk"))
        missing = sorted(str(v) for v in wanted.values() if v not in found)
        if missing:
            raise BackupError(
                f"{model._meta.verbose_name_plural} missing in this database: {', '.join(missing[:10])}. "
                "Load the guidance content first (manage.py load_guidance)."
            )
        reference_maps[label] = {int(old): found[value] for old, value in wanted.items()}

    User_label = User._meta.label_lower
    owned_labels = set(document["models"])

    def remap(model, row):
        for field in _foreign_keys(model):
            value = row["fields"].get(field.name)
            if value is None:
                continue
            label = field.related_model._meta.label_lower
            if label == User_label:
                mapping = user_map
            elif label in reference_maps:
                mapping = reference_maps[label]
            elif label in owned_labels or label == Organisation._meta.label_lower:
                continue
            else:
                raise BackupError(f"{model._meta.label}.{field.name} refers to {label}, which the file does not map.")
            # A history row may point at a row deleted since (no constraint there): it keeps its value.
            if isinstance(value, list):
                row["fields"][field.name] = [mapping.get(v, v) for v in value]
            else:
                row["fields"][field.name] = mapping.get(value, value)
        row["model"] = model._meta.label_lower
        return row

    counts: dict[str, int] = {}
    # Refuse before writing anything if any key is taken.
    for label, rows in document["models"].items():
        model = _model(label)
        taken = model._default_manager.filter(pk__in=[row["pk"] for row in rows]).values_list("pk", flat=True)
        taken = list(taken[:10])
        if taken:
            raise BackupError(
                f"{model._meta.verbose_name_plural} with keys {taken} already exist here. "
                "Import into an empty database or one without this organisation."
            )
    touched = [User]
    order = [Organisation, *owned_models_in_order()]
    for model in order:
        rows = document["models"].get(model._meta.label_lower, [])
        for obj in serializers.deserialize("python", [remap(model, row) for row in rows]):
            obj.save()
        counts[model._meta.label] = len(rows)
        touched.append(model)
    for label, rows in document["history"].items():
        model = _model(label)
        present = set(model._default_manager.filter(pk__in=[row["pk"] for row in rows]).values_list("pk", flat=True))
        fresh = [remap(model, row) for row in rows if row["pk"] not in present]
        for obj in serializers.deserialize("python", fresh):
            obj.save()
        counts[model._meta.label] = len(fresh)
        touched.append(model)
    _reset_sequences(touched)
    return counts


def _reset_sequences(models_touched) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_touched)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
