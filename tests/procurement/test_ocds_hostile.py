"""Hostile OCDS files and edge values: refused in Dutch or read safely, never a 500, and the work bounded
(a file at the size limit is answered within 2 s: bench/bench_ocds_import.py measures it; here the
limits themselves are tested)."""

import json
from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse

from procurement.dossier import render_pdf_html
from procurement.models import TenderReference, Trajectory
from procurement.ocds import importer
from tests.factories import complete_trajectory

pytestmark = pytest.mark.django_db


def _release(**extra) -> dict:
    return {
        "ocid": "ocds-tn0001-7",
        "id": "7-1",
        "date": "2027-02-01T10:00:00+01:00",
        "tag": ["tender"],
        "initiationType": "tender",
        "tender": {"id": "T-7", "title": "Meubilair"},
        **extra,
    }


def _package(*releases) -> bytes:
    return json.dumps(
        {
            "uri": "https://example.org/ocds.json",
            "version": "1.1",
            "publishedDate": "2027-02-01T10:00:00Z",
            "publisher": {"name": "TenderNed"},
            "releases": list(releases),
        }
    ).encode()


@pytest.fixture
def trajectory(world):
    return complete_trajectory(world.org_a, "Meubilair", team={world.users["inkoper"]: "inkoper"})


def _upload(client, world, trajectory, content: bytes):
    client.force_login(world.users["inkoper"])
    return client.post(
        reverse("procurement:tender_link", args=[trajectory.pk]),
        {"file": SimpleUploadedFile("ocds.json", content, content_type="application/json")},
    )


def _refused(client, world, trajectory, content: bytes) -> str:
    response = _upload(client, world, trajectory, content)
    assert response.status_code == 200
    assert not TenderReference.objects.filter(trajectory=trajectory).exists()
    return response.content.decode()


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_refused_in_dutch(client, world, trajectory, depth):
    release = json.dumps(_release())[:-1] + ', "planning": {"x": ' + "[" * depth + "]" * depth + "}}"
    page = _refused(client, world, trajectory, release.encode())
    assert "te diep genest" in page


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_an_amount_that_is_not_a_number_is_refused_in_dutch(client, world, trajectory, constant):
    content = _package(_release()).replace(
        b'"title": "Meubilair"', b'"title": "M", "value": {"amount": %s}' % constant.encode()
    )
    page = _refused(client, world, trajectory, content)
    assert f"Dit bestand bevat {constant} als getal" in page


def test_a_huge_exponent_is_no_amount_and_no_500(world):
    content = _package(_release(tender={"id": "T", "value": {"amount": 1}})).replace(
        b'"amount": 1', b'"amount": 1e999999'
    )
    fields = importer.read(content, organisation=world.org_a)
    assert fields["value"] is None


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59Z"])
def test_dates_at_the_ends_of_the_calendar_are_left_out_with_a_dutch_warning(client, world, trajectory, moment):
    release = _release(
        tender={"id": "T-7", "title": "Meubilair", "tenderPeriod": {"startDate": moment, "endDate": moment}},
        contracts=[{"id": "c1", "awardID": "a1", "period": {"startDate": "2027-03-01T00:00:00Z", "endDate": moment}}],
        awards=[{"id": "a1", "date": moment}],
    )
    response = _upload(client, world, trajectory, _package(release))
    assert response.status_code == 302
    reference = TenderReference.objects.get(trajectory=trajectory)
    assert (reference.tender_start, reference.tender_end, reference.award_date, reference.contract_end) == (None,) * 4
    assert reference.contract_start == datetime(2027, 3, 1, tzinfo=UTC)
    assert any(
        w.startswith("Contract 1 → periode → einddatum") and "niet overgenomen" in w for w in reference.import_warnings
    )
    for url in ("procurement:tender_link", "procurement:dossier", "procurement:ocds_release"):
        assert client.get(reverse(url, args=[trajectory.pk])).status_code == 200


def test_no_stored_date_can_be_outside_1900_to_2199(trajectory):
    reference = TenderReference(trajectory=trajectory, ocid="o", tender_id="t")
    reference.contract_end = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        reference.save()


