"""Benchmark: the dossier PDF of a completely filled trajectory, against WeasyPrint alone.

Run: .venv/bin/python bench/bench_dossier.py [--download-db postgres|sqlite|none]
Uses a throwaway SQLite database in a temporary folder: migrates, loads the
guidance, fills one trajectory (all phases, every question answered with
~500 characters, 20 comments), then prints our export time and page count,
WeasyPrint's time on the very same HTML, and the ratio. Targets: ratio ≤ 1.15,
export < 3 s. Each figure is the best of a few runs after a warm-up.

Then the stored PDF (procurement/dossier_pdfs.py), on gunicorn against a fresh
PostgreSQL database of its own (cc_dossier_bench; SQLite with
--download-db sqlite): Gemeente Benchstad is seeded, the first download of a
dossier makes its PDF (timed), and the unchanged download is measured against
the bare view in interleaved rounds (median; target ≤ 3×).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = tempfile.mkdtemp(prefix="cc-bench-dossier-")
os.environ["DJANGO_SETTINGS_MODULE"] = "chefcirculair.settings"
os.environ["DATA_DIR"] = DATA
os.environ.setdefault("DEBUG", "true")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402

RUNS = 5


def fill():
    from organisations.models import Department, Membership, Organisation, ProductCategory, Role
    from procurement.models import Comment, TrajectoryMember
    from tests.access.world import make_user
    from tests.factories import complete_trajectory

    org = Organisation.objects.create(name="Gemeente Benchmark", slug="gemeente-benchmark")
    dep = Department.objects.create(organisation=org, name="Inkoop")
    cat = ProductCategory.objects.create(organisation=org, name="ICT-hardware")
    users = {}
    for name, role in [
        ("inkoper", Role.INKOPER),
        ("opdrachtgever", Role.INTERNE_OPDRACHTGEVER),
        ("chef", Role.CHEF_CIRCULAIR),
    ]:
        users[name] = make_user(name)
        Membership.objects.create(user=users[name], organisation=org, role=role, department=dep)
    base = (
        "Wij hebben de behoefte met de interne opdrachtgever en de gebruikers besproken. Eerst is gekeken of "
        "inkoop te voorkomen is (R0), daarna of de laptops intensiever gedeeld kunnen worden (R1) en of met "
        "minder materiaal kan worden volstaan (R2). De uitkomst is vastgelegd in het startdocument, met de "
        "afwegingen per trede, de betrokken afdelingen en de afspraken over monitoring tijdens het contract. "
        "Leveranciers zijn in de marktverkenning gevraagd naar hergebruik, reparatie en terugname. Dit antwoord "
    )

    def answer(question):
        return (base + f"hoort bij vraag {question.pk}.")[:520]

    trajectory = complete_trajectory(
        org,
        "Laptops en randapparatuur 2026–2030",
        category=cat,
        department=dep,
        team={users["inkoper"]: TrajectoryMember.TeamRole.INKOPER, users["opdrachtgever"]: "interne_opdrachtgever"},
        answer_text=answer,
    )
    answers = list(trajectory.answers.select_related("phase"))
    records = {r.phase_id: r for r in trajectory.phases.all()}
    for i in range(20):
        target = answers[(i * 7) % len(answers)]
        Comment.objects.create(
            trajectory=trajectory,
            phase_record=records[target.phase_id],
            answer=target if i % 4 else None,
            author=users["chef"],
            body=f"Opmerking {i + 1}: graag de onderbouwing bij deze vraag aanvullen met de cijfers uit de nulmeting.",
        )
    return trajectory, len(answers)


def best(fn):
    times = []
    result = None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    from procurement.dossier import PDF_VARIANT, dossier_queryset, render_pdf, render_pdf_html, replace_missing_glyphs

    call_command("migrate", verbosity=0)
    call_command("load_guidance", verbosity=0)
    trajectory, answer_count = fill()
    trajectory = dossier_queryset().get(pk=trajectory.pk)

    render_pdf(trajectory)  # warm-up: fonts, templates, CSS parser
    ours, pdf = best(lambda: render_pdf(dossier_queryset().get(pk=trajectory.pk)))
    html = replace_missing_glyphs(render_pdf_html(trajectory))
    alone, _ = best(lambda: HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    ratio = ours / alone
    print(f"trajectory: 6 phases, {answer_count} answers of ~500 characters, 20 comments")
    print(f"our dossier PDF export:        {ours:.3f} s, {pages} pages, {len(pdf) / 1024:.0f} KiB ({PDF_VARIANT})")
    print(f"WeasyPrint alone, same HTML:   {alone:.3f} s")
    print(f"ratio:                         {ratio:.3f} (target ≤ 1.15)")
    print(f"under 3 s:                     {'yes' if ours < 3 else 'NO'}")


def bench_download(database: str, requests: int, concurrency: int) -> None:
    """The stored dossier PDF on gunicorn: first make, then unchanged downloads vs the bare view."""
    from bench.bench_pages import combine, measure
    from bench.harness import Client, gunicorn, prepare, server_env, temp_dir

    url = "postgres://postgres@127.0.0.1:5432/cc_dossier_bench" if database == "postgres" else ""
    env = server_env(url, temp_dir("cc-bench-dossier-download-"))
    info = prepare(env, 50)
    pdf = info["pages"]["dossier PDF"]
    with gunicorn(env, 2) as (port, master_pid):
        clients = [Client(port) for _ in range(concurrency)]
        for client in clients:
            client.login("lezer@benchstad.nl")
        status, content, first = clients[0].request("GET", pdf)
        if status != 200 or not content.startswith(b"%PDF"):
            raise SystemExit(f"the first download gave {status}, not a PDF")
        for client in clients:  # warm-up
            client.request("GET", "/bench/bare/")
            client.request("GET", pdf)
        batches = {"bare": [], "pdf": []}
        rounds = 5
        for _ in range(rounds):
            for name, path in (("bare", "/bench/bare/"), ("pdf", pdf)):
                batches[name].append(measure(master_pid, clients, "GET", path, requests // rounds))
        bare, stored = combine(batches["bare"]), combine(batches["pdf"])
    ratio = stored["median_ms"] / bare["median_ms"]
    size = len(content) // 1024
    print(f"\nstored PDF on gunicorn ({database}, {concurrency} clients, {requests} requests each, {size} KiB):")
    print(f"first download (made in the request): {first:.3f} s")
    print(f"bare Django view:              median {bare['median_ms']:.1f} ms, p95 {bare['p95_ms']:.1f} ms")
    print(f"unchanged dossier download:    median {stored['median_ms']:.1f} ms, p95 {stored['p95_ms']:.1f} ms")
    print(f"ratio to the bare view:        {ratio:.2f}× (target ≤ 3×); errors {bare['errors'] + stored['errors']}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--download-db", choices=["postgres", "sqlite", "none"], default="postgres")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args()
    main()
    if options.download_db != "none":
        bench_download(options.download_db, options.requests, options.concurrency)
