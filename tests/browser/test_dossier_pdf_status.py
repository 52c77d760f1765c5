"""The stored dossier PDF: the status page while the worker makes it, then the download link (htmx)."""

from playwright.sync_api import expect

from organisations.scoping import unscoped_access
from procurement import dossier_pdfs
from procurement.models import DossierDocument
from tests.browser.conftest import assert_accessible, login


def test_the_status_page_polls_until_the_pdf_is_made(page, world, settings, monkeypatch):
    settings.TASK_WORKER = True
    monkeypatch.setattr("procurement.dossier.html_to_pdf", lambda html: b"%PDF-1.7 browser test")
    trajectory = world.review_trajectory_a
    login(page, "lezer", world.password)
    page.goto(f"/trajecten/{trajectory.pk}/dossier.pdf")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Het dossier wordt gemaakt…")
    expect(status.get_by_role("link", name="Ververs nu")).to_be_visible()
    assert_accessible(page)

    with unscoped_access():
        document = DossierDocument.objects.unscoped().get(trajectory_id=trajectory.pk)
    dossier_pdfs.make(document.pk)  # what the task worker does

    expect(status).to_contain_text("Het dossier is klaar.", timeout=10_000)
    link = status.get_by_role("link", name="Download als PDF (archiefversie)")
    expect(link).to_have_attribute("href", f"/trajecten/{trajectory.pk}/dossier.pdf")
    assert_accessible(page)