def test_every_page_shows_the_extreme_dates_that_may_be_stored(client, world, trajectory):
    earliest, latest = datetime(1900, 1, 1, tzinfo=UTC), datetime(2199, 12, 31, 23, 59, 59, tzinfo=UTC)
    TenderReference.objects.create(
        trajectory=trajectory,
        ocid="ocds-tn0001-7",
        tender_id="T-7",
        release_date=earliest,
        tender_start=earliest,
        tender_end=latest,
        award_date=latest,
        contract_start=earliest,
        contract_end=latest,
        suppliers=[{"id": "s1", "name": "Leverancier BV"}],
        award_id="a1",
        contract_id="c1",
    )
    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(
        contract_start=date(1, 1, 1), contract_end=date(9999, 12, 31)
    )
    client.force_login(world.users["inkoper"])
    for url in ("procurement:tender_link", "procurement:dossier", "procurement:ocds_release"):
        assert client.get(reverse(url, args=[trajectory.pk])).status_code == 200
    assert "Meubilair" in render_pdf_html(Trajectory.objects.for_organisation(world.org_a).get(pk=trajectory.pk))
    year = client.get(reverse("procurement:ocds_export"))
    assert year.status_code == 200


@override_settings(OCDS_IMPORT_MAX_RELEASES=3)
def test_the_release_count_is_checked_before_validating_and_merging(world):
    releases = [{**_release(), "id": f"7-{n}"} for n in range(4)]
    with (
        mock.patch.object(importer, "iter_errors") as validate,
        mock.patch.object(importer, "_compile") as merge,
        pytest.raises(importer.OcdsImportError, match="bevat 4 releases; er worden er hoogstens 3 gelezen"),
    ):
        importer.read(_package(*releases), organisation=world.org_a)
    validate.assert_not_called()
    merge.assert_not_called()
    assert importer.read(_package(*releases[:3]), organisation=world.org_a)["tender_id"] == "T-7"


def test_several_processes_are_refused_before_validating(world):
    releases = [{**_release(), "ocid": f"ocds-tn0001-{n}", "date": "gisteren"} for n in range(3)]
    with (
        mock.patch.object(importer, "iter_errors") as validate,
        pytest.raises(importer.OcdsImportError, match="gaat over 3 aanbestedingen"),
    ):
        importer.read(_package(*releases), organisation=world.org_a)
    validate.assert_not_called()


def test_records_count_their_releases_too(world):
    record = {"ocid": "ocds-tn0001-7", "releases": [_release()] * 2, "compiledRelease": _release()}
    package = {"uri": "https://e.org/r.json", "version": "1.1", "publishedDate": "2027-01-01T00:00:00Z"}
    with override_settings(OCDS_IMPORT_MAX_RELEASES=2), pytest.raises(importer.OcdsImportError, match="bevat 3"):
        importer.read(json.dumps({**package, "records": [record]}).encode(), organisation=world.org_a)


def test_duplicate_releases_are_still_found_by_the_linear_unique_check(world):
    with pytest.raises(importer.OcdsImportError, match="bevat hetzelfde element twee keer"):
        importer.read(_package(_release(), _release()), organisation=world.org_a)


def test_too_many_schema_faults_refuse_the_file(world):
    release = _release(planning={"milestones": [{"id": n, "type": 5} for n in range(importer.MAX_ERRORS + 1)]})
    with pytest.raises(importer.OcdsImportError, match="op meer dan 200 plaatsen"):
        importer.read(_package(release), organisation=world.org_a)


def test_every_unique_items_check_is_the_linear_one(world):
    """jsonschema compares every pair of items (minutes for a few thousand); the release schema, reached by
    $ref from the package schema, must be checked with the linear one too."""
    from procurement.ocds import schema

    items = [{"id": "1"}, {"id": "2"}]
    with mock.patch.object(schema, "_canonical", wraps=schema._canonical) as canonical:
        importer.read(_package(_release(tender={"id": "T-7", "items": items})), organisation=world.org_a)
    assert {"id": "2"} in [call.args[0] for call in canonical.call_args_list]
