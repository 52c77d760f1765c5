"""The suppliers app's rows in a trajectory's history (procurement/extensions.py, TRAJECTORY_HISTORY_SOURCES)."""

from django.utils.translation import gettext_lazy as _

from .models import Invitation, Proposal, Submission, Supplier


def _supplier(record) -> str:
    return f"{record.name} (KvK {record.kvk_number})"


def _invitation(record) -> str:
    return record.email


def _submission(record) -> str:
    return _("jaar %(year)s: %(value)s") % {"year": record.year, "value": record.value.normalize()}


def sources() -> list[dict]:
    return [
        {
            "model": Proposal,
            "label": _("Verbetervoorstel"),
            "key": "supplier__trajectory_id",
            "describe": lambda record: record.title,
            "hidden": {"supplier", "strategy", "submitted_by", "decided_by"},
        },
        {"model": Supplier, "label": _("Leverancier"), "key": "trajectory_id", "describe": _supplier},
        {
            "model": Invitation,
            "label": _("Uitnodiging leverancier"),
            "key": "supplier__trajectory_id",
            "describe": _invitation,
            "hidden": {"accepted_by", "expires_at", "nonce"},
        },
        {
            "model": Submission,
            "label": _("Inzending leverancier"),
            "key": "supplier__trajectory_id",
            "describe": _submission,
            # Relations to scoped rows are named by the entry itself; the measurement is linked on the submission page.
            "hidden": {"measurement", "kpi", "supplier", "reviewed_by", "submitted_by"},
        },
    ]
