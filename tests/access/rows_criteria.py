"""Access rows of the criteria app: the library (members read, the chef circulair edits) and a trajectory's criteria."""

from decimal import Decimal

from criteria.models import AwardBid, AwardModel, ChosenCriterion, Criterion
from procurement.models import Trajectory, TrajectoryMember
from rladder.models import RStrategy

from .table import Row, editors, managers, members, non_members, public
from .world import ROLE_PERSONAS

TRAJECTORY_A = "criteria-alfa"
TRAJECTORY_B = "criteria-beta"


def _criterion(organisation, code, **extra):
    fields = {
        "title": f"Criterium {code}",
        "type": "eis",
        "strategy": RStrategy.objects.get(code="R2"),
        "text": "Ten minste [percentage] % van de laptops is refurbished.",
        "evidence": "Leveringsoverzicht.",
        "kpi_name": "Aandeel refurbished",
        "kpi_unit": "%",
        "kpi_direction": "hoger",
        "kpi_variable": "percentage",
        "status": Criterion.Status.PUBLISHED,
        **extra,
    }
    return Criterion.objects.create(organisation=organisation, code=code, **fields)


def build(world):
    base = _criterion(None, "ACC-BASIS-1")
    award_criterion = _criterion(None, "ACC-BASIS-2", type="gunningscriterium")
    own_a = _criterion(world.org_a, "ACC-ALFA-1")
    own_b = _criterion(world.org_b, "ACC-BETA-1")
    trajectory_a = Trajectory.objects.create(
        organisation=world.org_a,
        title="Criteria alfa",
        slug=TRAJECTORY_A,
        description="Laptops.",
        category=world.category_a,
    )
    trajectory_a.ensure_phase_records()
    for persona, role in (
        ("inkoper", "inkoper"),
        ("opdrachtgever", "interne_opdrachtgever"),
        ("contractmanager", "contractmanager"),
    ):
        TrajectoryMember.objects.create(trajectory=trajectory_a, user=world.users[persona], role=role)
    chosen = ChosenCriterion.choose(trajectory_a, base)
    chosen.fill_in({"percentage": "40"}, None, revision=0)
    ChosenCriterion.choose(trajectory_a, own_a)
    ChosenCriterion.write_own(trajectory_a, **_own_texts())
    # An award criterion with a weight: the award page lists it, and its weight can be adopted.
    ChosenCriterion.choose(trajectory_a, award_criterion).fill_in({}, Decimal(30), revision=0)
    award_model = AwardModel.objects.create(trajectory=trajectory_a)
    for name, price, level in (("Circulair", "30000000", 3), ("Lineair", "29000000", 0), ("Derde", "29500000", 0)):
        AwardBid.objects.create(
            award_model=award_model, name=name, price=Decimal(price), ladder_level=level, circular=level > 0
        )
    trajectory_b = Trajectory.objects.create(
        organisation=world.org_b, title="Criteria beta", slug=TRAJECTORY_B, description="Laptops."
    )
    ChosenCriterion.choose(trajectory_b, own_b)
    ChosenCriterion.write_own(trajectory_b, **_own_texts())
    award_b = AwardModel.objects.create(trajectory=trajectory_b)
    for name, price in (("Beta een", "1000"), ("Beta twee", "1100")):
        AwardBid.objects.create(award_model=award_b, name=name, price=Decimal(price))


def _own_texts() -> dict:
    return {
        "title": "Eigen clausule",
        "type": "contractbepaling",
        "strategy": RStrategy.objects.get(code="R1"),
        "text": "De leverancier neemt [aantal] stuks terug.",
        "evidence": "Terugnamebewijs.",
    }


def load(world):
    criteria = {c.code: c for c in Criterion.objects.filter(code__startswith="ACC-")}
    world.criterion_base = criteria["ACC-BASIS-1"]
    world.criterion_base_2 = criteria["ACC-BASIS-2"]
    world.criterion_a = criteria["ACC-ALFA-1"]
    world.criterion_b = criteria["ACC-BETA-1"]
    world.criteria_trajectory_a = Trajectory.objects.for_organisation(world.org_a).get(slug=TRAJECTORY_A)
    world.criteria_trajectory_b = Trajectory.objects.for_organisation(world.org_b).get(slug=TRAJECTORY_B)
    world.chosen_a = ChosenCriterion.objects.filter(trajectory=world.criteria_trajectory_a).get(code="ACC-BASIS-1")
    world.chosen_b = ChosenCriterion.objects.filter(trajectory=world.criteria_trajectory_b, is_own=False).get()
    world.own_chosen_a = ChosenCriterion.objects.filter(trajectory=world.criteria_trajectory_a, is_own=True).get()
    world.own_chosen_b = ChosenCriterion.objects.filter(trajectory=world.criteria_trajectory_b, is_own=True).get()


