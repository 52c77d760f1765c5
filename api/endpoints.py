"""The JSON API (version 1), built with Django Ninja: organisation-scoped by the token.

Every operation authenticates with ``TokenAuth`` (header only), reads only
the token's organisation and answers errors as JSON (``errors.install``).
Lists are paginated (``pagina``, ``per_pagina``) and carry an ETag.

Impact figures: every trajectory carries its stored effect (totals over the
term); ``/trajecten/{id}/effect/`` adds the lines with their factor snapshots
and sources. Lessons: ``/lessen/``, the organisation's own only.
"""

from typing import Annotated

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.parser import Parser

from . import data, schemas
from .auth import TokenAuth, require_scope
from .errors import ApiError, install
from .models import Scope
from .rendering import MAX_PAGE_SIZE, json_response, list_response, page, page_bounds
from .rendering import decode as decode_json
from .schemas import MAX_ID, ErrorOut
from .writes import write_measurement

# Ids are database keys: a larger number can name nothing (and SQLite cannot even bind it).
KeyId = Annotated[int, Path(ge=1, le=MAX_ID)]


class ExactJsonParser(Parser):
    """Request bodies as JSON with exact decimals (a measurement of 0.1 stays 0.1)."""

    def parse_body(self, request):
        return decode_json(request.body)


api = NinjaAPI(
    title="Chef Circulair API",
    version="1",
    description=(
        "De API van Chef Circulair: trajecten, KPI's, jaardoelen en metingen van één organisatie, "
        "voor BI-tools en contractbeheersystemen. Stuur een API-sleutel mee in de header "
        "`Authorization: Bearer <sleutel>`; de chef circulair maakt sleutels onder Programma → API-sleutels. "
        "Meldingen en labels zijn Nederlands; stuur `Accept-Language: en` mee voor Engelse "
        "(de namen van velden en de opgeslagen waarden blijven hetzelfde)."
    ),
    auth=TokenAuth(),
    urls_namespace="api_v1",
    docs_url=None,
    openapi_url=None,  # served by views.openapi_schema, outside the token check
    parser=ExactJsonParser(),
)
install(api)

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 429: ErrorOut}


class Paging(schemas.Schema):
    """The query parameters of every list."""

    model_config = schemas.ConfigDict(json_schema_extra={"description": "De queryparameters van elke lijst."})

    pagina: int = schemas.Field(1, ge=1, le=100000, description="Het paginanummer (vanaf 1).")
    per_pagina: int = schemas.Field(
        50, ge=1, le=MAX_PAGE_SIZE, description=f"Aantal per pagina, hoogstens {MAX_PAGE_SIZE} (standaard 50)."
    )


def only_known_query(request, *query_schemas) -> None:
    """Refuse a query parameter that the operation's query schemas do not have (400 naming it).

    A misspelled filter (``?satus=lopend``) would otherwise be ignored and return everything.
    """
    known = {name for schema in query_schemas for name in schema.model_fields}
    unknown = [name for name in request.GET if name not in known]
    if unknown:
        raise ApiError(
            400,
            _("Onbekende queryparameter: %(names)s. Deze operatie kent: %(allowed)s.")
            % {"names": ", ".join(unknown), "allowed": ", ".join(sorted(known)) or _("geen")},
            [{"veld": name, "melding": _("Deze parameter bestaat hier niet.")} for name in unknown],
        )


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class TrajectoryFilter(schemas.Schema):
    jaar: int | None = schemas.Field(None, ge=1990, le=2100, description="Trajecten die in dat jaar liepen.")
    categorie: int | None = schemas.Field(None, ge=1, le=MAX_ID, description="Id van een productcategorie.")
    afdeling: int | None = schemas.Field(None, ge=1, le=MAX_ID, description="Id van een afdeling.")
    status: schemas.TrajectoryStatus | None = schemas.Field(None, description="Alleen trajecten met deze status.")


