"""Read an uploaded OCDS release, record or package (as TenderNed publishes them) into tender fields.

The file is untrusted. In this order, each step cheap before the next one costs more:

1. UTF-8 JSON, strict (no ``NaN`` or ``Infinity``), nested at most ``MAX_DEPTH`` levels;
2. OCDS 1.1 (a package that says 1.0, or names no version, is OCDS 1.0);
3. at most ``OCDS_IMPORT_MAX_RELEASES`` releases, all of one contracting process (one ocid);
4. valid against the OCDS 1.1.5 schema (offline, see ``schema``), read leniently: the whole file is
   validated, but faults only in fields the app does not read (``USED``) are accepted and returned as
   Dutch warnings; a fault in a field it reads refuses the file;
5. several releases of one process are merged into a compiled release with ``ocdsmerge`` (the OCDS
   reference implementation);
6. when its buyer carries an OIN or KvK number the organisation also has, of this organisation.

Each refusal is an ``OcdsImportError`` with a Dutch message that names the place in the file in
words (``errors``); nothing is stored here. Dates outside 1900–2199 (``9999-12-31`` is a common
placeholder for "no end date") are left out with a warning, so no stored date can break a page.
"""

import json
import re
from collections.abc import Iterator
from datetime import UTC
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from jsonschema.exceptions import ValidationError
from ocdsmerge import Merger
from ocdsmerge.exceptions import OCDSMergeError

from ..models.tender import EARLIEST, LATEST
from . import errors as dutch
from .schema import error_sort_key, iter_errors, release_schema

MAX_AMOUNT = Decimal("1e14")  # TenderReference amounts: 16 digits, 2 after the point
MAX_ID_LENGTH = 200
MAX_DEPTH = 32  # OCDS itself nests about 8 levels deep; extensions add a few
MAX_ERRORS = 200  # schema errors gathered before the file is refused as a whole
MAX_WARNINGS = 50  # warnings kept with the tender reference

# The fields the app reads, per scope ("*" is any position in a list). A schema fault in one of
# them, in a field that holds one of them, or in a field below one of them refuses the file.
USED = {
    "package": {"version", "uri", "releases", "records"},
    "record": {"ocid", "releases", "compiledRelease"},
    "release": {
        "ocid",
        "id",
        "date",
        "tag",
        "parties/*/id",
        "parties/*/name",
        "parties/*/roles",
        "parties/*/identifier/scheme",
        "parties/*/identifier/id",
        "parties/*/additionalIdentifiers/*/scheme",
        "parties/*/additionalIdentifiers/*/id",
        "buyer/id",
        "buyer/name",
        "tender/id",
        "tender/title",
        "tender/value/amount",
        "tender/value/currency",
        "tender/tenderPeriod/startDate",
        "tender/tenderPeriod/endDate",
        "tender/contractPeriod/startDate",
        "tender/contractPeriod/endDate",
        "tender/documents/*/documentType",
        "tender/documents/*/url",
        "awards/*/id",
        "awards/*/status",
        "awards/*/date",
        "awards/*/value/amount",
        "awards/*/value/currency",
        "awards/*/suppliers/*/id",
        "awards/*/suppliers/*/name",
        "contracts/*/id",
        "contracts/*/period/startDate",
        "contracts/*/period/endDate",
    },
}
_USED_PATHS = {scope: [tuple(path.split("/")) for path in paths] for scope, paths in USED.items()}


class OcdsImportError(Exception):
    """The file cannot be linked; the message (Dutch) says why."""


class _NotANumber(ValueError):
    pass


def _refuse_constant(name: str):
    raise _NotANumber(name)


