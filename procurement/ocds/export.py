"""A trajectory as an OCDS 1.1 release; an organisation's year as one release package.

What goes where:

- ``parties`` and ``buyer``: the organisation, identified by its OIN (scheme ``NL-OIN``) or
  KvK number (``NL-KVK``) when known; the awarded suppliers of the linked tender;
- ``tender``: title, description, estimated value, the CPV code as the item classification
  (with ``mainProcurementCategory`` from its division), the expected contract period; the
  sustainability fields of the OCDS for eForms profile (BT-774 as the goal
  ``environmental.circularEconomy``, BT-805 ``gpp-criteria`` as the strategy); the R-decision as
  ``tender.circularity`` (the project's extension, ``procurement/ocds/extension``);
- ``awards`` and ``contracts``: from the linked tender reference, when it names suppliers; a
  contract only when the source had one (an award alone is no contract).

The stage: until a published tender is linked, the trajectory is a contracting process in
planning (tag ``planning``, ``tender.status`` ``planning``); OCDS reads ``active`` as "accepting
bids", which only the published tender can say.

Amounts are written as JSON numbers: the stored Decimals (at most 14 digits) round-trip exactly.
"""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from .. import extensions
from ..cpv import procurement_category
from ..models import GrowthStep, RDecision, RDecisionStep, Trajectory
from .schema import OCDS_VERSION, SUSTAINABILITY_EXTENSION_URL

CIRCULAR_GOAL = "environmental.circularEconomy"  # eForms BT-774 "circ-econ"
GPP_STRATEGIES = {  # eForms BT-805, code list gpp-criteria → sustainability strategy
    Trajectory.GppCriteria.EU: "euGPPCriteria",
    Trajectory.GppCriteria.NATIONAL: "nationalGPPCriteria",
    Trajectory.GppCriteria.OTHER: "otherGPPCriteria",
}
FEASIBLE = {
    RDecisionStep.Feasible.YES: "yes",
    RDecisionStep.Feasible.PARTLY: "partly",
    RDecisionStep.Feasible.NO: "no",
}


def export_queryset(organisation):
    """The organisation's trajectories that reached a tender, with everything a release needs (5 queries)."""
    decisions = RDecision.objects.select_related("chosen_strategy").prefetch_related(
        Prefetch("steps", queryset=RDecisionStep.objects.select_related("strategy"))
    )
    return (
        Trajectory.objects.for_organisation(organisation)
        .reached_tender()
        .select_related("organisation", "category", "ambition", "chosen_strategy", "tender_reference")
        .prefetch_related(
            Prefetch("r_decisions", queryset=decisions),
            Prefetch("growth_steps", queryset=GrowthStep.objects.select_related("strategy").order_by("year")),
            *(part.prefetch for part in extensions.ocds_circularity),
        )
        .order_by("pk")
    )


def tender_reference(trajectory):
    try:
        return trajectory.tender_reference
    except ObjectDoesNotExist:
        return None


def tender_year(trajectory) -> int:
    """The year a trajectory's release belongs to: of the published tender, else of the contract, else started."""
    reference = tender_reference(trajectory)
    when = reference and (reference.tender_start or reference.release_date)
    if when:
        return timezone.localtime(when).year
    if trajectory.contract_start:
        return trajectory.contract_start.year
    return timezone.localtime(trajectory.created_at).year


def extension_url() -> str:
    return settings.SITE_URL + reverse("procurement:ocds_extension", args=["extension.json"])


# --- Values ----------------------------------------------------------------------------------


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number (an integer when it is whole)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _money(amount: Decimal | None, currency: str = "EUR") -> dict | None:
    return None if amount is None else {"amount": json_number(amount), "currency": currency or "EUR"}