@api.get(
    "/trajecten/",
    response={200: schemas.TrajectoryPage, 304: None, **ERRORS},
    url_name="trajectories",
    summary="Trajecten",
    description=(
        "De inkooptrajecten van de organisatie, met de status per fase, het R-besluit en de rollen in het team."
    ),
    tags=["Trajecten"],
)
def trajectory_list(request, filters: Query[TrajectoryFilter], paging: Query[Paging]):
    require_scope(request, Scope.READ)
    only_known_query(request, TrajectoryFilter, Paging)
    start, end = page_bounds(paging.pagina, paging.per_pagina)
    rows = data.trajectories(
        request.auth.organisation,
        year=filters.jaar,
        category=filters.categorie,
        department=filters.afdeling,
        status=data.stored_value(data.TRAJECTORY_STATUS, filters.status),
    )
    total = rows.count()
    base = _base_url(request)
    results = data.trajectory_rows(request.auth.organisation, rows[start:end], base) if start < total else []
    return list_response(request, page(request, total, paging.pagina, paging.per_pagina, results))


@api.get(
    "/trajecten/{trajectory_id}/",
    response={200: schemas.TrajectoryOut, **ERRORS},
    url_name="trajectory",
    summary="Eén traject",
    tags=["Trajecten"],
)
def trajectory_detail(request, trajectory_id: KeyId):
    require_scope(request, Scope.READ)
    only_known_query(request)
    organisation = request.auth.organisation
    rows = data.trajectory_rows(
        organisation, data.trajectories(organisation).filter(pk=trajectory_id), _base_url(request)
    )
    if not rows:
        raise Http404
    return json_response(rows[0])


@api.get(
    "/trajecten/{trajectory_id}/effect/",
    response={200: schemas.TrajectoryEffectOut, **ERRORS},
    url_name="trajectory_effect",
    summary="Effect van één traject",
    description=(
        "Het opgeslagen effect van een traject (vermeden kg materiaal, kg CO2e en euro's over de looptijd) "
        "met de regels van referentie, plan en realisatie en de factor waarmee elke regel is berekend, "
        "met bron, jaar, licentie en systeemgrens. `effect` is leeg zolang er niets is ingevuld."
    ),
    tags=["Trajecten"],
)
def trajectory_effect(request, trajectory_id: KeyId):
    require_scope(request, Scope.READ)
    only_known_query(request)
    row = data.effect_detail(request.auth.organisation, trajectory_id)
    if row is None:
        raise Http404
    return json_response(row)


class KpiFilter(schemas.Schema):
    jaar: int | None = schemas.Field(None, ge=1990, le=2100, description="KPI's waarvan de looptijd dat jaar omvat.")
    categorie: int | None = schemas.Field(None, ge=1, le=MAX_ID, description="Id van een productcategorie.")
    afdeling: int | None = schemas.Field(None, ge=1, le=MAX_ID, description="Id van een afdeling.")
    traject: int | None = schemas.Field(None, ge=1, le=MAX_ID, description="Id van een traject (contract-KPI's).")
    bereik: schemas.KpiScope | None = schemas.Field(None, description="Alleen KPI's met dit bereik.")


class TargetFilter(KpiFilter):
    kpi: int | None = schemas.Field(None, ge=1, le=MAX_ID, description="Id van een KPI.")


def _kpis(request, filters):
    return data.kpis(
        request.auth.organisation,
        year=filters.jaar,
        category=filters.categorie,
        department=filters.afdeling,
        trajectory=filters.traject,
        scope=data.stored_value(data.KPI_SCOPE, filters.bereik),
    )


@api.get(
    "/kpis/",
    response={200: schemas.KpiPage, 304: None, **ERRORS},
    url_name="kpis",
    summary="KPI's",
    description="De KPI's van de organisatie en de contract-KPI's van haar trajecten.",
    tags=["KPI's"],
)
def kpi_list(request, filters: Query[KpiFilter], paging: Query[Paging]):
    require_scope(request, Scope.READ)
    only_known_query(request, KpiFilter, Paging)
    start, end = page_bounds(paging.pagina, paging.per_pagina)
    rows = _kpis(request, filters)
    total = rows.count()
    base = _base_url(request)
    results = [data.kpi_row(k, base) for k in rows[start:end]] if start < total else []
    return list_response(request, page(request, total, paging.pagina, paging.per_pagina, results))


@api.get(
    "/kpis/{kpi_id}/",
    response={200: schemas.KpiOut, **ERRORS},
    url_name="kpi",
    summary="Eén KPI",
    tags=["KPI's"],
)
def kpi_detail(request, kpi_id: KeyId):
    require_scope(request, Scope.READ)
    only_known_query(request)
    kpi = data.kpis(request.auth.organisation).filter(pk=kpi_id).first()
    if kpi is None:
        raise Http404
    return json_response(data.kpi_row(kpi, _base_url(request)))