def _depth(data) -> int:
    """How deep the document nests (without recursion: the document may be built to exhaust it)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _too_deep() -> OcdsImportError:
    return OcdsImportError(
        _("Dit bestand is te diep genest (meer dan %(depth)s niveaus): zo ziet geen OCDS-bestand eruit.")
        % {"depth": MAX_DEPTH}
    )


def parse(content: bytes) -> dict:
    """The JSON document in ``content`` (amounts as Decimal)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if content.lstrip()[:1] not in (b"{", b"["):
            raise OcdsImportError(
                _("Dit bestand is geen JSON. Upload een OCDS-bestand (.json), zoals TenderNed het levert.")
            ) from None
        raise OcdsImportError(
            _(
                "Dit bestand is niet in UTF-8 (het teken op positie %(position)s past niet), bijvoorbeeld Latin-1. "
                "OCDS-bestanden zijn altijd UTF-8: sla het op als UTF-8 en upload het opnieuw."
            )
            % {"position": error.start + 1}
        ) from None
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except _NotANumber as error:
        raise OcdsImportError(
            _(
                "Dit bestand bevat %(value)s als getal. Dat is geen JSON en geen bedrag: "
                "vul een getal in of laat het weg."
            )
            % {"value": error}
        ) from None
    except json.JSONDecodeError as error:
        raise OcdsImportError(
            _(
                "Dit bestand is geen JSON: op regel %(line)s, teken %(column)s loopt het vast. "
                "Upload een OCDS-bestand (.json), zoals TenderNed het levert."
            )
            % {"line": error.lineno, "column": error.colno}
        ) from None
    except RecursionError:
        raise _too_deep() from None
    except ValueError:  # e.g. a number of more than 4,300 digits
        raise OcdsImportError(
            _("Dit bestand is geen JSON. Upload een OCDS-bestand (.json), zoals TenderNed het levert.")
        ) from None
    if not isinstance(data, dict):
        raise OcdsImportError(_("Dit bestand is geen OCDS: er staat geen release, record of package in."))
    if _depth(data) > MAX_DEPTH:
        raise _too_deep()
    return data


def _kind(data: dict) -> str:
    if "releases" in data and "ocid" not in data:
        return "release-package"
    if "records" in data:
        return "record-package"
    if "compiledRelease" in data or ("releases" in data and "ocid" in data):
        return "record"
    if "ocid" in data:
        return "release"
    raise OcdsImportError(_("Dit bestand is geen OCDS: er staat geen release, record of package in."))


def check_version(data: dict, kind: str) -> None:
    """Only OCDS 1.1 is read: a package without ``version`` is OCDS 1.0 (the standard says so)."""
    if not kind.endswith("package"):
        return  # a lone release or record carries no version
    version = data.get("version")
    if version == "1.1":
        return
    if version is None or (isinstance(version, str) and version.startswith("1.0")):
        raise OcdsImportError(
            _(
                "Dit is OCDS 1.0; alleen 1.1 wordt gelezen. (Een package zonder “version” is OCDS 1.0.) "
                "Vraag de uitgever om OCDS 1.1, of zet het bestand om, bijvoorbeeld met “ocdskit upgrade 1.0:1.1”."
            )
        )
    raise OcdsImportError(
        _("Dit is OCDS-versie %(version)s; alleen 1.1 wordt gelezen.") % {"version": dutch.shown(version)}
    )


def _release_list(data: dict, kind: str) -> list:
    """Every release object in the document (before validation: only what is a list of objects)."""

    def objects(value) -> list:
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

    if kind == "release":
        return [data]
    if kind == "release-package":
        return objects(data.get("releases"))
    records = [data] if kind == "record" else objects(data.get("records"))
    found = []
    for record in records:
        found.extend(objects(record.get("releases")))
        if isinstance(record.get("compiledRelease"), dict):
            found.append(record["compiledRelease"])
    return found


def check_size(data: dict, kind: str) -> None:
    """Bound the work before validating and merging: few releases, all of one process."""
    releases = _release_list(data, kind)
    limit = settings.OCDS_IMPORT_MAX_RELEASES
    if len(releases) > limit:
        raise OcdsImportError(
            _(
                "Dit bestand bevat %(count)s releases; er worden er hoogstens %(limit)s gelezen. "
                "Upload het record of de releases van één aanbesteding."
            )
            % {"count": len(releases), "limit": limit}
        )
    ocids = {str(release.get("ocid")) for release in releases if release.get("ocid") is not None}
    if kind == "record-package":
        ocids |= {str(r.get("ocid")) for r in data.get("records") or [] if isinstance(r, dict) and r.get("ocid")}
    if len(ocids) > 1:
        raise OcdsImportError(
            _("Dit bestand gaat over %(count)s aanbestedingen. Upload het bestand van één aanbesteding.")
            % {"count": len(ocids)}
        )


