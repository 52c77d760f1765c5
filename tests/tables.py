"""Read the tables of a page the way a person does: each cell with the column headers above it."""

import re
from html.parser import HTMLParser

_UNIT_WORDS = {"kg": re.compile(r"\bkg\b"), "ton": re.compile(r"\bton\b")}


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._cell: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._stack.append({"head": [], "rows": [], "section": None, "row": None})
        elif not self._stack:
            return
        table = self._stack[-1] if self._stack else None
        if tag in {"thead", "tbody", "tfoot"}:
            table["section"] = tag
        elif tag == "tr":
            table["row"] = []
        elif tag in {"th", "td"} and table["row"] is not None:
            self._cell = {"tag": tag, "text": "", "span": int(attrs.get("colspan") or 1)}

    def handle_endtag(self, tag):
        if not self._stack:
            return
        table = self._stack[-1]
        if tag in {"th", "td"} and self._cell is not None:
            table["row"].append(self._cell)
            self._cell = None
        elif tag == "tr" and table["row"] is not None:
            cells = []
            for cell in table["row"]:
                cells += [" ".join(cell["text"].split())] * cell["span"]
            (table["head"] if table["section"] == "thead" else table["rows"]).append(cells)
            table["row"] = None
        elif tag == "table":
            done = self._stack.pop()
            self.tables.append({"head": done["head"], "rows": done["rows"]})

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


def tables(html: str) -> list[dict]:
    """Every table: ``head`` (the header rows, colspans spread over their columns) and ``rows``."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def column_headers(table: dict, index: int) -> str:
    """All header texts above column ``index``, joined (a column group's and the column's own)."""
    return " ".join(row[index] for row in table["head"] if index < len(row) and row[index])


def unit_conflicts(html: str) -> list[tuple[str, str]]:
    """(column header, cell) pairs where the header names one unit of mass and the cell shows another.

    "kg CO2e" above a cell "28,7 ton CO2e" is such a pair: the reader takes the
    number for kilograms. A header without a unit ("CO2-equivalent") never conflicts.
    """
    conflicts = []
    for table in tables(html):
        for row in table["rows"]:
            for index, cell in enumerate(row):
                header = column_headers(table, index)
                named = {unit for unit, word in _UNIT_WORDS.items() if word.search(header)}
                shown = {unit for unit, word in _UNIT_WORDS.items() if word.search(cell)}
                if named and shown - named:
                    conflicts.append((header, cell))
    return conflicts
