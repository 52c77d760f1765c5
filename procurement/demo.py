# ruff: noqa: E501  (demo content: one answer per line reads best)
"""Demo trajectories of Gemeente Voorbeeldstad, in four states.

- Bedrijfskleding buitendienst: just started, a first answer or two;
- Werkplekken stadskantoor: halfway, R-decision R1 (delen), two phases done;
- Laptops medewerkers: completed, every phase answered, R2 (minder, langer), its tender linked;
- Papieren bekers: closed as "Inkoop voorkomen" (R0), Intern evalueren open.

Each has a reference and, where the team got that far, a plan (and for the
completed one what was realised), as a team would write them, so the effect
sections and the roll-ups show real figures.

Idempotent: a trajectory that already exists (by slug) is left alone.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

from lib.history import attribute_change
from organisations.models import ProductCategory, Role
from rladder.models import ImpactFactor, RStrategy

from . import notifications
from .impact import ensure_effect, refresh_effect
from .models import (
    Answer,
    AttentionCheck,
    ImpactLine,
    Phase,
    PhaseRecord,
    RDecisionStep,
    Scenario,
    TenderReference,
    Trajectory,
    TrajectoryMember,
)

TeamRole = TrajectoryMember.TeamRole
JA, DEELS, NEE = RDecisionStep.Feasible.YES, RDecisionStep.Feasible.PARTLY, RDecisionStep.Feasible.NO

CATEGORIES = {
    "ICT-hardware": "Laptops, beeldschermen, telefoons en randapparatuur.",
    "Meubilair en werkplekomgeving": "Bureaus, stoelen, kasten en inrichting van kantoren.",
    "Bedrijfskleding en textiel": "Werkkleding, persoonlijke beschermingsmiddelen en textiel.",
    "Catering": "Bedrijfsrestaurant, koffievoorziening en vergadercatering.",
}


def _category(context, name: str) -> ProductCategory:
    category, _ = ProductCategory.objects.get_or_create(
        organisation=context.organisation, name=name, defaults={"description": CATEGORIES[name]}
    )
    return category


def _answer(trajectory, user, key: str, text: str = "", na_reason: str = "") -> None:
    answer = Answer.objects.get(trajectory=trajectory, question__key=key)
    answer.apply_edit(
        user=user,
        values={"text": text, "state": Answer.state_for(text, bool(na_reason)), "na_reason": na_reason},
        base_version=answer.version,
    )


def _check(trajectory, user, key: str, note: str = "") -> None:
    check = AttentionCheck.objects.get(trajectory=trajectory, point__key=key)
    check.apply_edit(user=user, values={"checked": True, "note": note}, base_version=check.version)


def _fill(trajectory, user, answers: dict, checks: dict | None = None) -> None:
    for record in trajectory.phases.select_related("phase"):
        record.trajectory = trajectory
        record.sync_items()
    for key, text in answers.items():
        if isinstance(text, tuple):
            _answer(trajectory, user, key, na_reason=text[1])
        else:
            _answer(trajectory, user, key, text)
    for key, note in (checks or {}).items():
        _check(trajectory, user, key, note)
    for record in trajectory.phases.select_related("phase"):
        record.trajectory = trajectory
        if record.answers().exclude(state=Answer.State.OPEN).exists() or record.checks().filter(checked=True).exists():
            record.record_edit(user)


def _complete(trajectory, user, *slugs: str) -> None:
    for slug in slugs:
        record = PhaseRecord.objects.select_related("phase").get(trajectory=trajectory, phase__slug=slug)
        record.trajectory = trajectory
        record.complete(user)


def _review(trajectory, slug: str, offered_by, reviewer=None, *, changes: str = "", approve: str | None = None):
    """Offer a completed phase; optionally ask for changes first, then approve (no e-mail)."""
    record = PhaseRecord.objects.select_related("phase").get(trajectory=trajectory, phase__slug=slug)
    record.trajectory = trajectory
    with notifications.silenced():
        record.offer_for_review(offered_by)
        if changes:
            record.request_changes(reviewer, changes)
            record.offer_for_review(offered_by)
        if approve is not None:
            record.approve(reviewer, approve, content_version=record.content().version)


def _steps(r0, r1, r2) -> list[dict]:
    strategies = {s.code: s for s in RStrategy.objects.highest()}
    return [
        {"strategy": strategies[code], "considered": True, "feasible": feasible, "rationale": rationale}
        for code, (feasible, rationale) in (("R0", r0), ("R1", r1), ("R2", r2))
    ]


def _effect(trajectory, user, *, realised_is_nothing: bool = False, **scenarios) -> None:
    """Reference, plan and realised lines: ``reference=[(description, factor key, quantity, unit, extra), …]``.

    ``extra`` holds ``unit_weight_kg`` and/or ``unit_price_eur``. The lines take their factor's values now.
    """
    factors = {f.key: f for f in ImpactFactor.objects.all()}
    for scenario in (Scenario.REFERENCE, Scenario.PLAN, Scenario.REALISED):
        for position, (description, key, quantity, unit, extra) in enumerate(scenarios.get(scenario, []), start=1):
            line = ImpactLine(
                trajectory=trajectory,
                scenario=scenario,
                position=position,
                description=description,
                quantity=Decimal(quantity),
                quantity_unit=unit,
                **{name: Decimal(value) for name, value in extra.items()},
            )
            line.take_snapshot(factors.get(key))
            attribute_change(line, user=user)
            line.save()
    if realised_is_nothing:
        ensure_effect(trajectory).realised_is_nothing = True
    refresh_effect(trajectory, user=user)


def build(context) -> None:
    users = context.users
    inkoper = users[Role.INKOPER]
    opdrachtgever = users[Role.INTERNE_OPDRACHTGEVER]
    contractmanager = users[Role.CONTRACTMANAGER]
    chef = users[Role.CHEF_CIRCULAIR]
    startoverleg = Phase.objects.get(slug="startoverleg")
    strategy = {s.code: s for s in RStrategy.objects.all()}
    existing = set(Trajectory.objects.filter(organisation=context.organisation).values_list("slug", flat=True))
    departments = context.departments

    # 1. Just started -----------------------------------------------------------
    if "bedrijfskleding-buitendienst-2027" not in existing:
        t = Trajectory.start(
            organisation=context.organisation,
            created_by=inkoper,
            title="Bedrijfskleding buitendienst 2027",
            slug="bedrijfskleding-buitendienst-2027",
            description=(
                "Het huidige contract voor werkkleding van de buitendienst (wijkbeheer, groen, reiniging; "
                "circa 140 medewerkers) loopt op 31 december 2026 af. We hebben zichtbare, veilige kleding "
                "nodig die past bij het seizoen en voldoet aan de eisen voor persoonlijke bescherming."
            ),
            category=_category(context, "Bedrijfskleding en textiel"),
            department=departments["Openbare ruimte"],
            estimated_value=Decimal("420000"),
            contract_start=date(2027, 1, 1),
            contract_end=date(2030, 12, 31),
            ambition=strategy["R2"],
            team=[
                (inkoper, TeamRole.INKOPER),
                (opdrachtgever, TeamRole.INTERNE_OPDRACHTGEVER),
                (contractmanager, TeamRole.CONTRACTMANAGER),
            ],
        )
        _fill(
            t,
            inkoper,
            {
                "startoverleg-hulpvraag-generiek-1": (
                    "Veilige en herkenbare kleding voor de buitendienst, met minder nieuwe kledingstukken per "
                    "medewerker. Randvoorwaarde: de veiligheidsnormen (EN ISO 20471) blijven gehaald. Raakt aan "
                    "het arbobeleid en aan de afspraak uit het coalitieakkoord om textielafval te halveren."
                ),
                "startoverleg-hulpvraag-generiek-2": (
                    "Uit de bestelhistorie 2022–2025: gemiddeld 11 kledingstukken per medewerker per jaar, "
                    "waarvan naar schatting een derde ongedragen in kasten ligt. Over CO2 hebben we nog geen cijfers."
                ),
            },
        )
        _effect(
            t,
            inkoper,
            reference=[
                (
                    "Kledingstukken buitendienst: 140 medewerkers × 11 per jaar × 4 jaar",
                    "text_kleding_kg",
                    "6160",
                    "stuk",
                    {"unit_weight_kg": "0.6", "unit_price_eur": "45"},
                ),
            ],
        )

    # 2. Halfway: R-decision recorded, two phases done ---------------------------
    if "werkplekken-stadskantoor" not in existing:
        t = Trajectory.start(
            organisation=context.organisation,
            created_by=opdrachtgever,
            title="Werkplekken stadskantoor",
            slug="werkplekken-stadskantoor",
            description=(
                "Na de verbouwing van de tweede en derde verdieping van het stadskantoor moeten 260 werkplekken "
                "opnieuw worden ingericht. Het oude meubilair is tussen de 8 en 15 jaar oud."
            ),
            category=_category(context, "Meubilair en werkplekomgeving"),
            department=departments["Facilitaire zaken"],
            estimated_value=Decimal("680000"),
            contract_start=date(2026, 9, 1),
            contract_end=date(2032, 8, 31),
            ambition=strategy["R1"],
            team=[
                (opdrachtgever, TeamRole.INTERNE_OPDRACHTGEVER),
                (inkoper, TeamRole.INKOPER),
                (contractmanager, TeamRole.CONTRACTMANAGER),
                (chef, TeamRole.CHEF_CIRCULAIR),
            ],
            growth=[
                (1, strategy["R2"], "Hergebruik van het bestaande meubilair waar het kan"),
                (3, strategy["R1"], "Deelratio naar 0,6 werkplek per medewerker na evaluatie hybride werken"),
            ],
        )
        _fill(
            t,
            inkoper,
            {
                "startoverleg-hulpvraag-generiek-1": (
                    "Goede, gezonde werkplekken voor hybride werken. Randvoorwaarde: arbo-eisen (NEN-EN 527 en "
                    "1335) en een verhuizing in september 2026. Raakt aan het huisvestingsplan en het beleid "
                    "hybride werken van P&O."
                ),
                "startoverleg-hulpvraag-generiek-2": (
                    "De bezettingsmeting van 2025 laat een gemiddelde bezetting zien van 52 %, met een piek van "
                    "71 % op dinsdag. Er staan nu 380 bureaus voor 410 medewerkers."
                ),
                "startoverleg-hulpvraag-hoogste-r-1": (
                    "Niet inkopen is niet haalbaar: de verdiepingen zijn leeg opgeleverd. Wel kunnen we een deel "
                    "van de behoefte dekken met meubilair uit de eigen opslag."
                ),
                "startoverleg-hulpvraag-hoogste-r-2": (
                    "Ja: met flexwerken en een deelratio van 0,65 zijn 260 in plaats van 400 werkplekken nodig. "
                    "Vergaderplekken worden multifunctioneel (ook als projectruimte)."
                ),
                "startoverleg-hulpvraag-hoogste-r-3": (
                    "Bureaus met een frame dat blijft en een blad dat vervangbaar is; refurbished stoelen; "
                    "geen kasten per persoon maar lockers."
                ),
                "startoverleg-hulpvraag-hoogste-r-4": (
                    "Ambitie R1 (delen en intensiever gebruiken), met R2 als minimum voor wat we wel kopen."
                ),
                "startoverleg-hulpvraag-hoogste-r-5": (
                    "Ja, het sluit aan bij de doelstelling 50 % minder primaire grondstoffen in 2030 uit het "
                    "uitvoeringsprogramma circulaire economie."
                ),
                "circulaire-marktverkenning-hulpvraag-hoogste-r-1": (
                    "Drie leveranciers boden modulaire werkplekken aan waarbij het bureau als dienst wordt "
                    "geleverd (furniture as a service), inclusief terugname."
                ),
                "circulaire-marktverkenning-hulpvraag-hoogste-r-2": (
                    "Met een reserveringssysteem en sensoren kan de bezetting worden gevolgd en het aantal "
                    "werkplekken per jaar worden bijgesteld."
                ),
                "circulaire-marktverkenning-hulpvraag-hoogste-r-3": (
                    "Een huurconstructie met een vaste prijs per werkplek per maand houdt het businessmodel "
                    "gezond, ook als we na drie jaar minder plekken afnemen."
                ),
                "circulaire-marktverkenning-hulpvraag-hoogste-r-4": (
                    "Bladen van gerecycled hout en stalen frames met 80 % secundair staal; stoelen waarvan de "
                    "bekleding los te vervangen is."
                ),
                "doelen-en-kpis-in-contracten-hulpvraag-generiek-1": (
                    "Het huidige contract is lineair: koop, geen terugname. De volgende stap is een "
                    "gebruikscontract met terugname en hergebruik."
                ),
            },
            {
                "startoverleg-aandachtspunt-1": "Chris neemt de regie als chef circulair.",
                "startoverleg-aandachtspunt-2": "Nulmeting met het Impact Tool Circulair Inkopen gedaan in maart.",
                "startoverleg-aandachtspunt-3": "Ambitiewebsessie op 12 maart met Facilitaire zaken en P&O.",
                "startoverleg-aandachtspunt-4": "",
                "circulaire-marktverkenning-aandachtspunt-1": "",
                "circulaire-marktverkenning-aandachtspunt-2": "Ook twee kringloopbedrijven en een refurbisher gesproken.",
            },
        )
        t.record_r_decision(
            user=inkoper,
            phase=startoverleg,
            steps=_steps(
                (NEE, "De verbouwde verdiepingen zijn leeg; zonder werkplekken kunnen medewerkers er niet werken."),
                (JA, "Flexwerken met deelratio 0,65: 260 werkplekken voor 410 medewerkers, gedragen door P&O."),
                (DEELS, "Refurbished stoelen en hergebruik van 60 bureaus uit de eigen opslag."),
            ),
            summary="We kiezen voor delen (R1) en kopen voor de rest zo min mogelijk nieuw (R2).",
        )
        _effect(
            t,
            inkoper,
            reference=[
                (
                    "Nieuwe werkplekken (bureau en stoel), één per medewerker",
                    "meub_eur_kantoormeubilair",
                    "410",
                    "stuk",
                    {"unit_price_eur": "1450"},
                ),
            ],
            plan=[
                (
                    "Gedeelde werkplekken (deelratio 0,65), zonder de 60 bureaus uit eigen opslag",
                    "meub_eur_kantoormeubilair",
                    "200",
                    "stuk",
                    {"unit_price_eur": "1450"},
                ),
            ],
        )
        _complete(t, inkoper, "startoverleg", "circulaire-marktverkenning")
        _review(t, "startoverleg", inkoper, chef, approve="Goed onderbouwd: de deelratio is getoetst bij P&O.")
        # The market exploration waits in the chef circulair's review queue.
        _review(t, "circulaire-marktverkenning", inkoper)

    # 3. Completed --------------------------------------------------------------
    if "laptops-medewerkers" not in existing:
        t = Trajectory.start(
            organisation=context.organisation,
            created_by=inkoper,
            title="Laptops medewerkers",
            slug="laptops-medewerkers",
            description=(
                "Vervanging van de laptops van alle medewerkers (circa 900 stuks), die na vier jaar het einde "
                "van de ondersteuning door de leverancier bereiken."
            ),
            category=_category(context, "ICT-hardware"),
            department=departments["Informatievoorziening en ICT"],
            estimated_value=Decimal("1150000"),
            contract_start=date(2025, 1, 1),
            contract_end=date(2029, 12, 31),
            ambition=strategy["R2"],
            cpv_code="30213100-6",
            gpp_criteria=Trajectory.GppCriteria.NATIONAL,
            team=[
                (inkoper, TeamRole.INKOPER),
                (opdrachtgever, TeamRole.INTERNE_OPDRACHTGEVER),
                (contractmanager, TeamRole.CONTRACTMANAGER),
            ],
            growth=[(1, strategy["R2"], "Levensduur van 4 naar 6 jaar"), (4, strategy["R1"], "Pool van leenlaptops")],
        )
        _fill(
            t,
            contractmanager,
            {
                "startoverleg-hulpvraag-generiek-1": (
                    "Iedere medewerker kan veilig en plaatsonafhankelijk werken, met zo min mogelijk nieuwe "
                    "apparaten. Randvoorwaarde: beveiligingsupdates over de hele gebruiksduur."
                ),
                "startoverleg-hulpvraag-generiek-2": (
                    "Inventarisatie 2024: 1.060 laptops in gebruik voor 910 medewerkers; 150 tweede apparaten."
                ),
                "startoverleg-hulpvraag-hoogste-r-1": (
                    "Niet inkopen kan niet, maar de 150 tweede laptops vervallen: die worden niet vervangen."
                ),
                "startoverleg-hulpvraag-hoogste-r-2": (
                    "Een pool van 40 leenlaptops bij de servicedesk vervangt de reservetoestellen per afdeling."
                ),
                "startoverleg-hulpvraag-hoogste-r-3": (
                    "Langer gebruiken: zes in plaats van vier jaar, met een accuwissel na drie jaar. Een deel "
                    "van de vraag invullen met refurbished laptops."
                ),
                "startoverleg-hulpvraag-hoogste-r-4": "R2, met R1 (leenpool) als groeistap vanaf jaar 4.",
                "startoverleg-hulpvraag-hoogste-r-5": "Ja, het past in de I-strategie en de doelen voor e-waste.",
                "circulaire-marktverkenning-hulpvraag-hoogste-r-1": (
                    "Markt ziet weinig ruimte voor herontwerp; wel modulaire laptops met vervangbare accu en toetsenbord."
                ),
                "circulaire-marktverkenning-hulpvraag-hoogste-r-2": "Leenpool en gedeelde vergaderlaptops.",
                "circulaire-marktverkenning-hulpvraag-hoogste-r-3": (
                    "Leveranciers bieden een servicecontract per werkplek, zodat zij verdienen aan levensduur "
                    "in plaats van aan aantallen."
                ),
                "circulaire-marktverkenning-hulpvraag-hoogste-r-4": "Refurbished toestellen met 2 jaar garantie.",
                "doelen-en-kpis-in-contracten-hulpvraag-generiek-1": "Vorig contract: R8, recycling na 4 jaar.",
                "doelen-en-kpis-in-contracten-hulpvraag-generiek-2": (
                    "Meetbaar: gemiddelde gebruiksduur, aandeel refurbished, aantal gerepareerde toestellen."
                ),
                "doelen-en-kpis-in-contracten-hulpvraag-hoogste-r-1": (
                    "Ja: jaarlijks 5 % minder toestellen door de leenpool en uitfasering van tweede apparaten."
                ),
                "circulair-aanbesteden-hulpvraag-generiek-1": "Ja: reparatie op locatie en accuwissel in jaar 3.",
                "circulair-aanbesteden-hulpvraag-generiek-2": "Ja, via een concurrentiegerichte dialoog in twee rondes.",
                "circulair-aanbesteden-hulpvraag-hoogste-r-1": (
                    "",
                    "Herontwerp ligt buiten de invloed van deze opdracht.",
                ),
                "circulair-aanbesteden-hulpvraag-hoogste-r-2": "Leenpool opgenomen als perceel in de aanbesteding.",
                "circulair-aanbesteden-hulpvraag-hoogste-r-3": "Prijs per werkplek per jaar in plaats van per toestel.",
                "circulair-aanbesteden-hulpvraag-hoogste-r-4": "Gunningscriterium: aandeel gerecycled aluminium en plastic.",
                "partnerschappen-ontwikkelen-hulpvraag-generiek-1": (
                    "",
                    "Niet inkopen is voor laptops geen alternatief.",
                ),
                "partnerschappen-ontwikkelen-hulpvraag-generiek-2": "Ja, de leenpool wordt door de leverancier beheerd.",
                "partnerschappen-ontwikkelen-hulpvraag-generiek-3": "Zes jaar onderdelen en reparatie gegarandeerd.",
                "partnerschappen-ontwikkelen-hulpvraag-generiek-4": "Halfjaarlijkse rapportage over levensduur en reparaties.",
                "partnerschappen-ontwikkelen-hulpvraag-hoogste-r-1": (
                    "De leverancier heeft een terugnameprogramma en doet mee aan TCO Certified Generation 10."
                ),
                "intern-evalueren-hulpvraag-generiek-1": "De behoefte is gelijk; hybride werken is de norm gebleven.",
                "intern-evalueren-hulpvraag-generiek-2": "Ja, al komen er minder tweede schermen terug in gebruik.",
                "intern-evalueren-hulpvraag-generiek-3": "Ja: 180 toestellen minder en een gebruiksduur van 5,4 jaar.",
                "intern-evalueren-hulpvraag-generiek-4": "De leenpool kan groter; dan zijn nog minder toestellen nodig.",
                "intern-evalueren-hulpvraag-hoogste-r-1": (
                    "Volgend contract: een deel van de medewerkers werkt met een virtuele werkplek op eigen apparaat."
                ),
            },
        )
        t.record_r_decision(
            user=inkoper,
            phase=startoverleg,
            steps=_steps(
                (NEE, "Medewerkers hebben een laptop nodig om te werken."),
                (DEELS, "Een leenpool vervangt de reservetoestellen; de rest blijft persoonsgebonden."),
                (JA, "Langer gebruiken (6 jaar), geen tweede toestellen, deels refurbished."),
            ),
            summary="R1 is slechts deels haalbaar en raakt een klein deel van de vraag; R2 is de kern.",
        )
        # The team first chose R1 (deels); a revision in the market study made R2 leading.
        t.record_r_decision(
            user=contractmanager,
            phase=Phase.objects.get(slug="circulaire-marktverkenning"),
            steps=_steps(
                (NEE, "Medewerkers hebben een laptop nodig om te werken."),
                (NEE, "De leenpool is klein (40 toestellen) en geldt als onderdeel van R2."),
                (JA, "Langer gebruiken (6 jaar), geen tweede toestellen, deels refurbished."),
            ),
            fallback=None,
            summary="Na de marktverkenning: R2 is de gekozen strategie, de leenpool valt eronder.",
        )
        _effect(
            t,
            contractmanager,
            reference=[
                (
                    "Reservetoestellen en tweede laptops, per afdeling vervangen zoals altijd",
                    "ict_laptop_14",
                    "120",
                    "stuk",
                    {"unit_price_eur": "1050"},
                ),
            ],
            plan=[
                (
                    "Gedeelde apparaten: leenpool bij de servicedesk en vergaderlaptops",
                    "ict_laptop_14",
                    "80",
                    "stuk",
                    {"unit_price_eur": "1050"},
                ),
            ],
            realised=[
                (
                    "Gedeelde apparaten: leenpool (44) en vergaderlaptops (40)",
                    "ict_laptop_14",
                    "84",
                    "stuk",
                    {"unit_price_eur": "1050"},
                ),
            ],
        )
        _complete(
            t,
            contractmanager,
            "startoverleg",
            "circulaire-marktverkenning",
            "doelen-en-kpis-in-contracten",
            "circulair-aanbesteden",
            "partnerschappen-ontwikkelen",
            "intern-evalueren",
        )
        _review(t, "startoverleg", contractmanager, chef, approve="")
        _review(
            t,
            "doelen-en-kpis-in-contracten",
            contractmanager,
            chef,
            changes="Leg ook vast hoeveel toestellen na zes jaar worden teruggenomen voor hergebruik.",
            approve="Terugname is nu als contract-KPI opgenomen.",
        )
        # The published tender and its award, as an OCDS import would link them (a fictitious supplier).
        TenderReference.link(
            t,
            {
                "ocid": t.ocid,
                "tender_id": "VBS-2024-ICT-017",
                "title": "Levering en beheer van laptops (werkplek als dienst)",
                "value": Decimal("1150000"),
                "currency": "EUR",
                "tender_start": datetime(2024, 6, 3, 9, 0, tzinfo=UTC),
                "tender_end": datetime(2024, 7, 15, 10, 0, tzinfo=UTC),
                "award_date": datetime(2024, 10, 1, 10, 0, tzinfo=UTC),
                "award_value": Decimal("1087500"),
                "contract_start": datetime(2024, 12, 31, 23, 0, tzinfo=UTC),
                "contract_end": datetime(2029, 12, 31, 22, 59, tzinfo=UTC),
                "suppliers": [{"id": "leverancier-1", "name": "Voorbeeld Werkplekdiensten B.V."}],
                "buyer_name": context.organisation.name,
            },
            user=inkoper,
        )

    # 4. Closed as "Inkoop voorkomen" ---------------------------------------------
    if "wegwerpbekers-koffieautomaten" not in existing:
        t = Trajectory.start(
            organisation=context.organisation,
            created_by=opdrachtgever,
            title="Wegwerpbekers koffieautomaten",
            slug="wegwerpbekers-koffieautomaten",
            description=(
                "Het contract voor de levering van kartonnen bekers voor de 32 koffieautomaten in de "
                "gemeentelijke gebouwen loopt af. Jaarlijks gaan er ruim 600.000 bekers doorheen."
            ),
            category=_category(context, "Catering"),
            department=departments["Facilitaire zaken"],
            estimated_value=Decimal("96000"),
            contract_start=date(2026, 4, 1),
            contract_end=date(2030, 3, 31),
            ambition=strategy["R0"],
            team=[(opdrachtgever, TeamRole.INTERNE_OPDRACHTGEVER), (inkoper, TeamRole.INKOPER)],
        )
        _fill(
            t,
            opdrachtgever,
            {
                "startoverleg-hulpvraag-generiek-1": (
                    "Koffie en thee voor medewerkers en bezoekers zonder afval. Randvoorwaarde: hygiëne en "
                    "gemak voor bezoekers van de publiekshal."
                ),
                "startoverleg-hulpvraag-generiek-2": "2025: 612.000 bekers, € 24.000 per jaar, 4,9 ton afval.",
                "startoverleg-hulpvraag-hoogste-r-1": (
                    "Ja. Alle medewerkers krijgen hun bestaande mok als standaard; in de pantry's staan "
                    "vaatwassers. Voor bezoekers gebruiken we het porseleinen servies dat al in de publiekshal staat."
                ),
                "startoverleg-hulpvraag-hoogste-r-2": ("", "Niet nodig: er wordt niets meer ingekocht."),
                "startoverleg-hulpvraag-hoogste-r-3": ("", "Niet nodig: er wordt niets meer ingekocht."),
                "startoverleg-hulpvraag-hoogste-r-4": "R0: niet inkopen.",
                "startoverleg-hulpvraag-hoogste-r-5": "Ja, het past bij het doel om kantoorafval in 2030 te halveren.",
            },
            {"startoverleg-aandachtspunt-4": "Ondernemingsraad en facilitair team stemden in op 10 februari."},
        )
        t.record_r_decision(
            user=opdrachtgever,
            phase=startoverleg,
            steps=_steps(
                (JA, "Mokken en bestaand servies vervangen de bekers volledig; vaatwassers staan er al."),
                (NEE, "Niet meer van toepassing: er is geen inkoop meer."),
                (NEE, "Niet meer van toepassing: er is geen inkoop meer."),
            ),
            summary="Geen nieuw contract: medewerkers gebruiken hun mok, bezoekers het bestaande servies.",
            avoided_spend=Decimal("96000"),
        )
        _effect(
            t,
            opdrachtgever,
            reference=[
                (
                    "Kartonnen bekers van 8 gram: 612.000 per jaar, 4 jaar",
                    "kant_papier_kg",
                    "2448000",
                    "stuk",
                    {"unit_weight_kg": "0.008", "unit_price_eur": "0.0392"},
                ),
            ],
        )
        _complete(t, opdrachtgever, "startoverleg")
        _answer(
            t,
            opdrachtgever,
            "intern-evalueren-hulpvraag-generiek-1",
            "Na drie maanden: de behoefte is dezelfde, de klachten over de mokken zijn op één hand te tellen.",
        )
        record = PhaseRecord.objects.get(trajectory=t, phase__slug="intern-evalueren")
        record.trajectory = t
        record.record_edit(opdrachtgever)
