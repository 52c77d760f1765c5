"""JSON responses of the API: exact decimal numbers, pagination and ETags on lists."""

import hashlib
import json
from decimal import Decimal
from json.encoder import _make_iterencode, encode_basestring_ascii  # noqa: PLC2701

from django.http import HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .errors import ApiError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class _Exact(float):
    """A Decimal travelling through the pure-Python JSON encoder: written as its exact digits."""

    def __new__(cls, value: Decimal):
        number = super().__new__(cls, value)
        number.text = format(value.normalize(), "f")
        return number


class _NeedsExact(Exception):
    pass


def _fast_default(value):
    """For the C encoder: a Decimal of up to 15 significant digits is exactly the float Python prints."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        sign, digits, exponent = normal.as_tuple()
        if len(digits) > 15:
            raise _NeedsExact
        return int(normal) if exponent >= 0 else float(normal)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _prepare(value):
    if isinstance(value, Decimal):
        return _Exact(value)
    if isinstance(value, dict):
        return {k: _prepare(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _floatstr(number) -> str:
    if isinstance(number, _Exact):
        return number.text
    return float.__repr__(number)


def dumps(data) -> bytes:
    """JSON with Decimals as exact JSON numbers (never rounded through a binary float), dates in ISO 8601.

    Power BI and Excel read JSON numbers as numbers whatever their locale;
    a number in a string ("12.5") would be read as 125 in a Dutch locale.
    Decimals of up to 15 significant digits (nearly all) go through the fast
    C encoder as the float whose shortest form is their own digits; a
    document with a longer one is written by the pure-Python encoder.
    """
    try:
        return json.dumps(data, default=_fast_default, ensure_ascii=True).encode()
    except _NeedsExact:
        encode = _make_iterencode({}, None, encode_basestring_ascii, None, _floatstr, ": ", ", ", False, False, True)
        return "".join(encode(_prepare(data), 0)).encode()


def json_response(data, status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type="application/json")


def page_bounds(pagina: int, per_pagina: int) -> tuple[int, int]:
    if per_pagina > MAX_PAGE_SIZE:
        raise ApiError(
            400,
            _("Het verzoek klopt niet: bekijk de fouten per veld."),
            [{"veld": "per_pagina", "melding": _("Hoogstens %(max)s per pagina.") % {"max": MAX_PAGE_SIZE}}],
        )
    start = (pagina - 1) * per_pagina
    return start, start + per_pagina


def page(request, total: int, pagina: int, per_pagina: int, results: list) -> dict:
    def link(number):
        query = request.GET.copy()
        query["pagina"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}")

    has_next = pagina * per_pagina < total
    return {
        "aantal": total,
        "pagina": pagina,
        "per_pagina": per_pagina,
        "volgende": link(pagina + 1) if has_next else None,
        "vorige": link(pagina - 1) if pagina > 1 and total else None,
        "resultaten": results,
    }


def list_response(request, data: dict) -> HttpResponse:
    """A list as JSON with a strong ETag of its content; 304 when the client has this version."""
    body = dumps(data)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    wanted = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in wanted or "*" in wanted:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization"
    return response


def decode(body: bytes):
    """The request body as JSON, decimals kept exact; NaN and Infinity are not JSON."""

    def refuse(constant):
        raise ValueError(constant)

    return json.loads(body, parse_float=Decimal, parse_constant=refuse)
