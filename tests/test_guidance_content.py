"""The guidance fixture, loaded by ``load_guidance``, holds the complete seed document.

The expected numbers and texts below are taken from the seed document
(/work/shared/seed/handvatten-circulair-inkopen-hoogste-r-strategieen.md),
not from the fixture, so a lost or garbled item in the fixture shows up here.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from organisations.models import (
    Benefit,
    GuidanceText,
    MenuIngredient,
    PrincipleItem,
    PrinciplePage,
    PrincipleSection,
)
from procurement.models import AttentionPoint, GuidingQuestion, Inspiration, Phase, Tip, ToolLink
from rladder.models import KpiExample, RStrategy

pytestmark = pytest.mark.django_db

GUIDANCE_MODELS = [
    GuidanceText,
    Benefit,
    PrinciplePage,
    PrincipleSection,
    PrincipleItem,
    MenuIngredient,
    RStrategy,
    KpiExample,
    Phase,
    AttentionPoint,
    ToolLink,
    GuidingQuestion,
    GuidingQuestion.strategies.through,
    Tip,
    Inspiration,
]

# slug: (title, attention points, tools, generiek questions, hoogste_r questions, tips, inspirations)
PHASES = {
    "startoverleg": ("Startoverleg", 4, 4, 2, 5, 1, 1),
    "circulaire-marktverkenning": ("Circulaire marktverkenning", 2, 5, 0, 4, 0, 2),
    "doelen-en-kpis-in-contracten": ("Doelen en KPI's in contracten", 2, 5, 2, 1, 0, 3),
    "circulair-aanbesteden": ("Circulair aanbesteden", 4, 3, 2, 4, 0, 3),
    "partnerschappen-ontwikkelen": ("Partnerschappen ontwikkelen", 2, 1, 4, 1, 0, 6),
    "intern-evalueren": ("Intern evalueren", 1, 1, 4, 1, 0, 2),
}

# slug: (title, [(section heading, section kind, number of items), ...])
PRINCIPLES = {
    "de-chef-en-draagvlak": (
        "De chef en draagvlak",
        [("De Chef circulair", "lijst", 3), ("Draagvlak: zorg voor 'rugdekking'", "lijst", 3)],
    ),
    "intern-draagvlak-creeren": (
        "Intern draagvlak creëren",
        [
            ("AIDA", "lijst", 0),
            ("Attention", "lijst", 3),
            ("Interest: de start van het gesprek", "lijst", 3),
            ("Desire: zorg dat ze mee willen doen", "lijst", 2),
            ("Action: maak het zo makkelijk mogelijk om mee te doen", "lijst", 2),
        ],
    ),
    "productstrategieen-maken": ("Productstrategieën maken", [("", "lijst", 8), ("", "tabel", 3)]),
    "opstellen-van-kpis": (
        "Opstellen van KPI's",
        [
            ("", "lijst", 4),
            ("Voorbeelden van KPI's per R-strategie", "tabel", 3),
            ("", "lijst", 3),
            ("Verder ter inspiratie", "lijst", 1),
        ],
    ),
    "rapporteren-monitoren-bijsturen": ("Rapporteren, monitoren, bijsturen", [("", "lijst", 8)]),
}


def load(*args):
    call_command("load_guidance", *args, stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def guidance():
    load()


def snapshot():
    return {model: set(model.objects.values_list("pk", flat=True)) for model in GUIDANCE_MODELS}


# --- Phases -----------------------------------------------------------------


def test_the_six_phases_in_order(guidance):
    assert list(Phase.objects.order_by("order").values_list("slug", "title_nl")) == [
        (slug, counts[0]) for slug, counts in PHASES.items()
    ]
    assert list(Phase.objects.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("slug", list(PHASES))
def test_phase_item_counts(guidance, slug):
    _title, attention, tools, generic, highest, tips, inspirations = PHASES[slug]
    phase = Phase.objects.get(slug=slug)
    assert phase.attention_points.count() == attention
    assert phase.tools.count() == tools
    assert phase.questions.filter(kind=GuidingQuestion.Kind.GENERIC).count() == generic
    assert phase.questions.filter(kind=GuidingQuestion.Kind.HIGHEST_R).count() == highest
    assert phase.tips.count() == tips
    assert phase.inspirations.count() == inspirations


def test_phase_totals(guidance):
    assert AttentionPoint.objects.count() == 15
    assert ToolLink.objects.count() == 19
    assert GuidingQuestion.objects.generic().count() == 14
    assert GuidingQuestion.objects.highest().count() == 16
    assert Tip.objects.count() == 1
    assert Inspiration.objects.count() == 17


def test_startoverleg_texts(guidance):
    phase = Phase.objects.get(slug="startoverleg")
    assert phase.goal.startswith("Het voeren van een goed gesprek om vast te stellen of er ook niet, anders of minder")
    assert "Streven is om – al dan niet via een groeimodel- zo hoog mogelijk op de R ladder uit te komen." in phase.goal
    assert phase.stakeholders == (
        "In ieder geval de interne opdrachtgever, inkoper, contractmanager en chef circulair."
    )
    last = phase.attention_points.order_by("order").last()
    assert last.text == (
        "Vraag eerst goed uit wat de prioriteiten en behoeften van je collega's zijn. Sluit hierbij aan in de "
        "rest van het gesprek en het proces. Hoe je dit doet vind je hier bij De Verschilmakers."
    )
    assert last.url == ""
    assert list(phase.tools.order_by("order").values_list("title_nl", flat=True)) == [
        "Leidende principes circulaire inkoop",
        "Impact Kompas",
        "Ambitieweb",
        "R-ladder",
    ]
    assert set(phase.tools.values_list("url", flat=True)) == {""}
    tip = phase.tips.get()
    assert tip.text.startswith("Tip: dicht bij klantperspectief én prioriteiten blijven, veel vragen stellen (LSD)")
    assert not phase.questions.filter(text_nl__contains="klantperspectief").exists()
    assert phase.inspirations.get().text == "Aanbesteding Rotterdam Eten en Drinken"


def test_marktverkenning_texts(guidance):
    phase = Phase.objects.get(slug="circulaire-marktverkenning")
    assert phase.stakeholders == (
        "De inkoper, contractmanager en chef circulair. Daarnaast eventueel andere aanbestedende diensten en "
        "marktpartijen."
    )
    assert phase.attention_points.filter(
        text_nl="Voer niet alleen verkennende gesprekken met de ‘standaard’ marktpartijen, maar nodig ook partijen "
        "uit die je behoefte op een andere manier kunnen invullen."
    ).exists()
    assert list(phase.tools.order_by("order").values_list("title_nl", flat=True)) == [
        "Marktconsultatie",
        "Marktreferentiestrategie",
        "Wegwijzer MVO!",
        "Certified Products - Cradle to Cradle Products Innovation Institute",
        "Circulartracker.eu",
    ]
    assert phase.questions.filter(
        text_nl="Hoe kunnen producten worden herontworpen zodat ze op een andere manier voldoen aan de behoefte. "
        "(R1 - Rethink)"
    ).exists()
    assert phase.inspirations.filter(
        text_nl="Open marktdialoog met leveranciers – om aanbod, capaciteit en innovatievragen te verkennen."
    ).exists()


def test_doelen_en_kpis_texts(guidance):
    phase = Phase.objects.get(slug="doelen-en-kpis-in-contracten")
    assert phase.goal == (
        "Zorgen dat de hoogste R-strategieën niet bij ambities en beloften blijven, maar dat er ook echt op "
        "gestuurd kan worden in het contract."
    )
    assert phase.questions.filter(
        kind="generiek", text_nl="Wat staat er in de aanbidding als circulaire oplossing? Zijn deze meetbaar?"
    ).exists()
    assert phase.tools.filter(title_nl="Wegwijzer MVOI").exists()
    assert phase.inspirations.order_by("order").first().text == (
        "NAMI inspiratiekit met 9 voorbeelden op de hoogste R-strategieën"
    )


def test_circulair_aanbesteden_texts(guidance):
    phase = Phase.objects.get(slug="circulair-aanbesteden")
    assert phase.goal == "Door middel van de aanbesteding hoger scoren op de R-ladder."
    assert phase.attention_points.filter(
        text_nl="Geef circulariteit voldoende weging. Zodat partijen met een hoge circulaire aanbidding meer kans "
        "maken om de aanbesteding gegund te krijgen."
    ).exists()
    assert phase.tools.filter(title_nl="CircuLaw geeft juridische handvatten voor circulair aanbesteden").exists()
    assert phase.inspirations.filter(
        text_nl="Circulaire inkoop in de Provincie Zeeland: ‘Als inkoper heb je invloed. Jij bepaalt de vraag en "
        "daarmee de richting.’ - Platform Circulair Inkopen",
        url="",
    ).exists()


def test_partnerschappen_texts(guidance):
    phase = Phase.objects.get(slug="partnerschappen-ontwikkelen")
    assert phase.attention_points.filter(
        text_nl__startswith="Doelen zijn mogen flexibel zijn. Stel ze bij waar nodig."
    ).exists()
    assert phase.tools.get().title == "Eventueel Innovatiepartnerschap"
    url = "https://www.inkoperscafe.nl/hoe-ga-je-een-goed-partnerschap-aan-met-je-leveranciers"
    assert phase.inspirations.filter(text_nl=url, url=url).exists()
    assert phase.inspirations.filter(
        text_nl="Innovatiepartnerschap in praktijk: Circulaire schoolgebouwen Amsterdam | PIANOo - Expertisecentrum "
        "Aanbesteden",
        url="",
    ).exists()
    # "Hulpvragen generiek (vervolg)" continues the numbering of "Hulpvragen generiek".
    generic = phase.questions.filter(kind="generiek").order_by("order")
    assert list(generic.values_list("order", flat=True)) == [1, 2, 3, 4]
    assert generic.last().text == (
        "Wordt samen met leverancier monitoring/rapportage afgesproken over welke R-strategie uiteindelijk is "
        "toegepast en wat de resultaten zijn?"
    )


def test_intern_evalueren_texts(guidance):
    phase = Phase.objects.get(slug="intern-evalueren")
    assert phase.stakeholders == (
        "Interne opdrachtgever, contractmanager, duurzaamheidsadviseurs, gebruikers en chef circulair."
    )
    assert phase.tools.get().title == "MVI-zelfevaluatietool"
    assert phase.questions.get(kind="hoogste_r").text == (
        "Welke zaken kunnen niet, anders of minder in het volgende contract?"
    )
    assert phase.inspirations.filter(text_nl="Ga na of alles wat geleverd wordt ook écht nodig is.").exists()


def test_no_markdown_left_in_phase_content(guidance):
    texts = [
        *AttentionPoint.objects.values_list("text_nl", flat=True),
        *ToolLink.objects.values_list("title_nl", flat=True),
        *GuidingQuestion.objects.values_list("text_nl", flat=True),
        *Tip.objects.values_list("text_nl", flat=True),
        *Inspiration.objects.values_list("text_nl", flat=True),
    ]
    for text in texts:
        for marker in ("**", "](", "🔗", "<b>", "<http"):
            assert marker not in text, text


# --- Question strategies ----------------------------------------------------


def codes(question):
    return sorted(question.strategies.values_list("code", flat=True))


def test_question_strategies(guidance):
    refuse = GuidingQuestion.objects.get(
        phase__slug="startoverleg",
        text_nl="Kunnen we de inkoopvraag zó formuleren dat we complete inkoop van een product of grondstof niet "
        "hoeven doen (R0 – Refuse)?",
    )
    assert refuse.kind == "hoogste_r"
    assert codes(refuse) == ["R0"]

    lifetime = GuidingQuestion.objects.get(
        phase__slug="partnerschappen-ontwikkelen", text_nl__contains="levensduurverlenging"
    )
    assert (
        lifetime.text
        == "Zijn afspraken gemaakt over levensduurverlenging, onderhoud, reparatie (R2 Reduce, -R4 - Repair)?"
    )
    assert lifetime.kind == "generiek"
    assert codes(lifetime) == ["R2", "R4"]

    untagged = GuidingQuestion.objects.get(
        phase__slug="startoverleg",
        text_nl="Hebben we helder wat onze ambitie is qua circulariteitsniveau "
        "(welke R-strategie we willen nastreven)?",
    )
    assert codes(untagged) == []


def test_question_strategy_totals(guidance):
    tagged = {
        code: GuidingQuestion.objects.filter(strategies__code=code).count() for code in ("R0", "R1", "R2", "R3", "R4")
    }
    assert tagged == {"R0": 2, "R1": 6, "R2": 7, "R3": 0, "R4": 1}
    assert GuidingQuestion.objects.filter(strategies__isnull=True).count() == 15


# --- Principles, menu, benefits, texts --------------------------------------


def test_principle_pages_and_sections(guidance):
    assert list(PrinciplePage.objects.order_by("order").values_list("slug", flat=True)) == list(PRINCIPLES)
    for slug, (title, sections) in PRINCIPLES.items():
        page = PrinciplePage.objects.get(slug=slug)
        assert page.title == title
        actual = [(section.heading, section.kind, section.items.count()) for section in page.sections.order_by("order")]
        assert actual == sections, slug


def test_principle_texts(guidance):
    assert PrincipleItem.objects.filter(
        section__page__slug="de-chef-en-draagvlak",
        text_nl="Wijs een persoon aan met aantoonbare ervaring op het gebied van de circulaire economie en (publieke) "
        "inkoop.",
    ).exists()

    page = PrinciplePage.objects.get(slug="intern-draagvlak-creeren")
    assert page.intro == (
        "Begin met interesse bij je gesprekspartner: wat zijn uitdagingen waar hij/zij tegenaan loopt? Wat zijn "
        "diens prioriteiten? Aan welke oplossingen denkt hij/zij? Etc."
    )
    assert PrincipleItem.objects.filter(
        section__page=page,
        section__heading_nl="Attention",
        text_nl="Koppel circulariteit aan bestaande organisatiedoelen.",
    ).exists()

    assert PrincipleItem.objects.filter(
        section__page__slug="productstrategieen-maken",
        text_nl="Je kan ook kijken naar de Kraljic-matrix en welk niveau van circulariteit je mag verlangen: "
        "Introducing the circular assessment of suppliers (CAoS) tool: A Kraljic matrix-based tool to facilitate "
        "circular procurement in private organizations -",
    ).exists()
    row = PrincipleItem.objects.get(section__page__slug="productstrategieen-maken", label_nl="R0 REFUSE")
    assert row.section.kind == "tabel"
    assert row.title == "Product overbodig maken"
    assert row.text == "Door van zijn functie af te zien, of die met een radicaal ander product te leveren"

    assert PrincipleItem.objects.filter(
        section__page__slug="opstellen-van-kpis",
        label_nl="R1 RETHINK",
        text_nl="Percentage van de gebruikte tijd van een product. Aantal gebruikers per uur/dag/maand",
    ).exists()
    assert PrincipleItem.objects.filter(
        section__page__slug="opstellen-van-kpis",
        section__heading_nl="Verder ter inspiratie",
        text_nl="Handreiking monitoring MVOI - indicatoren en procesvragen - CE Delft",
    ).exists()

    assert PrincipleItem.objects.filter(
        section__page__slug="rapporteren-monitoren-bijsturen", text_nl="Deel de successen en resultaten!"
    ).exists()


def test_menu_ingredients(guidance):
    assert list(MenuIngredient.objects.order_by("order").values_list("slug", "principle__slug")) == [
        ("bestuurlijke-rugdekking", "de-chef-en-draagvlak"),
        ("draagvlak", "intern-draagvlak-creeren"),
        ("productstrategieen", "productstrategieen-maken"),
        ("hoogste-r-standaard", "intern-draagvlak-creeren"),
        ("organisatiebrede-kpis", "opstellen-van-kpis"),
        ("monitoren-en-bijsturen", "rapporteren-monitoren-bijsturen"),
    ]
    ingredient = MenuIngredient.objects.get(slug="organisatiebrede-kpis")
    assert ingredient.title == "Stel organisatiebrede KPI's op"
    assert ingredient.explanation == (
        "Formuleer SMART KPI's die sturen op vermindering van materiaalgebruik per afdeling én voor de hele "
        "organisatie."
    )


def test_benefits(guidance):
    assert sorted(Benefit.objects.values_list("kind", flat=True)) == [
        "financieel",
        "maatschappelijk",
        "strategisch",
        "strategisch",
    ]
    assert Benefit.objects.filter(
        kind="strategisch",
        text_nl="Leveringszekerheid van grondstoffen: als je niet inkoop, ben je ook niet afhankelijk van "
        "grondstoffenketens.",
    ).exists()
    assert Benefit.objects.get(kind="financieel").text == (
        "Door niet of minder in te kopen bespaar je geld (zie hier 10 voorbeelden en nog meer info hier)."
    )


def test_guidance_texts(guidance):
    texts = {text.key: text for text in GuidanceText.objects.all()}
    for key in (
        "document-title",
        "document-subtitle",
        "document-source",
        "intro",
        "intro-kwartiermakers",
        "intro-team",
        "meer-informatie",
        "benefits-bron",
        "benefits-bron-overshoot",
        "menu-subtitle",
        "menu-ingredients-heading",
    ):
        assert key in texts
    assert "PIANOO/ Versnellingsnetwerk Circulair Inkopen" in texts["document-source"].body
    assert "Pieter van Meijeren" in texts["document-source"].body
    assert texts["intro"].body.startswith("Dit document is voor jou als je aan de slag wil met circulair inkopen")
    assert texts["meer-informatie"].url == "https://ikwilcirculairinkopen.nl"
    assert "Hét platform dat je verder helpt." in texts["meer-informatie"].body
    assert "Vernellingsnetwerk Circulair Inkopen" in texts["benefits-bron"].body
    assert texts["benefits-bron"].url == ""
    assert texts["benefits-bron-overshoot"].body == "Bron: Country Overshoot Days, Global Footprint Network, 2025"
    assert texts["menu-subtitle"].body == (
        "Een overzicht van handvatten voor circulair inkopen binnen de hoogste R-strategieën"
    )
    assert "Basingrediëntenlijst voor circulair succes" in (
        texts["menu-ingredients-heading"].title + texts["menu-ingredients-heading"].body
    )


# --- R-ladder and KPI examples ----------------------------------------------


def test_r_ladder(guidance):
    strategies = list(RStrategy.objects.order_by("number"))
    assert [s.code for s in strategies] == [f"R{n}" for n in range(10)]
    assert [s.name_en for s in strategies] == [
        "Refuse",
        "Rethink",
        "Reduce",
        "Re-use",
        "Repair",
        "Refurbish",
        "Remanufacture",
        "Repurpose",
        "Recycle",
        "Recover",
    ]
    by_code = {s.code: s for s in strategies}
    assert all(by_code[code].is_highest for code in ("R0", "R1", "R2"))
    assert not by_code["R3"].is_highest
    assert [s.code for s in RStrategy.objects.highest()] == ["R0", "R1", "R2"]
    assert by_code["R0"].summary == "Product overbodig maken"
    assert (
        by_code["R0"].definition == "Door van zijn functie af te zien, of die met een radicaal ander product te leveren"
    )
    assert by_code["R2"].summary == "Product efficiënter fabriceren"
    assert by_code["R3"].definition == (
        "Hergebruik van afgedankt, nog goed product in zijn oorspronkelijke functie door een andere gebruiker"
    )
    assert [s.group for s in strategies] == ["slimmer"] * 3 + ["levensduur"] * 5 + ["nuttig"] * 2
    assert [s.six_step_code for s in strategies] == ["R1", "R1", "R2", "R3", "R4", "R4", "R4", "R4", "R5", "R6"]


def test_kpi_examples(guidance):
    assert list(KpiExample.objects.values_list("strategy__code", "text_nl")) == [
        ("R0", "Aantal ingekochte leveringen en werken"),
        ("R1", "Percentage van de gebruikte tijd van een product"),
        ("R1", "Aantal gebruikers per uur/dag/maand"),
        ("R2", "Hoeveelheid grondstoffen (per stuk)"),
    ]


# --- Loading twice ----------------------------------------------------------


def test_forced_reload_keeps_rows_and_primary_keys(guidance):
    before = snapshot()
    counts_before = {model: model.objects.count() for model in GUIDANCE_MODELS}
    assert all(counts_before[model] for model in GUIDANCE_MODELS)
    load("--force")
    assert {model: model.objects.count() for model in GUIDANCE_MODELS} == counts_before
    assert snapshot() == before


def test_unchanged_reload_keeps_rows_and_primary_keys(guidance):
    before = snapshot()
    load()
    assert snapshot() == before
