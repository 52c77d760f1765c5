"""The checks every uploaded file goes through first: it is hostile until read.

The type comes from the file's first bytes (its magic number), never from its name or the
Content-Type the browser sent; an empty or too large file is refused with a Dutch message
before anything reads it further. The suppliers' evidence (suppliers/evidence.py) and an
organisation's logo (organisations/theme.py) build on these.
"""

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .formatting import format_number

# The file types recognised by their first bytes: extension -> magic number.
MAGIC = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
}


def head(uploaded, length: int = 8) -> bytes:
    """The first ``length`` bytes of ``uploaded``, which is left at its start."""
    uploaded.seek(0)
    start = uploaded.read(length)
    uploaded.seek(0)
    return start


def magic_type(uploaded) -> str | None:
    """The extension of the type the content starts as (see ``MAGIC``), or None."""
    start = head(uploaded)
    return next((extension for extension, magic in MAGIC.items() if start.startswith(magic)), None)


def check_size(uploaded, limit: int, *, name: str) -> None:
    """Refuse an empty file or one over ``limit`` bytes, with a Dutch message (``name``: a safe name to show)."""
    if not uploaded.size:
        raise ValidationError(_("Het bestand %(name)s is leeg.") % {"name": name})
    if uploaded.size > limit:
        # The size rounded up to a tenth, so a file just over the limit never reads as the limit.
        raise ValidationError(
            _("Het bestand is te groot (%(size)s MB). Het mag hoogstens %(limit)s MB zijn.")
            % {
                "size": format_number(math.ceil(uploaded.size * 10 / (1024 * 1024)) / 10, 1),
                "limit": format_number(limit / (1024 * 1024), 1),
            }
        )