def _scope(path: list, kind: str) -> tuple[str, list]:
    """Which part of the document a path is in (package, record or release), and the path within it."""
    if kind == "release":
        return "release", path
    if kind == "release-package":
        if len(path) >= 2 and path[0] == "releases":
            return "release", path[2:]
        return "package", path
    if kind == "record-package":
        if len(path) >= 2 and path[0] == "records":
            return _scope(path[2:], "record")
        return "package", path
    if path[:1] == ["compiledRelease"]:
        return "release", path[1:]
    if len(path) >= 2 and path[0] == "releases":
        return "release", path[2:]
    return "record", path


def is_used(path: list, kind: str) -> bool:
    """Whether a fault at ``path`` touches a field the app reads (holding it, being it or inside it)."""
    scope, within = _scope(path, kind)
    parts = tuple("*" if isinstance(part, int) else str(part) for part in within)
    for used in _USED_PATHS[scope]:
        common = min(len(parts), len(used))
        if all(a == b or "*" in (a, b) for a, b in zip(parts[:common], used[:common], strict=True)):
            return True
    return False


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """The errors under a failed ``oneOf``/``anyOf``, of the alternative that came closest (fewest errors):
    the releases of a record are embedded or linked, and a fault inside an embedded release is that fault."""
    if error.validator in {"oneOf", "anyOf"} and error.context:
        alternatives: dict = {}
        for sub in error.context:
            alternatives.setdefault(sub.relative_schema_path[0], []).append(sub)
        for sub in min(alternatives.values(), key=len):
            yield from _leaves(sub)
    else:
        yield error


def schema_check(data: dict, kind: str) -> list[str]:
    """Validate the whole file; refuse it for a fault in a field the app reads, else the faults as warnings."""
    found: list[ValidationError] = []
    for error in iter_errors(data, kind):
        found.extend(_leaves(error))
        if len(found) > MAX_ERRORS:
            raise OcdsImportError(
                _("Dit bestand is geen geldige OCDS 1.1: het wijkt op meer dan %(count)s plaatsen af van het schema.")
                % {"count": MAX_ERRORS}
            )
    found.sort(key=error_sort_key)
    blocking = [error for error in found if is_used(dutch.error_path(error), kind)]
    if blocking:
        others = len(blocking) - 1
        raise OcdsImportError(
            _("Dit bestand is geen geldige OCDS 1.1. Bij %(error)s.") % {"error": dutch.describe(blocking[0])}
            + (" " + _("En nog %(count)s fout(en) in velden die we lezen.") % {"count": others} if others else "")
        )
    return [dutch.describe(error) for error in found]


def releases_of(data: dict) -> tuple[list[dict], str, list[str]]:
    """The full releases (or compiled releases) in a document, its package uri and the schema warnings."""
    kind = _kind(data)
    check_version(data, kind)
    check_size(data, kind)
    warnings = schema_check(data, kind)
    uri = data["uri"] if kind.endswith("package") and isinstance(data.get("uri"), str) else ""
    if kind == "release-package":
        return list(data["releases"]), uri, warnings
    if kind == "record-package":
        return [_record_release(record) for record in data["records"]], uri, warnings
    if kind == "record":
        return [_record_release(data)], uri, warnings
    return [data], uri, warnings


def _record_release(record: dict) -> dict:
    if isinstance(record.get("compiledRelease"), dict):
        return record["compiledRelease"]
    releases = [r for r in record.get("releases", []) if isinstance(r, dict) and "tag" in r and "ocid" in r]
    if not releases or any("url" in r and "tender" not in r and "parties" not in r for r in releases):
        raise OcdsImportError(
            _("Dit record bevat alleen verwijzingen naar releases. Upload het record met de gecompileerde release.")
        )
    return _compile(releases)


def _compile(releases: list[dict]) -> dict:
    if len(releases) == 1:
        return releases[0]
    try:
        compiled = Merger(schema=release_schema()).create_compiled_release(releases)
    except (OCDSMergeError, TypeError, ValueError, RecursionError) as error:
        raise OcdsImportError(
            _(
                "De releases in dit bestand laten zich niet samenvoegen (%(kind)s). Elke release heeft een datum "
                "nodig, en een veld heeft in elke release dezelfde soort waarde."
            )
            % {"kind": type(error).__name__}
        ) from None
    newest = max(releases, key=lambda r: str(r.get("date", "")))
    compiled["id"], compiled["date"] = newest.get("id"), newest.get("date")
    return compiled


