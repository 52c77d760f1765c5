"""The shapes of the API's JSON, for the OpenAPI schema and the tests.

Field names are Dutch, like the CSV/XLSX column headers and query
parameters: they are what the users of a BI tool see as column names.
So are the values of every enumeration (the classes below): the API speaks
one language. They are the API's own words, mapped from what is stored in
``data.py``, so a stored value can change without changing the API.

Decimals are sent as JSON numbers (``rendering.dumps``), so they are declared
as ``Number``: ``type: number`` in the OpenAPI document.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

# A stored Decimal, sent as a JSON number (never as a string).
Number = Annotated[Decimal, WithJsonSchema({"type": "number"})]


# --- the values of enumerations ------------------------------------------------------


class TrajectoryStatus(StrEnum):
    """De status van een traject: lopend, afgerond, of voorkomen (de inkoop is voorkomen: R0)."""

    ONGOING = "lopend"
    COMPLETED = "afgerond"
    PREVENTED = "voorkomen"


class PhaseStatus(StrEnum):
    """De status van een fase; kan_niet_starten: een fase na het startoverleg zonder R-besluit."""

    NOT_STARTED = "niet_gestart"
    IN_PROGRESS = "bezig"
    COMPLETED = "afgerond"
    NOT_APPLICABLE = "niet_van_toepassing"
    CANNOT_START = "kan_niet_starten"


class ReviewStatus(StrEnum):
    """Hoe ver de beoordeling van een fase door de chef circulair is."""

    NOT_SUBMITTED = "niet_aangeboden"
    IN_REVIEW = "ter_beoordeling"
    APPROVED = "goedgekeurd"
    CHANGES_REQUESTED = "wijzigingen_gevraagd"


class Feasibility(StrEnum):
    """Of een trede van de R-ladder haalbaar is."""

    YES = "ja"
    PARTLY = "deels"
    NO = "nee"


class TeamRole(StrEnum):
    """De rol van een teamlid in het traject."""

    INTERNAL_CLIENT = "interne_opdrachtgever"
    BUYER = "inkoper"
    CONTRACT_MANAGER = "contractmanager"
    CHEF_CIRCULAIR = "chef_circulair"
    OTHER = "anders"


class RStrategy(StrEnum):
    """Een trede van de R-ladder: R0 (weigeren) tot en met R9 (terugwinnen)."""

    R0 = "R0"
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"
    R7 = "R7"
    R8 = "R8"
    R9 = "R9"


class KpiScope(StrEnum):
    """Waarvoor een KPI geldt: de hele organisatie, een afdeling, een productcategorie of een contract."""

    ORGANISATION = "organisatie"
    DEPARTMENT = "afdeling"
    CATEGORY = "categorie"
    CONTRACT = "contract"


class Direction(StrEnum):
    """Welke kant beter is: lager of hoger."""

    LOWER = "lager"
    HIGHER = "hoger"


class TighteningRule(StrEnum):
    """Hoe de jaardoelen van de basiswaarde naar de doelwaarde gaan: lineair of met een vast percentage."""

    LINEAR = "lineair"
    PERCENTAGE = "percentage"


class Aggregation(StrEnum):
    """Hoe de metingen van een jaar samen tellen: som of gemiddelde."""

    SUM = "som"
    MEAN = "gemiddelde"


class Scenario(StrEnum):
    """Het scenario van een effectregel: referentie (zonder circulaire keuze), plan of gerealiseerd."""

    REFERENCE = "referentie"
    PLAN = "plan"
    REALISED = "gerealiseerd"


class Unit(StrEnum):
    """De eenheid van een hoeveelheid of factor."""

    PIECE = "stuk"
    KG = "kg"
    M2 = "m2"
    KM = "km"
    KWH = "kwh"
    EURO = "euro"


class SystemBoundary(StrEnum):
    """Wat een factor meetelt (de systeemgrens van de bron)."""

    CRADLE_TO_GATE = "grondstof_tot_fabriekspoort"
    CRADLE_TO_GRAVE = "hele_levenscyclus"
    CRADLE_TO_GRAVE_EXCL_USE = "levenscyclus_zonder_gebruik"
    WELL_TO_WHEEL = "bron_tot_wiel"
    OPERATIONAL = "alleen_directe_uitstoot"
    OTHER = "anders"


class LessonKind(StrEnum):
    """Het soort les: wat ging goed, wat kan beter, of een tip voor een volgend traject."""

    WENT_WELL = "goed"
    TO_IMPROVE = "beter"
    TIP = "tip"


class Ref(Schema):
    id: int
    naam: str


class TrajectoryRef(Schema):
    id: int
    titel: str


class PhaseOut(Schema):
    fase: str = Field(description="De fase (slug), bijvoorbeeld startoverleg.")
    titel: str
    volgorde: int
    status: PhaseStatus
    status_label: str
    beoordeling: ReviewStatus


class DecisionStepOut(Schema):
    strategie: RStrategy
    overwogen: bool
    haalbaar: Feasibility
    onderbouwing: str


class DecisionOut(Schema):
    strategie: RStrategy = Field(description="De gekozen R-strategie.")
    strategie_naam: str
    toelichting: str
    fase: str
    vastgelegd_op: datetime
    treden: list[DecisionStepOut]


class TeamRoleOut(Schema):
    rol: TeamRole
    rol_label: str
    naam: str = Field(
        description="Voornaam en achternaam van het teamlid; onbekend als die er niet zijn (nooit het e-mailadres)."
    )


class GrowthStepOut(Schema):
    contractjaar: int
    strategie: RStrategy
    toelichting: str


class EffectOut(Schema):
    """The stored effect of a trajectory: what its R-decision avoids over the whole contract term."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": "Het opgeslagen effect van een traject: wat het R-besluit vermijdt over de hele looptijd "
            "van het contract."
        }
    )

    looptijd_jaren: Number | None = Field(description="De looptijd waarover de hoeveelheden gelden.")
    eerste_jaar: int | None
    gepland_kg_materiaal: Number | None = Field(description="Vermeden volgens plan (referentie − plan), in kg.")
    gepland_kg_co2e: Number | None = Field(description="Vermeden volgens plan, in kg CO2-equivalent.")
    gepland_kg_co2e_laag: Number | None = Field(description="De onzekerheid: de laagste waarde.")
    gepland_kg_co2e_hoog: Number | None = Field(description="De onzekerheid: de hoogste waarde.")
    gepland_euro: Number | None
    gerealiseerd_kg_materiaal: Number | None = Field(description="Vermeden volgens wat er gekocht is, in kg.")
    gerealiseerd_kg_co2e: Number | None
    gerealiseerd_kg_co2e_laag: Number | None
    gerealiseerd_kg_co2e_hoog: Number | None
    gerealiseerd_euro: Number | None
    regels_zonder_factor: int = Field(description="Regels die (nog) niet meetellen: zonder factor.")
    uitgavengebaseerd: bool = Field(description="Waar als een factor per euro meetelt: een grove schatting.")
    berekend_op: datetime | None
    herberekend_op: datetime | None = Field(description="Wanneer met de huidige factoren herberekend.")


