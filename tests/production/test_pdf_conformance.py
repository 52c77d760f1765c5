"""Every kind of PDF the app publishes is archival and accessible: PDF/A-3a, tagged, with its metadata in order.

One checker (``check_archival_pdf``) opens a PDF with pikepdf, an independent
reader (qpdf), and checks what PDF/A and a screen reader need:

- the PDF/A identification in the XMP metadata (``pdfaid:part`` 3, ``pdfaid:conformance`` A);
- a structure tree (``/StructTreeRoot`` with content) and ``/MarkInfo /Marked true``;
- the document language (``/Lang``);
- XMP metadata that agrees with the document info: title, author (``dc:creator``),
  subject, creator tool, producer, creation and modification dates;
- a document ID (``/ID`` in the trailer);
- an output intent ``/GTS_PDFA1`` with an embedded ICC profile;
- every font embedded: all pages' resources, composite (Type0) fonts' descendants,
  and form XObjects inside them.

It runs on each kind of PDF: the dossier, the resultatenkaart and the annual report, in Dutch and
in English.
``test_every_module_that_makes_a_pdf_is_checked_here`` fails when code starts making
a new kind of PDF, so that it gets a check here too.
"""

import ast
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import Preference
from kpis import reports
from kpis.models import AnnualReport
from procurement.models import Answer, DossierDocument, Phase, Trajectory, TrajectoryEffect, TrajectoryMember
from tests.factories import complete_trajectory, decide, make_kpi, measure, start_trajectory

pytestmark = pytest.mark.django_db

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?")


def pdf_date(value: str) -> datetime.datetime:
    """A PDF date string (``D:20260301100000+01'00'``) as an aware datetime."""
    match = _PDF_DATE.fullmatch(value.strip())
    assert match, f"not a PDF date: {value!r}"
    year, month, day, hour, minute, second, zone = match.groups()
    offset = datetime.timedelta(0)
    if zone and zone != "Z":
        digits = zone.replace("'", "")
        offset = datetime.timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5]))
        offset = -offset if digits[0] == "-" else offset
    return datetime.datetime(
        int(year),
        int(month or 1),
        int(day or 1),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        tzinfo=datetime.timezone(offset),
    )


def xmp_date(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _fonts_of(resources, seen: set) -> dict[str, bool]:
    """Font name → embedded, for the fonts of ``resources`` and of the form XObjects in them."""
    found: dict[str, bool] = {}
    if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
        return found
    seen.add(resources.objgen)
    for font in (resources.get("/Font") or {}).values():
        if font.get("/Subtype") == "/Type3":
            found[str(font.get("/Name", "Type3"))] = True  # glyphs drawn by the PDF itself
            continue
        descendants = font.get("/DescendantFonts")
        for described in list(descendants) if descendants is not None else [font]:
            descriptor = described.get("/FontDescriptor")
            embedded = descriptor is not None and any(key in descriptor for key in FONT_FILES)
            found[str(described.get("/BaseFont", font.get("/BaseFont")))] = embedded
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            found.update(_fonts_of(xobject.get("/Resources"), seen))
    return found


def fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    found: dict[str, bool] = {}
    seen: set = set()
    for page in pdf.pages:
        found.update(_fonts_of(page.obj.get("/Resources"), seen))
    return found


def check_archival_pdf(data: bytes, *, title: str, author: str, lang: str = "nl") -> None:
    """Fail (AssertionError) unless ``data`` is a tagged PDF/A-3a with agreeing metadata and embedded fonts."""
    assert data.startswith(b"%PDF-"), data[:20]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert "/Metadata" in root, "no XMP metadata"
        xmp = pdf.open_metadata()
        # PDF/A identification
        assert xmp.get("pdfaid:part") == "3", xmp.get("pdfaid:part")
        assert xmp.get("pdfaid:conformance") == "A", xmp.get("pdfaid:conformance")
        # Tagged: a structure tree with content, and marked content
        assert "/StructTreeRoot" in root, "no structure tree"
        assert root.StructTreeRoot.get("/K") is not None, "an empty structure tree"
        assert "/MarkInfo" in root and bool(root.MarkInfo.get("/Marked")), "not /MarkInfo /Marked true"
        assert str(root.get("/Lang", "")) == lang, root.get("/Lang")
        # The document info and the XMP metadata say the same
        info = pdf.docinfo
        assert str(info.get("/Title", "")) == title, f"/Title {info.get('/Title')!r}"
        assert xmp.get("dc:title") == title, f"dc:title {xmp.get('dc:title')!r}"
        assert str(info.get("/Author", "")) == author, f"/Author {info.get('/Author')!r}"
        assert xmp.get("dc:creator") == [author], f"dc:creator {xmp.get('dc:creator')!r}"
        pairs = {"/Subject": "dc:description", "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer"}
        pairs |= {"/Keywords": "pdf:Keywords"}
        for key, name in pairs.items():
            assert (str(info[key]) if key in info else None) == xmp.get(name), (key, name)
        assert "/CreationDate" in info, "no creation date"
        for key, name in {"/CreationDate": "xmp:CreateDate", "/ModDate": "xmp:ModifyDate"}.items():
            if key in info or xmp.get(name) is not None:
                assert key in info and xmp.get(name) is not None, (key, name)
                assert pdf_date(str(info[key])) == xmp_date(xmp[name]), (key, name)
        # A document ID
        ids = pdf.trailer.get("/ID")
        assert ids is not None and len(ids) == 2 and all(len(bytes(i)) >= 16 for i in ids), "no document ID"
        # The output intent
        intents = list(root.get("/OutputIntents") or [])
        assert any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents), intents
        # Every font embedded
        used = fonts(pdf)
        assert used, "no fonts found"
        assert all(used.values()), {name: embedded for name, embedded in used.items() if not embedded}


