"""System checks of the suppliers' settings."""

from django.conf import settings
from django.core.checks import Error


def check_evidence_fits_in_a_request(app_configs=None, **kwargs) -> list:
    """A supplier's full set of evidence files fits in one request, so it meets the form's Dutch messages."""
    needed = settings.EVIDENCE_MAX_FILES * settings.EVIDENCE_MAX_BYTES + 1024 * 1024
    if needed <= settings.MAX_REQUEST_BODY_SIZE:
        return []
    return [
        Error(
            f"EVIDENCE_MAX_FILES x EVIDENCE_MAX_BYTES (+1 MB for the form) is {needed} bytes, more than "
            f"MAX_REQUEST_BODY_SIZE ({settings.MAX_REQUEST_BODY_SIZE}): a full set of evidence files would be "
            "refused as a whole (413) instead of by the form.",
            hint="Raise MAX_REQUEST_BODY_SIZE (and the proxy's body limit) or lower the evidence limits.",
            id="suppliers.E001",
        )
    ]