@api.get(
    "/jaardoelen/",
    response={200: schemas.TargetPage, 304: None, **ERRORS},
    url_name="targets",
    summary="Jaardoelen",
    description=(
        "Het doel per KPI per jaar (teruggerekend van het einddoel, of met de hand aangepast) "
        "naast wat er volgens de metingen gerealiseerd is. Filter ook op kpi."
    ),
    tags=["KPI's"],
)
def target_list(request, filters: Query[TargetFilter], paging: Query[Paging]):
    require_scope(request, Scope.READ)
    only_known_query(request, TargetFilter, Paging)
    start, end = page_bounds(paging.pagina, paging.per_pagina)
    kpi_rows = _kpis(request, filters).prefetch_related("overrides")
    if filters.kpi is not None:
        kpi_rows = kpi_rows.filter(pk=filters.kpi)
    rows = data.target_rows(list(kpi_rows), filters.jaar)
    return list_response(request, page(request, len(rows), paging.pagina, paging.per_pagina, rows[start:end]))


class MeasurementFilter(schemas.Schema):
    kpi: int | None = schemas.Field(None, ge=1, le=MAX_ID, description="Id van een KPI.")
    jaar: int | None = schemas.Field(None, ge=1990, le=2100)
    kwartaal: int | None = schemas.Field(None, ge=0, le=4, description="0 voor hele jaren, anders 1–4.")
    categorie: int | None = schemas.Field(None, ge=1, le=MAX_ID, description="Id van een productcategorie.")
    afdeling: int | None = schemas.Field(None, ge=1, le=MAX_ID, description="Id van een afdeling.")


@api.get(
    "/metingen/",
    response={200: schemas.MeasurementPage, 304: None, **ERRORS},
    url_name="measurements",
    summary="Metingen",
    description="De metingen van alle KPI's van de organisatie, per jaar of kwartaal, afdeling en categorie.",
    tags=["Metingen"],
)
def measurement_list(request, filters: Query[MeasurementFilter], paging: Query[Paging]):
    require_scope(request, Scope.READ)
    only_known_query(request, MeasurementFilter, Paging)
    start, end = page_bounds(paging.pagina, paging.per_pagina)
    rows = data.measurements(
        request.auth.organisation,
        kpi=filters.kpi,
        year=filters.jaar,
        quarter=filters.kwartaal,
        category=filters.categorie,
        department=filters.afdeling,
    )
    total = rows.count()
    results = [data.measurement_row(m) for m in rows[start:end]] if start < total else []
    return list_response(request, page(request, total, paging.pagina, paging.per_pagina, results))


class LessonFilter(schemas.Schema):
    categorie: int | None = schemas.Field(
        None, ge=1, le=MAX_ID, description="Id van een productcategorie (die van het traject)."
    )
    r: str | None = schemas.Field(None, pattern=r"^[Rr][0-9]$", description="Een R-strategie, bijvoorbeeld R2.")
    fase: str | None = schemas.Field(
        None, max_length=100, pattern=r"^[a-z0-9_-]+$", description="Een fase (slug), bijvoorbeeld evalueren."
    )


@api.get(
    "/lessen/",
    response={200: schemas.LessonPage, 304: None, **ERRORS},
    url_name="lessons",
    summary="Lessen",
    description=(
        "De lessen uit de trajecten van de organisatie zelf (wat ging goed, wat kan beter, tips), "
        "met de categorie van het traject, de fase en de R-strategie. Gedeelde lessen van andere "
        "organisaties staan er niet in."
    ),
    tags=["Lessen"],
)
def lesson_list(request, filters: Query[LessonFilter], paging: Query[Paging]):
    require_scope(request, Scope.READ)
    only_known_query(request, LessonFilter, Paging)
    start, end = page_bounds(paging.pagina, paging.per_pagina)
    rows = data.lessons(request.auth.organisation, category=filters.categorie, strategy=filters.r, phase=filters.fase)
    total = rows.count()
    kinds = data.lesson_kinds()
    results = [data.lesson_row(lesson, kinds) for lesson in rows[start:end]] if start < total else []
    return list_response(request, page(request, total, paging.pagina, paging.per_pagina, results))


