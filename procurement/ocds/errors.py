"""Schema errors in Dutch: where in the file (in words) and what is wrong, never jsonschema's English.

``place(["releases", 0, "tender", "value", "amount"])`` reads "release 1 → aanbesteding → waarde →
bedrag (releases/0/tender/value/amount)": the words for a person, the JSON path for whoever opens
the file. A field without a Dutch word keeps its OCDS name.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

WORDS = {
    "additionalIdentifiers": gettext_lazy("extra identificaties"),
    "amount": gettext_lazy("bedrag"),
    "awards": gettext_lazy("gunning"),
    "budget": gettext_lazy("budget"),
    "buyer": gettext_lazy("aanbestedende dienst"),
    "classification": gettext_lazy("classificatie"),
    "compiledRelease": gettext_lazy("samengevoegde release"),
    "contactPoint": gettext_lazy("contactpersoon"),
    "contractPeriod": gettext_lazy("contractperiode"),
    "contracts": gettext_lazy("contract"),
    "currency": gettext_lazy("valuta"),
    "date": gettext_lazy("datum"),
    "dateModified": gettext_lazy("datum van wijziging"),
    "datePublished": gettext_lazy("publicatiedatum"),
    "description": gettext_lazy("omschrijving"),
    "documents": gettext_lazy("document"),
    "documentType": gettext_lazy("soort document"),
    "endDate": gettext_lazy("einddatum"),
    "identifier": gettext_lazy("identificatie"),
    "items": gettext_lazy("artikel"),
    "milestones": gettext_lazy("mijlpaal"),
    "name": gettext_lazy("naam"),
    "parties": gettext_lazy("partij"),
    "period": gettext_lazy("periode"),
    "planning": gettext_lazy("planning"),
    "publishedDate": gettext_lazy("publicatiedatum"),
    "publisher": gettext_lazy("uitgever"),
    "quantity": gettext_lazy("aantal"),
    "records": gettext_lazy("record"),
    "releases": gettext_lazy("release"),
    "roles": gettext_lazy("rollen"),
    "scheme": gettext_lazy("schema"),
    "startDate": gettext_lazy("begindatum"),
    "status": gettext_lazy("status"),
    "suppliers": gettext_lazy("leverancier"),
    "tender": gettext_lazy("aanbesteding"),
    "tenderPeriod": gettext_lazy("inschrijvingsperiode"),
    "title": gettext_lazy("titel"),
    "unit": gettext_lazy("eenheid"),
    "uri": gettext_lazy("adres (uri)"),
    "url": gettext_lazy("webadres"),
    "value": gettext_lazy("waarde"),
    "version": gettext_lazy("versie"),
}
TYPES = {
    "array": gettext_lazy("een lijst"),
    "boolean": gettext_lazy("waar of onwaar (true/false)"),
    "integer": gettext_lazy("een geheel getal"),
    "null": gettext_lazy("leeg (null)"),
    "number": gettext_lazy("een getal"),
    "object": gettext_lazy("een object met velden"),
    "string": gettext_lazy("tekst"),
}
MAX_SHOWN = 60  # characters of a value quoted in a message


def _word(part) -> str:
    return str(WORDS.get(part, part))


def place(path) -> str:
    """A path in the document, in words with the JSON path after it; ``[]`` is the file itself."""
    path = list(path)
    if not path:
        return _("het bestand als geheel")
    words: list[str] = []
    for part in path:
        if isinstance(part, int):
            # A position in a list: "release 2" rather than "release → 1".
            if words:
                words[-1] = f"{words[-1]} {part + 1}"
            else:
                words.append(_("element %(number)s") % {"number": part + 1})
        else:
            words.append(_word(part))
    json_path = "/".join(str(part) for part in path)
    if len(path) == 1 and words[0] == json_path:
        return json_path  # a field without a Dutch word: its name once is enough
    return f"{' → '.join(words)} ({json_path})"


def shown(value) -> str:
    """A value from the file as a person reads it."""
    if value is None:
        return _("leeg (null)")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return _("het getal %(value)s") % {"value": value}
    if isinstance(value, str):
        text = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
        return _("de tekst “%(text)s”") % {"text": text} if value else _("lege tekst")
    if isinstance(value, list):
        return _("een lijst")
    if isinstance(value, dict):
        return _("een object met velden")
    return str(type(value).__name__)


def _types(expected) -> str:
    names = [str(TYPES.get(name, name)) for name in (expected if isinstance(expected, list) else [expected])]
    return (
        names[0]
        if len(names) == 1
        else _("%(first)s of %(last)s")
        % {
            "first": ", ".join(names[:-1]),
            "last": names[-1],
        }
    )


def missing_property(error) -> str | None:
    """The property a ``required`` error is about (jsonschema gives one error per missing property)."""
    if error.validator != "required" or not isinstance(error.instance, dict):
        return None
    missing = [name for name in error.validator_value if name not in error.instance]
    return next((name for name in missing if repr(name) in error.message), missing[0] if missing else None)


def error_path(error) -> list:
    """Where the error is; for a missing property, the place the property should be."""
    path = list(error.absolute_path)
    name = missing_property(error)
    return [*path, name] if name is not None else path


def reason(error) -> str:
    """What is wrong, in Dutch (jsonschema's keyword decides the sentence)."""
    keyword, instance, expected = error.validator, error.instance, error.validator_value
    if keyword == "required":
        return _("ontbreekt, maar is verplicht")
    if keyword == "type":
        return _("moet %(expected)s zijn, maar is %(actual)s") % {
            "expected": _types(expected),
            "actual": shown(instance),
        }
    if keyword == "format" and expected == "date-time":
        return _(
            "%(value)s is geen datum met tijd zoals OCDS die schrijft (bijvoorbeeld 2026-03-01T09:00:00+01:00)"
        ) % {"value": shown(instance)}
    if keyword == "format":
        return _("%(value)s heeft niet de vorm van een %(format)s") % {"value": shown(instance), "format": expected}
    if keyword == "enum":
        choices = ", ".join(str(choice) for choice in expected[:8] if choice is not None)
        return _("%(value)s is geen van de toegestane waarden (%(choices)s)") % {
            "value": shown(instance),
            "choices": choices + (", …" if len(expected) > 8 else ""),
        }
    if keyword in {"minLength", "minItems", "minProperties"}:
        return _("mag niet leeg zijn")
    if keyword == "uniqueItems":
        return _("bevat hetzelfde element twee keer")
    if keyword == "pattern":
        return _("%(value)s heeft niet de vorm die OCDS vraagt") % {"value": shown(instance)}
    if keyword in {"minimum", "exclusiveMinimum"}:
        return _("%(value)s is te klein (minstens %(limit)s)") % {"value": shown(instance), "limit": expected}
    if keyword in {"maximum", "exclusiveMaximum"}:
        return _("%(value)s is te groot (hoogstens %(limit)s)") % {"value": shown(instance), "limit": expected}
    if keyword in {"oneOf", "anyOf"}:
        return _("past bij geen van de vormen die OCDS hier toestaat")
    return _("voldoet niet aan het OCDS-schema (regel “%(keyword)s”)") % {"keyword": keyword}


def describe(error) -> str:
    """One schema error as a Dutch sentence: place, then what is wrong."""
    return _("%(place)s: %(reason)s") % {"place": place(error_path(error)), "reason": reason(error)}
