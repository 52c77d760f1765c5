"""The tender's circular part as a Word document (.docx) an inkoper pastes into the bestek.

Headings per type in the order of the tender documents, numbered criteria with the filled
text, each paragraph with its code and version, the verification per criterion, the
weighting table of the award criteria and the source list. Once the review of Circulair
aanbesteden has approved the criteria, each paragraph says whether it is new or changed since
that approval, and the criteria dropped since are listed (criteria/changes.py).
"""

import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx import Document

from kpis.exchange import to_xlsx
from lib.formatting import format_number

from .changes import SinceApproval
from .models import TYPE_ORDER, Type

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def filename(trajectory, extension: str) -> str:
    return f"circulaire-criteria-{slugify(trajectory.title)[:60] or trajectory.pk}.{extension}"


def grouped(chosen) -> list[tuple[str, list]]:
    """(type label, chosen criteria) per type that has any, in document order."""
    labels = dict(Type.choices)
    return [(str(labels[t]), rows) for t in TYPE_ORDER if (rows := [row for row in chosen if row.type == t])]


def approval_note(since: SinceApproval) -> str:
    approved = timezone.localtime(since.approved_at).strftime("%d-%m-%Y %H:%M")
    if since.unchanged:
        return _("Ongewijzigd sinds de goedkeuring van Circulair aanbesteden op %(date)s.") % {"date": approved}
    return _(
        "Sinds de goedkeuring van Circulair aanbesteden op %(date)s zijn %(new)s criteria nieuw, %(changed)s "
        "gewijzigd en %(removed)s vervallen; de wijzigingen zijn nog niet goedgekeurd."
    ) % {
        "date": approved,
        "new": sum(change.is_new for change in since.changes.values()),
        "changed": sum(not change.is_new for change in since.changes.values()),
        "removed": len(since.removed),
    }


def docx(trajectory, chosen, since: SinceApproval | None = None) -> bytes:
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
    if since is not None:
        document.add_paragraph().add_run(approval_note(since)).bold = True
    _add_criteria(document, chosen, since)
    _add_weights(document, [row for row in chosen if row.is_award])
    if since is not None and since.removed:
        document.add_heading(_("Vervallen sinds de goedkeuring"), level=1)
        for row in since.removed:
            document.add_paragraph(f"{row.code} v{row.version} {row.title}", style="List Bullet")
    sources = sorted({(row.source, row.source_url) for row in chosen if row.source})
    if sources:
        document.add_heading(_("Bronnen"), level=1)
        for source, url in sources:
            document.add_paragraph(f"{source} {url}".strip(), style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_criteria(document, chosen, since: SinceApproval | None) -> None:
    """A heading per type, then each criterion numbered: filled text, code and version, weight, change, evidence."""
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
            if since is not None and (change := since.change_of(row)) is not None:
                meta.add_run(" · " + change.label).bold = True
            if row.evidence:
                document.add_paragraph(_("Verificatie: %(evidence)s") % {"evidence": row.evidence})


def _add_weights(document, award) -> None:
    if not award:
        return
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


def xlsx(trajectory, chosen, since: SinceApproval | None = None) -> bytes:
    """A row per chosen criterion: code, version, type, text, weight, verification, KPI and what changed since
    the approval (formulas neutralised); after them the approved criteria dropped since."""
    header = [
        _("Code"),
        _("Versie"),
        _("Soort"),
        _("Titel"),
        _("Tekst"),
        _("Weging (%)"),
        _("Verificatie"),
        _("KPI"),
        _("Sinds de goedkeuring"),
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
            _since_cell(since, row),
        ]
        for row in chosen
    ]
    for row in since.removed if since is not None else []:
        rows.append(
            [row.code, row.version, str(labels.get(row.type, row.type)), row.title, "", None, "", "", _("Vervallen")]
        )
    return to_xlsx(_("Criteria"), header, rows)


def _since_cell(since: SinceApproval | None, row) -> str:
    if since is None:
        return _("Nog niet goedgekeurd")
    change = since.change_of(row)
    return _("Ongewijzigd") if change is None else change.label