def any_member(status: int = 200) -> dict[str, int]:
    """Any member of any organisation reads the base set; staff and suppliers without membership get 404."""
    return non_members({"anonymous": 302, "outsider": status, **dict.fromkeys(ROLE_PERSONAS, status)})


def only_outsider(status: int = 200) -> dict[str, int]:
    return {**any_member(404), "outsider": status}


def any_manager(status: int = 200) -> dict[str, int]:
    """The chef circulair of either organisation (the outsider is organisation B's chef)."""
    return {**managers(status), "outsider": status}


def _pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def _trajectory(w):
    return {"pk": w.criteria_trajectory_a.pk}


def _chosen(w):
    return {"pk": w.criteria_trajectory_a.pk, "chosen_pk": w.chosen_a.pk}


def _fill_data(w):
    revision = ChosenCriterion.objects.unscoped().filter(pk=w.chosen_a.pk).values_list("revision", flat=True).first()
    prefix = f"c{w.chosen_a.pk}"
    return {f"{prefix}-revision": revision or 0, f"{prefix}-v0": "75"}


def _own_data(w):
    return {
        "title": "Eigen clausule",
        "type": "contractbepaling",
        "strategy": RStrategy.objects.get(code="R1").pk,
        "text": "De leverancier neemt [aantal] stuks terug en meldt dat per kwartaal.",
        "evidence": "Terugnamebewijs.",
        # The personas post one after the other: each sends the revision it would have seen.
        "revision": ChosenCriterion.objects.unscoped()
        .filter(pk=w.own_chosen_a.pk)
        .values_list("revision", flat=True)[0],
    }


def _own(attr):
    return lambda w: {"pk": getattr(w, attr).trajectory_id, "chosen_pk": getattr(w, attr).pk}


def _award_data(w):
    data = {
        "method": "fictieve-korting",
        "price_weight": "60",
        "quality_weight": "40",
        "quality_budget": "0",
        "mki_discount": "0",
        "mki_factor": "0",
        "log_coefficient": "2",
        **{f"ladder_{level}": str(level) for level in range(1, 6)},
        "bod-TOTAL_FORMS": "2",
        "bod-INITIAL_FORMS": "0",
        "bod-MIN_NUM_FORMS": "0",
        "bod-MAX_NUM_FORMS": "12",
    }
    for index, price in enumerate(("1.000", "1.200")):
        data.update({f"bod-{index}-name": f"Bod {index}", f"bod-{index}-price": price, f"bod-{index}-quality": "0"})
        data[f"bod-{index}-ladder_level"] = "0"
    return data


def _record_data(w):
    return {
        "winner": "Bod 0",
        "price": "1.000",
        "awarded_on": "2026-03-15",
        "ladder_level": "0",
        "sanction_factor": "1,5",
    }


NEW = {
    "code": "EIGEN-1",
    "title": "Eigen criterium",
    "type": "eis",
    "strategy": lambda: RStrategy.objects.get(code="R1").pk,
    "ambition": "1",
    "text": "Een tekst met [aantal] stuks.",
    "evidence": "Een bewijs.",
    "status": "gepubliceerd",
}


def _new(w):
    return {key: value() if callable(value) else value for key, value in NEW.items()}


