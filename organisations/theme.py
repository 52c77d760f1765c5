"""An organisation's theme: its design tokens, the contrast rules they must meet, and its logo.

The look follows the NL Design System's idea of a theme: the components (static/css/app.css)
read their colours and font from CSS custom properties, the *design tokens*, and a theme is
nothing but values for those tokens. The app's own set (documented in docs/theming.md):

======================  ==================================================================
``--cc-primary``        the header and the primary buttons
``--cc-primary-text``   text on the primary colour
``--cc-primary-strong`` the navigation bar and the buttons' hover (derived: the primary
                        colour moved away from its text colour, so the contrast only grows)
``--cc-link``           links (``--cc-link-rgb``: the same as "r, g, b", for Bootstrap)
``--cc-focus``          the focus ring on the page
``--cc-background``     the page
``--cc-text``           the page's text
``--cc-accent``         the counters in the navigation (``--cc-accent-text`` is derived:
                        black or white, whichever contrasts more)
``--cc-font-family``    one of the system font stacks of ``FONT_STACKS``
======================  ==================================================================

Every value is checked where it is written (hex colours, a font from the fixed list) and again
where it is emitted (``tokens``), so no stored or posted value reaches a stylesheet unchecked.
A theme must pass the WCAG 2.x contrast rules of ``PAIRS``; without a theme the defaults of
app.css apply (``DEFAULTS`` holds the same values).

A logo is PNG or JPEG (never SVG, which can carry scripts), checked like every upload
(lib/uploads.py), decoded in full by Pillow and stored re-encoded as a small PNG: what is served
is an image Pillow wrote, without the uploaded file's metadata or trailing bytes.
"""

import io
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib import uploads
from lib.formatting import format_number

HEX = re.compile(r"^#[0-9a-f]{6}\Z")
_LOOSE_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")

# The neutral default theme (the same values as the :root of static/css/app.css).
DEFAULTS = {
    "primary_color": "#1f5f3a",
    "primary_text_color": "#ffffff",
    "link_color": "#0b5394",
    "focus_color": "#0b0c0c",
    "background_color": "#ffffff",
    "text_color": "#0b0c0c",
    "accent_color": "#ffffff",
    "font_family": "systeem",
}
COLOUR_FIELDS = [name for name in DEFAULTS if name.endswith("_color")]

# Fonts the reader's own system has: no web font is downloaded, from us or anyone else.
FONT_STACKS: dict[str, tuple[Promise, str]] = {
    "systeem": (
        gettext_lazy("Het lettertype van het systeem (standaard)"),
        'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", '
        "Arial, sans-serif",
    ),
    "humanistisch": (
        gettext_lazy("Humanistisch schreefloos (Calibri, Ubuntu, Seravek)"),
        'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", sans-serif',
    ),
    "neutraal": (
        gettext_lazy("Neutraal schreefloos (Helvetica, Arial, Roboto)"),
        'Roboto, "Helvetica Neue", "Arial Nova", "Nimbus Sans", Arial, sans-serif',
    ),
    "leesbaar": (
        gettext_lazy("Breed en goed leesbaar (Verdana, Tahoma)"),
        'Verdana, "DejaVu Sans", "Bitstream Vera Sans", Tahoma, Geneva, sans-serif',
    ),
    "schreef": (
        gettext_lazy("Met schreef (Charter, Cambria, Georgia)"),
        'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif',
    ),
}
FONT_CHOICES = [(key, label) for key, (label, _stack) in FONT_STACKS.items()]

# Fixed colours of the app that sit on or under the theme's colours (static/css/app.css).
GREY_SURFACE = "#f3f2f1"  # tips, notices, the table of contents, the footer
HINT_TEXT = "#505a5f"  # captions and hints; the error red #b10e1e is darker, so it passes when this does
BLACK, WHITE = "#000000", "#ffffff"


# --- Colours and contrast (WCAG 2.x) -----------------------------------------------------


def normalise_colour(value: str) -> str | None:
    """``value`` as "#rrggbb" ("#ABC", "aabbcc" and " #AABBCC " are accepted), or None when it is no colour."""
    match = _LOOSE_HEX.match((value or "").strip())
    if not match:
        return None
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return f"#{digits}"