class TrajectoryOut(Schema):
    id: int
    titel: str
    omschrijving: str
    status: TrajectoryStatus
    status_label: str
    categorie: Ref | None
    afdeling: Ref | None
    ambitie: RStrategy | None = Field(description="De ambitie als R-strategie.")
    gekozen_strategie: RStrategy | None
    geschatte_waarde: Number | None = Field(description="In euro.")
    vermeden_uitgaven: Number | None = Field(description="In euro, bij inkoop voorkomen.")
    contract_start: date | None
    contract_einde: date | None
    aangemaakt_op: datetime
    bijgewerkt_op: datetime
    afgesloten_op: datetime | None
    gearchiveerd: bool
    fasen: list[PhaseOut]
    r_besluit: DecisionOut | None
    team: list[TeamRoleOut]
    groeimodel: list[GrowthStepOut]
    effect: EffectOut | None = Field(description="Het opgeslagen effect (leeg: nog geen referentie en plan).")
    url: str = Field(description="De pagina van het traject in Chef Circulair.")


class KpiOut(Schema):
    id: int
    naam: str
    toelichting: str
    eenheid: str
    strategie: RStrategy | None = Field(description="Leeg voor een uniforme KPI.")
    bereik: KpiScope
    afdeling: Ref | None
    categorie: Ref | None
    traject: TrajectoryRef | None
    richting: Direction
    basisjaar: int
    basiswaarde: Number
    doeljaar: int
    doelwaarde: Number
    aanscherping: TighteningRule
    marge_procent: Number
    samenvoegen: Aggregation
    url: str


class TargetOut(Schema):
    kpi: int
    jaar: int
    doel: Number
    berekend_doel: Number
    aangepast: bool = Field(description="Waar wanneer de chef circulair het jaardoel met de hand aanpaste.")
    gerealiseerd: Number | None = Field(description="Wat de metingen van dat jaar samen opleveren.")


