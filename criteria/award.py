"""The arithmetic of awarding on best price-quality ratio (BPKV/EMVI), with circularity in it.

Pure Decimal, no Django models: every page, export and test computes through these functions.

Methods (``Method``):

- **gewogen factor**: price score = (Pmax − P) / (Pmax − Pmin) × 100 (the cheapest bid scores
  100, the dearest 0; all equal: 100); total = price weight × price score + quality weight ×
  quality score, the weights in percent; the highest total wins;
- **relatief (laagste prijs)**: price score = Pbest / P × 100, the same total;
- **logaritmisch**: price score = (1 − ln(P / Pbest) / ln A) × 100, with A the coefficient the
  buyer sets (1,5, 2 or 3 in practice: a bid A times the lowest price scores 0, dearer bids score
  below 0); the same total. The difference between two bids' price scores does not depend on
  Pbest, so a third bid cannot flip the order of two others;
- **gunnen op waarde / fictieve korting**: fictitious price = price − the euro value of the
  quality offered: the quality score (0–100) × the quality budget / 100, the CO2-Prestatieladder
  level's percentage discount on the price, and the MKI saved against a reference × the euro
  discount per MKI-euro; with **MKI optellen** the offer's MKI × a factor is added to the price
  instead of (or besides) a discount; the lowest fictitious price wins.

The CO2-Prestatieladder discounts are the buyer's; ``EXAMPLE_LADDER_DISCOUNTS`` is the widely used
example for the five-level ladder (1, 2, 4, 7, 10 % for levels 1–5), as in the ladder's handbook
(SKAO, Handboek CO2-Prestatieladder, "gunningsvoordeel"). Money is rounded to the cent
(ROUND_HALF_UP), scores to four decimals.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext as _

from lib.numbers import format_reading

CENT = Decimal("0.01")
SCORE = Decimal("0.0001")
HUNDRED = Decimal(100)
MIN_BIDS = 2  # a ranking needs two
MAX_BIDS = 50
MAX_PRICE = Decimal("10000000000")  # ten billion euro: no tender in this app is larger
MAX_LADDER_LEVEL = 5
EXAMPLE_LADDER_DISCOUNTS = {1: Decimal(1), 2: Decimal(2), 3: Decimal(4), 4: Decimal(7), 5: Decimal(10)}
LADDER_SOURCE = "SKAO, Handboek CO2-Prestatieladder (gunningsvoordeel per niveau, voorbeeld 1/2/4/7/10 %)"


class Method(StrEnum):
    WEIGHTED = "gewogen-factor"
    RELATIVE = "relatief"
    VALUE = "fictieve-korting"
    LOG = "logaritmisch"


# Methods that score price and quality with weights (a bid's price score depends on the other bids).
RELATIVE_METHODS = {Method.WEIGHTED, Method.RELATIVE, Method.LOG}
MAX_LOG_COEFFICIENT = HUNDRED


class AwardInputError(ValueError):
    """Input the calculation refuses; ``str()`` is a Dutch message, ``field`` names the input."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Bid:
    name: str
    price: Decimal
    quality: Decimal = Decimal(0)  # the quality score, 0–100
    ladder_level: int = 0  # 0: no CO2-Prestatieladder certificate
    mki: Decimal | None = None  # the offer's MKI value in euro, when MKI counts
    circular: bool = False
    scores: tuple[Decimal | None, ...] = ()  # per scored criterion of the rules (ScoredCriterion), in order


@dataclass(frozen=True)
class ScoredCriterion:
    """An award criterion with its scoring scale: the scores a board may give, and (gunnen op waarde) its value.

    A bid's score on it counts as score / the highest step: 60 on 0/25/60/100 is 0,6, 7 on 1–10 is 0,7.
    """

    name: str
    weight: Decimal  # percent, as in the tender; the quality score weighs the criteria by it
    steps: tuple[Decimal, ...]  # ascending; the last is the full score
    value: Decimal = Decimal(0)  # gunnen op waarde: the euro discount for the full score

    def fraction(self, score: Decimal | None) -> Decimal:
        return Decimal(0) if score is None or not self.steps[-1] else score / self.steps[-1]