def one_process(releases: list[dict]) -> dict:
    """The compiled release of the single contracting process in the file."""
    if not releases:
        raise OcdsImportError(_("Dit bestand bevat geen enkele release."))
    return _compile(releases)


# --- Fields ------------------------------------------------------------------------------------


def _datetime(value, where: list, notes: list[str]):
    """A date of the file, or None when absent, unreadable or outside 1900–2199 (with a note why)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is not None and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        in_range = parsed is not None and EARLIEST <= parsed.astimezone(UTC) < LATEST
    except (ValueError, OverflowError):  # 2026-02-30, or a year beyond 9999 once in UTC
        parsed, in_range = None, False
    if in_range:
        return parsed
    notes.append(
        _(
            "%(place)s: de datum %(value)s ligt niet tussen 1900 en 2200 of bestaat niet (vaak een plaatshouder "
            "voor “onbekend”); die datum is niet overgenomen."
        )
        % {"place": dutch.place(where), "value": value[:40]}
    )
    return None


def _amount(value) -> tuple[Decimal | None, str]:
    if not isinstance(value, dict) or value.get("amount") is None:
        return None, ""
    try:
        amount = Decimal(str(value["amount"])).quantize(Decimal("0.01"))
        if not amount.is_finite():
            return None, ""
    except (InvalidOperation, ValueError):
        return None, ""
    if abs(amount) >= MAX_AMOUNT:
        raise OcdsImportError(_("Het bedrag in dit bestand is te groot om op te slaan."))
    return amount, str(value.get("currency") or "")[:3]


def _identifier(party: dict) -> list[tuple[str, str]]:
    found = []
    for identifier in [party.get("identifier"), *(party.get("additionalIdentifiers") or [])]:
        if isinstance(identifier, dict) and identifier.get("id") is not None:
            found.append((str(identifier.get("scheme") or "").upper(), str(identifier["id"]).strip()))
    return found


def _text(value, length: int) -> str:
    return value[:length] if isinstance(value, str) else ""


def _id(value, what: str) -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_ID_LENGTH:
        raise OcdsImportError(_("%(what)s in dit bestand is te lang.") % {"what": what})
    return text


def _parties(release: dict) -> dict:
    return {str(p.get("id")): p for p in release.get("parties") or [] if isinstance(p, dict)}


def _buyer(release: dict, parties: dict) -> dict:
    buyer = release.get("buyer")
    if isinstance(buyer, dict):
        return {**buyer, **parties.get(str(buyer.get("id")), {})}
    return next((p for p in parties.values() if "buyer" in (p.get("roles") or [])), {})


def _suppliers(release: dict, parties: dict) -> list[dict]:
    suppliers, seen = [], set()
    awards = [a for a in release.get("awards") or [] if isinstance(a, dict)]
    active = [a for a in awards if a.get("status") in (None, "active")] or awards
    for award in active:
        for supplier in award.get("suppliers") or []:
            if not isinstance(supplier, dict):
                continue
            party = {**supplier, **parties.get(str(supplier.get("id")), {})}
            scheme, identifier = (_identifier(party) or [("", "")])[0]
            key = (party.get("id"), identifier or party.get("name"))
            if key in seen:
                continue
            seen.add(key)
            suppliers.append(
                {
                    "id": _text(str(party.get("id") or ""), MAX_ID_LENGTH),
                    "name": _text(party.get("name"), 500),
                    "scheme": scheme[:50],
                    "identifier": identifier[:MAX_ID_LENGTH],
                }
            )
    return suppliers


def check_buyer(buyer: dict, organisation) -> None:
    """Refuse a buyer that is identified by an OIN or KvK number other than the organisation's."""
    own = {"NL-OIN": organisation.oin, "NL-KVK": organisation.kvk_number}
    comparable = [(scheme, re.sub(r"\D", "", value)) for scheme, value in _identifier(buyer) if own.get(scheme)]
    if not comparable:
        return
    if not any(
        value[:8] == own[scheme] if scheme == "NL-KVK" else value == own[scheme] for scheme, value in comparable
    ):
        raise OcdsImportError(
            _(
                "Deze aanbesteding is van een andere aanbestedende dienst (%(buyer)s, %(scheme)s %(id)s), "
                "niet van %(organisation)s."
            )
            % {
                "buyer": buyer.get("name") or _("onbekend"),
                "scheme": comparable[0][0],
                "id": comparable[0][1],
                "organisation": organisation.name,
            }
        )


