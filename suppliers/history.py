"""The suppliers app's rows in a trajectory's history (procurement.extensions.history_sources)."""

from django.utils.translation import gettext_lazy as _

from procurement.extensions import HistorySource

from .models import Invitation, Proposal, Submission, Supplier


def _supplier(record) -> str:
    return f"{record.name} (KvK {record.kvk_number})"


def _invitation(record) -> str:
    return record.email


def _submission(record) -> str:
    return _("jaar %(year)s: %(value)s") % {"year": record.year, "value": record.value.normalize()}


SOURCES = [
    HistorySource(
        Proposal,
        _("Verbetervoorstel"),
        "supplier__trajectory_id",
        lambda record: record.title,
        hidden=frozenset({"supplier", "strategy", "submitted_by", "decided_by"}),
    ),
    HistorySource(Supplier, _("Leverancier"), "trajectory_id", _supplier),
    HistorySource(
        Invitation,
        _("Uitnodiging leverancier"),
        "supplier__trajectory_id",
        _invitation,
        hidden=frozenset({"accepted_by", "expires_at", "nonce"}),
    ),
    HistorySource(
        Submission,
        _("Inzending leverancier"),
        "supplier__trajectory_id",
        _submission,
        # Relations to scoped rows are named by the entry itself; the measurement is linked on the submission page.
        hidden=frozenset({"measurement", "kpi", "supplier", "reviewed_by", "submitted_by"}),
    ),
]