@dataclass(frozen=True)
class Rules:
    method: Method
    price_weight: Decimal = Decimal(60)  # percent
    quality_weight: Decimal = Decimal(40)  # percent
    quality_budget: Decimal = Decimal(0)  # gunnen op waarde: euro for a quality score of 100
    ladder_discounts: dict = field(default_factory=lambda: dict(EXAMPLE_LADDER_DISCOUNTS))  # level -> percent
    mki_reference: Decimal | None = None
    mki_discount: Decimal = Decimal(0)  # euro of discount per euro of MKI below the reference
    mki_factor: Decimal = Decimal(0)  # MKI optellen: euro added to the fictitious price per euro of MKI
    log_coefficient: Decimal = Decimal(2)  # logaritmisch: A, the multiple of the lowest price that scores 0
    criteria: tuple[ScoredCriterion, ...] = ()  # when given, a bid's quality comes from its scores on them


@dataclass(frozen=True)
class Result:
    bid: Bid
    rank: int
    price_score: Decimal | None  # gewogen factor and relatief
    total: Decimal | None  # gewogen factor and relatief: the weighted score
    fictitious_price: Decimal | None  # fictieve korting
    discount: Decimal  # fictieve korting: the euro value of quality, ladder and MKI
    mki_added: Decimal = Decimal(0)  # fictieve korting with MKI optellen: factor × the offer's MKI
    quality: Decimal = Decimal(0)  # the quality score counted (from the scored criteria, or as entered)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _score(value: Decimal) -> Decimal:
    return value.quantize(SCORE, rounding=ROUND_HALF_UP)


def validate(rules: Rules, bids: list[Bid]) -> None:
    """Refuse what no calculation should run on (AwardInputError with a Dutch message)."""
    if len(bids) > MAX_BIDS:
        raise AwardInputError(_("Reken met hoogstens %(n)s inschrijvingen.") % {"n": MAX_BIDS}, "bids")
    if not bids:
        raise AwardInputError(_("Vul ten minste één inschrijving in."), "bids")
    _validate_rules(rules)
    for bid in bids:
        _validate_bid(bid)
        _validate_scores(rules, bid)
        if rules.method == Method.VALUE and rules.mki_factor and bid.mki is None:
            raise AwardInputError(
                _("Vul de MKI-waarde van %(name)s in: het gunningsmodel telt de MKI op bij de prijs.")
                % {"name": bid.name},
                "mki",
            )


def _validate_rules(rules: Rules) -> None:
    for name in ("price_weight", "quality_weight"):
        weight = getattr(rules, name)
        if weight < 0 or weight > HUNDRED:
            raise AwardInputError(_("Een weging ligt tussen 0 en 100 %."), name)
    if rules.quality_budget < 0 or rules.quality_budget > MAX_PRICE:
        raise AwardInputError(_("De waarde van de kwaliteit kan niet negatief zijn."), "quality_budget")
    if rules.mki_discount < 0:
        raise AwardInputError(_("De korting per euro MKI kan niet negatief zijn."), "mki_discount")
    if rules.mki_factor < 0 or rules.mki_factor > HUNDRED:
        raise AwardInputError(_("De factor voor het optellen van de MKI ligt tussen 0 en 100."), "mki_factor")
    if not 1 < rules.log_coefficient <= MAX_LOG_COEFFICIENT:
        raise AwardInputError(
            _("De coëfficiënt A van de logaritmische formule is groter dan 1 en hoogstens 100."), "log_coefficient"
        )
    for level, percent in rules.ladder_discounts.items():
        if not 0 <= percent < HUNDRED:
            raise AwardInputError(
                _("De korting voor trede %(level)s ligt tussen 0 en 100 %%.") % {"level": level}, "ladder_discounts"
            )


def _validate_bid(bid: Bid) -> None:
    if bid.price <= 0 or bid.price > MAX_PRICE:
        raise AwardInputError(
            _("De prijs van %(name)s moet groter zijn dan nul (en kleiner dan tien miljard).") % {"name": bid.name},
            "price",
        )
    if not 0 <= bid.quality <= HUNDRED:
        raise AwardInputError(
            _("De kwaliteitsscore van %(name)s ligt tussen 0 en 100.") % {"name": bid.name}, "quality"
        )
    if not 0 <= bid.ladder_level <= MAX_LADDER_LEVEL:
        raise AwardInputError(
            _("De trede op de CO2-Prestatieladder van %(name)s ligt tussen 0 en 5.") % {"name": bid.name},
            "ladder_level",
        )
    if bid.mki is not None and (bid.mki < 0 or bid.mki > MAX_PRICE):
        raise AwardInputError(_("De MKI-waarde van %(name)s kan niet negatief zijn.") % {"name": bid.name}, "mki")


