"""Demo: the starter library, criteria chosen and filled in the laptops trajectory (one feeding a contract KPI),
a clause the team wrote itself, its award model with three example bids, and the recorded award: the
winner's ladder level and refurbished share are contract KPIs that the demo supplier reports on (suppliers
demo), one of them short of the promise, so the sanction shows."""

import datetime
from decimal import Decimal

from organisations.models import Role
from procurement.models import Trajectory
from rladder.models import RStrategy

from . import award, award_record, starter
from .contract_kpi import make_contract_kpi
from .models import Award, AwardBid, AwardModel, AwardScale, ChosenCriterion, Criterion, award_criteria

# code -> (values, weight)
LAPTOPS = {
    "MK-R2-02": ({}, None),
    "EIS-R2-01": ({"percentage": "40"}, None),
    "EIS-R2-02": ({"aantal jaren": "6"}, None),
    "EIS-R4-01": ({"aantal jaren": "7"}, None),
    "GC-R2-01": ({"percentage": "60"}, Decimal("20")),
    "GC-R2-03": ({}, Decimal("15")),
    "CB-R8-01": ({}, None),
    "CB-R2-05": ({"aantal maanden": "6"}, None),
}
KPI_FROM = "EIS-R2-01"
# A clause the laptops team wrote itself: the library had nothing on a loan pool for project staff.
OWN_CLAUSE = {
    "type": "contractbepaling",
    "title": "Leenpool voor projectmedewerkers",
    "text": (
        "De opdrachtnemer houdt een leenpool van [aantal] laptops aan voor tijdelijke projectmedewerkers; "
        "een teruggebrachte laptop is binnen vijf werkdagen weer uitleenbaar."
    ),
    "evidence": "Kwartaaloverzicht van de leenpool: aantal laptops, uitleningen en doorlooptijd.",
}


# The award model of the laptops tender: gunnen op waarde, three example bids (name, price, quality, ladder, circular),
# scored on the two award criteria's scales (GC-R2-01, GC-R2-03).
AWARD_BIDS = [
    ("Refurbished-as-a-service", Decimal("412000"), Decimal("80"), 3, True),
    ("Nieuw, laagste prijs", Decimal("395000"), Decimal("40"), 0, False),
    ("Nieuw met terugname", Decimal("405000"), Decimal("50"), 1, False),
]
# code -> (scale, euro value of the full score); the scores per bid, in AWARD_BIDS order.
AWARD_SCALES = {"GC-R2-01": ("0/25/60/100", Decimal("12000")), "GC-R2-03": ("1-10", Decimal("8000"))}
AWARD_SCORES = {"GC-R2-01": ("100", "0", "25"), "GC-R2-03": ("8", "3", "6")}


def build(context) -> None:
    starter.load()
    organisation = context.organisation
    trajectory = Trajectory.objects.for_organisation(organisation).filter(slug="laptops-medewerkers").first()
    if trajectory is None:
        return
    user = context.users.get(Role.INKOPER)
    criteria = {c.code: c for c in Criterion.objects.base().filter(code__in=list(LAPTOPS))}
    for code, (values, weight) in LAPTOPS.items():
        chosen = ChosenCriterion.choose(trajectory, criteria[code], user)
        if chosen.revision == 0:
            chosen.fill_in(values, weight, revision=0)
    if not ChosenCriterion.objects.filter(trajectory=trajectory, is_own=True).exists():
        own = ChosenCriterion.write_own(trajectory, user, strategy=RStrategy.objects.get(code="R1"), **OWN_CLAUSE)
        own.fill_in({"aantal": "25"}, None, revision=0)
    feeding = ChosenCriterion.objects.filter(trajectory=trajectory, code=KPI_FROM).first()
    if feeding is not None and feeding.kpi_id is None:
        make_contract_kpi(trajectory, feeding)
    award_model = _award_model(trajectory)
    if not Award.objects.filter(trajectory=trajectory).exists():
        _record_award(trajectory, award_model, user)


def _award_model(trajectory) -> AwardModel:
    award_model, created = AwardModel.objects.get_or_create(
        trajectory=trajectory, defaults={"method": AwardModel.Method.VALUE, "quality_budget": Decimal("20000")}
    )
    if created:  # the weights of its chosen award criteria (20 + 15 %), adopted as a team would
        award_model.adopt_weights(award_criteria(trajectory.pk))
    if created:
        chosen = {c.code: c for c in award_criteria(trajectory.pk)}
        for code, (steps, value) in AWARD_SCALES.items():
            if code in chosen:
                AwardScale.objects.create(award_model=award_model, chosen=chosen[code], steps=steps, value=value)
        for index, (name, price, quality, level, circular) in enumerate(AWARD_BIDS):
            scores = {str(chosen[code].pk): row[index] for code, row in AWARD_SCORES.items() if code in chosen}
            AwardBid.objects.create(
                award_model=award_model,
                name=name,
                price=price,
                quality=quality,
                ladder_level=level,
                circular=circular,
                scores=scores,
            )
    return award_model


# The award: the circular bid won; it promised ladder level 3 and 75 % refurbished laptops (GC-R2-01).
WINNER = "Refurb ICT B.V."
PROMISED_SHARE = Decimal("75")


def _record_award(trajectory, award_model: AwardModel, user) -> None:
    _name, price, _quality, level, _circular = AWARD_BIDS[0]
    criteria = award_criteria(trajectory.pk)
    share = next((c for c in criteria if c.code == "GC-R2-01"), None)
    promises = [award_record.ladder_promise(award_model, price, level)]
    if share is not None:
        value = AWARD_SCALES[share.code][1]
        promises.append(
            award_record.PromiseInput(
                award.PromiseKind.CRITERION,
                PROMISED_SHARE,
                value,  # the winner scored 100 on 0/25/60/100: the criterion's whole value
                "Aandeel refurbished laptops",  # the name of the contract KPI the requirement EIS-R2-01 feeds
                "%",
                chosen=share,
            )
        )
    award_record.record(
        trajectory,
        award_model,
        winner=WINNER,
        price=price,
        awarded_on=datetime.date(2024, 11, 15),
        sanction_factor=award.DEFAULT_SANCTION_FACTOR,
        promises=promises,
        user=user,
    )