def _web_url(value) -> str:
    """Only an http(s) address is kept as the link to the source (never ``javascript:`` and the like)."""
    if isinstance(value, str) and re.match(r"^https?://[^\s]+\Z", value, re.IGNORECASE) and len(value) <= 1000:
        return value
    return ""


def tender_fields(release: dict, *, organisation, package_uri: str = "", notes: list[str] | None = None) -> dict:
    """The TenderReference fields of a compiled release (a date left out is explained in ``notes``)."""
    notes = [] if notes is None else notes
    parties = _parties(release)
    buyer = _buyer(release, parties)
    check_buyer(buyer, organisation)
    tender = release["tender"] if isinstance(release.get("tender"), dict) else {}
    awards = [a for a in release.get("awards") or [] if isinstance(a, dict)]
    contracts = [c for c in release.get("contracts") or [] if isinstance(c, dict)]
    value, currency = _amount(tender.get("value"))
    award_value, award_currency = _amount(awards[0].get("value")) if awards else (None, "")
    tender_period = tender["tenderPeriod"] if isinstance(tender.get("tenderPeriod"), dict) else {}
    if contracts and isinstance(contracts[0].get("period"), dict):
        contract_period, period_at = contracts[0]["period"], ["contracts", 0, "period"]
    elif isinstance(tender.get("contractPeriod"), dict):
        contract_period, period_at = tender["contractPeriod"], ["tender", "contractPeriod"]
    else:
        contract_period, period_at = {}, []
    buyer_ids = _identifier(buyer)
    notices = [
        _web_url(d.get("url"))
        for d in tender.get("documents") or []
        if isinstance(d, dict) and d.get("documentType") == "tenderNotice" and _web_url(d.get("url"))
    ]
    ocid = _id(release.get("ocid"), _("De ocid"))
    return {
        "ocid": ocid,
        "release_id": _id(release.get("id"), _("Het release-id")),
        "release_date": _datetime(release.get("date"), ["date"], notes),
        "tender_id": _id(tender.get("id"), _("Het kenmerk van de aanbesteding")) or ocid,
        "title": _text(tender.get("title"), 500),
        "value": value,
        "currency": currency or award_currency,
        "tender_start": _datetime(tender_period.get("startDate"), ["tender", "tenderPeriod", "startDate"], notes),
        "tender_end": _datetime(tender_period.get("endDate"), ["tender", "tenderPeriod", "endDate"], notes),
        "award_id": _id(awards[0].get("id"), _("Het id van de gunning")) if awards else "",
        "award_date": _datetime(awards[0].get("date"), ["awards", 0, "date"], notes) if awards else None,
        "award_value": award_value,
        # A contract is only what the file calls one: an award alone is no contract.
        "contract_id": _id(contracts[0].get("id"), _("Het id van het contract")) if contracts else "",
        "contract_start": _datetime(contract_period.get("startDate"), [*period_at, "startDate"], notes),
        "contract_end": _datetime(contract_period.get("endDate"), [*period_at, "endDate"], notes),
        "suppliers": _suppliers(release, parties),
        "buyer_name": _text(buyer.get("name"), 500),
        "buyer_scheme": buyer_ids[0][0][:50] if buyer_ids else "",
        "buyer_identifier": buyer_ids[0][1][:MAX_ID_LENGTH] if buyer_ids else "",
        "source_url": notices[0] if notices else _web_url(package_uri),
    }


def read(content: bytes, *, organisation) -> dict:
    """Parse, validate and read an uploaded file into TenderReference fields, or raise OcdsImportError.

    ``import_warnings`` lists, in Dutch, the schema faults in fields the app does not read and every
    date that was left out.
    """
    data = parse(content)
    releases, package_uri, warnings = releases_of(data)
    notes: list[str] = []
    fields = tender_fields(one_process(releases), organisation=organisation, package_uri=package_uri, notes=notes)
    warnings = [capfirst(warning) for warning in notes + warnings]
    if len(warnings) > MAX_WARNINGS:
        more = len(warnings) - MAX_WARNINGS
        warnings = [*warnings[:MAX_WARNINGS], _("En nog %(count)s afwijking(en).") % {"count": more}]
    fields["import_warnings"] = warnings
    return fields