def _validate_scores(rules: Rules, bid: Bid) -> None:
    for criterion, score in zip(rules.criteria, bid.scores, strict=False):
        if score is not None and score not in criterion.steps:
            raise AwardInputError(
                _("De score van %(name)s op %(criterion)s staat niet op de schaal %(scale)s.")
                % {"name": bid.name, "criterion": criterion.name, "scale": scale_text(criterion.steps)},
                "scores",
            )


MAX_SCALE_STEPS = 20


def parse_scale(text: str) -> tuple[Decimal, ...]:
    """A scoring scale as typed: steps separated by slashes ("0/25/60/100", Dutch decimals) or a range of
    whole numbers ("1-10"); AwardInputError (Dutch) otherwise."""
    text = (text or "").strip().replace("–", "-")
    refused = AwardInputError(
        _("Geef de schaal als stappen met schuine strepen (0/25/60/100) of als bereik van hele getallen (1-10)."),
        "scale",
    )
    try:
        if "/" not in text and "-" in text:
            low, high = (int(part) for part in text.split("-"))
            steps = tuple(Decimal(step) for step in range(low, high + 1))
        else:
            steps = tuple(Decimal(part.strip().replace(",", ".")) for part in text.split("/"))
    except (ValueError, ArithmeticError):
        raise refused from None
    if not 2 <= len(steps) <= MAX_SCALE_STEPS or list(steps) != sorted(set(steps)) or steps[0] < 0 or not steps[-1]:
        raise refused
    if steps[-1] > 1000:
        raise refused
    return steps


def scale_text(steps: tuple[Decimal, ...]) -> str:
    return "/".join(format_reading(step) for step in steps)


def quality_of(rules: Rules, bid: Bid) -> Decimal:
    """The bid's quality score (0–100): from its scores on the scored criteria, weighted, or as entered."""
    total = sum((c.weight for c in rules.criteria), Decimal(0))
    if not rules.criteria or not total:
        return bid.quality
    scores = list(bid.scores) + [None] * (len(rules.criteria) - len(bid.scores))
    earned = sum((c.weight * c.fraction(score) for c, score in zip(rules.criteria, scores, strict=True)), Decimal(0))
    return _score(earned / total * HUNDRED)


def quality_value(rules: Rules, bid: Bid) -> Decimal:
    """Gunnen op waarde: the euro value of the quality offered (unrounded).

    With scored criteria that carry a value: each criterion's value × its score's fraction;
    otherwise the quality score × the value of score 100 / 100.
    """
    if rules.criteria and any(c.value for c in rules.criteria):
        scores = list(bid.scores) + [None] * (len(rules.criteria) - len(bid.scores))
        return sum((c.value * c.fraction(score) for c, score in zip(rules.criteria, scores, strict=True)), Decimal(0))
    return rules.quality_budget * quality_of(rules, bid) / HUNDRED


def formula(method: Method) -> str:
    """The method's formula in words (the XLSX, the dossier)."""
    if method == Method.VALUE:
        return _(
            "Fictieve prijs = prijs − (kwaliteitsscore × waarde van score 100 / 100 "
            "+ prijs × korting van de trede / 100 + (referentie-MKI − MKI) × korting per euro MKI) "
            "+ factor MKI optellen × MKI, korting en opgetelde MKI op centen afgerond. Laagste fictieve prijs wint."
        )
    if method == Method.WEIGHTED:
        return _(
            "Prijsscore = (Pmax − P) / (Pmax − Pmin) × 100; totaal = (weging prijs × prijsscore + weging kwaliteit × "
            "kwaliteitsscore) / 100. Hoogste totaal wint."
        )
    if method == Method.LOG:
        return _(
            "Prijsscore = (1 − ln(P / Plaagste) / ln A) × 100, met A de coëfficiënt; totaal = (weging prijs × "
            "prijsscore + weging kwaliteit × kwaliteitsscore) / 100. Hoogste totaal wint."
        )
    return _(
        "Prijsscore = Plaagste / P × 100; totaal = (weging prijs × prijsscore + weging kwaliteit × kwaliteitsscore) "
        "/ 100. Hoogste totaal wint."
    )


