"""The dossier PDF: every answer and question as asked, metadata, page count, the archival variant."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from procurement.dossier import pdf_filename, render_pdf
from procurement.models import Answer, Comment, TrajectoryMember
from tests.factories import complete_trajectory


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def trajectory(world):
    def text(question):
        return f"Antwoord {question.pk}: wij kozen bewust voor minder materiaal en een pool per afdeling."

    trajectory = complete_trajectory(
        world.org_a,
        "Laptops ’26 & meer <test>",
        category=world.category_a,
        department=world.department_a,
        team={
            world.users["inkoper"]: TrajectoryMember.TeamRole.INKOPER,
            world.users["contractmanager"]: TrajectoryMember.TeamRole.CONTRACTMANAGER,
        },
        answer_text=text,
    )
    record = trajectory.phases.get(phase__order=1)
    answer = trajectory.answers.filter(phase__order=1).first()
    Comment.objects.create(
        trajectory=trajectory,
        phase_record=record,
        answer=answer,
        author=world.users["chef"],
        body="Graag de KPI noemen.",
    )
    return trajectory


@pytest.fixture
def pdf(trajectory):
    return PdfReader(io.BytesIO(render_pdf(trajectory)))


def pdf_text(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_every_answer_and_the_questions_as_asked(trajectory, pdf):
    # Change the guidance afterwards: the dossier keeps the question as it was asked.
    first = trajectory.answers.select_related("question").first()
    first.question.text = "Een later herschreven vraag"
    first.question.save()
    reader = PdfReader(io.BytesIO(render_pdf(trajectory)))
    text = normalise(pdf_text(reader))
    for answer in trajectory.answers.all():
        assert normalise(answer.text) in text, answer.question_text
        assert normalise(answer.question_text) in text
    assert normalise("Een later herschreven vraag") not in text
    assert normalise("Graag de KPI noemen.") in text
    assert normalise(f"Pagina 1 van {len(reader.pages)}") in text
    assert normalise(f"Pagina {len(reader.pages)} van {len(reader.pages)}") in text


def test_the_pdf_has_a_cover_toc_and_dutch_formatting(pdf):
    text = normalise(pdf_text(pdf))
    cover = normalise(pdf.pages[0].extract_text())
    assert normalise("Laptops ’26 & meer <test>") in cover
    assert normalise("Gemeente Alfa") in cover
    assert normalise("ICT-hardware") in cover
    assert normalise("€ 1.250.000,50") in cover
    assert normalise("1 maart 2026 – 28 februari 2030") in cover
    assert normalise("Inkoper") in cover
    toc = normalise(pdf.pages[1].extract_text())
    assert "Inhoud" in toc
    assert re.search(r"Fase1:Startoverleg\.*\d+", toc)
    assert normalise("R-besluit") in text


def test_the_pdf_has_metadata_and_is_tagged_pdf_a_with_embedded_fonts(pdf, trajectory):
    info = pdf.metadata
    assert info.title == "Dossier: Laptops ’26 & meer <test>"
    assert info.author == "Gemeente Alfa"
    assert "inkooptraject" in info.subject
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(=\"|>)3", xmp) and re.search(r"pdfaid:conformance(=\"|>)A", xmp)
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[font["/BaseFont"]] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    # cover, contents, summary … and a page per phase
    assert len(pdf.pages) >= 9


def test_special_characters_long_words_rtl_emoji_and_empty_answers_render(world):
    samples = [
        "Ünïcödé “quotes” & <tags> — € 12,50",
        "Woord" * 120,
        "هذا نص عربي من اليمين إلى اليسار",
        "Circulair 🌍♻️ ingekocht",
        "",
    ]
    texts = iter(samples * 50)
    trajectory = complete_trajectory(world.org_a, "Bijzondere tekens", answer_text=lambda q: next(texts))
    reader = PdfReader(io.BytesIO(render_pdf(trajectory)))
    text = normalise(pdf_text(reader))
    assert normalise("Ünïcödé “quotes” & <tags> — € 12,50") in text
    assert "Nietbeantwoord" in text
    assert ("Woord" * 120) in text  # wrapped without hyphens or loss, not cut off
    assert "Circulair" in text and "ingekocht" in text
    assert "هذا" in pdf_text(reader)
    assert trajectory.answers.filter(state=Answer.State.OPEN).exists()


def test_characters_without_a_font_are_written_as_code_points_keeping_the_text_layer():
    from lib.pdf import _font_coverage, replace_missing_glyphs

    if _font_coverage() is None:
        pytest.skip("fontconfig (fc-list) is not available")
    assert replace_missing_glyphs("Wereld \U0010fffd é") == "Wereld [U+10FFFD] é"


def test_the_pdf_download_is_named_after_the_slug_and_date(client, world, trajectory):
    client.force_login(world.users["lezer"])
    response = client.get(reverse("procurement:dossier_pdf", args=[trajectory.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{pdf_filename(trajectory)}"'
    assert re.fullmatch(r"dossier-laptops-26-meer-test-\d{4}-\d{2}-\d{2}\.pdf", pdf_filename(trajectory))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # streamed from storage