def _datetime(value, *, end_of_day: bool = False) -> str | None:
    """An OCDS date-time; a date outside 1900–2199 is a placeholder (or a typing error) and is left out."""
    if value is None or not 1900 <= value.year < 2200:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        moment = time(23, 59, 59) if end_of_day else time.min
        return datetime.combine(value, moment, tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()
    raise TypeError(value)


def _period(start, end) -> dict | None:
    period = {"startDate": _datetime(start), "endDate": _datetime(end, end_of_day=True)}
    period = {key: value for key, value in period.items() if value}
    return period or None


def _compact(data: dict) -> dict:
    """Leave out empty fields (OCDS: omit what is unknown rather than writing null or "")."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _strategy(strategy) -> dict | None:
    if strategy is None:
        return None
    return _compact({"code": strategy.code, "name": strategy.name_nl, "sixStepCode": strategy.six_step_code})


# --- Parties ----------------------------------------------------------------------------------


def _organisation_identifiers(organisation) -> list[dict]:
    identifiers = []
    if organisation.oin:
        identifiers.append({"scheme": "NL-OIN", "id": organisation.oin, "legalName": organisation.name})
    if organisation.kvk_number:
        identifiers.append({"scheme": "NL-KVK", "id": organisation.kvk_number, "legalName": organisation.name})
    return identifiers


def buyer_party(organisation) -> dict:
    identifiers = _organisation_identifiers(organisation)
    if identifiers:
        party_id = f"{identifiers[0]['scheme']}-{identifiers[0]['id']}"
    else:
        party_id = f"{settings.OCDS_OCID_PREFIX}-organisatie-{organisation.slug}"
    party = {"id": party_id, "name": organisation.name, "roles": ["buyer"]}
    if identifiers:
        party["identifier"] = identifiers[0]
        if len(identifiers) > 1:
            party["additionalIdentifiers"] = identifiers[1:]
    return party


def _supplier_parties(reference) -> list[dict]:
    parties = []
    for number, supplier in enumerate(reference.suppliers if reference else [], start=1):
        scheme, identifier = supplier.get("scheme", ""), supplier.get("identifier", "")
        party = {
            "id": supplier.get("id")
            or (f"{scheme}-{identifier}" if scheme and identifier else f"leverancier-{number}"),
            "name": supplier.get("name") or identifier,
            "roles": ["supplier"],
        }
        if identifier:
            party["identifier"] = _compact({"scheme": scheme, "id": identifier, "legalName": supplier.get("name")})
        parties.append(party)
    return parties


# --- The release ------------------------------------------------------------------------------


def _circularity(trajectory) -> dict:
    decisions = list(trajectory.r_decisions.all())  # prefetched, newest first
    decision = decisions[0] if decisions else None
    circularity: dict[str, Any] = {
        "ambition": _strategy(trajectory.ambition),
        "chosenStrategy": _strategy(decision.chosen_strategy if decision else trajectory.chosen_strategy),
    }
    if decision is not None:
        circularity["decisionDate"] = _datetime(decision.created_at)
        circularity["rationale"] = decision.summary
        circularity["steps"] = [
            _compact(
                {
                    "strategy": _strategy(step.strategy),
                    "considered": step.considered,
                    "feasible": FEASIBLE.get(step.feasible),
                    "rationale": step.rationale,
                }
            )
            for step in decision.steps.all()
        ]
    circularity["growthModel"] = [
        _compact({"contractYear": step.year, "strategy": _strategy(step.strategy), "note": step.note})
        for step in trajectory.growth_steps.all()
        if step.year >= 1
    ]
    for part in extensions.ocds_circularity:
        circularity[part.key] = part.build(trajectory)
    return _compact(circularity)


def _sustainability(trajectory) -> list[dict]:
    chosen = trajectory.chosen_strategy
    entry: dict[str, Any] = {
        "goal": CIRCULAR_GOAL,
        "description": (
            f"Circulair inkopen volgens de R-ladder: gekozen strategie {chosen.code} {chosen.name_nl}."
            if chosen
            else "Circulair inkopen volgens de R-ladder."
        ),
    }
    strategy = GPP_STRATEGIES.get(trajectory.gpp_criteria)
    if strategy:
        entry["strategies"] = [strategy]
    return [entry]


def _tender_status(trajectory, reference) -> str | None:
    if reference is None:
        # Not published (or not linked): planned, unless the trajectory ended without a tender.
        return "planning" if trajectory.status == Trajectory.Status.ACTIVE else None
    if reference.suppliers:
        return "complete"
    return "active"


def _tender(trajectory, reference) -> dict:
    tender = {
        "id": reference.tender_id if reference else trajectory.ocid,
        "title": trajectory.title,
        "description": trajectory.description,
        "status": _tender_status(trajectory, reference),
        "value": _money(trajectory.estimated_value),
        "contractPeriod": _period(trajectory.contract_start, trajectory.contract_end),
        "hasSustainability": True,
        "sustainability": _sustainability(trajectory),
        "circularity": _circularity(trajectory),
    }
    if trajectory.cpv_code:
        tender["mainProcurementCategory"] = procurement_category(trajectory.cpv_code)
        tender["items"] = [
            {
                "id": "1",
                "description": trajectory.category.name if trajectory.category else trajectory.title,
                "classification": {"scheme": "CPV", "id": trajectory.cpv_code.split("-")[0]},
            }
        ]
    if reference is not None:
        tender["tenderPeriod"] = _period(reference.tender_start, reference.tender_end)
        if reference.value is not None:
            tender["value"] = _money(reference.value, reference.currency)
        if reference.source_url:
            tender["documents"] = [
                {
                    "id": "bron",
                    "documentType": "tenderNotice",
                    "title": "Publicatie van de aanbesteding",
                    "url": reference.source_url,
                }
            ]
    return _compact(tender)


def _award_and_contract(trajectory, reference, suppliers: list[dict]) -> tuple[list, list]:
    if reference is None or not suppliers:
        return [], []
    award_id = reference.award_id or f"{reference.tender_id}-gunning"
    award = _compact(
        {
            "id": award_id,
            "status": "active",
            "date": _datetime(reference.award_date),
            "value": _money(reference.award_value, reference.currency),
            "suppliers": [{"id": party["id"], "name": party["name"]} for party in suppliers],
        }
    )
    if not reference.contract_id:
        return [award], []  # the source has an award but no contract: none is invented
    contract = _compact(
        {
            "id": reference.contract_id,
            "awardID": award_id,
            "period": _period(
                reference.contract_start or trajectory.contract_start, reference.contract_end or trajectory.contract_end
            ),
        }
    )
    return [award], [contract]


def _tags(reference, awards, contracts) -> list[str]:
    if reference is None:
        return ["planning"]
    return ["tender", *(["award"] if awards else []), *(["contract"] if contracts else [])]


def build_release(trajectory) -> dict:
    """The trajectory's contracting process as one OCDS release (from ``export_queryset``'s rows)."""
    reference = tender_reference(trajectory)
    buyer = buyer_party(trajectory.organisation)
    suppliers = _supplier_parties(reference)
    awards, contracts = _award_and_contract(trajectory, reference, suppliers)
    ocid = trajectory.ocid
    updated = timezone.localtime(trajectory.updated_at)
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{updated:%Y%m%dT%H%M%S}",
        "date": updated.isoformat(),
        "tag": _tags(reference, awards, contracts),
        "initiationType": "tender",
        "language": "nl",
        "parties": [buyer, *suppliers],
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "tender": _tender(trajectory, reference),
        "awards": awards,
        "contracts": contracts,
    }
    return _compact(release)


def build_package(releases: list[dict], *, organisation, uri: str) -> dict:
    """A release package around ``releases``, published by the organisation."""
    buyer = buyer_party(organisation)
    publisher = {"name": organisation.name}
    if "identifier" in buyer:
        publisher["scheme"] = buyer["identifier"]["scheme"]
        publisher["uid"] = buyer["identifier"]["id"]
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [SUSTAINABILITY_EXTENSION_URL, extension_url()],
        "publishedDate": timezone.localtime().replace(microsecond=0).isoformat(),
        "publisher": publisher,
        "releases": releases,
    }


def trajectory_package(trajectory, *, uri: str) -> dict:
    return build_package([build_release(trajectory)], organisation=trajectory.organisation, uri=uri)


def year_package(organisation, year: int, *, uri: str) -> dict:
    releases = [build_release(t) for t in export_queryset(organisation) if tender_year(t) == year]
    return build_package(releases, organisation=organisation, uri=uri)


def years(organisation) -> list[tuple[int, int]]:
    """(year, number of releases) for every year with a trajectory that reached a tender, newest first."""
    counts: dict[int, int] = {}
    rows = (
        Trajectory.objects.for_organisation(organisation)
        .reached_tender()
        .select_related("tender_reference")
        .only("pk", "contract_start", "created_at", "tender_reference__tender_start", "tender_reference__release_date")
    )
    for trajectory in rows:
        year = tender_year(trajectory)
        counts[year] = counts.get(year, 0) + 1
    return sorted(counts.items(), reverse=True)
