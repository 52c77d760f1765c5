"""The award model as a spreadsheet a tender board can check: the inputs, and each bid's score with the formula.

Sheet "Gunningsmodel" holds the method and inputs in column B; sheet "Inschrijvingen" has a row per
bid with its inputs, the score computed by a spreadsheet formula that refers to those cells (so the
board sees and can change the arithmetic), and beside it the value Chef Circulair computed
(criteria/award.py), which the formula reproduces. Bid names are user text: neutralised.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from kpis.exchange import neutralise

from . import award

# Input cells on the first sheet.
PRICE_WEIGHT, QUALITY_WEIGHT, QUALITY_BUDGET = "Gunningsmodel!$B$3", "Gunningsmodel!$B$4", "Gunningsmodel!$B$5"
LADDER = "Gunningsmodel!$B$6:$B$10"
MKI_REFERENCE, MKI_DISCOUNT = "Gunningsmodel!$B$11", "Gunningsmodel!$B$12"
MKI_FACTOR, LOG_COEFFICIENT = "Gunningsmodel!$B$13", "Gunningsmodel!$B$14"
FIRST_ROW = 2


def _value_formulas(row: int, last: int) -> list[str]:
    discount = (
        f"=ROUND({QUALITY_BUDGET}*C{row}/100"
        f"+IF(D{row}>0,B{row}*INDEX({LADDER},D{row})/100,0)"
        f'+IF(AND({MKI_REFERENCE}<>"",E{row}<>"",E{row}<{MKI_REFERENCE}),({MKI_REFERENCE}-E{row})*{MKI_DISCOUNT},0),2)'
    )
    fictitious = f'=ROUND(B{row},2)-F{row}+IF(E{row}<>"",ROUND({MKI_FACTOR}*E{row},2),0)'
    return [discount, fictitious, f"=RANK(G{row},G${FIRST_ROW}:G${last},1)"]


def _score_formulas(method: award.Method, row: int, last: int) -> list[str]:
    prices = f"B${FIRST_ROW}:B${last}"
    if method == award.Method.WEIGHTED:
        spread = f"(MAX({prices})-MIN({prices}))"
        score = f"=IF({spread}=0,100,ROUND((MAX({prices})-B{row})/{spread}*100,4))"
    elif method == award.Method.LOG:
        score = f"=ROUND((1-LN(B{row}/MIN({prices}))/LN({LOG_COEFFICIENT}))*100,4)"
    else:
        score = f"=ROUND(MIN({prices})/B{row}*100,4)"
    total = f"=ROUND(({PRICE_WEIGHT}*F{row}+{QUALITY_WEIGHT}*C{row})/100,4)"
    return [score, total, f"=RANK(G{row},G${FIRST_ROW}:G${last},0)"]


def workbook(award_model, simulation: award.Simulation) -> bytes:
    rules = award_model.rules()
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

    bids = book.create_sheet("Inschrijvingen")
    value = rules.method == award.Method.VALUE
    computed = (
        [_("Korting (€)"), _("Fictieve prijs (€)"), _("Plaats")]
        if value
        else [_("Prijsscore"), _("Totaalscore"), _("Plaats")]
    )
    header = [_("Inschrijving"), _("Prijs (€)"), _("Kwaliteitsscore"), _("Trede"), _("MKI (€)"), *computed]
    bids.append(header + [_("%(column)s volgens Chef Circulair") % {"column": column} for column in computed])
    last = FIRST_ROW + len(simulation.results) - 1
    for row, result in enumerate(simulation.results, start=FIRST_ROW):
        bid = result.bid
        formulas = _value_formulas(row, last) if value else _score_formulas(rules.method, row, last)
        app = (
            [result.discount, result.fictitious_price, result.rank]
            if value
            else [result.price_score, result.total, result.rank]
        )
        bids.append([neutralise(bid.name), bid.price, bid.quality, bid.ladder_level, bid.mki, *formulas, *app])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