def validate_colour(value: str) -> None:
    if not isinstance(value, str) or not HEX.match(value):
        raise ValidationError(_("Vul een kleur in als #rrggbb, bijvoorbeeld #1f5f3a."), code="invalid")


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of an sRGB colour (WCAG 2.x), 0 for black to 1 for white."""
    red, green, blue = (_linear(channel) for channel in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG 2.x contrast ratio of two colours: 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def format_ratio(ratio: float, minimum: Decimal | None = None) -> str:
    """A ratio as the Dutch write it, to two decimals: 4.478 → "4,48", 21 → "21".

    A ratio under ``minimum`` never reads as reaching it: 4.497 against 4.5 is "4,49", not "4,5".
    """
    exact = Decimal(str(ratio))
    shown = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if minimum is not None and exact < minimum <= shown:
        shown = exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return format_number(shown, 2)


def mix(colour: str, towards: str, share: float) -> str:
    """``colour`` moved ``share`` (0–1) of the way to ``towards``, per sRGB channel (rounded half up)."""
    channels = (int(a + (b - a) * share + 0.5) for a, b in zip(rgb(colour), rgb(towards), strict=True))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def strong_variant(primary: str, primary_text: str) -> str:
    """The primary colour a quarter further from its text colour: darker under light text, lighter under dark."""
    return mix(primary, BLACK if luminance(primary_text) > luminance(primary) else WHITE, 0.25)


def text_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (always at least 4.58 : 1)."""
    return BLACK if contrast(BLACK, background) >= contrast(WHITE, background) else WHITE


@dataclass(frozen=True)
class Pair:
    """Two colours that must contrast: each a field of the theme or a fixed colour of the app.

    ``field`` is where a failure is reported (the field to change).
    """

    field: str
    first: str
    second: str
    first_label: Promise
    second_label: Promise
    minimum: Decimal

    def colours(self, values: dict) -> tuple[str | None, str | None]:
        return _colour_of(self.first, values), _colour_of(self.second, values)


def _colour_of(source: str, values: dict) -> str | None:
    colour = source if source.startswith("#") else values.get(source)
    return colour if isinstance(colour, str) and HEX.match(colour) else None


TEXT, NON_TEXT = Decimal("4.5"), Decimal("3")
PAIRS = (
    Pair(
        "primary_text_color",
        "primary_text_color",
        "primary_color",
        gettext_lazy("kop- en knoptekst"),
        gettext_lazy("primaire kleur"),
        TEXT,
    ),
    Pair("link_color", "link_color", "background_color", gettext_lazy("linkkleur"), gettext_lazy("achtergrond"), TEXT),
    Pair("text_color", "text_color", "background_color", gettext_lazy("tekstkleur"), gettext_lazy("achtergrond"), TEXT),
    Pair(
        "focus_color",
        "focus_color",
        "background_color",
        gettext_lazy("focuskleur"),
        gettext_lazy("achtergrond"),
        NON_TEXT,
    ),
    Pair("link_color", "link_color", GREY_SURFACE, gettext_lazy("linkkleur"), gettext_lazy("grijze vlakken"), TEXT),
    Pair("text_color", "text_color", GREY_SURFACE, gettext_lazy("tekstkleur"), gettext_lazy("grijze vlakken"), TEXT),
    Pair(
        "focus_color",
        "focus_color",
        GREY_SURFACE,
        gettext_lazy("focuskleur"),
        gettext_lazy("grijze vlakken"),
        NON_TEXT,
    ),
    Pair(
        "background_color",
        HINT_TEXT,
        "background_color",
        gettext_lazy("grijze hulptekst"),
        gettext_lazy("achtergrond"),
        TEXT,
    ),
)


@dataclass(frozen=True)
class PairResult:
    pair: Pair
    first: str
    second: str
    ratio: float

    @property
    def passes(self) -> bool:
        return Decimal(str(self.ratio)) >= self.pair.minimum

    @property
    def ratio_text(self) -> str:
        return format_ratio(self.ratio, self.pair.minimum)

    @property
    def minimum_value(self) -> str:
        """The minimum as "4.5", for static/js/app.js."""
        return str(self.pair.minimum)

    @property
    def minimum_text(self) -> str:
        return format_number(self.pair.minimum, 1)

    @property
    def message(self) -> str:
        return _("Contrast %(ratio)s : 1 tussen %(first)s en %(second)s; minimaal %(minimum)s : 1.") % {
            "ratio": self.ratio_text,
            "first": self.pair.first_label,
            "second": self.pair.second_label,
            "minimum": self.minimum_text,
        }