class MeasurementOut(Schema):
    id: int
    kpi: int
    jaar: int
    kwartaal: int = Field(description="0 voor een heel jaar, anders 1–4.")
    afdeling: Ref | None
    categorie: Ref | None
    waarde: Number
    bron: str
    toelichting: str
    versie: int
    ingevoerd_op: datetime


class FactorSnapshotOut(Schema):
    """The factor values a line was calculated with, as they were when chosen (with their source)."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": "De waarden van de factor waarmee een regel is berekend, zoals ze waren toen die gekozen "
            "werd (met de bron)."
        }
    )

    eigen_factor: bool = Field(description="Waar voor een eigen factor van de organisatie, anders een gedeelde.")
    item: str
    productcategorie: str
    eenheid: Unit = Field(description="De eenheid van de factor.")
    kg_co2e_per_eenheid: Number | None
    kg_materiaal_per_eenheid: Number | None
    levensduur_jaren: Number | None
    onzekerheid_laag: Number | None
    onzekerheid_hoog: Number | None
    onzekerheid_procent: Number | None
    bron: str
    bron_url: str
    bron_jaar: int | None
    licentie: str
    systeemgrens: SystemBoundary | None = Field(description="Leeg: de bron noemt geen systeemgrens.")
    toelichting_systeemgrens: str
    vastgelegd_op: datetime | None


class ImpactLineOut(Schema):
    id: int
    scenario: Scenario
    scenario_label: str
    volgorde: int
    omschrijving: str
    hoeveelheid: Number = Field(description="Over de hele looptijd.")
    eenheid_hoeveelheid: Unit
    gewicht_per_stuk_kg: Number | None
    prijs_per_eenheid_euro: Number | None
    factor: FactorSnapshotOut | None = Field(description="Leeg: de regel heeft (nog) geen factor.")


class TrajectoryEffectOut(Schema):
    traject: TrajectoryRef
    effect: EffectOut | None
    regels: list[ImpactLineOut]


class LessonOut(Schema):
    id: int
    soort: LessonKind
    soort_label: str
    les: str
    traject: TrajectoryRef
    categorie: Ref | None = Field(description="De productcategorie van het traject.")
    fase: str | None = Field(description="De fase (slug) waar de les over gaat.")
    strategie: RStrategy | None
    gedeeld: bool = Field(description="Gedeeld met andere organisaties.")
    uitgelicht: bool
    vastgelegd_op: datetime
    bijgewerkt_op: datetime


class CriterionKpiOut(Schema):
    naam: str
    eenheid: str
    richting: str = Field(description="lager of hoger: welke kant beter is.")
    variabele: str = Field(description="De variabele uit de tekst waarvan de ingevulde waarde het doel wordt.")


class CriterionOut(Schema):
    id: int
    code: str
    versie: int = Field(description="Gaat omhoog bij elke wijziging van de inhoud.")
    soort: str
    soort_label: str
    titel: str
    tekst: str = Field(description="Met de in te vullen variabelen tussen blokhaken: [percentage].")
    variabelen: list[str]
    strategie: RStrategy
    ambitieniveau: int = Field(description="1 basis, 2 significant, 3 ambitieus.")
    categorieen: list[str] = Field(description="Productcategorieën; leeg: past bij elke categorie.")
    cpv_codes: list[str] = Field(description="Het begin van de CPV-codes waar het bij past.")
    verificatie: str
    kpi: CriterionKpiOut | None
    juridische_toelichting: str
    bron: str
    bron_url: str
    licentie: str
    voorbeeld: bool = Field(description="Een voorbeeldtekst die de jurist toetst voordat hij wordt gebruikt.")
    status: str
    basisset: bool = Field(description="Uit de basisset (true) of een eigen criterium van de organisatie.")
    aangepast_van: int | None = Field(description="Het criterium uit de basisset waarvan dit een aanpassing is.")
    basis_gewijzigd: bool = Field(description="De basis is gewijzigd nadat de organisatie hem aanpaste.")


class ChosenCriterionOut(Schema):
    id: int
    code: str
    versie: int = Field(description="De versie van het criterium toen het werd gekozen.")
    soort: str
    titel: str
    tekst: str = Field(description="De tekst met de ingevulde waarden.")
    waarden: dict[str, str] = Field(description="De ingevulde variabelen (getallen als tekst, met een punt).")
    weging: Number | None = Field(description="De weging in procenten (alleen gunningscriteria).")
    verificatie: str
    kpi: Ref | None = Field(description="De contract-KPI die het voedt.")


# The largest id a database key can have, and the largest version a row can carry.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1
# A measurement: 16 digits, 4 of them after the point (kpis.Measurement.value).
MAX_MEASUREMENT = Decimal("999999999999.9999")


def _json_integer(value):
    """A JSON integer may be written 2025 or 2025.0 (JSON Schema: the same number); never "2025", never true."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    return value


