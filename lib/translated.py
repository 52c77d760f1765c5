"""Guidance content in Dutch and English: the Dutch text is the source, the English sits beside it.

A translatable text is two model fields, ``title_nl`` (required where the text is) and ``title_en``
(blank until someone writes it), and one property, ``title = translated("title")``, declared on a
small mixin that the model and its history model share::

    class PhaseTexts:
        title = translated("title")

    class Phase(PhaseTexts, models.Model):
        title_nl = models.CharField(_("titel"), max_length=200)
        title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
        history = HistoricalRecords(bases=[PhaseTexts, models.Model])

Reading ``phase.title`` gives the active language's text; in English a text without its English
version falls back to the Dutch, and the page says so (``{% dutch_fallback_notice %}`` in base.html, reset per
request by ``FallbackMiddleware``). Writing ``phase.title = …`` (and ``Phase(title=…)``) sets the
Dutch source, the only text the guidance fixture and the app write under that name; the English is
written as ``title_en`` (the fixture's translation file, the admin).
"""

from contextvars import ContextVar

from django.utils import translation

_fell_back: ContextVar[bool] = ContextVar("guidance_fell_back_to_dutch", default=False)


def translated(name: str) -> property:
    dutch, english = f"{name}_nl", f"{name}_en"

    def read(self) -> str:
        return pick(getattr(self, dutch), getattr(self, english))

    def write(self, value: str) -> None:
        setattr(self, dutch, value)

    return property(read, write, doc=f"The {name} in the active language (Dutch where no English is written).")


def pick(dutch: str, english: str) -> str:
    """The text in the active language, from values read without their model (``values()``)."""
    if english_active():
        if english:
            return english
        if dutch:
            _fell_back.set(True)
    return dutch


def english_active() -> bool:
    return (translation.get_language() or "").startswith("en")


def fell_back() -> bool:
    """Whether a text read since the request began was shown in Dutch for want of its English."""
    return _fell_back.get()


class FallbackMiddleware:
    """Each request starts without Dutch fallbacks (the flag is per thread or task through a ContextVar)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _fell_back.set(False)
        try:
            return self.get_response(request)
        finally:
            _fell_back.reset(token)
