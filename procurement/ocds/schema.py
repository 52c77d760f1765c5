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

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE / "schema"
EXTENSION_DIR = HERE / "extension"
OCDS_VERSION = "1.1"
BASE_URL = "https://standard.open-contracting.org/schema/1__1__5/"

SUSTAINABILITY_EXTENSION_URL = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/master/extension.json"
)
EXTENSION_PATCHES = (
    SCHEMA_DIR / "sustainability-b8d93a0" / "release-schema.json",
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


@functools.cache
def _registry() -> Registry:
    resources = {
        BASE_URL + "release-schema.json": release_schema(),
        BASE_URL + "record-package-schema.json": _load(SCHEMA_DIR / "record-package-schema-1.1.5.json"),
        BASE_URL + "versioned-release-validation-schema.json": _load(
            SCHEMA_DIR / "versioned-release-validation-schema-1.1.5.json"
        ),
    }
    return Registry().with_resources(
        (url, Resource.from_contents(contents, default_specification=DRAFT4)) for url, contents in resources.items()
    )


@functools.cache
def _validator(kind: str) -> Draft4Validator:
    schema = {
        "release": release_schema(),
        "release-package": _load(SCHEMA_DIR / "release-package-schema-1.1.5.json"),
        "record-package": _load(SCHEMA_DIR / "record-package-schema-1.1.5.json"),
        "record": {"$ref": BASE_URL + "record-package-schema.json#/definitions/record"},
    }[kind]
    return Draft4Validator(schema, registry=_registry(), format_checker=FormatChecker())


def validation_errors(data, kind: str) -> list:
    """The schema errors of ``data`` as ``kind`` ("release", "release-package", "record-package", "record").

    Sorted by where they are in the document, so the first one reported is the first in the file.
    """
    return sorted(_validator(kind).iter_errors(data), key=lambda error: [str(p) for p in error.absolute_path])


def describe_error(error) -> str:
    """Where an error is, as a JSON path: ``releases/0/tender/value/amount``."""
    return "/".join(str(part) for part in error.absolute_path) or "(het hele bestand)"
