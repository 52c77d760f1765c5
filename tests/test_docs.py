"""The README is the front door and docs/ holds the manuals: short, starting with the quick start, no dead links.

Checked here: the README's length and first section, every relative Markdown link (and its
#anchor) in the README, CONTRIBUTING.md, bench/RESULTS.md and docs/*.md, every repository
path ending in .py that the README, CONTRIBUTING.md and docs/*.md name in code, and that the
README links every document in docs/. bench/RESULTS.md is history and may name files that
have since gone, so only its links are checked.
"""

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
MANUALS = [README, ROOT / "CONTRIBUTING.md", *DOCS]
LINKED = [*MANUALS, ROOT / "bench" / "RESULTS.md"]
MAX_README_LINES = 300

FENCE = re.compile(r"^```.*?^```[^\n]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`([^`]+)`")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
PY_PATH = re.compile(r"(?<![\w./<>{}-])((?:[\w-][\w.-]*/)+[\w.-]+\.py)\b")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _prose(text: str) -> str:
    """The text without code: fenced blocks and inline code spans."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def _code(text: str) -> list[str]:
    """Every piece of code in the text: fenced blocks and inline spans."""
    fenced = FENCE.findall(text)
    return fenced + INLINE_CODE.findall(FENCE.sub("", text))


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        slug = _slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def relative_links(path: Path) -> list[str]:
    return [
        target
        for target in LINK.findall(_prose(path.read_text(encoding="utf-8")))
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target)  # http:, https:, mailto: …
    ]


def broken_link(path: Path, target: str) -> str | None:
    """Why ``target`` (a relative link in ``path``) leads nowhere, or None when it resolves."""
    file_part, _, anchor = target.partition("#")
    linked = (path.parent / file_part).resolve() if file_part else path
    if not linked.exists():
        return f"{_name(path)}: {target} (no such file)"
    if anchor and linked.suffix == ".md" and anchor not in anchors(linked):
        return f"{_name(path)}: {target} (no heading #{anchor} in {_name(linked)})"
    return None


def named_py_paths(path: Path) -> set[str]:
    found = set()
    for code in _code(path.read_text(encoding="utf-8")):
        found.update(p for p in PY_PATH.findall(code) if not p.startswith(".venv/"))
    return found


# --- the README ------------------------------------------------------------------


def test_the_readme_stays_under_300_lines():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines < MAX_README_LINES, (
        f"README.md has {lines} lines; keep it under {MAX_README_LINES}: a feature gets one to three "
        "lines there and its manual in docs/."
    )


def test_the_readme_starts_with_the_quick_start_and_its_two_commands():
    text = README.read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert sections and sections[0] == "Quick start", f"the first section is {sections[:1]}, not Quick start"
    quick_start = text.split("## Quick start", 1)[1]
    block = FENCE.search(quick_start)
    assert block, "the Quick start has no command block"
    before_block = quick_start[: block.start()]
    assert not before_block.strip(), "the Quick start's commands come first, before any text"
    commands = [line.split("#", 1)[0].strip() for line in block.group().splitlines()[1:-1]]
    assert commands[:2] == ["make run", "make test"], commands


def test_the_readme_links_every_document_in_docs():
    links = {(README.parent / target.partition("#")[0]).resolve() for target in relative_links(README)}
    unlisted = [_name(doc) for doc in DOCS if doc.resolve() not in links]
    assert not unlisted, f"add these to the README's Documentation list: {unlisted}"


# --- links and paths in every document ----------------------------------------------


@pytest.mark.parametrize("path", LINKED, ids=_name)
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(path):
    broken = [why for target in relative_links(path) if (why := broken_link(path, target))]
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("path", MANUALS, ids=_name)
def test_every_python_path_named_in_code_exists(path):
    missing = sorted(p for p in named_py_paths(path) if not (ROOT / p).is_file())
    assert not missing, f"{_name(path)} names files that do not exist: {missing}"


# --- the checks themselves ----------------------------------------------------------


def test_a_link_to_a_missing_file_or_heading_is_reported(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n## Known heading\n", encoding="utf-8")
    assert broken_link(page, "missing.md")
    assert broken_link(page, "#unknown-heading")
    assert broken_link(page, "#known-heading") is None
    assert broken_link(page, "page.md#title") is None


def test_headings_become_anchors_as_github_makes_them(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        '# Open standaarden (OCDS)\n## One idea of "has this changed?"\n## Tokens\n## Tokens\n'
        "## The `learning` app\n```sh\n# not a heading\n```\n",
        encoding="utf-8",
    )
    assert anchors(page) == {
        "open-standaarden-ocds",
        "one-idea-of-has-this-changed",
        "tokens",
        "tokens-1",
        "the-learning-app",
    }


def test_python_paths_are_found_in_inline_code_and_code_blocks(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Run `bench/bench_pages.py --db postgres` or see `lib/pdf.py`; not `<app>/demo.py`, "
        "`.venv/bin/x/y.py` or lib/prose.py.\n\n```sh\n.venv/bin/python bench/seed_bench.py\n```\n",
        encoding="utf-8",
    )
    assert named_py_paths(page) == {"bench/bench_pages.py", "lib/pdf.py", "bench/seed_bench.py"}
