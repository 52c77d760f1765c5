"""The tender's circular part as a Word document (.docx) an inkoper pastes into the bestek.

Headings per type in the order of the tender documents, numbered criteria with the filled
text, each paragraph with its code and version, the verification per criterion, the
weighting table of the award criteria and the source list.
"""

import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx import Document

from kpis.exchange import to_xlsx
from lib.formatting import format_number

from .models import TYPE_ORDER, Type

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def filename(trajectory, extension: str) -> str:
    return f"circulaire-criteria-{slugify(trajectory.title)[:60] or trajectory.pk}.{extension}"


def grouped(chosen) -> list[tuple[str, list]]:
    """(type label, chosen criteria) per type that has any, in document order."""
    labels = dict(Type.choices)
    return [(str(labels[t]), rows) for t in TYPE_ORDER if (rows := [row for row in chosen if row.type == t])]


def docx(trajectory, chosen) -> bytes:
    document = Document()
    document.core_properties.title = _("Circulaire criteria: %(title)s") % {"title": trajectory.title}
    document.add_heading(_("Circulaire criteria en clausules"), level=0)
    document.add_paragraph(trajectory.title)
    document.add_paragraph(
        _(
            "Voorbeeldteksten uit de criteriabibliotheek van Chef Circulair; laat ze toetsen door de jurist "
            "van de organisatie voordat ze in de aanbestedingsstukken komen. Gemaakt op %(date)s."
        )
        % {"date": timezone.localdate().strftime("%d-%m-%Y")}
    )
    number = 0
    for label, rows in grouped(chosen):
        document.add_heading(label, level=1)
        for row in rows:
            number += 1
            document.add_heading(f"{number}. {row.title}", level=2)
            document.add_paragraph(row.filled_text)
            meta = document.add_paragraph()
            meta.add_run(
                _("Code %(code)s, versie %(version)s") % {"code": row.code, "version": row.version}
            ).italic = True
            if row.is_award and row.weight is not None:
                meta.add_run(" · " + _("weging %(weight)s%%") % {"weight": format_number(row.weight)})
            if row.evidence:
                document.add_paragraph(_("Verificatie: %(evidence)s") % {"evidence": row.evidence})
    award = [row for row in chosen if row.is_award]
    if award:
        document.add_heading(_("Weging van de gunningscriteria"), level=1)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, (_("Code"), _("Gunningscriterium"), _("Weging (%)")), strict=True):
            cell.text = text
        for row in award:
            cells = table.add_row().cells
            cells[0].text = f"{row.code} v{row.version}"
            cells[1].text = row.title
            cells[2].text = format_number(row.weight) if row.weight is not None else "–"
    sources = sorted({(row.source, row.source_url) for row in chosen if row.source})
    if sources:
        document.add_heading(_("Bronnen"), level=1)
        for source, url in sources:
            document.add_paragraph(f"{source} {url}".strip(), style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx(trajectory, chosen) -> bytes:
    """A row per chosen criterion: code, version, type, text, weight, verification, KPI (formulas neutralised)."""
    header = [
        _("Code"),
        _("Versie"),
        _("Soort"),
        _("Titel"),
        _("Tekst"),
        _("Weging (%)"),
        _("Verificatie"),
        _("KPI"),
    ]
    labels = dict(Type.choices)
    rows = [
        [
            row.code,
            row.version,
            str(labels.get(row.type, row.type)),
            row.title,
            row.filled_text,
            row.weight,
            row.evidence,
            row.kpi.name if row.kpi_id else row.kpi_name,
        ]
        for row in chosen
    ]
    return to_xlsx(_("Criteria"), header, rows)