# An integer in a request body: strict (no text, no true/false), but 2025.0 is 2025.
JsonInt = Annotated[int, Strict(), BeforeValidator(_json_integer)]
# Text the database can store: PostgreSQL refuses the NUL character (Django's forms refuse it everywhere).
NO_NUL = r"^[^\x00]*$"
JsonId = Annotated[int, Strict(), Field(ge=1, le=MAX_ID), BeforeValidator(_json_integer)]


def _json_number_or_null(value):
    """``waarde`` is a JSON number or null: text ("12.5", "12,5") and true/false are refused, as the schema says."""
    if isinstance(value, str | bool):
        raise PydanticCustomError("json_number", "Input should be a JSON number")
    return value


class MeasurementIn(Schema):
    """One measurement to write: a new one with versie 0, an edit with the version it was read with."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "description": "Eén meting om te schrijven: een nieuwe met versie 0, een wijziging met de versie die "
            "je las."
        },
    )

    jaar: JsonInt = Field(
        ge=1990,
        le=2100,
        description="Een jaar binnen de looptijd van de KPI: van het basisjaar tot en met het doeljaar (anders 400).",
    )
    kwartaal: JsonInt = Field(
        0, ge=0, le=4, description="0 voor een meting van het hele jaar, anders het kwartaal (1–4)."
    )
    afdeling: JsonId | None = Field(
        None,
        description=(
            "Id van een afdeling van de organisatie, of leeg voor de hele organisatie. "
            "Leeg bij een afdelings-KPI: die meet je voor haar afdeling als geheel."
        ),
    )
    categorie: JsonId | None = Field(
        None,
        description=(
            "Id van een productcategorie van de organisatie, of leeg. "
            "Leeg bij een categorie-KPI: die meet je voor haar categorie als geheel."
        ),
    )
    waarde: Annotated[
        Decimal | None,
        BeforeValidator(_json_number_or_null),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "number", "minimum": 0, "maximum": float(MAX_MEASUREMENT), "multipleOf": 0.0001},
                    {"type": "null"},
                ]
            }
        ),
    ] = Field(
        ...,
        ge=0,
        max_digits=16,
        decimal_places=4,
        allow_inf_nan=False,
        description=(
            "Een JSON-getal met een punt voor decimalen (geen tekst): 0 of meer, hoogstens 12 cijfers voor "
            "en 4 achter de punt. null verwijdert de meting van deze periode (204); bron en toelichting "
            "worden dan niet bewaard."
        ),
    )
    bron: str = Field("", strict=True, max_length=300, pattern=NO_NUL, description="Zonder null-tekens (U+0000).")
    toelichting: str = Field(
        "", strict=True, max_length=2000, pattern=NO_NUL, description="Zonder null-tekens (U+0000)."
    )
    versie: JsonInt = Field(
        ...,
        ge=0,
        le=MAX_VERSION,
        description="0 voor een nieuwe meting, anders de versie die je las. Verouderd: 409.",
    )


class ErrorItem(Schema):
    veld: str
    melding: str


class ErrorOut(Schema):
    status: int
    melding: str
    fouten: list[ErrorItem]


class ConflictOut(ErrorOut):
    huidige: MeasurementOut | None = Field(description="De meting zoals die nu is opgeslagen (leeg: verwijderd).")


def page_of(item):
    """The paginated list of ``item`` (the same envelope for every list)."""
    return type(
        f"{item.__name__.removesuffix('Out')}Page",
        (Schema,),
        {
            "__annotations__": {
                "aantal": int,
                "pagina": int,
                "per_pagina": int,
                "volgende": str | None,
                "vorige": str | None,
                "resultaten": list[item],
            }
        },
    )


TrajectoryPage = page_of(TrajectoryOut)
KpiPage = page_of(KpiOut)
TargetPage = page_of(TargetOut)
MeasurementPage = page_of(MeasurementOut)
LessonPage = page_of(LessonOut)
CriterionPage = page_of(CriterionOut)
ChosenCriterionPage = page_of(ChosenCriterionOut)