def value_discount(rules: Rules, bid: Bid) -> Decimal:
    """Gunnen op waarde: the euro value of what the bid offers beyond price (quality, ladder level, MKI saved)."""
    quality = quality_value(rules, bid)
    ladder = bid.price * rules.ladder_discounts.get(bid.ladder_level, Decimal(0)) / HUNDRED if bid.ladder_level else 0
    mki = Decimal(0)
    if rules.mki_reference is not None and bid.mki is not None and bid.mki < rules.mki_reference:
        mki = (rules.mki_reference - bid.mki) * rules.mki_discount
    return _money(quality + ladder + mki)


def mki_added(rules: Rules, bid: Bid) -> Decimal:
    """MKI optellen: the factor × the offer's MKI, in euro (rounded to the cent), added to the fictitious price."""
    if not rules.mki_factor or bid.mki is None:
        return Decimal(0)
    return _money(rules.mki_factor * bid.mki)


def _fictitious(bid: Bid, discount: Decimal, added: Decimal) -> Decimal:
    return _money(bid.price) - discount + added


def fictitious_price(rules: Rules, bid: Bid) -> Decimal:
    return _fictitious(bid, value_discount(rules, bid), mki_added(rules, bid))


def price_score(
    method: Method, price: Decimal, prices: list[Decimal], log_coefficient: Decimal = Decimal(2)
) -> Decimal:
    low, high = min(prices), max(prices)
    if method == Method.WEIGHTED:
        return HUNDRED if high == low else _score((high - price) / (high - low) * HUNDRED)
    if method == Method.LOG:
        return _score((1 - (price / low).ln() / log_coefficient.ln()) * HUNDRED)
    return _score(low / price * HUNDRED)


def total_score(rules: Rules, price_points: Decimal, quality: Decimal) -> Decimal:
    return _score((rules.price_weight * price_points + rules.quality_weight * quality) / HUNDRED)


def _shared_ranks(keys: list) -> list[tuple[int, int]]:
    """(index, rank) of each key, lowest key first: ties keep the order of entry and share a rank."""
    order = sorted(range(len(keys)), key=lambda index: (keys[index], index))
    ranked: list[tuple[int, int]] = []
    for position, index in enumerate(order, start=1):
        tied = ranked and keys[ranked[-1][0]] == keys[index]
        ranked.append((index, ranked[-1][1] if tied else position))
    return ranked


def rank(rules: Rules, bids: list[Bid]) -> list[Result]:
    """Every bid's score or fictitious price, best first (ties keep the order of entry, and share a rank)."""
    validate(rules, bids)
    if rules.method == Method.VALUE:
        discounts = [value_discount(rules, bid) for bid in bids]
        added = [mki_added(rules, bid) for bid in bids]
        prices = [_fictitious(bid, discounts[i], added[i]) for i, bid in enumerate(bids)]
        return [
            Result(bids[i], place, None, None, prices[i], discounts[i], added[i], quality_of(rules, bids[i]))
            for i, place in _shared_ranks(prices)
        ]
    all_prices = [bid.price for bid in bids]
    points = [price_score(rules.method, bid.price, all_prices, rules.log_coefficient) for bid in bids]
    qualities = [quality_of(rules, bid) for bid in bids]
    totals = [total_score(rules, p, q) for p, q in zip(points, qualities, strict=True)]
    return [
        Result(bids[i], place, points[i], totals[i], None, Decimal(0), quality=qualities[i])
        for i, place in _shared_ranks([-total for total in totals])
    ]


def winner(rules: Rules, bids: list[Bid]) -> Bid:
    return rank(rules, bids)[0].bid


def _wins(rules: Rules, bids: list[Bid], index: int) -> bool:
    """True when bid ``index`` ranks alone on top (a tie is not a win)."""
    results = rank(rules, bids)
    top = [r for r in results if r.rank == 1]
    return len(top) == 1 and top[0].bid is bids[index]


def _with_price(bids: list[Bid], index: int, price: Decimal) -> list[Bid]:
    changed = list(bids)
    changed[index] = replace(bids[index], price=price)
    return changed


