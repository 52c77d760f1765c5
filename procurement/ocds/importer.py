"""Read an uploaded OCDS release, record or package (as TenderNed publishes them) into tender fields.

The file is untrusted: it must be JSON, valid against the OCDS 1.1.5 schema (offline, see
``schema``), about one contracting process (one ocid), and, when its buyer carries an OIN or KvK
number the organisation also has, of this organisation. Several releases of one process are
merged into a compiled release with ``ocdsmerge`` (the OCDS reference implementation). Each
refusal is an ``OcdsImportError`` with a Dutch message; nothing is stored here.
"""

import json
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ocdsmerge import Merger
from ocdsmerge.exceptions import OCDSMergeError

from .schema import describe_error, release_schema, validation_errors

MAX_AMOUNT = Decimal("1e14")  # TenderReference amounts: 16 digits, 2 after the point
MAX_ID_LENGTH = 200


class OcdsImportError(Exception):
    """The file cannot be linked; the message (Dutch) says why."""


def _schema_check(data, kind: str) -> None:
    errors = validation_errors(data, kind)
    if errors:
        first = errors[0]
        raise OcdsImportError(
            _("Dit bestand is geen geldige OCDS 1.1: bij %(where)s: %(message)s")
            % {"where": describe_error(first), "message": first.message[:200]}
        )


def parse(content: bytes) -> dict:
    """The JSON document in ``content`` (amounts as Decimal)."""
    try:
        data = json.loads(content.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise OcdsImportError(
            _("Dit bestand is geen JSON. Upload een OCDS-bestand (.json), zoals TenderNed het levert.")
        ) from None
    if not isinstance(data, dict):
        raise OcdsImportError(_("Dit bestand is geen OCDS: er staat geen release, record of package in."))
    return data


def releases_of(data: dict) -> tuple[list[dict], str]:
    """The full releases (or compiled releases) in a document, and the package's uri; schema-checked."""
    if "releases" in data and "ocid" not in data:
        _schema_check(data, "release-package")
        return list(data["releases"]), data.get("uri") or ""
    if "records" in data:
        _schema_check(data, "record-package")
        return [_record_release(record) for record in data["records"]], data.get("uri") or ""
    if "compiledRelease" in data or ("releases" in data and "ocid" in data):
        _schema_check(data, "record")
        return [_record_release(data)], ""
    if "ocid" in data:
        _schema_check(data, "release")
        return [data], ""
    raise OcdsImportError(_("Dit bestand is geen OCDS: er staat geen release, record of package in."))


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
    except (OCDSMergeError, TypeError, ValueError) as error:
        raise OcdsImportError(
            _("De releases in dit bestand laten zich niet samenvoegen: %(error)s") % {"error": error}
        ) from None
    newest = max(releases, key=lambda r: str(r.get("date", "")))
    compiled["id"], compiled["date"] = newest.get("id"), newest.get("date")
    return compiled


def one_process(releases: list[dict]) -> dict:
    """The compiled release of the single contracting process in the file."""
    ocids = {release.get("ocid") for release in releases}
    if not releases:
        raise OcdsImportError(_("Dit bestand bevat geen enkele release."))
    if len(ocids) > 1:
        raise OcdsImportError(
            _("Dit bestand gaat over %(count)s aanbestedingen. Upload het bestand van één aanbesteding.")
            % {"count": len(ocids)}
        )
    return _compile(releases)


# --- Fields ------------------------------------------------------------------------------------


def _datetime(value):
    if not isinstance(value, str):
        return None
    parsed = parse_datetime(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _amount(value) -> tuple[Decimal | None, str]:
    if not isinstance(value, dict) or value.get("amount") is None:
        return None, ""
    try:
        amount = Decimal(str(value["amount"])).quantize(Decimal("0.01"))
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


def tender_fields(release: dict, *, organisation, package_uri: str = "") -> dict:
    """The TenderReference fields of a compiled release."""
    parties = _parties(release)
    buyer = _buyer(release, parties)
    check_buyer(buyer, organisation)
    tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
    awards = [a for a in release.get("awards") or [] if isinstance(a, dict)]
    contracts = [c for c in release.get("contracts") or [] if isinstance(c, dict)]
    value, currency = _amount(tender.get("value"))
    award_value, award_currency = _amount(awards[0].get("value")) if awards else (None, "")
    tender_period = tender.get("tenderPeriod") if isinstance(tender.get("tenderPeriod"), dict) else {}
    contract_period = (contracts[0].get("period") if contracts else None) or tender.get("contractPeriod") or {}
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
        "release_date": _datetime(release.get("date")),
        "tender_id": _id(tender.get("id"), _("Het kenmerk van de aanbesteding")) or ocid,
        "title": _text(tender.get("title"), 500),
        "value": value,
        "currency": currency or award_currency,
        "tender_start": _datetime(tender_period.get("startDate")),
        "tender_end": _datetime(tender_period.get("endDate")),
        "award_date": _datetime(awards[0].get("date")) if awards else None,
        "award_value": award_value,
        "contract_start": _datetime(contract_period.get("startDate")) if isinstance(contract_period, dict) else None,
        "contract_end": _datetime(contract_period.get("endDate")) if isinstance(contract_period, dict) else None,
        "suppliers": _suppliers(release, parties),
        "buyer_name": _text(buyer.get("name"), 500),
        "buyer_scheme": buyer_ids[0][0][:50] if buyer_ids else "",
        "buyer_identifier": buyer_ids[0][1][:MAX_ID_LENGTH] if buyer_ids else "",
        "source_url": notices[0] if notices else _web_url(package_uri),
    }


def read(content: bytes, *, organisation) -> dict:
    """Parse, validate and read an uploaded file into TenderReference fields, or raise OcdsImportError."""
    data = parse(content)
    releases, package_uri = releases_of(data)
    return tender_fields(one_process(releases), organisation=organisation, package_uri=package_uri)