# --- The checker fails on what is not archival --------------------------------------------

HTML = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title>'
    '<meta name="author" content="Gemeente Alfa"><meta name="dcterms.created" content="2026-03-01T10:00:00+01:00">'
    "</head><body><h1>Proef</h1><p>Tekst met € en é.</p></body></html>"
)


def test_the_checker_passes_the_apps_own_pdf_and_refuses_a_plain_one():
    from weasyprint import HTML as WeasyHTML

    from lib.pdf import write_pdf

    check_archival_pdf(write_pdf(HTML), title="Proef", author="Gemeente Alfa")
    with pytest.raises(AssertionError, match="pdfaid|XMP"):
        check_archival_pdf(WeasyHTML(string=HTML).write_pdf(), title="Proef", author="Gemeente Alfa")


def _changed_info(data: bytes, **info) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for key, value in info.items():
            pdf.docinfo[f"/{key}"] = value
        changed = io.BytesIO()
        pdf.save(changed)
    return changed.getvalue()


@pytest.mark.parametrize(
    "info, problem",
    [
        ({"Title": "Proef"}, None),
        ({"Title": "Een andere titel"}, "dc:title"),
        ({"CreationDate": "D:20250101000000Z"}, "CreationDate"),
    ],
)
def test_the_checker_notices_document_info_that_disagrees_with_the_xmp(info, problem):
    from lib.pdf import write_pdf

    changed = _changed_info(write_pdf(HTML), **info)
    if problem is None:
        check_archival_pdf(changed, title="Proef", author="Gemeente Alfa")
        return
    title = info.get("Title", "Proef")  # the info says this title; the XMP still says "Proef"
    with pytest.raises(AssertionError, match=problem):
        check_archival_pdf(changed, title=title, author="Gemeente Alfa")


def test_the_checker_finds_a_font_that_is_not_embedded():
    from lib.pdf import write_pdf

    with pikepdf.open(io.BytesIO(write_pdf(HTML))) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                for described in font.get("/DescendantFonts", [font]):
                    for key in FONT_FILES:
                        if key in described.FontDescriptor:
                            del described.FontDescriptor[key]
        changed = io.BytesIO()
        pdf.save(changed)
    with pytest.raises(AssertionError, match="False"):
        check_archival_pdf(changed.getvalue(), title="Proef", author="Gemeente Alfa")


# --- Each kind of PDF -----------------------------------------------------------------------


def test_the_dossier_is_archival_and_accessible(client, world):
    trajectory = complete_trajectory(
        world.org_a,
        "Laptops ’26 & meer",
        category=world.category_a,
        team={world.users["inkoper"]: TrajectoryMember.TeamRole.INKOPER},
    )
    client.force_login(world.users["lezer"])
    response = client.get(reverse("procurement:dossier_pdf", args=[trajectory.pk]))
    assert response.status_code == 200
    check_archival_pdf(
        b"".join(response.streaming_content), title="Dossier: Laptops ’26 & meer", author="Gemeente Alfa"
    )


def test_the_resultatenkaart_is_archival_and_accessible(client, world):
    refused = start_trajectory(world, title="Geen nieuwe printers", estimated_value=Decimal(25_000))
    decide(refused, world.users["inkoper"], r0="ja")
    year = timezone.now().year
    client.force_login(world.users["lezer"])
    response = client.get(reverse("learning:results_card_pdf"), {"jaar": year})
    assert response.status_code == 200
    check_archival_pdf(response.content, title=f"Resultatenkaart {year} – Gemeente Alfa", author="Gemeente Alfa")