def contrast_report(values: dict) -> list[PairResult]:
    """Every pair of ``PAIRS`` whose two colours are valid, with its ratio."""
    results = []
    for pair in PAIRS:
        first, second = pair.colours(values)
        if first and second:
            results.append(PairResult(pair, first, second, contrast(first, second)))
    return results


def contrast_errors(values: dict) -> dict[str, list[str]]:
    """field → the messages of its failing pairs (empty when the theme is accessible)."""
    errors: dict[str, list[str]] = {}
    for result in contrast_report(values):
        if not result.passes:
            errors.setdefault(result.pair.field, []).append(result.message)
    return errors


# --- Tokens ---------------------------------------------------------------------------------


def _checked(values: dict, name: str) -> str:
    value = values.get(name)
    return value if isinstance(value, str) and HEX.match(value) else DEFAULTS[name]


def tokens(values: dict) -> list[tuple[str, str]]:
    """The design tokens (CSS custom property, value) of a theme's values, each value checked again.

    A colour that is not "#rrggbb" and a font that is not a key of ``FONT_STACKS`` fall back
    to the default, so nothing but a hex colour or a fixed font stack reaches the stylesheet.
    """
    primary, primary_text = _checked(values, "primary_color"), _checked(values, "primary_text_color")
    link, accent = _checked(values, "link_color"), _checked(values, "accent_color")
    font = values.get("font_family")
    stack = FONT_STACKS[font if isinstance(font, str) and font in FONT_STACKS else DEFAULTS["font_family"]][1]
    return [
        ("--cc-primary", primary),
        ("--cc-primary-text", primary_text),
        ("--cc-primary-strong", strong_variant(primary, primary_text)),
        ("--cc-link", link),
        ("--cc-link-rgb", ", ".join(str(channel) for channel in rgb(link))),
        ("--cc-focus", _checked(values, "focus_color")),
        ("--cc-background", _checked(values, "background_color")),
        ("--cc-text", _checked(values, "text_color")),
        ("--cc-accent", accent),
        ("--cc-accent-text", text_on(accent)),
        ("--cc-font-family", stack),
    ]


def palette(values: dict) -> dict[str, str]:
    """The checked tokens by short name (``primary``, ``primary_text``, ``link`` …), for PDFs and e-mails.

    Their stylesheets name the colours themselves rather than ``var(--cc-…)``: mail programs do
    not all read custom properties.
    """
    return {name.removeprefix("--cc-").replace("-", "_"): value for name, value in tokens(values)}


# --- The logo ---------------------------------------------------------------------------------

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 5000  # pixels, either side, of the uploaded image (more is refused before decoding)
LOGO_BOX = (800, 200)  # the stored PNG fits this box (the header shows it 2.5rem high)
LOGO_FORMATS = {"png": "PNG", "jpg": "JPEG"}


def theme_storage():
    """The storage of logos: the "default" alias of settings.STORAGES (MEDIA_ROOT, or the object store)."""
    return storages["default"]


def checked_logo(uploaded) -> ContentFile:
    """The uploaded logo as a PNG that Pillow wrote, or a Dutch ValidationError.

    Refused: an empty or too large file (lib/uploads.py), anything but PNG or JPEG by content
    (an SVG among it), an image larger than ``LOGO_MAX_SIDE`` pixels a side (a decompression
    bomb), and a file Pillow cannot decode in full.
    """
    from PIL import Image, ImageOps

    uploads.check_size(uploaded, LOGO_MAX_BYTES, name=_("van het logo"))
    kind = uploads.magic_type(uploaded)
    if kind not in LOGO_FORMATS:
        raise ValidationError(
            _(
                "Het logo moet een PNG- of JPEG-afbeelding zijn. Een SVG kan niet: die kan scripts bevatten. "
                "We kijken naar de inhoud van het bestand, niet naar de naam."
            )
        )
    unreadable = ValidationError(_("Dit bestand is geen leesbare PNG- of JPEG-afbeelding."))
    try:
        opened = Image.open(uploaded, formats=[LOGO_FORMATS[kind]])
        if max(opened.size) > LOGO_MAX_SIDE:
            raise ValidationError(
                _(
                    "Het logo is te groot (%(width)s × %(height)s pixels). "
                    "Het mag hoogstens %(max)s pixels breed en hoog zijn."
                )
                % {"width": opened.size[0], "height": opened.size[1], "max": LOGO_MAX_SIDE}
            )
        opened.load()
        image = ImageOps.exif_transpose(opened)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise unreadable from None
    image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    image.thumbnail(LOGO_BOX)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")
