"""Checks of an uploaded evidence file: type by content (never by name), size, and a safe name.

Accepted: PDF, XLSX, CSV, PNG and JPEG. A CSV file is stored as sent but served with every
cell a spreadsheet would run as a formula made text (``safe_csv``, the same escaping as the app's
own exports), so a supplier's ``=HYPERLINK(...)`` never runs when the contractmanager opens it.
The type is read from the file's bytes; the name's extension is replaced by the one of the detected type, so
a PDF named "rapport.exe" is stored and served as "rapport.pdf", and an
executable named "cijfers.pdf" is refused. The first checks (magic number, size) are lib/uploads.py's.
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from kpis.exchange import FORMULA_PREFIXES, neutralise
from lib import uploads
from lib.http import XLSX_TYPE

TYPES = {
    "pdf": "application/pdf",
    "xlsx": XLSX_TYPE,
    "csv": "text/csv",
    "png": "image/png",
    "jpg": "image/jpeg",
}
ACCEPT = ".pdf,.xlsx,.csv,.png,.jpg,.jpeg"
NAME_LENGTH = 100
_CSV_SAMPLE = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int


def _is_xlsx(uploaded) -> bool:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _is_csv(uploaded) -> bool:
    uploaded.seek(0)
    sample = uploaded.read(_CSV_SAMPLE)
    uploaded.seek(0)
    if b"\x00" in sample:
        return False
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A sample cut in the middle of a character is still text.
        try:
            text = sample[:-3].decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
    # Text with at least one line; control characters other than tab/newlines make it binary.
    return bool(text.strip()) and not any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text)


def detect_type(uploaded) -> str | None:
    """The extension of the type the content is, or None when it is none of the accepted types."""
    magic = uploads.magic_type(uploaded)
    if magic is not None:
        return magic
    if uploads.head(uploaded).startswith(b"PK\x03\x04"):
        return "xlsx" if _is_xlsx(uploaded) else None
    if _is_csv(uploaded):
        return "csv"
    return None


def safe_name(original: str, extension: str) -> str:
    """The original name without path, control characters or odd characters, with the detected extension."""
    base = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = get_valid_filename(stem.strip(" .")) if stem.strip(" .") else ""
    stem = stem.strip("._-")[: NAME_LENGTH - len(extension) - 1] or "bewijsstuk"
    return f"{stem}.{extension}"


def check_upload(uploaded) -> CheckedFile:
    """Refuse an empty, too large or wrongly typed file with a Dutch message; else its safe name and type."""
    uploads.check_size(uploaded, settings.EVIDENCE_MAX_BYTES, name=safe_name(uploaded.name, "…")[:-2])
    extension = detect_type(uploaded)
    if extension is None:
        raise ValidationError(
            _("Dit bestand is geen PDF, XLSX, CSV, PNG of JPEG. We kijken naar de inhoud, niet naar de naam.")
        )
    return CheckedFile(safe_name(uploaded.name, extension), extension, TYPES[extension], uploaded.size)


# A number as a spreadsheet reads it ("-12,5", "+3.000", "1e3"): a value, not a formula.
_NUMBER = re.compile(r"^[-+]?[\d.,\s\u00a0]*\d(?:[eE][-+]?\d+)?%?$")


def _safe_cell(cell: str) -> str:
    if _NUMBER.match(cell.strip()):
        return cell
    if cell.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + cell
    return neutralise(cell)


def safe_csv(content: bytes) -> bytes:
    """The CSV with formulas neutralised (a leading apostrophe), separator and cells otherwise kept."""
    text = content.decode("utf-8-sig", errors="replace")
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t|", key=header.count) if any(mark in header for mark in ";,\t|") else ","
    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter, lineterminator="\r\n")
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            writer.writerow([_safe_cell(cell) for cell in row])
    except csv.Error:  # e.g. a cell over the csv module's size limit: each line becomes one text cell
        output = io.StringIO()
        writer = csv.writer(output, delimiter=delimiter, lineterminator="\r\n")
        for line in text.splitlines():
            writer.writerow([_safe_cell(line)])
    return output.getvalue().encode("utf-8-sig")
