"""The starter set of the base library: example criteria written for Chef Circulair.

Written from the guidance's phases, hulpvragen and uitgangspunten ("Specificeer functioneel",
"Geef circulariteit voldoende weging", delen en intensiever gebruik, terugname,
levensduurverlenging, minder materiaal), weighted towards R0–R2. Every one is an example
(``is_example``): the organisation's legal advisor checks it before use. Where a European
Commission GPP criteria set applies it is referenced by name and link only; no text here is
taken from it. ``manage.py load_criteria`` adds the ones the base set lacks; a criterion the
admins have since edited (or retired) in the admin is left as it is.
"""

from django.db import transaction

ICT = "ICT-hardware"
MEUBILAIR = "Meubilair en werkplekomgeving"
CATERING = "Catering"
SCHOON = "Schoonmaak"
MOBILITEIT = "Mobiliteit"

SOURCE = "Chef Circulair: voorbeeldtekst bij de Handvatten circulair inkopen binnen de hoogste R-strategieën"
LICENCE = "Vrij te gebruiken en aan te passen; laat de tekst juridisch toetsen"
GPP_URL = "https://green-business.ec.europa.eu/green-public-procurement/gpp-criteria-and-requirements_en"
GPP = {
    ICT: "EU GPP-criteria voor computers, beeldschermen, tablets en smartphones (Europese Commissie)",
    MEUBILAIR: "EU GPP-criteria voor meubilair (Europese Commissie)",
    CATERING: "EU GPP-criteria voor voedsel, catering en verkoopautomaten (Europese Commissie)",
    SCHOON: "EU GPP-criteria voor schoonmaakproducten en -diensten (Europese Commissie)",
    MOBILITEIT: "EU GPP-criteria voor wegvervoer (Europese Commissie)",
}
LEGAL = (
    "Voorbeeldtekst: laat de jurist toetsen of de eis proportioneel is en past bij de opdracht "
    "(Aanbestedingswet 2012, Gids Proportionaliteit)."
)

MK = "marktconsultatie"
GE = "geschiktheidseis"
SE = "selectiecriterium"
EIS = "eis"
GC = "gunningscriterium"
CB = "contractbepaling"


def _c(code, kind, strategy, ambition, categories, title, text, evidence, *, kpi=None, questions=(), cpv="", legal=""):
    return {
        "code": code,
        "type": kind,
        "strategy": strategy,
        "ambition": ambition,
        "categories": categories,
        "title": title,
        "text": text,
        "evidence": evidence,
        "kpi": kpi,
        "questions": questions,
        "cpv_codes": cpv,
        "legal_note": legal or LEGAL,
    }


Q_RETHINK = "circulaire-marktverkenning-hulpvraag-hoogste-r-1"
Q_SHARE = "circulaire-marktverkenning-hulpvraag-hoogste-r-2"
Q_FEWER = "circulaire-marktverkenning-hulpvraag-hoogste-r-3"
Q_LESS_MATERIAL = "circulaire-marktverkenning-hulpvraag-hoogste-r-4"
Q_PHASED = "doelen-en-kpis-in-contracten-hulpvraag-hoogste-r-1"
Q_MAINTENANCE = "circulair-aanbesteden-hulpvraag-generiek-1"
Q_REFUSE_CONTRACT = "partnerschappen-ontwikkelen-hulpvraag-generiek-1"
Q_SHARE_CONTRACT = "partnerschappen-ontwikkelen-hulpvraag-generiek-2"
Q_LIFETIME = "partnerschappen-ontwikkelen-hulpvraag-generiek-3"
Q_MONITORING = "partnerschappen-ontwikkelen-hulpvraag-generiek-4"