def _lowest_winning(wins_at: Callable[[int], bool], low: int, high: int) -> int | None:
    """The lowest whole number in [low, high] at which ``wins_at`` holds, None if it does not hold at ``high``.

    ``wins_at`` must be monotone: once it holds, it holds for every higher number. Bisection.
    """
    if not wins_at(high):
        return None
    if wins_at(low):
        return low
    while high - low > 1:  # Invariant: loses at low, wins at high.
        middle = (low + high) // 2
        if wins_at(middle):
            high = middle
        else:
            low = middle
    return high


def _hundredths(value: int) -> Decimal:
    return (Decimal(value) / HUNDRED).quantize(CENT)


def break_even(rules: Rules, bids: list[Bid], index: int) -> Decimal | None:
    """The highest price (in cents) at which bid ``index`` still wins alone, the others unchanged; None if never.

    Found by bisection on whole cents: winning is monotone in the own price under every method
    here (a higher own price lowers its score, or raises its fictitious price, and under the
    relative methods can only lower its standing against the others).
    """
    validate(rules, bids)
    first_losing = _lowest_winning(
        lambda cents: not _wins(rules, _with_price(bids, index, Decimal(cents) * CENT), index),
        1,
        int(MAX_PRICE / CENT),
    )
    if first_losing is None:  # it wins even at the highest price
        return MAX_PRICE
    if first_losing == 1:  # it loses even at one cent
        return None
    return Decimal(first_losing - 1) * CENT


def minimum_quality_weight(rules: Rules, bids: list[Bid], index: int) -> Decimal | None:
    """The lowest quality weight (percent, to the hundredth; price weight = 100 − it) at which bid ``index`` wins.

    Only for gewogen factor and relatief; None when no weight up to 100 % makes it win. The
    total is linear in the weight, so winning at w means winning at every higher weight as long
    as the bid has the best quality score: bisection on hundredths of a percent.
    """
    if rules.method not in RELATIVE_METHODS:
        return None
    validate(rules, bids)

    def wins_at(hundredths: int) -> bool:
        weight = Decimal(hundredths) / HUNDRED
        return _wins(replace(rules, price_weight=HUNDRED - weight, quality_weight=weight), bids, index)

    found = _lowest_winning(wins_at, 0, 10000)
    return None if found is None else _hundredths(found)


def minimum_ladder_discount(rules: Rules, bids: list[Bid], index: int) -> Decimal | None:
    """Fictieve korting: the lowest discount (percent, to the hundredth) for the bid's ladder level at which it wins."""
    bid = bids[index]
    if rules.method != Method.VALUE or not bid.ladder_level:
        return None
    validate(rules, bids)

    def wins_at(hundredths: int) -> bool:
        discounts = {**rules.ladder_discounts, bid.ladder_level: Decimal(hundredths) / HUNDRED}
        return _wins(replace(rules, ladder_discounts=discounts), bids, index)

    found = _lowest_winning(wins_at, 0, 9999)
    return None if found is None else _hundredths(found)


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


def criteria_weight_warning(rules: Rules, criteria_weights: list[Decimal]) -> Warning | None:
    """When the chosen award criteria's weights (percent of the whole award) disagree with the quality weight.

    Only where the weights count (gewogen factor, relatief) and when some chosen criterion has a weight.
    """
    if rules.method not in RELATIVE_METHODS or not criteria_weights:
        return None
    total = sum(criteria_weights, Decimal(0))
    if total == rules.quality_weight:
        return None
    return Warning(
        "criteria-weights",
        _(
            "De gekozen gunningscriteria wegen samen %(criteria)s %%, maar het gunningsmodel rekent met "
            "%(model)s %% voor kwaliteit. Neem de wegingen van de criteria over of pas ze aan."
        )
        % {"criteria": format_reading(total), "model": format_reading(rules.quality_weight)},
    )


