"""After the award: record the winner and its offer; its circular promises become contract KPIs.

The supplier reports on those KPIs through the supplier portal (suppliers app), the
contractmanager accepts the figures, and ``promise_rows`` compares each promise with what
was realised: a promise not kept costs the sanction the tender set (criteria/award.py
``sanction``), shown on the award page, the contract KPIs page and in the annual report.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from kpis.models import Kpi, Measurement
from lib.numbers import format_reading

from . import award
from .models import Award, AwardModel, AwardPromise, ChosenCriterion


@dataclass(frozen=True)
class PromiseInput:
    """One promise as the form gives it."""

    kind: award.PromiseKind
    promised: Decimal
    advantage: Decimal
    label: str = ""
    unit: str = ""
    lower_is_better: bool = False
    chosen: ChosenCriterion | None = None


def ladder_promise(award_model: AwardModel, price: Decimal, level: int) -> PromiseInput:
    rules = award_model.rules()
    return PromiseInput(
        award.PromiseKind.LADDER,
        Decimal(level),
        award.ladder_advantage(rules, price, level),
        _("Trede CO2-Prestatieladder"),
        _("trede"),
    )


def mki_promise(award_model: AwardModel, mki: Decimal) -> PromiseInput:
    advantage = max(award.mki_advantage(award_model.rules(), mki), Decimal(0))
    return PromiseInput(award.PromiseKind.MKI, mki, advantage, _("MKI-waarde"), "€", lower_is_better=True)


def _contract_years(trajectory) -> tuple[int, int]:
    start = trajectory.contract_start.year if trajectory.contract_start else datetime.date.today().year
    end = trajectory.contract_end.year if trajectory.contract_end else start + 4
    return start, max(end, start + 1)


def _promise_kpi(trajectory, promise: PromiseInput) -> Kpi:
    """The contract KPI a promise becomes: the trajectory's KPI of that name (its target set to the promise), or new."""
    name = (promise.chosen.kpi_name if promise.chosen and promise.chosen.kpi_name else promise.label)[:200]
    start, end = _contract_years(trajectory)
    direction = Kpi.Direction.LOWER if promise.lower_is_better else Kpi.Direction.HIGHER
    kpi = Kpi.objects.filter(trajectory=trajectory, scope=Kpi.Scope.CONTRACT, name=name).first()
    if kpi is None:
        # A level, an MKI value or a share holds for the year (quarters averaged); a count adds up.
        adds_up = promise.kind == award.PromiseKind.CRITERION and promise.unit.strip() != "%"
        kpi = Kpi(
            organisation=trajectory.organisation,
            trajectory=trajectory,
            scope=Kpi.Scope.CONTRACT,
            name=name,
            unit=promise.unit[:50],
            strategy=promise.chosen.strategy if promise.chosen else None,
            aggregation=Kpi.Aggregation.SUM if adds_up else Kpi.Aggregation.MEAN,
            baseline_value=promise.promised if promise.lower_is_better else Decimal(0),
            baseline_year=start - 1,
            goal_year=end,
        )
    kpi.description = _("Belofte uit de gunning: %(label)s, %(value)s %(unit)s.") % {
        "label": promise.label,
        "value": format_reading(promise.promised),
        "unit": promise.unit,
    }
    kpi.direction = direction
    kpi.goal_value = promise.promised
    kpi.save()
    return kpi


def record(
    trajectory,
    award_model: AwardModel,
    *,
    winner: str,
    price: Decimal,
    awarded_on: datetime.date,
    sanction_factor: Decimal,
    promises: list[PromiseInput],
    user,
) -> Award:
    """Record (or correct) the award; each promise becomes (or updates) its contract KPI. Atomic.

    A promise left out on a correction is removed; its KPI stays, with what the supplier reported.
    """
    with transaction.atomic():
        recorded = Award.objects.select_for_update().filter(trajectory=trajectory).first() or Award(
            trajectory=trajectory
        )
        recorded.winner, recorded.price, recorded.awarded_on = winner, price, awarded_on
        recorded.sanction_factor, recorded.recorded_by = sanction_factor, user
        recorded.save()
        existing = {(row.kind, row.chosen_id): row for row in recorded.promises.all()}
        kept = set()
        for promise in promises:
            key = (promise.kind.value, promise.chosen.pk if promise.chosen else None)
            row = existing.get(key) or AwardPromise(award=recorded, kind=promise.kind.value, chosen=promise.chosen)
            row.label, row.unit = promise.label[:200], promise.unit[:50]
            row.lower_is_better, row.promised, row.advantage = (
                promise.lower_is_better,
                promise.promised,
                promise.advantage,
            )
            row.kpi = _promise_kpi(trajectory, promise)
            row.save()
            kept.add(row.pk)
        recorded.promises.exclude(pk__in=kept).delete()
        trajectory.record_activity()
    return recorded


@dataclass(frozen=True)
class PromiseRow:
    """A promise beside what the supplier realised in the latest reported year, and the sanction it costs."""

    promise: AwardPromise
    year: int | None
    realised: Decimal | None
    kept: bool | None  # None: nothing reported yet
    sanction: Decimal


def realised_of(awards: list[Award]) -> dict[int, dict[int, Decimal]]:
    """KPI id → year → realised value, for the promises of these awards (of one organisation); one query.

    The awards' ``promises`` should come prefetched with their KPIs (``Award.objects.with_promises()``).
    """
    kpis = [promise.kpi for row in awards for promise in row.promises.all() if promise.kpi is not None]
    return Measurement.objects.realised(kpis).values if kpis else {}


def promise_rows(
    recorded: Award, award_model: AwardModel | None, year: int | None = None, realised: dict | None = None
) -> list[PromiseRow]:
    """Each promise with its realised value (of ``year``, or the latest reported year) and sanction.

    ``realised``: from ``realised_of`` when several awards are shown; read here (one query) otherwise.
    """
    promises = list(recorded.promises.all())
    if realised is None:
        realised = realised_of([recorded])
    rules = award_model.rules() if award_model is not None else award.Rules(award.Method.VALUE)
    rows = []
    for promise in promises:
        by_year = realised.get(promise.kpi_id, {}) if promise.kpi_id else {}
        chosen_year = year if year is not None else (max(by_year) if by_year else None)
        value = by_year.get(chosen_year) if chosen_year is not None else None
        if value is None:
            rows.append(PromiseRow(promise, chosen_year, None, None, Decimal(0)))
            continue
        owed = award.sanction(rules, recorded.price, promise.as_promise(), value, recorded.sanction_factor)
        is_kept = award.kept(promise.promised, value, promise.lower_is_better)
        rows.append(PromiseRow(promise, chosen_year, value, is_kept, owed))
    return rows


def total_sanction(rows: list[PromiseRow]) -> Decimal:
    return sum((row.sanction for row in rows), Decimal(0))
