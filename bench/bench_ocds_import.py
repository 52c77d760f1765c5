"""How long the OCDS importer takes on hostile files at the upload size limit (prints CPU seconds).

    .venv/bin/python bench/bench_ocds_import.py

Each case is a file of about ``OCDS_IMPORT_MAX_BYTES`` (2 MB) made to cost the most: many releases of
one process (merged), many processes (refused), one release with thousands of items (validated),
deep nesting, and the faults a lenient reading has to sort. The target is an answer within 2 s.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chefcirculair.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from procurement.ocds import importer  # noqa: E402

LIMIT = settings.OCDS_IMPORT_MAX_BYTES


class Organisation:
    oin = kvk_number = ""
    name = "Benchstad"


def release(number: int, ocid: str = "ocds-bench-1", items: int = 1, filler: int = 40) -> dict:
    return {
        "ocid": ocid,
        "id": f"{ocid}-{number}",
        "date": f"2026-01-{1 + number % 28:02d}T10:00:00+01:00",
        "tag": ["tenderUpdate"],
        "initiationType": "tender",
        "tender": {
            "id": "T-1",
            "title": f"Titel {number}",
            "value": {"amount": number, "currency": "EUR"},
            "items": [{"id": str(i), "description": "x" * filler, "quantity": i} for i in range(items)],
        },
    }


def package(releases: list) -> dict:
    return {
        "uri": "https://example.org/ocds.json",
        "version": "1.1",
        "publishedDate": "2026-01-01T00:00:00Z",
        "publisher": {"name": "Bench"},
        "releases": releases,
    }


def fill(make, limit: int = LIMIT) -> bytes:
    """The largest document ``make(n)`` under the size limit."""
    low, high = 1, 200_000
    while low < high:
        middle = (low + high + 1) // 2
        if len(json.dumps(make(middle)).encode()) <= limit:
            low = middle
        else:
            high = middle - 1
    return json.dumps(make(low)).encode()


def nested(depth: int) -> bytes:
    inner = "[" * depth + "]" * depth
    return (
        json.dumps({"ocid": "ocds-bench-1", "id": "1", "date": "2026-01-01T00:00:00Z", "tag": ["tender"]})[:-1].encode()
        + b', "initiationType": "tender", "planning": {"x": '
        + inner.encode()
        + b"}}"
    )


CASES = {
    "releases of one process (merged)": lambda: fill(lambda n: package([release(i) for i in range(n)])),
    "as many releases as allowed, with long texts": lambda: fill(
        lambda n: package([release(i, filler=n) for i in range(settings.OCDS_IMPORT_MAX_RELEASES)])
    ),
    "as many releases as allowed, with many items": lambda: fill(
        lambda n: package([release(i, items=n, filler=5) for i in range(settings.OCDS_IMPORT_MAX_RELEASES)])
    ),
    "releases of different processes": lambda: fill(
        lambda n: package([release(i, ocid=f"ocds-bench-{i}") for i in range(n)])
    ),
    "one release with many items": lambda: fill(lambda n: package([release(0, items=n, filler=10)])),
    "one release, many items, each with a fault": lambda: fill(
        lambda n: package([{**release(0), "planning": {"milestones": [{"id": i, "type": 5} for i in range(n)]}}])
    ),
    "nested 1,000 levels deep": lambda: nested(1_000),
    "nested 100,000 levels deep": lambda: nested(100_000),
}


def main() -> int:
    slowest = 0.0
    for name, make in CASES.items():
        content = make()
        start = time.process_time()
        try:
            fields = importer.read(content, organisation=Organisation())
            outcome = f"accepted ({len(fields['import_warnings'])} warnings)"
        except importer.OcdsImportError as error:
            outcome = f"refused: {str(error)[:70]}"
        spent = time.process_time() - start
        slowest = max(slowest, spent)
        print(f"{name:45} {len(content) / 1e6:5.2f} MB {spent:6.2f} s CPU  {outcome}")
    print(f"slowest: {slowest:.2f} s CPU (target: under 2 s)")
    return 0 if slowest < 2 else 1


if __name__ == "__main__":
    sys.exit(main())