def adopted_weights(criteria_weights: list[Decimal]) -> tuple[Decimal, Decimal]:
    """(price weight, quality weight) from the chosen award criteria's weights: quality is their sum, price the rest."""
    if not criteria_weights:
        raise AwardInputError(_("Geen van de gekozen gunningscriteria heeft een weging om over te nemen."), "criteria")
    total = sum(criteria_weights, Decimal(0))
    if total > HUNDRED:
        raise AwardInputError(
            _("De gekozen gunningscriteria wegen samen %(sum)s %%: meer dan 100 %%. Pas eerst hun wegingen aan.")
            % {"sum": format_reading(total)},
            "criteria",
        )
    return HUNDRED - total, total


def warnings(rules: Rules, bids: list[Bid], criteria_weights: list[Decimal] | None = None) -> list[Warning]:
    """What a tender board would want to know before publication."""
    found = []
    disagreement = criteria_weight_warning(rules, criteria_weights or [])
    if disagreement is not None:
        found.append(disagreement)
    if rules.method in RELATIVE_METHODS and rules.price_weight + rules.quality_weight != HUNDRED:
        found.append(
            Warning(
                "weights",
                _("De wegingen van prijs en kwaliteit tellen op tot %(sum)s %% in plaats van 100 %%.")
                % {"sum": format_reading(rules.price_weight + rules.quality_weight)},
            )
        )
    validate(rules, bids)
    if rules.method in RELATIVE_METHODS and len(bids) >= 3:
        flip = rank_flip(rules, bids)
        if flip is not None:
            found.append(
                Warning(
                    "flip",
                    _(
                        "Met deze methode hangt de rangorde af van de andere inschrijvingen: zonder %(third)s "
                        "wint %(a)s, met %(third)s wint %(b)s."
                    )
                    % {"third": flip[0].name, "a": flip[1].name, "b": flip[2].name},
                )
            )
    circular = [i for i, bid in enumerate(bids) if bid.circular]
    if circular:
        best_circular = max(circular, key=lambda i: (quality_of(rules, bids[i]), bids[i].ladder_level))
        if not _wins(rules, bids, best_circular) and _circular_cannot_win(rules, bids, best_circular):
            found.append(
                Warning(
                    "too-low",
                    _(
                        "De weging van circulariteit is te laag: ook met de hoogste kwaliteitsscore "
                        "en trede 5 op de CO2-Prestatieladder wint %(name)s niet."
                    )
                    % {"name": bids[best_circular].name},
                )
            )
    return found


def rank_flip(rules: Rules, bids: list[Bid]) -> tuple[Bid, Bid, Bid] | None:
    """(the third bid, the winner without it, the winner with it) when leaving one bid out changes who wins
    among the others; None when the order of every pair stands on its own."""
    full = rank(rules, bids)
    order = [r.bid for r in full]
    for left_out in bids:
        others = [bid for bid in bids if bid is not left_out]
        if len(others) < 2:
            continue
        without = [r.bid for r in rank(rules, others)]
        # Compare the first two of ``without`` in the full ranking.
        first, second = without[0], without[1]
        if order.index(second) < order.index(first):
            return left_out, first, second
    return None


def _circular_cannot_win(rules: Rules, bids: list[Bid], index: int) -> bool:
    """True when even the best plausible circular offer (quality 100, ladder level 5) at its price loses."""
    bid = bids[index]
    best = list(bids)
    full_scores = tuple(criterion.steps[-1] for criterion in rules.criteria)
    best[index] = replace(bid, quality=HUNDRED, ladder_level=MAX_LADDER_LEVEL, circular=True, scores=full_scores)
    return not _wins(rules, best, index)


@dataclass(frozen=True)
class CircularOutcome:
    """What a circular bid may cost and still win, and the weight (or ladder discount) at which it wins."""

    bid: Bid
    break_even: Decimal | None
    margin: Decimal | None  # break-even − its price: how much more it may cost (negative: it must get cheaper)
    minimum_weight: Decimal | None  # gewogen factor and relatief: the quality weight in percent
    minimum_ladder_discount: Decimal | None  # fictieve korting: the discount for its ladder level in percent


@dataclass(frozen=True)
class Simulation:
    results: list[Result]
    circular: list[CircularOutcome]
    warnings: list[Warning]


