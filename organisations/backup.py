"""Export one organisation to a versioned JSON document, and import it again.

Each app registers the organisation-owned models it owns with ``register()``
in its ``AppConfig.ready()``, so this module imports no higher app; a test
checks that every organisation-owned model (``organisations.scoping``) is
registered. Each model's history rows (django-simple-history) travel along,
including those of deleted rows.

What the file holds and why:

- ``organisation`` and every owned row with its primary key, field by field
  (Django's "python" serialisation), and every history row;
- ``users``: the people the rows refer to (memberships, team members, authors,
  history), by username, e-mail and name. No password hashes and no staff or
  superuser flags: a backup travels, and an organisation backup must never
  carry credentials or grant admin rights;
- ``references``: the guidance rows the data points at (phases, questions,
  R-strategies …) by their stable key (slug/key/code), because their primary
  keys differ between databases. Load the guidance (``load_guidance``) before
  importing.

An import treats the file as untrusted (see ``_Importer``): an allow-list of
models, fresh primary keys, every foreign key checked to stay inside the file's
organisation, users matched by e-mail only on request and otherwise created
inactive without password or admin rights, stored HTML replaced (reports are
generated again). It refuses a bad file naming the first offending row, and
then writes nothing. An organisation whose slug exists here is refused.
"""

import base64
import binascii
import functools
import graphlib
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction
from django.utils.dateparse import parse_datetime
from django.utils.text import get_valid_filename

from lib.versions import history_model
from organisations.models import Organisation
from organisations.scoping import organisation_owned_models, unscoped_access

FORMAT = "chefcirculair-organisation"
FORMAT_VERSION = 1
NATURAL_KEY_FIELDS = ("slug", "key", "code", "name")


class BackupError(Exception):
    """The file cannot be imported here; nothing was changed."""


# --- Registry ---------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    model: type
    # Field values an import always writes instead of the file's (e.g. stored HTML, which is never trusted).
    clear_on_import: dict = dataclass_field(default_factory=dict)
    # Field values an export writes instead of the database's (credentials never leave in a backup).
    clear_on_export: dict = dataclass_field(default_factory=dict)
    # Called after the import commits, with the new primary keys of the imported rows (e.g. to regenerate).
    after_import: Callable | None = None


_registry: dict = {}


def register(
    *models_to_register,
    clear_on_import: dict | None = None,
    clear_on_export: dict | None = None,
    after_import: Callable | None = None,
) -> None:
    """Register organisation-owned models for export and import (from an app's ``AppConfig.ready()``).

    Only registered models (and their history) are exported and imported: the import's allow-list.
    """
    for model in models_to_register:
        if not isinstance(model._meta.pk, models.AutoField | models.BigAutoField) or model._meta.many_to_many:
            raise ImproperlyConfigured(f"{model._meta.label}: backups need an automatic key and no many-to-many.")
        _registry[model] = Registration(
            model,
            clear_on_import=dict(clear_on_import or {}),
            clear_on_export=dict(clear_on_export or {}),
            after_import=after_import,
        )


def _registrations() -> dict:
    return _registry


def registered_models() -> list:
    """The registered models; each must have a foreign-key path to Organisation."""
    owned = organisation_owned_models()
    for model in _registry:
        if model not in owned:
            raise ImproperlyConfigured(f"{model._meta.label} is registered for backups but is not organisation-owned.")
    return list(_registry)


