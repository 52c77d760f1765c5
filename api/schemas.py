"""The shapes of the API's JSON, for the OpenAPI schema and the tests.

Field names are Dutch, like the CSV/XLSX column headers and query
parameters: they are what the users of a BI tool see as column names.
"""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict


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
    status: str = Field(description="niet_gestart, bezig, afgerond, niet_van_toepassing of kan_niet_starten.")
    status_label: str
    beoordeling: str = Field(description="Leeg, in_review, approved of changes_requested.")


class DecisionStepOut(Schema):
    strategie: str
    overwogen: bool
    haalbaar: str = Field(description="ja, deels of nee.")
    onderbouwing: str


class DecisionOut(Schema):
    strategie: str = Field(description="De gekozen R-strategie (R0–R9).")
    strategie_naam: str
    toelichting: str
    fase: str
    vastgelegd_op: datetime
    treden: list[DecisionStepOut]


class TeamRoleOut(Schema):
    rol: str
    rol_label: str
    naam: str = Field(description="De naam van het teamlid (nooit het e-mailadres).")


class GrowthStepOut(Schema):
    contractjaar: int
    strategie: str
    toelichting: str


class EffectOut(Schema):
    """The stored effect of a trajectory: what its R-decision avoids over the whole contract term."""

    looptijd_jaren: Decimal | None = Field(description="De looptijd waarover de hoeveelheden gelden.")
    eerste_jaar: int | None
    gepland_kg_materiaal: Decimal | None = Field(description="Vermeden volgens plan (referentie − plan), in kg.")
    gepland_kg_co2e: Decimal | None = Field(description="Vermeden volgens plan, in kg CO2-equivalent.")
    gepland_kg_co2e_laag: Decimal | None = Field(description="De onzekerheid: de laagste waarde.")
    gepland_kg_co2e_hoog: Decimal | None = Field(description="De onzekerheid: de hoogste waarde.")
    gepland_euro: Decimal | None
    gerealiseerd_kg_materiaal: Decimal | None = Field(description="Vermeden volgens wat er gekocht is, in kg.")
    gerealiseerd_kg_co2e: Decimal | None
    gerealiseerd_kg_co2e_laag: Decimal | None
    gerealiseerd_kg_co2e_hoog: Decimal | None
    gerealiseerd_euro: Decimal | None
    regels_zonder_factor: int = Field(description="Regels die (nog) niet meetellen: zonder factor.")
    uitgavengebaseerd: bool = Field(description="Waar als een factor per euro meetelt: een grove schatting.")
    berekend_op: datetime | None
    herberekend_op: datetime | None = Field(description="Wanneer met de huidige factoren herberekend.")


class TrajectoryOut(Schema):
    id: int
    titel: str
    omschrijving: str
    status: str = Field(description="lopend, afgerond of voorkomen (inkoop voorkomen: R0).")
    status_label: str
    categorie: Ref | None
    afdeling: Ref | None
    ambitie: str | None = Field(description="De ambitie als R-strategie (R0–R9).")
    gekozen_strategie: str | None
    geschatte_waarde: Decimal | None = Field(description="In euro.")
    vermeden_uitgaven: Decimal | None = Field(description="In euro, bij inkoop voorkomen.")
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
    strategie: str | None = Field(description="R0–R9, of leeg voor een uniforme KPI.")
    bereik: str = Field(description="organisatie, afdeling, categorie of contract.")
    afdeling: Ref | None
    categorie: Ref | None
    traject: TrajectoryRef | None
    richting: str = Field(description="lager of hoger (welke kant beter is).")
    basisjaar: int
    basiswaarde: Decimal
    doeljaar: int
    doelwaarde: Decimal
    aanscherping: str
    marge_procent: Decimal
    samenvoegen: str = Field(description="som of gemiddelde: hoe metingen van een jaar samen tellen.")
    url: str


class TargetOut(Schema):
    kpi: int
    jaar: int
    doel: Decimal
    berekend_doel: Decimal
    aangepast: bool = Field(description="Waar wanneer de chef circulair het jaardoel met de hand aanpaste.")
    gerealiseerd: Decimal | None = Field(description="Wat de metingen van dat jaar samen opleveren.")


class MeasurementOut(Schema):
    id: int
    kpi: int
    jaar: int
    kwartaal: int = Field(description="0 voor een heel jaar, anders 1–4.")
    afdeling: Ref | None
    categorie: Ref | None
    waarde: Decimal
    bron: str
    toelichting: str
    versie: int
    ingevoerd_op: datetime


class FactorSnapshotOut(Schema):
    """The factor values a line was calculated with, as they were when chosen (with their source)."""

    eigen_factor: bool = Field(description="Waar voor een eigen factor van de organisatie, anders een gedeelde.")
    item: str
    productcategorie: str
    eenheid: str = Field(description="De eenheid van de factor: kg, stuk, euro …")
    kg_co2e_per_eenheid: Decimal | None
    kg_materiaal_per_eenheid: Decimal | None
    levensduur_jaren: Decimal | None
    onzekerheid_laag: Decimal | None
    onzekerheid_hoog: Decimal | None
    onzekerheid_procent: Decimal | None
    bron: str
    bron_url: str
    bron_jaar: int | None
    licentie: str
    systeemgrens: str
    toelichting_systeemgrens: str
    vastgelegd_op: datetime | None


class ImpactLineOut(Schema):
    id: int
    scenario: str = Field(description="reference, plan of realised.")
    scenario_label: str
    volgorde: int
    omschrijving: str
    hoeveelheid: Decimal = Field(description="Over de hele looptijd.")
    eenheid_hoeveelheid: str
    gewicht_per_stuk_kg: Decimal | None
    prijs_per_eenheid_euro: Decimal | None
    factor: FactorSnapshotOut | None = Field(description="Leeg: de regel heeft (nog) geen factor.")


class TrajectoryEffectOut(Schema):
    traject: TrajectoryRef
    effect: EffectOut | None
    regels: list[ImpactLineOut]


class LessonOut(Schema):
    id: int
    soort: str = Field(description="goed, beter of tip.")
    soort_label: str
    les: str
    traject: TrajectoryRef
    categorie: Ref | None = Field(description="De productcategorie van het traject.")
    fase: str | None = Field(description="De fase (slug) waar de les over gaat.")
    strategie: str | None = Field(description="R0–R9.")
    gedeeld: bool = Field(description="Gedeeld met andere organisaties.")
    uitgelicht: bool
    vastgelegd_op: datetime
    bijgewerkt_op: datetime


class MeasurementIn(Schema):
    """One measurement to write: a new one with versie 0, an edit with the version it was read with."""

    model_config = ConfigDict(extra="forbid")

    jaar: int = Field(ge=1990, le=2100)
    kwartaal: int = Field(0, ge=0, le=4, description="0 voor een heel jaar, anders 1–4.")
    afdeling: int | None = Field(None, description="Id van de afdeling, of leeg voor de hele organisatie.")
    categorie: int | None = Field(None, description="Id van de productcategorie, of leeg.")
    waarde: Decimal | None = Field(
        ...,
        ge=0,
        max_digits=16,
        decimal_places=4,
        allow_inf_nan=False,
        description="Een JSON-getal (punt voor decimalen), 0 of meer. Leeg (null) verwijdert de meting.",
    )
    bron: str = Field("", max_length=300)
    toelichting: str = Field("", max_length=2000)
    versie: int = Field(..., ge=0, description="0 voor een nieuwe meting, anders de versie die je las. Verouderd: 409.")


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
