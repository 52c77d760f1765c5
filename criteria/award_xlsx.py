"""The award model as a spreadsheet a tender board can check: the inputs, and each bid's score with the formula.

Sheet "Gunningsmodel" holds the method and inputs in column B; sheet "Inschrijvingen" has a row per
bid with its inputs, the score computed by a spreadsheet formula that refers to those cells (so the
board sees and can change the arithmetic), and beside it the value Chef Circulair computed
(criteria/award.py), which the formula reproduces. Bid names are user text: neutralised.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kpis.exchange import neutralise

from . import award

# Input cells on the first sheet.
PRICE_WEIGHT, QUALITY_WEIGHT, QUALITY_BUDGET = "Gunningsmodel!$B$3", "Gunningsmodel!$B$4", "Gunningsmodel!$B$5"
LADDER = "Gunningsmodel!$B$6:$B$10"
MKI_REFERENCE, MKI_DISCOUNT = "Gunningsmodel!$B$11", "Gunningsmodel!$B$12"
MKI_FACTOR, LOG_COEFFICIENT = "Gunningsmodel!$B$13", "Gunningsmodel!$B$14"
FIRST_ROW = 2


def _scored_quality(row: int, count: int) -> str:
    """Quality = Σ weight × score / full score, over Σ weight, × 100 (sheet "Criteria", scores from column F)."""
    parts = "+".join(f"Criteria!$B${i + 2}*{get_column_letter(6 + i)}{row}/Criteria!$C${i + 2}" for i in range(count))
    return f"=ROUND(({parts})/SUM(Criteria!$B$2:$B${count + 1})*100,4)"


def _quality_value(row: int, count: int, valued: bool) -> str:
    """Gunnen op waarde: the euro value of quality (per criterion when the criteria carry values)."""
    if valued:
        return "+".join(
            f"Criteria!$D${i + 2}*{get_column_letter(6 + i)}{row}/Criteria!$C${i + 2}" for i in range(count)
        )
    return f"{QUALITY_BUDGET}*C{row}/100"


def _value_formulas(row: int, last: int, count: int, valued: bool) -> list[str]:
    first = get_column_letter(6 + count)  # the discount column
    fictitious = get_column_letter(7 + count)
    discount = (
        f"=ROUND({_quality_value(row, count, valued)}"
        f"+IF(D{row}>0,B{row}*INDEX({LADDER},D{row})/100,0)"
        f'+IF(AND({MKI_REFERENCE}<>"",E{row}<>"",E{row}<{MKI_REFERENCE}),({MKI_REFERENCE}-E{row})*{MKI_DISCOUNT},0),2)'
    )
    price = f'=ROUND(B{row},2)-{first}{row}+IF(E{row}<>"",ROUND({MKI_FACTOR}*E{row},2),0)'
    return [discount, price, f"=RANK({fictitious}{row},{fictitious}${FIRST_ROW}:{fictitious}${last},1)"]


def _score_formulas(method: award.Method, row: int, last: int, count: int) -> list[str]:
    prices = f"B${FIRST_ROW}:B${last}"
    points, total = get_column_letter(6 + count), get_column_letter(7 + count)
    if method == award.Method.WEIGHTED:
        spread = f"(MAX({prices})-MIN({prices}))"
        score = f"=IF({spread}=0,100,ROUND((MAX({prices})-B{row})/{spread}*100,4))"
    elif method == award.Method.LOG:
        score = f"=ROUND((1-LN(B{row}/MIN({prices}))/LN({LOG_COEFFICIENT}))*100,4)"
    else:
        score = f"=ROUND(MIN({prices})/B{row}*100,4)"
    weighted = f"=ROUND(({PRICE_WEIGHT}*{points}{row}+{QUALITY_WEIGHT}*C{row})/100,4)"
    return [score, weighted, f"=RANK({total}{row},{total}${FIRST_ROW}:{total}${last},0)"]


def workbook(award_model, simulation: award.Simulation, criteria=None) -> bytes:
    """``criteria``: the trajectory's chosen award criteria, for the scored criteria's scales."""
    rules = award_model.rules(criteria)
    scored = rules.criteria
    valued = any(c.value for c in scored)
    book = Workbook()
    inputs = book.active
    inputs.title = "Gunningsmodel"
    inputs.append([_("Beoordelingsmethode"), str(award_model.get_method_display())])
    inputs.append([_("Formule"), award.formula(rules.method)])
    inputs.append([_("Weging prijs (%)"), rules.price_weight])
    inputs.append([_("Weging kwaliteit (%)"), rules.quality_weight])
    inputs.append([_("Waarde van kwaliteitsscore 100 (€)"), rules.quality_budget])
    for level in range(1, award.MAX_LADDER_LEVEL + 1):
        inputs.append([_("Korting trede %(level)s (%%)") % {"level": level}, rules.ladder_discounts[level]])
    inputs.append([_("Referentie-MKI (€)"), rules.mki_reference])
    inputs.append([_("Korting per bespaarde euro MKI (€)"), rules.mki_discount])
    inputs.append([_("MKI optellen: factor"), rules.mki_factor])
    inputs.append([_("Coëfficiënt A (logaritmisch)"), rules.log_coefficient])
    inputs.append([_("Bron kortingen CO2-Prestatieladder (voorbeeld)"), award.LADDER_SOURCE])
    for outcome in simulation.circular:
        inputs.append([_("Break-even %(name)s (€)") % {"name": neutralise(outcome.bid.name)}, outcome.break_even])
        if outcome.minimum_weight is not None:
            inputs.append([_("Minimale weging kwaliteit (%)"), outcome.minimum_weight])
        if outcome.minimum_ladder_discount is not None:
            inputs.append([_("Minimale korting voor de trede (%)"), outcome.minimum_ladder_discount])
    for warning in simulation.warnings:
        inputs.append([_("Waarschuwing"), warning.message])

    if scored:
        sheet = book.create_sheet("Criteria")
        sheet.append(
            [_("Gunningscriterium"), _("Weging (%)"), _("Hoogste score"), _("Waarde van de hoogste score (€)")]
        )
        for criterion in scored:
            sheet.append([neutralise(criterion.name), criterion.weight, criterion.steps[-1], criterion.value])

    bids = book.create_sheet("Inschrijvingen")
    value = rules.method == award.Method.VALUE
    computed = (
        [_("Korting (€)"), _("Fictieve prijs (€)"), _("Plaats")]
        if value
        else [_("Prijsscore"), _("Totaalscore"), _("Plaats")]
    )
    score_names = [_("Score %(criterion)s") % {"criterion": neutralise(c.name)} for c in scored]
    header = [
        _("Inschrijving"),
        _("Prijs (€)"),
        _("Kwaliteitsscore"),
        _("Trede"),
        _("MKI (€)"),
        *score_names,
        *computed,
    ]
    bids.append(header + [_("%(column)s volgens Chef Circulair") % {"column": column} for column in computed])
    last = FIRST_ROW + len(simulation.results) - 1
    for row, result in enumerate(simulation.results, start=FIRST_ROW):
        bid = result.bid
        count = len(scored)
        formulas = (
            _value_formulas(row, last, count, valued) if value else _score_formulas(rules.method, row, last, count)
        )
        app = (
            [result.discount, result.fictitious_price, result.rank]
            if value
            else [result.price_score, result.total, result.rank]
        )
        quality = _scored_quality(row, count) if scored else bid.quality
        scores = [score if score is not None else 0 for score in bid.scores]
        bids.append([neutralise(bid.name), bid.price, quality, bid.ladder_level, bid.mki, *scores, *formulas, *app])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