ROWS = [
    Row("criteria:library", any_member()),
    Row("criteria:detail", any_member(), kwargs=_pk("criterion_base"), note="base set"),
    Row("criteria:detail", members(), kwargs=_pk("criterion_a"), note="A's own"),
    Row("criteria:detail", only_outsider(), kwargs=_pk("criterion_b"), note="B's own"),
    Row("criteria:create", any_manager()),
    Row("criteria:import", any_manager()),
    Row("criteria:import", any_manager(422), method="POST", note="no file"),
    Row("criteria:export", any_member(), kwargs=lambda w: {"fmt": "xlsx"}),
    Row("criteria:export", any_member(404), kwargs=lambda w: {"fmt": "exe"}, note="unknown format"),
    Row("criteria:create", any_manager(302), method="POST", data=_new),
    Row("criteria:edit", managers(), kwargs=_pk("criterion_a"), note="A's own"),
    Row("criteria:edit", managers(302), method="POST", kwargs=_pk("criterion_a"), data=_new, note="A's own"),
    Row("criteria:edit", only_outsider(403) | {"outsider": 200}, kwargs=_pk("criterion_b"), note="B's own"),
    Row("criteria:edit", any_manager(), kwargs=_pk("criterion_base"), note="adapt the base"),
    Row("criteria:retire", managers(), kwargs=_pk("criterion_a"), note="A's own"),
    Row("criteria:retire", any_manager(), kwargs=_pk("criterion_base"), note="base, for the organisation"),
    Row(
        "criteria:retire",
        managers(302) | {"outsider": 302},
        method="POST",
        kwargs=_pk("criterion_base_2"),
        data=lambda w: {"bevestig": "ja"},
        note="base, for the organisation",
    ),
    Row("criteria:trajectory", members(), kwargs=_trajectory),
    Row("criteria:trajectory", only_outsider(), kwargs=lambda w: {"pk": w.criteria_trajectory_b.pk}, note="B's"),
    Row(
        "criteria:choose",
        editors(302),
        method="POST",
        kwargs=lambda w: {"pk": w.criteria_trajectory_a.pk, "criterion_pk": w.criterion_base_2.pk},
    ),
    Row(
        "criteria:choose",
        editors(404),
        method="POST",
        kwargs=lambda w: {"pk": w.criteria_trajectory_a.pk, "criterion_pk": w.criterion_b.pk},
        note="B's criterion",
    ),
    Row("criteria:fill", editors(302), method="POST", kwargs=_chosen, data=_fill_data),
    Row(
        "criteria:fill",
        editors(404),
        method="POST",
        kwargs=lambda w: {"pk": w.criteria_trajectory_a.pk, "chosen_pk": w.chosen_b.pk},
        data=_fill_data,
        note="B's chosen criterion",
    ),
    Row("criteria:remove", editors(302), method="POST", kwargs=_chosen, note="unconfirmed: nothing removed"),
    Row("criteria:own", editors(), kwargs=_trajectory),
    Row("criteria:own", only_outsider(), kwargs=lambda w: {"pk": w.criteria_trajectory_b.pk}, note="B's"),
    Row("criteria:own", editors(302), method="POST", kwargs=_trajectory, data=_own_data),
    Row("criteria:own", editors(422), method="POST", kwargs=_trajectory, note="empty"),
    Row("criteria:own_edit", editors(), kwargs=_own("own_chosen_a")),
    Row("criteria:own_edit", editors(302), method="POST", kwargs=_own("own_chosen_a"), data=_own_data),
    Row("criteria:own_edit", editors(404), kwargs=_chosen, note="a library criterion: not the team's own text"),
    Row("criteria:own_edit", only_outsider(), kwargs=_own("own_chosen_b"), note="B's"),
    Row("criteria:create_kpi", editors(302), method="POST", kwargs=_chosen),
    Row("criteria:award", members(), kwargs=_trajectory),
    Row("criteria:award", only_outsider(), kwargs=lambda w: {"pk": w.criteria_trajectory_b.pk}, note="B's"),
    Row("criteria:award", editors(302), method="POST", kwargs=_trajectory, data=_award_data),
    Row("criteria:award_adopt", editors(302), method="POST", kwargs=_trajectory, note="adopts 30 %"),
    Row(
        "criteria:award_adopt",
        only_outsider(302),
        method="POST",
        kwargs=lambda w: {"pk": w.criteria_trajectory_b.pk},
        note="B's",
    ),
    Row("criteria:award_record", editors(), kwargs=_trajectory),
    Row("criteria:award_record", only_outsider(), kwargs=lambda w: {"pk": w.criteria_trajectory_b.pk}, note="B's"),
    Row("criteria:award_record", editors(302), method="POST", kwargs=_trajectory, data=_record_data),
    Row("criteria:award_record", editors(422), method="POST", kwargs=_trajectory, note="empty"),
    Row(
        "criteria:award_record",
        only_outsider(302),
        method="POST",
        kwargs=lambda w: {"pk": w.criteria_trajectory_b.pk},
        data=_record_data,
        note="B's",
    ),
    Row("procurement:dossier", members(), kwargs=_trajectory, note="with the award model"),
    Row("criteria:award_xlsx", members(), kwargs=_trajectory),
    Row("criteria:award_xlsx", only_outsider(), kwargs=lambda w: {"pk": w.criteria_trajectory_b.pk}, note="B's"),
    Row("criteria:methods", public()),
    Row("criteria:tender_docx", members(), kwargs=_trajectory),
    Row("criteria:tender_docx", only_outsider(), kwargs=lambda w: {"pk": w.criteria_trajectory_b.pk}, note="B's"),
    Row("criteria:tender_xlsx", members(), kwargs=_trajectory),
    Row("criteria:tender_xlsx", only_outsider(), kwargs=lambda w: {"pk": w.criteria_trajectory_b.pk}, note="B's"),
]