CRITERIA = [
    # --- Vragen voor de marktconsultatie ---------------------------------------------------
    _c(
        "MK-R0-01",
        MK,
        "R0",
        1,
        [],
        "Kan de behoefte zonder aankoop worden ingevuld?",
        "Welke oplossingen ziet u om onze behoefte in te vullen zonder dat wij nieuwe producten kopen, "
        "bijvoorbeeld door bestaande middelen anders in te zetten?",
        "Schriftelijke reactie of gesprek in de marktconsultatie.",
        questions=(Q_RETHINK,),
    ),
    _c(
        "MK-R1-01",
        MK,
        "R1",
        2,
        [],
        "Delen en intensiever gebruik",
        "Hoe kunt u ervoor zorgen dat minder producten nodig zijn doordat ze worden gedeeld of intensiever "
        "worden gebruikt? Welk gebruik per product (in procent van de beschikbare tijd) acht u haalbaar?",
        "Schriftelijke reactie met een voorbeeld uit een lopend contract.",
        questions=(Q_SHARE,),
    ),
    _c(
        "MK-R1-02",
        MK,
        "R1",
        2,
        [],
        "Dienst in plaats van bezit",
        "Kunt u de functie leveren als dienst (product-als-dienst), waarbij u eigenaar blijft en "
        "verantwoordelijk bent voor onderhoud, hergebruik en terugname? Welk verdienmodel past daarbij?",
        "Schriftelijke reactie en een schets van het verdienmodel.",
        questions=(Q_RETHINK, Q_SHARE_CONTRACT),
    ),
    _c(
        "MK-R2-01",
        MK,
        "R2",
        1,
        [],
        "Minder afnemen binnen een gezond verdienmodel",
        "Op welke manier kunnen wij minder producten afnemen terwijl uw verdienmodel gezond blijft, "
        "bijvoorbeeld door een vergoeding per gebruik of door mee te delen in de besparing?",
        "Schriftelijke reactie.",
        questions=(Q_FEWER,),
    ),
    _c(
        "MK-R2-02",
        MK,
        "R2",
        1,
        [ICT],
        "Levensduur van ICT-apparatuur",
        "Welke gebruiksduur kunt u voor laptops en beeldschermen garanderen, en welke onderdelen en updates "
        "zijn daarvoor nodig?",
        "Schriftelijke reactie met de garantievoorwaarden.",
        questions=(Q_LESS_MATERIAL,),
        cpv="302",
    ),
    _c(
        "MK-R2-03",
        MK,
        "R2",
        1,
        [CATERING],
        "Minder wegwerpartikelen in de catering",
        "Hoe kunt u de catering leveren zonder of met veel minder wegwerpbekers, -borden en -verpakkingen?",
        "Schriftelijke reactie.",
        questions=(Q_LESS_MATERIAL,),
    ),
    _c(
        "MK-R1-03",
        MK,
        "R1",
        2,
        [MOBILITEIT],
        "Deelmobiliteit in plaats van eigen wagenpark",
        "Welke vorm van deelmobiliteit (deelauto's, deelfietsen, mobiliteitsbudget) kan onze dienstreizen "
        "invullen, en hoeveel voertuigen zijn dan minder nodig?",
        "Schriftelijke reactie.",
        questions=(Q_SHARE,),
    ),
    # --- Geschiktheidseisen en selectiecriteria --------------------------------------------
    _c(
        "GE-R4-01",
        GE,
        "R4",
        1,
        [ICT],
        "Ervaring met reparatie en refurbishment",
        "De inschrijver heeft in de afgelopen [aantal jaren] jaar ten minste één opdracht uitgevoerd waarin "
        "ICT-apparatuur werd gerepareerd of gereviseerd voor hergebruik.",
        "Referentieopdracht met naam van de opdrachtgever en een contactpersoon.",
        cpv="302",
    ),
    _c(
        "GE-R8-01",
        GE,
        "R8",
        1,
        [],
        "Terugnamesysteem",
        "De inschrijver beschikt over een werkend systeem om geleverde producten aan het einde van het "
        "gebruik terug te nemen voor hergebruik of hoogwaardige recycling.",
        "Beschrijving van het terugnamesysteem en de verwerkers; eigen verklaring.",
    ),
    _c(
        "GE-R1-01",
        GE,
        "R1",
        2,
        [MEUBILAIR],
        "Ervaring met meubilair als dienst",
        "De inschrijver heeft ervaring met het leveren van meubilair als dienst, waarbij de inschrijver "
        "eigenaar blijft en het meubilair onderhoudt, herplaatst en terugneemt.",
        "Referentieopdracht van de afgelopen drie jaar.",
        questions=(Q_SHARE_CONTRACT,),
    ),
    _c(
        "SE-R2-01",
        SE,
        "R2",
        2,
        [],
        "Aanpak voor minder materiaal",
        "Beschrijf in maximaal [aantal pagina's] pagina's hoe u in eerdere opdrachten het materiaalgebruik van "
        "de opdrachtgever hebt verminderd, met de behaalde resultaten.",
        "Beschrijving, beoordeeld door een beoordelingscommissie.",
    ),
    _c(
        "SE-R3-01",
        SE,
        "R3",
        1,
        [MEUBILAIR, ICT],
        "Hergebruik in referentieopdrachten",
        "Toon aan dat in ten minste één referentieopdracht [percentage] % of meer van de geleverde producten "
        "hergebruikt of gereviseerd was.",
        "Referentieopdracht met leveringsoverzicht.",
    ),
    # --- Eisen (technische specificaties) --------------------------------------------------
    _c(
        "EIS-R0-01",
        EIS,
        "R0",
        1,
        [],
        "Functioneel specificeren",
        "De opdrachtnemer vult de behoefte in zoals beschreven in de functionele omschrijving. De oplossing "
        "mag bestaan uit diensten, hergebruik van bestaande middelen of minder producten; het aantal te "
        "leveren producten is geen doel op zich.",
        "Plan van aanpak bij de inschrijving.",
        questions=(Q_RETHINK,),
        legal=(
            "Voorbeeldtekst: een functionele specificatie vraagt duidelijke gunningscriteria; laat de jurist toetsen."
        ),
    ),
    _c(
        "EIS-R1-01",
        EIS,
        "R1",
        2,
        [ICT],
        "Pool van gedeelde apparaten",
        "De opdrachtnemer levert een gedeelde pool van apparaten voor [aantal] werkplekken, afgestemd op de "
        "gemeten bezetting, in plaats van één apparaat per medewerker.",
        "Bezettingsrapportage per kwartaal.",
        questions=(Q_SHARE,),
        cpv="302",
        kpi=("Bezettingsgraad gedeelde apparaten", "%", "hoger", ""),
    ),
    _c(
        "EIS-R2-01",
        EIS,
        "R2",
        2,
        [ICT],
        "Refurbished laptops",
        "Ten minste [percentage] % van de geleverde laptops is refurbished en werkt gelijkwaardig aan een "
        "nieuw apparaat, met dezelfde garantie.",
        "Leveringsoverzicht per kwartaal met serienummers en herkomst.",
        cpv="30213",
        questions=(Q_LESS_MATERIAL,),
        kpi=("Aandeel refurbished laptops", "%", "hoger", "percentage"),
    ),
    _c(
        "EIS-R2-02",
        EIS,
        "R2",
        1,
        [ICT],
        "Gegarandeerde gebruiksduur",
        "De opdrachtnemer garandeert een gebruiksduur van ten minste [aantal jaren] jaar per apparaat, inclusief "
        "beveiligingsupdates en beschikbaarheid van onderdelen.",
        "Garantieverklaring van de fabrikant en de opdrachtnemer.",
        cpv="302",
        kpi=("Gemiddelde gebruiksduur ICT-apparatuur", "jaar", "hoger", "aantal jaren"),
    ),
    _c(
        "EIS-R4-01",
        EIS,
        "R4",
        1,
        [ICT],
        "Repareerbaarheid",
        "Accu, toetsenbord en beeldscherm zijn met standaardgereedschap te vervangen; reserveonderdelen zijn "
        "ten minste [aantal jaren] jaar na levering beschikbaar.",
        "Technisch datablad en verklaring over de beschikbaarheid van onderdelen.",
        cpv="302",
        questions=(Q_MAINTENANCE,),
    ),
    _c(
        "EIS-R3-01",
        EIS,
        "R3",
        1,
        [MEUBILAIR],
        "Hergebruik van bestaand meubilair",
        "De opdrachtnemer inventariseert het bestaande meubilair en hergebruikt ten minste [percentage] % "
        "ervan, zo nodig na revisie, voordat nieuw meubilair wordt geleverd.",
        "Inventarisatie en hergebruikrapportage per oplevering.",
        kpi=("Aandeel hergebruikt meubilair", "%", "hoger", "percentage"),
    ),
    _c(
        "EIS-R2-03",
        EIS,
        "R2",
        1,
        [MEUBILAIR],
        "Modulair en demontabel meubilair",
        "Nieuw meubilair is modulair opgebouwd en zonder lijm demontabel, zodat onderdelen apart te vervangen "
        "en te hergebruiken zijn.",
        "Productinformatie met montagetekening.",
    ),
    _c(
        "EIS-R2-04",
        EIS,
        "R2",
        1,
        [CATERING],
        "Herbruikbaar servies",
        "In de bedrijfsrestaurants en bij vergaderingen gebruikt de opdrachtnemer uitsluitend herbruikbaar "
        "servies en bestek; wegwerpartikelen alleen op verzoek van de opdrachtgever.",
        "Maandrapportage van ingekochte wegwerpartikelen.",
        questions=(Q_LESS_MATERIAL,),
        kpi=("Aantal wegwerpartikelen per maand", "aantal", "lager", ""),
    ),
    _c(
        "EIS-R2-05",
        EIS,
        "R2",
        2,
        [CATERING],
        "Minder voedselverspilling",
        "De opdrachtnemer meet de voedselverspilling en brengt die binnen het eerste contractjaar terug tot "
        "hoogstens [gram per couvert] gram per couvert.",
        "Kwartaalrapportage van de gemeten verspilling.",
        kpi=("Voedselverspilling per couvert", "gram", "lager", "gram per couvert"),
    ),
    _c(
        "EIS-R2-06",
        EIS,
        "R2",
        1,
        [SCHOON],
        "Doseersystemen en concentraten",
        "De opdrachtnemer gebruikt schoonmaakmiddelen als concentraat met een doseersysteem, zodat het "
        "verbruik per vierkante meter ten minste [percentage] % lager is dan bij de huidige werkwijze.",
        "Verbruiksrapportage per kwartaal.",
        kpi=("Verbruik schoonmaakmiddel", "liter", "lager", ""),
    ),
    _c(
        "EIS-R2-07",
        EIS,
        "R2",
        1,
        [SCHOON],
        "Herbruikbare microvezeldoeken en mops",
        "De opdrachtnemer werkt met wasbare microvezeldoeken en mops in plaats van wegwerpdoekjes.",
        "Werkinstructie en inkoopoverzicht.",
    ),
    _c(
        "EIS-R1-02",
        EIS,
        "R1",
        2,
        [MOBILITEIT],
        "Deelauto's voor dienstreizen",
        "De opdrachtnemer levert een deelautosysteem met ten minste [aantal] voertuigen, te boeken door alle "
        "medewerkers, met een gemiddelde bezetting van ten minste [percentage] %.",
        "Maandrapportage van boekingen en bezetting.",
        questions=(Q_SHARE,),
        kpi=("Bezettingsgraad deelauto's", "%", "hoger", "percentage"),
    ),
    _c(
        "EIS-R0-02",
        EIS,
        "R0",
        2,
        [MOBILITEIT],
        "Mobiliteitsbudget in plaats van voertuigen",
        "De opdrachtnemer levert een mobiliteitsdienst waarin medewerkers reizen met openbaar vervoer, "
        "(deel)fiets en deelauto; het aantal eigen dienstvoertuigen daalt tot hoogstens [aantal].",
        "Jaaroverzicht van het wagenpark.",
        kpi=("Aantal eigen dienstvoertuigen", "aantal", "lager", "aantal"),
    ),
    # --- Gunningscriteria ------------------------------------------------------------------
    _c(
        "GC-R1-01",
        GC,
        "R1",
        2,
        [],
        "Plan voor delen en intensiever gebruik",
        "De inschrijver beschrijft hoe de oplossing zorgt voor delen en intensiever gebruik, met een "
        "onderbouwde schatting van het aantal producten dat daardoor niet nodig is.",
        "Plan van aanpak, beoordeeld door de beoordelingscommissie.",
        questions=(Q_SHARE,),
        legal="Voorbeeldtekst: maak de beoordelingsschaal vooraf bekend; laat de jurist toetsen.",
    ),
    _c(
        "GC-R2-01",
        GC,
        "R2",
        1,
        [ICT],
        "Aandeel refurbished boven het minimum",
        "Hoe hoger het aandeel refurbished apparaten boven het minimum van de eisen, hoe hoger de score: "
        "de maximale score bij [percentage] % of meer.",
        "Opgave in het inschrijvingsformulier; controle bij levering.",
        cpv="302",
    ),
    _c(
        "GC-R2-02",
        GC,
        "R2",
        1,
        [],
        "Circulaire prestatie met voldoende weging",
        "De circulaire prestatie van de inschrijving weegt voor ten minste [percentage] % mee in de "
        "gunning, zodat een hoge circulaire inschrijving meer kans maakt.",
        "Gunningssystematiek in de aanbestedingsleidraad.",
        legal="Voorbeeldtekst bij het uitgangspunt 'Geef circulariteit voldoende weging'; laat de jurist toetsen.",
    ),
    _c(
        "GC-R2-03",
        GC,
        "R2",
        2,
        [],
        "Groeipad op de R-ladder",
        "De inschrijver beschrijft hoe hij samen met de opdrachtgever gedurende het contract hoger op de "
        "R-ladder komt: welke stap in welk contractjaar, en hoe dat wordt gemeten.",
        "Groeipad in het plan van aanpak; jaarlijkse evaluatie.",
        questions=(Q_PHASED, Q_MONITORING),
    ),
    _c(
        "GC-R2-04",
        GC,
        "R2",
        1,
        [MEUBILAIR],
        "Levensduurverlenging van meubilair",
        "De inschrijver beschrijft hoe hij het meubilair tijdens het contract onderhoudt, repareert en "
        "herstoffeert, zodat de gebruiksduur ten minste [aantal jaren] jaar is.",
        "Onderhoudsplan, beoordeeld door de beoordelingscommissie.",
        questions=(Q_LIFETIME,),
    ),
    _c(
        "GC-R2-05",
        GC,
        "R2",
        1,
        [CATERING],
        "Plan tegen wegwerp en verspilling",
        "De inschrijver beschrijft hoe hij wegwerpartikelen en voedselverspilling vermindert, met "
        "meetbare doelen per contractjaar.",
        "Plan van aanpak; kwartaalrapportages.",
    ),
    _c(
        "GC-R1-02",
        GC,
        "R1",
        2,
        [MOBILITEIT],
        "Minder voertuigen door deelgebruik",
        "Hoe minder voertuigen de inschrijver nodig heeft om de gevraagde mobiliteit te leveren, hoe hoger de score.",
        "Opgave in het inschrijvingsformulier; controle in de maandrapportage.",
    ),
    _c(
        "GC-R8-01",
        GC,
        "R8",
        1,
        [SCHOON, CATERING],
        "Terugname en recycling van verpakkingen",
        "De inschrijver beschrijft hoe verpakkingen worden teruggenomen en hoogwaardig gerecycled.",
        "Plan van aanpak en verwerkingsbewijzen.",
    ),
    # --- Contractbepalingen ----------------------------------------------------------------
    _c(
        "CB-R0-01",
        CB,
        "R0",
        2,
        [],
        "Niet kopen als alternatief mogelijk is",
        "Bij elke nieuwe bestelling onder dit contract beoordelen opdrachtgever en opdrachtnemer eerst of de "
        "behoefte zonder nieuwe aankoop kan worden ingevuld.",
        "Verslag van de bestelafweging in de kwartaalrapportage.",
        questions=(Q_REFUSE_CONTRACT,),
    ),
    _c(
        "CB-R1-01",
        CB,
        "R1",
        3,
        [],
        "Product als dienst met eigendom bij de opdrachtnemer",
        "De opdrachtnemer blijft eigenaar van de geleverde producten en is verantwoordelijk voor onderhoud, "
        "herplaatsing en terugname; de opdrachtgever betaalt per gebruik of per periode.",
        "Contractrapportage per kwartaal.",
        questions=(Q_SHARE_CONTRACT,),
        legal="Voorbeeldtekst: eigendom en aansprakelijkheid vragen juridische uitwerking (CircuLaw).",
    ),
    _c(
        "CB-R2-01",
        CB,
        "R2",
        2,
        [],
        "Delen in de besparing bij minder inkopen",
        "Als de opdrachtgever tijdens het contract minder afneemt door hergebruik of intensiever gebruik, "
        "ontvangt de opdrachtnemer [percentage] % van de aantoonbare besparing.",
        "Jaarlijkse berekening van de besparing, door beide partijen vastgesteld.",
        questions=(Q_PHASED,),
        legal=(
            "Voorbeeldtekst bij de inspiratie 'laat de leverancier meedelen in de besparing'; laat de jurist toetsen."
        ),
    ),
    _c(
        "CB-R2-02",
        CB,
        "R2",
        2,
        [],
        "Gefaseerd minder inkopen",
        "De afgenomen hoeveelheid daalt elk contractjaar met ten minste [percentage] % ten opzichte van het "
        "eerste contractjaar, zonder verlies van functionaliteit.",
        "Jaarrapportage van de afgenomen hoeveelheden.",
        questions=(Q_PHASED,),
        kpi=("Daling van de afgenomen hoeveelheid", "%", "hoger", "percentage"),
    ),
    _c(
        "CB-R4-01",
        CB,
        "R4",
        1,
        [ICT, MEUBILAIR],
        "Reparatie voor vervanging",
        "Een defect product wordt gerepareerd, tenzij reparatie aantoonbaar niet mogelijk is; vervanging "
        "gebeurt bij voorkeur met een gereviseerd product.",
        "Reparatieregistratie in de kwartaalrapportage.",
        questions=(Q_LIFETIME,),
    ),
    _c(
        "CB-R8-01",
        CB,
        "R8",
        1,
        [],
        "Terugname aan het einde van de gebruiksduur",
        "De opdrachtnemer neemt de geleverde producten aan het einde van de gebruiksduur kosteloos terug en "
        "rapporteert per product of het is hergebruikt, gereviseerd of gerecycled.",
        "Terugnamebewijs en verwerkingsrapportage.",
        kpi=("Aandeel hergebruikt of gereviseerd na terugname", "%", "hoger", ""),
    ),
    _c(
        "CB-R2-03",
        CB,
        "R2",
        2,
        [],
        "Bonus bij het overtreffen van het circulaire doel",
        "Overtreft de opdrachtnemer het afgesproken circulaire doel met meer dan [percentage] %, dan ontvangt "
        "hij een bonus van [bedrag] euro per contractjaar.",
        "Jaarlijkse meting van het doel.",
        legal="Voorbeeldtekst (bonus/malus): leg meetmethode en peildatum vast; laat de jurist toetsen.",
    ),
    _c(
        "CB-R2-04",
        CB,
        "R2",
        2,
        [],
        "Malus bij het niet halen van het circulaire doel",
        "Haalt de opdrachtnemer het afgesproken circulaire doel niet, dan maakt hij binnen [aantal weken] weken "
        "een verbeterplan; bij herhaling volgt een korting van [percentage] % op de jaarvergoeding.",
        "Jaarlijkse meting en evaluatiegesprek.",
        legal="Voorbeeldtekst (sanctie): toets de proportionaliteit van de korting; laat de jurist toetsen.",
    ),
    _c(
        "CB-R2-05",
        CB,
        "R2",
        1,
        [],
        "Monitoring en rapportage van de R-strategie",
        "De opdrachtnemer rapporteert elk [aantal maanden] maanden welke R-strategie is toegepast en wat de "
        "resultaten zijn, in het format van de opdrachtgever.",
        "Rapportage via het leveranciersportaal.",
        questions=(Q_MONITORING,),
    ),
    _c(
        "CB-R1-02",
        CB,
        "R1",
        2,
        [MOBILITEIT, ICT],
        "Bijsturen op bezetting",
        "Ligt de gemeten bezetting twee kwartalen achter elkaar onder [percentage] %, dan stellen partijen "
        "samen het aantal producten bij.",
        "Kwartaalrapportage van de bezetting.",
    ),
]