def simulate(rules: Rules, bids: list[Bid], criteria_weights: list[Decimal] | None = None) -> Simulation:
    """The ranking, each circular bid's break-even and minimum weight, and the warnings (AwardInputError refuses).

    ``criteria_weights``: the weights of the trajectory's chosen award criteria, to compare with the model's.
    """
    results = rank(rules, bids)
    outcomes = []
    for index, bid in enumerate(bids):
        if not bid.circular:
            continue
        limit = break_even(rules, bids, index) if len(bids) > 1 else None
        outcomes.append(
            CircularOutcome(
                bid,
                limit,
                limit - bid.price if limit is not None else None,
                minimum_quality_weight(rules, bids, index),
                minimum_ladder_discount(rules, bids, index),
            )
        )
    return Simulation(results, outcomes, warnings(rules, bids, criteria_weights))


# --- After the award: promises and the sanction when one is not kept -------------------------------

DEFAULT_SANCTION_FACTOR = Decimal("1.5")
MAX_SANCTION_FACTOR = Decimal(10)


class PromiseKind(StrEnum):
    LADDER = "ladder"  # the CO2-Prestatieladder level offered
    MKI = "mki"  # the MKI value offered
    CRITERION = "criterium"  # a circular award criterion's promised value


def ladder_advantage(rules: Rules, price: Decimal, level: int) -> Decimal:
    """Gunnen op waarde: the fictitious discount a ladder level earned on this price (0 under other methods)."""
    if rules.method != Method.VALUE or not level:
        return Decimal(0)
    return _money(price * rules.ladder_discounts.get(level, Decimal(0)) / HUNDRED)


def mki_advantage(rules: Rules, mki: Decimal) -> Decimal:
    """Gunnen op waarde: how much this MKI value lowered the fictitious price (the discount against the
    reference minus what MKI optellen adds; may be negative); 0 under other methods."""
    if rules.method != Method.VALUE:
        return Decimal(0)
    offer = Bid("", Decimal(1), mki=mki)  # quality 0 and no ladder level: only the MKI counts
    return value_discount(rules, offer) - mki_added(rules, offer)


def kept(promised: Decimal, realised: Decimal, lower_is_better: bool) -> bool:
    return realised <= promised if lower_is_better else realised >= promised


@dataclass(frozen=True)
class Promise:
    """What the winner promised in its offer, and the award advantage (euro) it obtained with it."""

    kind: PromiseKind
    promised: Decimal
    advantage: Decimal
    lower_is_better: bool = False


def lost_advantage(rules: Rules, price: Decimal, promise: Promise, realised: Decimal) -> Decimal:
    """The part of the award advantage that a realised value did not earn (0 when the promise is kept).

    Under gunnen op waarde the ladder level and the MKI value are recomputed with the award model's
    own rules: a lower level loses the difference between the two levels' discounts, a higher MKI
    the difference in fictitious price. Otherwise (a criterion, or another method) a promise not kept
    loses its whole advantage, as recorded at the award.
    """
    if promise.kind == PromiseKind.LADDER:
        if realised >= promise.promised:
            return Decimal(0)
        if rules.method == Method.VALUE:
            level = max(int(realised), 0)  # a level reached only in part counts as the level below
            earned = ladder_advantage(rules, price, level)
            return max(ladder_advantage(rules, price, int(promise.promised)) - earned, Decimal(0))
        return promise.advantage
    if promise.kind == PromiseKind.MKI:
        if realised <= promise.promised:
            return Decimal(0)
        if rules.method == Method.VALUE:
            return max(mki_advantage(rules, promise.promised) - mki_advantage(rules, realised), Decimal(0))
        return promise.advantage
    return Decimal(0) if kept(promise.promised, realised, promise.lower_is_better) else promise.advantage


def sanction(rules: Rules, price: Decimal, promise: Promise, realised: Decimal, factor: Decimal) -> Decimal:
    """The sanction the tender set for a promise not kept: factor × the award advantage lost, to the cent."""
    return _money(factor * lost_advantage(rules, price, promise, realised))


def criterion_advantage(rules: Rules, quality: Decimal, weight: Decimal | None, total_weight: Decimal) -> Decimal:
    """Gunnen op waarde: the share of the quality discount one award criterion earned (its weight's share).

    The quality score's euro value (score × the value of score 100 / 100), split by the criteria's
    weights; 0 under other methods, where the team enters the advantage itself.
    """
    if rules.method != Method.VALUE or not weight or not total_weight:
        return Decimal(0)
    return _money(rules.quality_budget * quality / HUNDRED * weight / total_weight)