def test_the_annual_report_is_archival_and_accessible(world):
    kpi = make_kpi(world.org_a, name="Totaal kilogrammen")
    measure(kpi, 2025, 850, note="Minder meubilair gekocht")
    avoided = Trajectory.objects.create(
        organisation=world.org_a,
        title="Geen nieuwe vergaderstoelen",
        description="-",
        status=Trajectory.Status.AVOIDED,
        avoided_spend=Decimal(48000),
        closed_at=timezone.make_aware(datetime.datetime(2025, 6, 1)),
        contract_start=datetime.date(2025, 1, 1),
        contract_end=datetime.date(2025, 12, 31),
    )
    TrajectoryEffect.objects.create(
        trajectory=avoided, term_years=Decimal(1), first_year=2025, planned_kg_material=Decimal(1500)
    )
    Answer.objects.create(
        trajectory=avoided,
        phase=Phase.objects.get(slug="intern-evalueren"),
        question_text="Wat hebben we geleerd?",
        question_kind="generiek",
        text="Vraag eerst naar de behoefte.",
        state=Answer.State.ANSWERED,
    )
    report = AnnualReport.objects.create(organisation=world.org_a, year=2025, requested_by=world.users["chef"])
    assert reports.generate(report.pk) == AnnualReport.Status.READY
    report.refresh_from_db()
    check_archival_pdf(report.read(), title="Jaarverslag 2025 – Gemeente Alfa", author="Gemeente Alfa")


# --- In English too ----------------------------------------------------------------------------


def _english(msgid: str, **values) -> str:
    with translation.override("en"):
        return gettext(msgid) % values


def test_an_english_dossier_is_archival_and_never_served_for_the_dutch_one(client, world):
    trajectory = complete_trajectory(
        world.org_a,
        "Laptops ’26 & meer",
        category=world.category_a,
        team={world.users["inkoper"]: TrajectoryMember.TeamRole.INKOPER},
    )
    Preference.objects.create(user=world.users["adviseur"], language="en")
    url = reverse("procurement:dossier_pdf", args=[trajectory.pk])
    client.force_login(world.users["lezer"])
    dutch = b"".join(client.get(url).streaming_content)
    check_archival_pdf(dutch, title="Dossier: Laptops ’26 & meer", author="Gemeente Alfa")
    client.force_login(world.users["adviseur"])
    english = b"".join(client.get(url).streaming_content)
    title = _english("Dossier: %(title)s", title="Laptops ’26 & meer")
    check_archival_pdf(english, title=title, author="Gemeente Alfa", lang="en")
    documents = {d.language: d for d in DossierDocument.objects.filter(trajectory=trajectory)}
    assert set(documents) == {"nl", "en"}
    assert documents["nl"].content_version != documents["en"].content_version
    assert "-en" in documents["en"].file and "-nl" in documents["nl"].file  # (storage may add a suffix)
    # Each is served from storage again, to each in their own language.
    assert b"".join(client.get(url).streaming_content) == english
    client.force_login(world.users["lezer"])
    assert b"".join(client.get(url).streaming_content) == dutch
    assert DossierDocument.objects.filter(trajectory=trajectory).count() == 2


def test_an_english_annual_report_and_resultatenkaart_are_archival(client, world):
    kpi = make_kpi(world.org_a, name="Totaal kilogrammen")
    measure(kpi, 2025, 850, note="Minder meubilair gekocht")
    report = AnnualReport.objects.create(
        organisation=world.org_a, year=2025, requested_by=world.users["chef"], language="en"
    )
    assert reports.generate(report.pk) == AnnualReport.Status.READY
    report.refresh_from_db()
    title = _english("Jaarverslag %(year)s – %(org)s", year=2025, org="Gemeente Alfa")
    assert title == "Annual report 2025 – Gemeente Alfa"
    check_archival_pdf(report.read(), title=title, author="Gemeente Alfa", lang="en")
    assert "-en" in report.file
    Preference.objects.create(user=world.users["lezer"], language="en")
    client.force_login(world.users["lezer"])
    year = timezone.now().year
    response = client.get(reverse("learning:results_card_pdf"), {"jaar": year})
    title = _english("Resultatenkaart %(year)s – %(org)s", year=year, org="Gemeente Alfa")
    check_archival_pdf(response.content, title=title, author="Gemeente Alfa", lang="en")


# --- No kind of PDF goes unchecked -----------------------------------------------------------

CHECKED_ABOVE = {"procurement/dossier.py", "learning/views.py", "kpis/reports.py"}


def _imports(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def test_every_module_that_makes_a_pdf_is_checked_here():
    """Only the pdf module uses WeasyPrint; the modules that call its write_pdf are exactly the ones above."""
    base = Path(settings.BASE_DIR)
    makers, weasy = set(), set()
    packages = [p.parent for p in base.glob("*/__init__.py") if p.parent.name not in {"tests", "bench"}]
    assert {"lib", "procurement", "kpis"} <= {p.name for p in packages}
    for package in packages:
        for path in package.rglob("*.py"):
            imports = _imports(ast.parse(path.read_text(encoding="utf-8")))
            relative = path.relative_to(base).as_posix()
            if any(name == "weasyprint" or name.startswith("weasyprint.") for name in imports):
                weasy.add(relative)
            if any(name.endswith("pdf.write_pdf") for name in imports):
                makers.add(relative)
    assert weasy == {"lib/pdf.py"}, "make every PDF through lib.pdf.write_pdf"
    assert makers == CHECKED_ABOVE, "a new kind of PDF: add a test with check_archival_pdf for it"