class CriterionFilter(schemas.Schema):
    soort: str | None = schemas.Field(None, max_length=20, description="Alleen criteria van deze soort.")
    r: schemas.RStrategy | None = schemas.Field(None, description="Alleen criteria voor deze R-strategie.")
    zoek: str | None = schemas.Field(
        None, max_length=200, description="Zoekt op Nederlandse woordstammen in code, titel en tekst."
    )


@api.get(
    "/criteria/",
    response={200: schemas.CriterionPage, 304: None, **ERRORS},
    url_name="criteria",
    summary="Criteria en clausules",
    description=(
        "De bibliotheek van de organisatie: de eigen criteria en de gepubliceerde criteria uit de basisset "
        "die de organisatie niet aanpaste, met code, versie, soort, R-strategie, tekst met variabelen, "
        "verificatie en de KPI die het voedt."
    ),
    tags=["Criteria"],
)
def criterion_list(request, filters: Query[CriterionFilter], paging: Query[Paging]):
    require_scope(request, Scope.READ)
    only_known_query(request, CriterionFilter, Paging)
    start, end = page_bounds(paging.pagina, paging.per_pagina)
    rows = data.criteria(request.auth.organisation, kind=filters.soort, strategy=filters.r, query=filters.zoek)
    total = rows.count()
    results = [data.criterion_row(c) for c in rows[start:end]] if start < total else []
    return list_response(request, page(request, total, paging.pagina, paging.per_pagina, results))


@api.get(
    "/trajecten/{trajectory_id}/criteria/",
    response={200: schemas.ChosenCriterionPage, 304: None, **ERRORS},
    url_name="trajectory_criteria",
    summary="Gekozen criteria van een traject",
    description=(
        "De criteria die het traject koos, in de volgorde van de aanbestedingsstukken: code en versie zoals "
        "gekozen, de tekst met de ingevulde waarden, de weging van gunningscriteria en de contract-KPI."
    ),
    tags=["Criteria"],
)
def trajectory_criteria(request, trajectory_id: KeyId, paging: Query[Paging]):
    require_scope(request, Scope.READ)
    only_known_query(request, Paging)
    trajectory = data.trajectories(request.auth.organisation).filter(pk=trajectory_id).first()
    if trajectory is None:
        raise Http404
    start, end = page_bounds(paging.pagina, paging.per_pagina)
    rows = data.chosen_criteria(trajectory)
    total = rows.count()
    results = [data.chosen_criterion_row(c) for c in rows[start:end]] if start < total else []
    return list_response(request, page(request, total, paging.pagina, paging.per_pagina, results))


@api.put(
    "/kpis/{kpi_id}/metingen/",
    response={
        200: schemas.MeasurementOut,
        201: schemas.MeasurementOut,
        204: None,
        409: schemas.ConflictOut,
        **ERRORS,
    },
    url_name="measurement_write",
    summary="Een meting schrijven",
    description=(
        "Schrijft één meting van een KPI (recht `measurements:write`), met dezelfde controles en versies als het "
        "invoerscherm: `versie` 0 maakt een nieuwe meting, anders de versie die je las. Heeft iemand de meting "
        "sindsdien gewijzigd, dan volgt 409 met de huidige meting; stuur dan opnieuw met die versie. "
        "`waarde` null betekent: geen meting in deze periode. De meting wordt verwijderd (204, met de versie "
        "die je las), ook als je bron of toelichting meestuurt (die worden niet bewaard); was er geen meting, "
        "dan ook 204. 201: nieuw, 200: gewijzigd of ongewijzigd. `jaar` ligt binnen de looptijd van de KPI; "
        "`afdeling` en `categorie` zijn ids van je eigen organisatie (anders 400, met het veld)."
    ),
    tags=["Metingen"],
)
def measurement_write(request, kpi_id: KeyId, body: schemas.MeasurementIn):
    token = require_scope(request, Scope.MEASUREMENTS_WRITE)
    only_known_query(request)
    kpi = (
        data.Kpi.objects.select_related("trajectory", "organisation")
        .filter(organisation=token.organisation, pk=kpi_id)
        .first()
    )
    if kpi is None:
        raise Http404
    status, measurement = write_measurement(kpi, body, token.created_by)
    if status == 204:
        return HttpResponse(status=204)
    return json_response(data.measurement_row(measurement), status=status)


def schema_json():
    """The OpenAPI document (also rendered as the Dutch API page)."""
    return api.get_openapi_schema(path_prefix="/api/v1/")
