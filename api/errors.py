"""The API's errors: JSON with a Dutch message and the right status, never an HTML page or a 500.

Every error body has the same shape::

    {"status": 400, "melding": "…", "fouten": [{"veld": "waarde", "melding": "…"}]}

``fouten`` lists the fields at fault (empty when the whole request is).
"""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseNotAllowed
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: list[dict] | None = None, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.errors, self.headers = status, message, errors or [], headers or {}
        self.extra: dict = {}  # more keys of the body (a 409 adds the stored measurement)


def error_response(
    status: int, message: str, errors: list[dict] | None = None, headers: dict | None = None, extra=None
):
    from .rendering import json_response

    body = {"status": status, "melding": str(message), "fouten": errors or [], **(extra or {})}
    response = json_response(body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="chefcirculair"'
    return response


# Pydantic's error types, in Dutch. Anything else gets the generic message.
_MESSAGES = {
    "missing": lambda e: _("Dit veld is verplicht."),
    "extra_forbidden": lambda e: _("Dit veld bestaat niet."),
    "int_type": lambda e: _("Vul een geheel getal in."),
    "int_parsing": lambda e: _("Vul een geheel getal in."),
    "int_from_float": lambda e: _("Vul een geheel getal in."),
    "decimal_type": lambda e: _("Vul een getal in, bijvoorbeeld 12.5 (een punt voor decimalen)."),
    "decimal_parsing": lambda e: _("Vul een getal in, bijvoorbeeld 12.5 (een punt voor decimalen)."),
    "finite_number": lambda e: _("Vul een eindig getal in."),
    "decimal_max_digits": lambda e: _("Dit getal is te groot."),
    "decimal_whole_digits": lambda e: _("Dit getal is te groot."),
    "decimal_max_places": lambda e: (
        _("Gebruik hoogstens %(places)s cijfers achter de komma.")
        % {"places": e.get("ctx", {}).get("decimal_places", 4)}
    ),
    "greater_than_equal": lambda e: _("Vul een waarde van %(limit)s of meer in.") % {"limit": e["ctx"]["ge"]},
    "less_than_equal": lambda e: _("Vul een waarde van %(limit)s of minder in.") % {"limit": e["ctx"]["le"]},
    "json_number": lambda e: _("Stuur een JSON-getal met een punt voor decimalen, bijvoorbeeld 12.5 (geen tekst)."),
    "string_type": lambda e: _("Vul tekst in."),
    "string_too_long": lambda e: _("Gebruik hoogstens %(max)s tekens.") % {"max": e["ctx"]["max_length"]},
    "string_pattern_mismatch": lambda e: _("Null-tekens zijn niet toegestaan."),
    "model_type": lambda e: _("Stuur een JSON-object."),
    "model_attributes_type": lambda e: _("Stuur een JSON-object."),
    "dict_type": lambda e: _("Stuur een JSON-object."),
    "bool_type": lambda e: _("Vul true of false in."),
    "bool_parsing": lambda e: _("Vul true of false in."),
    "literal_error": lambda e: _("Deze waarde is niet toegestaan."),
    "enum": lambda e: _("Deze waarde is niet toegestaan."),
}


def field_errors(errors: list[dict]) -> list[dict]:
    """Pydantic's errors as [{"veld": …, "melding": …}], without the parameter kind Ninja puts first."""
    result = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        message = _MESSAGES.get(str(error.get("type", "")))
        try:
            text = message(error) if message else _("Deze waarde is ongeldig.")
        except (KeyError, TypeError):
            text = _("Deze waarde is ongeldig.")
        result.append({"veld": ".".join(location), "melding": str(text)})
    return result


def install(api) -> None:
    """Register the handlers on a NinjaAPI: every exception becomes a JSON error."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError):
        return error_response(exc.status, exc.message, exc.errors, exc.headers, exc.extra)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError):
        return error_response(400, _("Het verzoek klopt niet: bekijk de fouten per veld."), field_errors(exc.errors))

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError):
        return error_response(
            401, _("Stuur een geldige API-sleutel mee in de header: Authorization: Bearer <sleutel>.")
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError):
        # Ninja raises HttpError(400) for a body that is not JSON.
        if exc.status_code == 400:
            return error_response(400, _("De inhoud van het verzoek is geen geldige JSON."))
        return error_response(exc.status_code, _("Dit verzoek kan niet worden verwerkt."))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404):
        return error_response(404, _("Niet gevonden."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied):
        return error_response(403, _("Deze sleutel mag dit niet."))


def method_not_allowed_as_json(view):
    """Wrap an API view: a method the address does not have (OPTIONS too) is the API's JSON 405, with Allow.

    Ninja answers it with a plain-text 405 of its own before any of the handlers above run.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            return error_response(
                405,
                _("Dit adres kent de methode %(method)s niet, alleen %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
                headers={"Allow": allowed},
            )
        return response

    return wrapper
