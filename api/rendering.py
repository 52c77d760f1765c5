"""JSON responses of the API: decimals as JSON numbers, pagination and ETags on lists."""

import hashlib
import json
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import urlencode

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _default(value):
    """What the standard encoder cannot write itself: decimals as JSON numbers, dates in ISO 8601.

    A whole number is written as an int (exact at any size). Any other decimal
    goes as the float nearest to it, which Python writes in its shortest form:
    that is the decimal's own digits for every decimal of up to 15 significant
    digits (all a person enters; the stored fields hold more only in theory),
    and beyond that exactly the number a JSON reader that reads doubles (Power
    BI, Excel, JavaScript) would have made of the longer digits anyway.
    """
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(data) -> bytes:
    """JSON with decimals as JSON numbers and dates in ISO 8601.

    Power BI and Excel read JSON numbers as numbers whatever their locale;
    a number in a string ("12.5") would be read as 125 in a Dutch locale.
    """
    return json.dumps(data, default=_default, allow_nan=False).encode()


def json_response(data, status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(data), status=status, content_type="application/json")


def page_bounds(pagina: int, per_pagina: int) -> tuple[int, int]:
    """The slice of one page (``per_pagina`` is at most MAX_PAGE_SIZE: the query schemas say so)."""
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