def app_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def owned_models_in_order() -> list:
    """Organisation-owned models, every model after the owned models it refers to."""
    owned = set(registered_models())
    sorter: graphlib.TopologicalSorter[type[models.Model]] = graphlib.TopologicalSorter()
    for model in sorted(owned, key=lambda m: m._meta.label):
        parents = {
            field.related_model
            for field in model._meta.concrete_fields
            if (field.many_to_one or field.one_to_one)
            and field.related_model in owned
            and field.related_model is not model
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
        if field.many_to_one or field.one_to_one:
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
        history[hist_org] = hist_org._default_manager.filter(id=organisation.pk)
    for model in owned_models_in_order():
        first, parent = _first_hop(model)
        parent_ids = ids[parent]
        rows = model._default_manager.filter(**{f"{first}_id__in": parent_ids}).order_by("pk")
        current[model] = rows
        model_ids = set(rows.values_list("pk", flat=True))
        hist = history_model(model)
        if hist is not None:
            hist_rows = hist._default_manager.filter(**{f"{first}_id__in": parent_ids}).order_by("history_id")
            history[hist] = hist_rows
            model_ids |= set(hist_rows.values_list(model._meta.pk.attname, flat=True))
        ids[model] = model_ids
    return {"current": current, "history": history}


def export_organisation(organisation: Organisation, *, include_files: bool = False) -> dict:
    """The organisation as a document; with ``include_files`` the stored files (FileFields) travel along."""
    with unscoped_access():
        collected = collect(organisation)
        owned = {Organisation, *collected["current"]}
        User = get_user_model()
        user_ids: set = set()
        references: dict[str, dict] = {}
        sections: dict[str, dict[str, Any]] = {"models": {}, "history": {}}

        def serialise(model, queryset, section):
            rows = serializers.serialize("python", queryset)
            cleared = _registry[model].clear_on_export if section == "models" and model in _registry else {}
            for row in rows:
                row.pop("model", None)
                row["fields"].update(cleared)
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
        files = _export_files(collected["current"]) if include_files else []
    document = {
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
    if include_files:
        document["files"] = files
    return document


def _file_fields(model) -> list:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def _export_files(current: dict) -> list[dict]:
    """The content of every stored file of the exported rows (base64); files missing from the storage are left out."""
    files = []
    for model, queryset in current.items():
        fields = _file_fields(model)
        if not fields:
            continue
        for instance in queryset:
            for field in fields:
                name = getattr(instance, field.name).name
                if not name:
                    continue
                try:
                    with field.storage.open(name, "rb") as handle:
                        content = handle.read()
                except (OSError, SuspiciousFileOperation):
                    continue
                files.append(
                    {
                        "model": model._meta.label_lower,
                        "pk": instance.pk,
                        "field": field.name,
                        "name": PurePosixPath(name).name,
                        "content": base64.b64encode(content).decode("ascii"),
                    }
                )
    return files


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times keep their microseconds (a lossless round trip)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def write_export(organisation: Organisation, path: Path, *, include_files: bool = False) -> dict:
    document = export_organisation(organisation, include_files=include_files)
    text = json.dumps(document, cls=ExactJSONEncoder, ensure_ascii=False, indent=1)
    path.write_text(text, encoding="utf-8")
    return document


# --- Import -----------------------------------------------------------------------
#
# The file is untrusted input. Only the organisation row, the registered models and
# their history models are loaded; every primary key is replaced by a fresh one; every
# foreign key must lead to a row of this file (and so, through its path, to this file's
# organisation), to a user of the file or to guidance by its natural key. Users are
# never loaded as rows: they are matched by e-mail on request or created inactive,
# without password or admin rights. The first offending row stops the import and the
# transaction writes nothing.


def _model(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        raise BackupError(
            f"Het bestand bevat rijen van {label}, dat deze installatie niet heeft.\n"
            f"The file holds rows of {label}, which this installation does not have."
        ) from None


def _refuse(where: str, nl: str, en: str) -> NoReturn:
    raise BackupError(f"{where}: {nl}\n{where}: {en}")


def read_export(path: Path) -> dict:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"Kan {path} niet lezen / cannot read {path}: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(
            f"{path} is geen export van een Chef Circulair-organisatie.\n"
            f"{path} is not a Chef Circulair organisation export."
        )
    if document.get("format_version") != FORMAT_VERSION:
        version = document.get("format_version")
        raise BackupError(
            f"{path} heeft formaatversie {version}; deze versie leest {FORMAT_VERSION}.\n"
            f"{path} has format version {version}; this version reads {FORMAT_VERSION}."
        )
    return document


def import_organisation(document: dict, *, match_users_by_email: bool = False) -> dict[str, int]:
    """Load an export into this database as a new organisation; returns the number of rows per model.

    Raises ``BackupError`` naming the first offending row; nothing is written then.
    """
    importer = _Importer(document, match_users_by_email=match_users_by_email)
    try:
        with unscoped_access(), transaction.atomic():
            return importer.run()
    except BaseException:
        importer.delete_saved_files()  # storage is not transactional: undo what the refused import wrote
        raise


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Importer:
    def __init__(self, document: dict, *, match_users_by_email: bool):
        self.document = document
        self.match_users_by_email = match_users_by_email
        self.User = get_user_model()
        self.order = [Organisation, *owned_models_in_order()]
        self.current_models = {model._meta.label_lower: model for model in self.order}
        self.history_models: dict[str, type[models.Model]] = {}  # history label -> the model it records
        for model in self.order:
            history = history_model(model)
            if history is not None:
                self.history_models[history._meta.label_lower] = model
        self.user_map: dict[int, int] = {}
        self.reference_maps: dict = {}  # model -> {old pk: local pk}
        self.id_maps: dict = {}  # model -> {old pk: new pk}, for current and deleted rows
        self.current_ids: dict = {}  # model -> old pks that have a current row in the file
        self.new_ids: dict = {}  # model -> new pks of the current rows
        self.counts: dict[str, int] = {}
        self.saved_files: list[tuple] = []  # (storage, name) written by this import

    def run(self) -> dict[str, int]:
        self._check_shape()
        self._create_organisation()
        self._match_or_create_users()
        self._resolve_references()
        self._allocate_keys()
        for model in self.order[1:]:
            self._load_current(model)
        for label in self._history_labels():
            self._load_history(label)
        self._load_files()
        self._after_import()
        return self.counts

    # --- the shape of the file --------------------------------------------------

    def _check_shape(self) -> None:
        document = self.document
        organisation = document.get("organisation")
        if not (
            isinstance(organisation, dict)
            and isinstance(organisation.get("slug"), str)
            and isinstance(organisation.get("name"), str)
            and _is_int(organisation.get("pk"))
        ):
            _refuse("organisation", "ontbreekt of is onvolledig", "is missing or incomplete")
        for key, kind in (("users", list), ("references", dict), ("models", dict), ("history", dict)):
            if not isinstance(document.get(key), kind):
                _refuse(key, "ontbreekt of heeft de verkeerde vorm", "is missing or has the wrong shape")
        for section, allowed in (("models", self.current_models), ("history", self.history_models)):
            for label, rows in document[section].items():
                where = f"{section} › {label}"
                if not isinstance(rows, list):
                    _refuse(where, "is geen lijst van rijen", "is not a list of rows")
                if label not in allowed:
                    first = f"{where}[0]" + (f" (pk {rows[0].get('pk')})" if rows and isinstance(rows[0], dict) else "")
                    _refuse(
                        first,
                        "dit model hoort niet bij een organisatie en wordt nooit geïmporteerd",
                        "this model is not organisation data and is never imported",
                    )
                seen = set()
                for index, row in enumerate(rows):
                    if not (isinstance(row, dict) and _is_int(row.get("pk")) and isinstance(row.get("fields"), dict)):
                        _refuse(f"{where}[{index}]", "is geen geldige rij", "is not a valid row")
                    if row["pk"] in seen:
                        _refuse(self._where(section, label, index, row), "komt twee keer voor", "appears twice")
                    seen.add(row["pk"])

    @staticmethod
    def _where(section: str, label: str, index: int, row: dict) -> str:
        return f"{section} › {label}[{index}] (pk {row.get('pk')})"

    def _rows(self, section: str, model) -> list:
        return self.document[section].get(model._meta.label_lower, [])

    def _history_labels(self) -> list[str]:
        return list(self.document["history"])

    # --- the organisation, users and guidance -------------------------------------

    def _create_organisation(self) -> None:
        info = self.document["organisation"]
        label = Organisation._meta.label_lower
        rows = self.document["models"].get(label, [])
        if len(rows) != 1 or rows[0]["pk"] != info["pk"] or rows[0]["fields"].get("slug") != info["slug"]:
            _refuse(
                f"models › {label}",
                "moet precies één rij hebben: de organisatie van het bestand",
                "must hold exactly one row: the file's organisation",
            )
        if Organisation.objects.filter(slug=info["slug"]).exists():
            raise BackupError(
                f"Deze database heeft organisatie {info['slug']!r} al. "
                "Importeer in een database zonder deze organisatie.\n"
                f"This database already holds organisation {info['slug']!r}. "
                "Import into an empty database or one without this organisation."
            )
        self.current_ids[Organisation] = {info["pk"]}
        obj = self._build(Organisation, rows[0], self._where("models", label, 0, rows[0]), history=False, pk=None)
        self._save(obj, self._where("models", label, 0, rows[0]))
        self.id_maps[Organisation] = {info["pk"]: obj.pk}
        self.new_ids[Organisation] = [obj.pk]
        self.counts[Organisation._meta.label] = 1

    def _match_or_create_users(self) -> None:
        User = self.User
        for index, entry in enumerate(self.document["users"]):
            where = f"users[{index}]"
            if not (
                isinstance(entry, dict)
                and _is_int(entry.get("pk"))
                and all(isinstance(entry.get(key, ""), str) for key in ("username", "email", "first_name", "last_name"))
                and entry.get("username")
            ):
                _refuse(where, "is geen geldige gebruiker", "is not a valid user")
            where = f"{where} ({entry['username']})"
            if entry["pk"] in self.user_map:
                _refuse(where, "komt twee keer voor", "appears twice")
            email = entry.get("email", "").strip()
            if self.match_users_by_email and email:
                found = list(User._default_manager.filter(email__iexact=email)[:2])
                if len(found) > 1:
                    _refuse(
                        where,
                        f"meer dan één account heeft het e-mailadres {email}",
                        f"more than one account has the e-mail address {email}",
                    )
                if found:
                    if found[0].is_staff or found[0].is_superuser:
                        _refuse(
                            where,
                            f"het account met {email} is een beheerdersaccount; daaraan koppelt een import niets",
                            f"the account with {email} is an admin account; an import attaches nothing to it",
                        )
                    self.user_map[entry["pk"]] = found[0].pk
                    continue
            if User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": entry["username"]}).exists():
                _refuse(
                    where,
                    "deze gebruikersnaam bestaat hier al als ander account; een import neemt nooit een account over "
                    "op gebruikersnaam (koppel met --match-users-by-email of hernoem het account)",
                    "this username already belongs to another account here; an import never takes over an account "
                    "by username (link by --match-users-by-email or rename the account)",
                )
            user = User(is_active=False, is_staff=False, is_superuser=False)
            for key in ("username", "email", "first_name", "last_name"):
                field = User._meta.get_field(key)
                assert isinstance(field, models.Field)  # a column of the user table, not a relation
                try:
                    setattr(user, field.attname, field.clean(entry.get(key, ""), user))
                except ValidationError as exc:
                    _refuse(where, f"ongeldig veld {key}: {exc.messages[0]}", f"invalid field {key}")
            joined = entry.get("date_joined")
            joined_at = parse_datetime(joined) if isinstance(joined, str) else None
            if joined_at is not None:
                user.date_joined = joined_at
            user.set_unusable_password()
            user.save()
            self.user_map[entry["pk"]] = user.pk

    def _reference_models(self) -> dict:
        owned = set(self.order)
        result = {}
        for model in [*self.order, *(history_model(m) for m in self.order)]:
            if model is None:
                continue
            for field in model._meta.concrete_fields:
                related = field.related_model
                if (field.many_to_one or field.one_to_one) and related not in owned and related is not self.User:
                    result[related._meta.label_lower] = related
        return result

    def _resolve_references(self) -> None:
        allowed = self._reference_models()
        for label, reference in self.document["references"].items():
            where = f"references › {label}"
            model = allowed.get(label)
            if model is None:
                _refuse(where, "hiernaar verwijst geen organisatiegegeven", "no organisation data refers to this")
            key = _natural_key_field(model)
            if not isinstance(reference, dict) or key is None or reference.get("key") != key:
                _refuse(where, f"moet verwijzen met de sleutel {key!r}", f"must refer by the key {key!r}")
            values = reference.get("values")
            if not isinstance(values, dict):
                _refuse(where, "heeft geen waarden", "has no values")
            wanted = {}
            for old, value in values.items():
                if value is None:
                    continue
                if not (isinstance(value, str | int) and str(old).isdigit()):
                    _refuse(f"{where}[{old}]", "is geen geldige verwijzing", "is not a valid reference")
                wanted[int(old)] = value
            found = dict(model._default_manager.filter(**{f"{key}__in": list(wanted.values())}).values_list(key, "pk"))
            missing = sorted(str(v) for v in wanted.values() if v not in found)
            if missing:
                raise BackupError(
                    f"{where}: ontbreekt in deze database: {', '.join(missing[:10])}. "
                    "Laad eerst de handreiking (manage.py load_guidance).\n"
                    f"{where}: missing in this database: {', '.join(missing[:10])}. "
                    "Load the guidance content first (manage.py load_guidance)."
                )
            self.reference_maps[model] = {old: found[value] for old, value in wanted.items()}

    # --- keys -------------------------------------------------------------------

    def _allocate_keys(self) -> None:
        """A fresh key for every row of the file, current and deleted, in the file's order."""
        for model in self.order[1:]:
            current = {row["pk"] for row in self._rows("models", model)}
            self.current_ids[model] = current
            old = set(current)
            history = history_model(model)
            attname = model._meta.pk.attname
            if history is not None:
                for index, row in enumerate(self._rows("history", history)):
                    value = row["fields"].get(attname)
                    if not _is_int(value):
                        _refuse(
                            self._where("history", history._meta.label_lower, index, row),
                            f"heeft geen geldige {attname}",
                            f"has no valid {attname}",
                        )
                    old.add(value)
            base = _reserve_keys(model, len(old))
            self.id_maps[model] = {pk: base + position for position, pk in enumerate(sorted(old), start=1)}

    # --- rows -------------------------------------------------------------------

    def _build(self, model, row: dict, where: str, *, history: bool, pk):
        """An unsaved instance of ``model`` from a row of the file, every foreign key mapped or refused."""
        base = self.history_models[model._meta.label_lower] if history else model
        registration = _registrations().get(base)
        fields = dict(row["fields"])
        concrete = {field.name: field for field in model._meta.concrete_fields if not field.primary_key}
        for name in fields:
            if name not in concrete:
                _refuse(where, f"onbekend veld {name!r}", f"unknown field {name!r}")
        if registration is not None:
            # History rows may leave a field out (a secret is never kept in the history).
            fields.update({name: value for name, value in registration.clear_on_import.items() if name in concrete})
        # A stored file's name in the file never reaches this installation's storage: it could name another
        # organisation's file (to read it, or to have an after-import step replace and delete it). Only the
        # content the file itself carries ("files", ``_load_files``) is written, under a fresh name.
        fields.update({field.name: "" for field in _file_fields(model) if field.name in fields})
        if history:
            attname = base._meta.pk.attname
            fields[attname] = self.id_maps[base].get(fields.get(attname))
            if fields[attname] is None:
                _refuse(where, f"{attname} hoort niet bij dit bestand", f"{attname} is not a row of this file")
        first = organisation_owned_models().get(base, "").split("__")[0]
        for name, field in concrete.items():
            if not (field.many_to_one or field.one_to_one) or name not in fields:
                continue
            value = fields[name]
            if value is None:
                if name == first:
                    _refuse(where, f"{name} is leeg: de rij hoort bij geen organisatie", f"{name} is empty")
                continue
            fields[name] = self._map(field, value, where, history=history)
        try:
            (obj,) = serializers.deserialize("python", [{"model": model._meta.label_lower, "pk": pk, "fields": fields}])
            instance = obj.object
            exclude = [f.name for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one or f.primary_key]
            _clean_fields(instance, exclude)
        except ValidationError as exc:
            messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            _refuse(where, f"ongeldige waarde ({messages})", f"invalid value ({messages})")
        except (serializers.base.DeserializationError, ValueError, TypeError, OverflowError) as exc:
            _refuse(where, f"ongeldige waarde ({exc})", f"invalid value ({exc})")
        return instance

    def _map(self, field, value, where: str, *, history: bool):
        related = field.related_model
        name = field.name
        if not _is_int(value):
            _refuse(where, f"{name} is geen sleutel", f"{name} is not a key")
        if related is Organisation:
            new = self.id_maps[Organisation].get(value)
            if new is None:
                _refuse(
                    where,
                    f"{name} wijst naar een andere organisatie ({value}) dan die van het bestand",
                    f"{name} points to another organisation ({value}) than the file's",
                )
            return new
        if related is self.User:
            new = self.user_map.get(value)
            if new is None and not history:
                _refuse(where, f"{name} wijst naar een gebruiker buiten het bestand", f"{name}: unknown user")
            return new  # a history row may name an account deleted since: it is left empty
        if related in self.id_maps:
            pool = self.id_maps[related] if history else self.current_ids[related]
            if value not in pool:
                _refuse(
                    where,
                    f"{name} wijst naar {related._meta.label} {value}, niet van de organisatie van het bestand",
                    f"{name} points to {related._meta.label} {value}, which is not the file's organisation's",
                )
            return self.id_maps[related][value]
        mapping = self.reference_maps.get(related)
        if mapping is not None and value in mapping:
            return mapping[value]
        if history and mapping is not None:
            return None  # guidance deleted since: the history row keeps its own text
        _refuse(
            where,
            f"{name} wijst naar {related._meta.label} {value}, dat het bestand niet benoemt",
            f"{name} points to {related._meta.label} {value}, which the file does not name",
        )

    def _save(self, instance, where: str) -> None:
        try:
            instance.save_base(raw=True, force_insert=True)
        except DatabaseError as exc:
            _refuse(where, f"kan niet worden opgeslagen ({exc})", f"cannot be saved ({exc})")

    def _load_current(self, model) -> None:
        label = model._meta.label_lower
        new_ids = []
        for index, row in enumerate(self._rows("models", model)):
            where = self._where("models", label, index, row)
            instance = self._build(model, row, where, history=False, pk=self.id_maps[model][row["pk"]])
            self._save(instance, where)
            new_ids.append(instance.pk)
        self.new_ids[model] = new_ids
        self.counts[model._meta.label] = len(new_ids)

    def _load_history(self, label: str) -> None:
        model = _model(label)
        rows = sorted(enumerate(self.document["history"][label]), key=lambda item: item[1]["pk"])
        for index, row in rows:
            where = self._where("history", label, index, row)
            if self.history_models[label] is Organisation and row["fields"].get("id") not in self.id_maps[Organisation]:
                _refuse(where, "is de geschiedenis van een andere organisatie", "is another organisation's history")
            instance = self._build(model, row, where, history=True, pk=None)
            self._save(instance, where)
        self.counts[model._meta.label] = len(rows)

    def _load_files(self) -> None:
        """Files of the file ("files", optional): each written under a fresh name, never the one in the file."""
        files = self.document.get("files", [])
        if not isinstance(files, list):
            _refuse("files", "is geen lijst", "is not a list")
        for index, entry in enumerate(files):
            where = f"files[{index}]"
            if not isinstance(entry, dict):
                _refuse(where, "is geen object", "is not an object")
            model = self.current_models.get(entry.get("model"))
            field = next((f for f in _file_fields(model) if f.name == entry.get("field")), None) if model else None
            if model is None or field is None or entry.get("pk") not in self.current_ids.get(model, ()):
                _refuse(
                    where, "hoort bij geen bestandsveld van een rij in dit bestand", "belongs to no file field of a row"
                )
            try:
                content = base64.b64decode(str(entry.get("content", "")), validate=True)
            except (binascii.Error, ValueError):
                _refuse(where, "heeft geen geldige inhoud (base64)", "has no valid content (base64)")
            pk = self.id_maps[model][entry["pk"]]
            instance = model._default_manager.get(pk=pk)
            original = get_valid_filename(PurePosixPath(str(entry.get("name") or "bestand")).name) or "bestand"
            name = field.storage.save(field.generate_filename(instance, original), ContentFile(content))
            self.saved_files.append((field.storage, name))
            model._default_manager.filter(pk=pk).update(**{field.attname: name})

    def delete_saved_files(self) -> None:
        for storage, name in self.saved_files:
            storage.delete(name)

    def _after_import(self) -> None:
        for model, registration in _registrations().items():
            ids = self.new_ids.get(model)
            if registration.after_import is not None and ids:
                transaction.on_commit(functools.partial(registration.after_import, list(ids)))


def _clean_fields(instance, exclude: list[str]) -> None:
    """The fields' own validation (choices, lengths, validators), as a form would check them.

    An empty value in a required field is accepted: the app itself stores some (history
    reasons, fields filled in later), and the database refuses what it cannot hold.
    """
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as exc:
        errors = {
            name: [error for error in errors if error.code not in {"blank", "null"}]
            for name, errors in exc.error_dict.items()
        }
        errors = {name: errors for name, errors in errors.items() if errors}
        if errors:
            raise ValidationError(errors) from exc


def _reserve_keys(model, count: int) -> int:
    """Reserve ``count`` fresh primary keys of ``model`` (and its history); returns the one before the first.

    Above every key in the table, in its history (rows deleted since) and in the
    database's sequence, and the sequence is moved past them, so later rows never
    reuse a key the import gave out.
    """
    quote = connection.ops.quote_name
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608  # nosec B608 - model metadata
        top = cursor.fetchone()[0] or 0
        history = history_model(model)
        if history is not None:
            history_field = history._meta.get_field(model._meta.pk.attname)
            assert isinstance(history_field, models.Field) and history_field.column  # the copied key column
            history_column = history_field.column
            cursor.execute(f"SELECT MAX({quote(history_column)}) FROM {quote(history._meta.db_table)}")  # noqa: S608  # nosec B608
            top = max(top, cursor.fetchone()[0] or 0)
        if count == 0:
            return top
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            top = max(top, found[0] if found else 0)
            if found:
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [top + count, table])
            else:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top + count])
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608  # nosec B608 - name from PostgreSQL
                top = max(top, cursor.fetchone()[0] or 0)
                cursor.execute("SELECT setval(%s::regclass, %s)", [sequence, top + count])
        else:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(sql)
    return top
