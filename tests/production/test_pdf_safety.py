"""PDFs fetch nothing but the app's static files; dossier PDFs are limited per user per minute."""

import base64
import http.server
import io
import threading

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from accounts import security
from kpis.models import AnnualReport
from lib import pdf as pdf_module
from lib.pdf import RefusedURL, static_path, url_fetcher, write_pdf
from procurement.models import TrajectoryMember
from tests.factories import complete_trajectory

# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def site(path: str) -> str:
    return settings.SITE_URL + path


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:1/x",
        "https://example.org/static/css/app.css",  # another host, even with a static path
        "ftp://example.org/x",
        "/etc/passwd",
        "../../etc/passwd",
        "http://127.0.0.1:8000/etc/passwd",  # this site, but not a static file
        "http://127.0.0.1:8000/static/../chefcirculair/settings.py",
        "http://127.0.0.1:8000/static/%2e%2e/chefcirculair/settings.py",
        "http://127.0.0.1:8000/static/css/..%2f..%2fmanage.py",
        "http://127.0.0.1:8000/static//etc/passwd",
        "http://127.0.0.1:8000/static/css%5c..%5c..%5cmanage.py",
        "http://127.0.0.1:8000/static/bestaat-niet.css",
        "http://127.0.0.1:8000/static/",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with override_settings(SITE_URL="http://127.0.0.1:8000"), pytest.raises(RefusedURL):
        url_fetcher().fetch(url)


def test_the_fetcher_serves_static_files_and_data_uris():
    css = url_fetcher().fetch(site("/static/css/app.css"))
    assert css.read() == (settings.BASE_DIR / "static" / "css" / "app.css").read_bytes()
    assert css.content_type == "text/css"
    assert url_fetcher().fetch("data:text/plain;base64,aGFsbG8=").read() == b"hallo"
    assert static_path(site("/static/favicon.svg")) == settings.BASE_DIR / "static" / "favicon.svg"


def test_the_fetcher_reads_collected_files_from_static_root_only_inside_it(tmp_path):
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "alleen-verzameld.css").write_text("p { color: red }")
    (tmp_path / "geheim.txt").write_text("geheim")
    with override_settings(STATIC_ROOT=tmp_path / "root"):
        assert static_path(site("/static/alleen-verzameld.css")).read_text() == "p { color: red }"
        with pytest.raises(RefusedURL):
            static_path(site("/static/%2E%2E/geheim.txt"))


def images_in(pdf: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_pdf_does_not_embed_a_local_file(tmp_path):
    image = tmp_path / "image.png"
    image.write_bytes(PNG)
    html = f'<p>Tekst</p><img src="file://{image}"><img src="{image}">'
    assert images_in(write_pdf(html)) == 0
    # The same document with a data: URI does show the image: the check above can see one.
    data_uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert images_in(write_pdf(f'<p>Tekst</p><img src="{data_uri}">')) == 1


@pytest.fixture
def local_server():
    """An HTTP server on the loopback that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_a_pdf_does_not_fetch_urls_on_the_network(local_server):
    base, hits = local_server
    html = f'<link rel="stylesheet" href="{base}/style.css"><p>Tekst</p><img src="{base}/x.png">'
    pdf = write_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert hits == []
    assert images_in(pdf) == 0


@pytest.mark.django_db
def test_a_dossier_with_urls_in_user_text_renders_and_fetches_nothing(client, world, local_server, monkeypatch):
    base, hits = local_server
    fetched = []
    real = pdf_module.url_fetcher

    def recording_fetcher():
        fetcher = real()
        original = fetcher.fetch

        def fetch(url, headers=None):
            fetched.append(url)
            return original(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(pdf_module, "url_fetcher", recording_fetcher)
    payload = f'<img src="file:///etc/passwd"> <img src="{base}/x"> <link rel="stylesheet" href="http://127.0.0.1:1/x">'
    trajectory = complete_trajectory(
        world.org_a,
        f"Laptops {payload}",
        category=world.category_a,
        department=world.department_a,
        team={world.users["inkoper"]: TrajectoryMember.TeamRole.INKOPER},
        answer_text=lambda question: f"Antwoord {payload}",
    )
    client.force_login(world.users["inkoper"])
    response = client.get(reverse("procurement:dossier_pdf", args=[trajectory.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    assert "file:///etc/passwd" in text  # the user's text, shown as text
    assert hits == []
    assert all(url.startswith("data:") or "/static/" in url for url in fetched), fetched


# --- Per-user limit on synchronous PDFs -----------------------------------------------


@pytest.fixture
def cheap_pdfs(monkeypatch):
    """The limit is about requests, not about WeasyPrint: skip the second of CPU per PDF."""
    monkeypatch.setattr("procurement.dossier.html_to_pdf", lambda html: b"%PDF-1.7 test")
    monkeypatch.setattr(security, "_clock", lambda: 1_800_000_010.0)


def _change(trajectory, n):
    """A new content version of the dossier: its PDF must be made again."""
    trajectory.description = f"Versie {n}"
    trajectory.save()


@pytest.mark.django_db
def test_the_seventh_dossier_pdf_made_in_a_minute_is_refused_in_dutch(client, world, cheap_pdfs):
    assert settings.PDF_RATE_LIMIT_PER_MINUTE == 6
    trajectory = world.review_trajectory_a
    url = reverse("procurement:dossier_pdf", args=[trajectory.pk])
    client.force_login(world.users["inkoper"])
    statuses = []
    for n in range(6):
        _change(trajectory, n)
        statuses.append(client.get(url).status_code)
    assert statuses == [200] * 6
    _change(trajectory, 6)
    refused = client.get(url)
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "<h1>Even geduld</h1>" in body
    assert "Je hebt de afgelopen minuut al veel PDF's laten maken." in body
    assert "Probeer het over 1 minuut opnieuw." in body
    assert refused["Retry-After"] == "50"
    # Another user of the same organisation is not affected.
    client.force_login(world.users["chef"])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_stored_dossier_pdf_does_not_count_against_the_limit(client, world, cheap_pdfs):
    url = reverse("procurement:dossier_pdf", args=[world.review_trajectory_a.pk])
    client.force_login(world.users["inkoper"])
    with override_settings(PDF_RATE_LIMIT_PER_MINUTE=2):
        assert [client.get(url).status_code for _ in range(10)] == [200] * 10  # made once, then served
        _change(world.review_trajectory_a, 1)
        assert client.get(url).status_code == 200  # the second one made
        _change(world.review_trajectory_a, 2)
        assert client.get(url).status_code == 429


@pytest.mark.django_db
def test_the_pdf_limit_is_a_setting(client, world, cheap_pdfs):
    trajectory = world.review_trajectory_a
    url = reverse("procurement:dossier_pdf", args=[trajectory.pk])
    client.force_login(world.users["inkoper"])
    statuses = []
    with override_settings(PDF_RATE_LIMIT_PER_MINUTE=2):
        for n in range(3):
            _change(trajectory, n)
            statuses.append(client.get(url).status_code)
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_annual_report_requests_count_as_pdfs(client, world, cheap_pdfs):
    """The annual report is made by the task worker, but every request still costs a PDF: the same limit."""
    client.force_login(world.users["chef"])
    statuses = [client.post(reverse("kpis:report_request"), {"year": "2025"}).status_code for _ in range(7)]
    assert statuses == [302] * 6 + [429]
    assert AnnualReport.objects.filter(organisation=world.org_a, year=2025).count() == 6