def load() -> tuple[int, int]:
    """Add the starter criteria the base set lacks; returns (added, already there)."""
    from procurement.models import GuidingQuestion
    from rladder.models import RStrategy

    from .models import Criterion

    strategies = {s.code: s for s in RStrategy.objects.all()}
    questions = {q.key: q for q in GuidingQuestion.objects.all()}
    created = kept = 0
    with transaction.atomic():
        for entry in CRITERIA:
            kpi_name, kpi_unit, kpi_direction, kpi_variable = entry["kpi"] or ("", "", "", "")
            categories = entry["categories"]
            gpp = GPP.get(categories[0]) if len(categories) == 1 else None
            fields = {
                "title": entry["title"],
                "type": entry["type"],
                "strategy": strategies[entry["strategy"]],
                "ambition": entry["ambition"],
                "categories": "\n".join(categories),
                "cpv_codes": entry["cpv_codes"],
                "text": entry["text"],
                "evidence": entry["evidence"],
                "kpi_name": kpi_name,
                "kpi_unit": kpi_unit,
                "kpi_direction": kpi_direction,
                "kpi_variable": kpi_variable,
                "legal_note": entry["legal_note"],
                "source": SOURCE + (f". Zie ook: {gpp}" if gpp else ""),
                "source_url": GPP_URL if gpp else "",
                "licence": LICENCE,
                "is_example": True,
                "status": Criterion.Status.PUBLISHED,
            }
            if Criterion.objects.base().filter(code=entry["code"]).exists():
                kept += 1
                continue
            criterion = Criterion.objects.create(organisation=None, code=entry["code"], **fields)
            criterion.questions.set([questions[key] for key in entry["questions"] if key in questions])
            created += 1
    return created, kept
