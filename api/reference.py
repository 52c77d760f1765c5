"""The OpenAPI schema of the API, and the same schema as the context of the reference page.

The schema's texts are Dutch, like the API; the reference page shows them in English to an English
reader, from ``reference.en.json`` (Dutch text → English). A test holds that every text of the schema
has its English there.
"""

import functools
import json
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lib.translated import english_active

ENGLISH = Path(__file__).with_name("reference.en.json")

PREFIX = "/api/v1"
METHOD_ORDER = ["get", "put", "post", "patch", "delete"]
STATUS_TEXT = {
    "200": "Gelukt",
    "201": "Aangemaakt",
    "204": "Verwijderd (geen inhoud)",
    "304": "Niet gewijzigd (je ETag klopt nog)",
    "400": "Ongeldig verzoek",
    "401": "Geen, een onbekende, verlopen of ingetrokken sleutel",
    "403": "De sleutel heeft dit recht niet",
    "404": "Niet gevonden (of van een andere organisatie)",
    "409": "Versieconflict: iemand anders wijzigde de meting",
    "413": "Inhoud te groot",
    "429": "Te veel verzoeken",
}


# Cached: the OpenAPI document is built from the code, the same for the life of the process.
@functools.cache
def schema() -> dict:
    from .endpoints import api

    # As a client reads it: through JSON (status codes become strings).
    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX), cls=DjangoJSONEncoder))
    for operation in _operations(document):
        for code, response in operation["responses"].items():
            if code in STATUS_TEXT:
                response["description"] = STATUS_TEXT[code]
    return document


@functools.cache
def english() -> dict[str, str]:
    """The English of the schema's texts, by their Dutch."""
    return json.loads(ENGLISH.read_text(encoding="utf-8"))


def _text(dutch: str) -> str:
    """A text of the schema in the reader's language (Dutch when it has no English), as HTML: a name
    between backticks (`versie`) is code, not to be translated."""
    text = english().get(dutch, dutch) if dutch and english_active() else dutch
    html = format_html("{}", "")
    for number, part in enumerate(text.split("`")):
        html = (
            format_html('{}<code translate="no">{}</code>', html, part)
            if number % 2
            else format_html("{}{}", html, part)
        )
    return html


def _operations(document):
    for methods in document["paths"].values():
        for method, operation in methods.items():
            if method in METHOD_ORDER:
                yield operation


def _type(prop: dict, components: dict) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        target = components.get(name, {})
        return " | ".join(str(v) for v in target["enum"]) if "enum" in target else name
    if "anyOf" in prop:
        kinds = [_type(p, components) for p in prop["anyOf"] if p.get("type") != "null"]
        nullable = any(p.get("type") == "null" for p in prop["anyOf"])
        either = pgettext("a type or another", "of")
        joined = f" {either} ".join(kinds)
        return _("%(type)s (of null)") % {"type": joined} if nullable else joined
    if prop.get("type") == "array":
        return _("lijst van %(type)s") % {"type": _type(prop.get("items", {}), components)}
    if "enum" in prop:
        return " | ".join(str(v) for v in prop["enum"])
    kind = prop.get("type", "")
    fmt = prop.get("format")
    return f"{kind} ({fmt})" if fmt else kind


def _fields(schema_obj: dict, components: dict) -> list[dict]:
    required = set(schema_obj.get("required", []))
    return [
        {
            "name": name,
            "type": _type(prop, components),
            "required": name in required,
            "description": _text(prop.get("description", "")),
        }
        for name, prop in schema_obj.get("properties", {}).items()
    ]


def context(request) -> dict:
    document = schema()
    components = document.get("components", {}).get("schemas", {})
    groups: dict[str, list] = {}
    for path, methods in document["paths"].items():
        for method in METHOD_ORDER:
            operation = methods.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            body_name = _type(body, components) if body else None
            groups.setdefault(_text((operation.get("tags") or ["API"])[0]), []).append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": _text(operation.get("summary", "")),
                    "description": _text(operation.get("description", "")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": {"path": _("pad"), "query": _("query")}.get(p["in"], p["in"]),
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {}), components),
                            "description": _text(p.get("description") or p.get("schema", {}).get("description", "")),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": body_name,
                    "responses": [
                        {
                            "code": code,
                            "description": _text(r.get("description", "")),
                            "type": _response_type(r, components),
                        }
                        for code, r in operation["responses"].items()
                    ],
                }
            )
    shapes = [
        {"name": name, "description": _text(s.get("description", "")), "fields": _fields(s, components)}
        for name, s in sorted(components.items())
        # Enumerations are spelled out where they are used; filters are the operations' parameters.
        if s.get("properties") and not name.endswith("Filter")
    ]
    # The Dutch values of every enumeration the API sends or accepts, with what they mean.
    enumerations = [
        {"name": name, "description": _text(s.get("description", "")), "values": s["enum"]}
        for name, s in sorted(components.items())
        if "enum" in s
    ]
    return {
        "groups": list(groups.items()),
        "shapes": shapes,
        "enumerations": enumerations,
        "schema_url": request.build_absolute_uri(reverse("api:schema")),
        "base_url": request.build_absolute_uri(f"{PREFIX}/"),
        "rate_limit": settings.API_RATE_LIMIT_PER_MINUTE,
        "body_kb": settings.API_MAX_BODY_BYTES // 1024,
    }


def _response_type(response: dict, components: dict) -> str:
    body = response.get("content", {}).get("application/json", {}).get("schema")
    return _type(body, components) if body else ""
