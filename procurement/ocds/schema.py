"""The vendored OCDS 1.1.5 schemas, with extensions applied, and offline validation (jsonschema).

OCDS extends its release schema by JSON Merge Patch (RFC 7386): each extension's
``release-schema.json`` is merged onto the core schema. The package and record
schemas refer to the release schema by its URL; a local registry answers those
references, so validation never touches the network.
"""

import copy
import functools
import json
from pathlib import Path

from jsonschema import Draft4Validator, FormatChecker, ValidationError
from jsonschema.validators import extend
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE / "schema"
EXTENSION_DIR = HERE / "extension"
OCDS_VERSION = "1.1"
BASE_URL = "https://standard.open-contracting.org/schema/1__1__5/"

# The sustainability extension as vendored: packages name this commit, never a moving branch, so a
# reader patches the schema we validated against.
SUSTAINABILITY_COMMIT = "b8d93a0edb8e0ac2f27f733cccf3884e392346e9"
SUSTAINABILITY_DIR = SCHEMA_DIR / f"sustainability-{SUSTAINABILITY_COMMIT[:7]}"
SUSTAINABILITY_EXTENSION_URL = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/"
    f"{SUSTAINABILITY_COMMIT}/extension.json"
)
EXTENSION_PATCHES = (
    SUSTAINABILITY_DIR / "release-schema.json",
    EXTENSION_DIR / "release-schema.json",
)


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch: objects merge recursively, ``null`` removes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


# Cached (here and below): the schema files ship with the code; read and patched once per process.
@functools.cache
def release_schema() -> dict:
    """The OCDS 1.1.5 release schema with the sustainability and R-decision extensions applied."""
    schema = _load(SCHEMA_DIR / "release-schema-1.1.5.json")
    for patch in EXTENSION_PATCHES:
        schema = merge_patch(schema, _load(patch))
    return schema


def extension_file(name: str) -> bytes:
    """The project's extension files, as served at their stable URLs."""
    if name not in {"extension.json", "release-schema.json"}:
        raise FileNotFoundError(name)
    return (EXTENSION_DIR / name).read_bytes()


def _for_validation(schema: dict) -> dict:
    """The schema without ``$schema``: with it, jsonschema would validate a referenced schema with the plain
    Draft 4 validator instead of ``OcdsValidator`` (and its quadratic ``uniqueItems``)."""
    return {key: value for key, value in schema.items() if key != "$schema"}


@functools.cache
def _registry() -> Registry:
    resources = {
        BASE_URL + "release-schema.json": release_schema(),
        BASE_URL + "record-package-schema.json": _load(SCHEMA_DIR / "record-package-schema-1.1.5.json"),
        BASE_URL + "versioned-release-validation-schema.json": _load(
            SCHEMA_DIR / "versioned-release-validation-schema-1.1.5.json"
        ),
    }
    resources = {url: _for_validation(schema) for url, schema in resources.items()}
    return Registry().with_resources(
        (url, Resource.from_contents(contents, default_specification=DRAFT4)) for url, contents in resources.items()
    )


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _unique_items(validator, unique, instance, schema):
    """``uniqueItems`` in linear time: jsonschema compares every pair of objects, which takes
    minutes for a few thousand releases; equal items have equal canonical JSON."""
    if unique and validator.is_type(instance, "array"):
        seen = set()
        for item in instance:
            key = _canonical(item)
            if key in seen:
                yield ValidationError(f"{instance!r} has non-unique elements")
                return
            seen.add(key)


OcdsValidator = extend(Draft4Validator, {"uniqueItems": _unique_items})
# Only dates are checked for their format: the same everywhere (the "uri" check depends on which
# optional packages happen to be installed), and dates are what the importer reads.
FORMATS = FormatChecker(formats=["date-time"])


@functools.cache
def _validator(kind: str) -> Draft4Validator:
    schema = {
        "release": release_schema(),
        "release-package": _load(SCHEMA_DIR / "release-package-schema-1.1.5.json"),
        "record-package": _load(SCHEMA_DIR / "record-package-schema-1.1.5.json"),
        "record": {"$ref": BASE_URL + "record-package-schema.json#/definitions/record"},
    }[kind]
    return OcdsValidator(_for_validation(schema), registry=_registry(), format_checker=FORMATS)


def iter_errors(data, kind: str):
    """The schema errors of ``data`` as ``kind`` ("release", "release-package", "record-package", "record")."""
    return _validator(kind).iter_errors(data)


def validation_errors(data, kind: str) -> list:
    """All schema errors of ``data``, sorted by where they are in the document (the first one first)."""
    return sorted(iter_errors(data, kind), key=error_sort_key)


def error_sort_key(error) -> list:
    return [(0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in error.absolute_path]
