"""The app's own automated accessibility check, as shown on every accessibility statement.

``accessibility_audit.json`` is written by the axe crawl of the demo
(tests/browser/test_demo_pages.py, run with ``make accessibility-audit``): the
date, the axe-core version and, per persona, how many pages were scanned and how
many violations of WCAG 2.1 A/AA were found. It is committed with the code, so a
deployed app states what its own release was tested with.
"""

import dataclasses
import datetime
import json
from pathlib import Path

AUDIT_FILE = Path(__file__).with_name("accessibility_audit.json")


@dataclasses.dataclass(frozen=True)
class AutomatedAudit:
    checked_on: datetime.date
    tool: str
    pages: int
    violations: int
    standard: str


def automated_audit(path: Path | None = None) -> AutomatedAudit | None:
    """The last recorded axe crawl, or None when there is no (readable) record."""
    try:
        data = json.loads((path or AUDIT_FILE).read_text(encoding="utf-8"))
        runs = data["runs"].values()
        return AutomatedAudit(
            checked_on=datetime.date.fromisoformat(data["checked_on"]),
            tool=f"axe-core {data['axe_version']}",
            pages=sum(int(run["pages"]) for run in runs),
            violations=sum(int(run["violations"]) for run in runs),
            standard=data["standard"],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record_run(persona: str, *, pages: int, violations: int, axe_version: str, path: Path | None = None) -> None:
    """Add one persona's crawl to the record (the other personas' runs of the same day are kept)."""
    path = path or AUDIT_FILE
    today = datetime.date.today().isoformat()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if data.get("checked_on") != today or data.get("axe_version") != axe_version:
        data = {"checked_on": today, "axe_version": axe_version, "standard": "WCAG 2.1 A/AA", "runs": {}}
    data["runs"][persona] = {"pages": pages, "violations": violations}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
