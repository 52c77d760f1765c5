"""OCDS: the export validates against the release-package schema with the extensions applied (offline),
the import links a published tender or refuses the file with a Dutch error and changes nothing."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from organisations.models import Organisation
from procurement.cpv import procurement_category, validate_cpv_code
from procurement.models import TenderReference, Trajectory
from procurement.ocds import export, importer
from procurement.ocds.schema import release_schema, validation_errors
from tests.factories import complete_trajectory, start_trajectory

pytestmark = pytest.mark.django_db


def _package_errors(package) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validation_errors(package, "release-package")
    ]


def _download(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def _upload(client, trajectory, content: bytes, name="release.json", **extra):
    return client.post(
        reverse("procurement:tender_link", args=[trajectory.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/json"), **extra},
    )


@pytest.fixture
def tendered(world):
    """A completed trajectory of A (every phase done, R2 chosen) with a CPV code."""
    users = world.users
    trajectory = complete_trajectory(
        world.org_a,
        team={users["inkoper"]: "inkoper", users["contractmanager"]: "contractmanager"},
        category=world.category_a,
        estimated_value=Decimal("250000.50"),
        contract_start=date(2027, 1, 1),
        contract_end=date(2032, 12, 31),
        cpv_code="30213100-6",
        gpp_criteria=Trajectory.GppCriteria.EU,
    )
    return trajectory


# --- Schema and CPV --------------------------------------------------------------------


def test_release_schema_has_both_extensions_patched_in():
    tender = release_schema()["definitions"]["Tender"]["properties"]
    assert {"hasSustainability", "sustainability", "circularity"} <= set(tender)
    assert "Circularity" in release_schema()["definitions"]


@pytest.mark.parametrize("code", ["30213100-6", "45000000-7", "90910000-9"])
def test_valid_cpv_codes(code):
    validate_cpv_code(code)


@pytest.mark.parametrize("code", ["30213100", "3021310-6", "30213100-66", "01000000-1", "abcdefgh-1", ""])
def test_invalid_cpv_codes(code):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_cpv_code(code)


def test_cpv_division_gives_the_procurement_category():
    assert [procurement_category(c) for c in ("30213100-6", "45000000-7", "90910000-9")] == [
        "goods",
        "works",
        "services",
    ]


# --- Export ------------------------------------------------------------------------------


def test_trajectory_release_is_schema_valid_with_buyer_tender_and_circularity(client, world, tendered):
    world.org_a.oin = "00000001001234567000"
    world.org_a.kvk_number = "12345678"
    world.org_a.save()
    client.force_login(world.users["lezer"])
    package = _download(client, reverse("procurement:ocds_release", args=[tendered.pk]))
    assert _package_errors(package) == []
    assert package["version"] == "1.1"
    assert package["extensions"][-1].endswith(reverse("procurement:ocds_extension", args=["extension.json"]))
    assert package["publisher"] == {"name": "Gemeente Alfa", "scheme": "NL-OIN", "uid": "00000001001234567000"}
    (release,) = package["releases"]
    assert release["ocid"] == f"ocds-chefci-{tendered.pk}"
    buyer = release["parties"][0]
    assert buyer["identifier"] == {"scheme": "NL-OIN", "id": "00000001001234567000", "legalName": "Gemeente Alfa"}
    assert buyer["additionalIdentifiers"][0]["scheme"] == "NL-KVK"
    tender = release["tender"]
    assert tender["value"] == {"amount": 250000.5, "currency": "EUR"}
    assert tender["items"][0]["classification"] == {"scheme": "CPV", "id": "30213100"}
    assert tender["mainProcurementCategory"] == "goods"
    assert tender["hasSustainability"] is True
    (sustainability,) = tender["sustainability"]
    assert sustainability["goal"] == "environmental.circularEconomy"
    assert sustainability["strategies"] == ["euGPPCriteria"]
    chosen = tendered.chosen_strategy.code
    assert f"gekozen strategie {chosen}" in sustainability["description"]
    circularity = tender["circularity"]
    assert circularity["chosenStrategy"]["code"] == chosen
    assert [s["strategy"]["code"] for s in circularity["steps"]] == ["R0", "R1", "R2"]
    assert [g["contractYear"] for g in circularity["growthModel"]] == [1, 3]
    assert "awards" not in release  # no tender linked yet: no suppliers known


def test_a_trajectory_that_did_not_reach_a_tender_has_no_release(client, world):
    trajectory = start_trajectory(world)
    client.force_login(world.users["inkoper"])
    assert client.get(reverse("procurement:ocds_release", args=[trajectory.pk])).status_code == 404
    assert not Trajectory.objects.for_organisation(world.org_a).reached_tender().filter(pk=trajectory.pk).exists()


def test_year_package_holds_every_tender_of_that_year_in_a_flat_number_of_queries(
    client, world, django_assert_max_num_queries
):
    users = world.users
    team = {users["inkoper"]: "inkoper"}
    first = complete_trajectory(
        world.org_a, "Een", team=team, contract_start=date(2031, 1, 1), contract_end=date(2035, 1, 1)
    )
    client.force_login(users["chef"])
    url = reverse("procurement:ocds_year", args=[2031])
    with django_assert_max_num_queries(14) as one:
        package = _download(client, url)
    assert [r["ocid"] for r in package["releases"]] == [first.ocid]
    for n in range(3):
        complete_trajectory(
            world.org_a, f"Meer {n}", team=team, contract_start=date(2031, 6, 1), contract_end=date(2035, 1, 1)
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        package = _download(client, url)
    assert len(package["releases"]) == 4
    assert _package_errors(package) == []
    page = client.get(reverse("procurement:ocds_export"))
    assert "2031: 4 aanbestedingen (JSON)" in page.content.decode()


def test_demo_trajectories_that_reached_a_tender_are_schema_valid():
    call_command("load_demo", stdout=StringIO())
    organisation = Organisation.objects.get(name="Gemeente Voorbeeldstad")
    trajectories = list(export.export_queryset(organisation))
    assert {t.slug for t in trajectories} >= {"laptops-medewerkers"}
    assert "wegwerpbekers-koffieautomaten" not in {t.slug for t in trajectories}  # refused: no tender
    for year, _count in export.years(organisation):
        package = export.year_package(organisation, year, uri="https://example.org/ocds.json")
        assert _package_errors(package) == []
    laptops = next(t for t in trajectories if t.slug == "laptops-medewerkers")
    release = export.build_release(laptops)
    assert release["tender"]["sustainability"][0]["strategies"] == ["nationalGPPCriteria"]
    # Round trip: the demo's own release, imported again, links the same tender.
    content = json.dumps(export.trajectory_package(laptops, uri="https://example.org/laptops.json")).encode()
    reference = TenderReference.link(laptops, importer.read(content, organisation=organisation), user=None)
    assert (reference.ocid, reference.tender_id) == (laptops.ocid, release["tender"]["id"])
    assert reference.tender_id == "VBS-2024-ICT-017"
    assert reference.supplier_names == ["Voorbeeld Werkplekdiensten B.V."]
    assert reference.award_value == Decimal("1087500")


def test_extension_is_served_at_its_stable_url(client):
    response = client.get(reverse("procurement:ocds_extension", args=["extension.json"]))
    assert response.status_code == 200
    assert json.loads(response.content)["schemas"] == ["release-schema.json"]
    schema = json.loads(client.get(reverse("procurement:ocds_extension", args=["release-schema.json"])).content)
    assert "Circularity" in schema["definitions"]
    assert client.get(reverse("procurement:ocds_extension", args=["settings.py"])).status_code == 404


def test_dossier_links_the_downloads(client, world, tendered):
    client.force_login(world.users["inkoper"])
    page = client.get(reverse("procurement:dossier", args=[tendered.pk])).content.decode()
    assert reverse("procurement:ocds_release", args=[tendered.pk]) in page
    assert reverse("procurement:tender_link", args=[tendered.pk]) in page
    client.force_login(world.users["lezer"])
    page = client.get(reverse("procurement:dossier", args=[tendered.pk])).content.decode()
    assert reverse("procurement:ocds_release", args=[tendered.pk]) in page
    assert reverse("procurement:tender_link", args=[tendered.pk]) not in page


# --- Import ------------------------------------------------------------------------------


def _tenderned_release(buyer_scheme="NL-KVK", buyer_id="87654321", **tender) -> dict:
    return {
        "ocid": "ocds-tn0001-350123",
        "id": "350123-2027-01",
        "date": "2027-02-01T10:00:00+01:00",
        "tag": ["award", "contract"],
        "initiationType": "tender",
        "parties": [
            {
                "id": "buyer-1",
                "name": "Gemeente Alfa",
                "identifier": {"scheme": buyer_scheme, "id": buyer_id},
                "roles": ["buyer"],
            },
            {
                "id": "NL-KVK-11112222",
                "name": "Circulaire Laptops BV",
                "identifier": {"scheme": "NL-KVK", "id": "11112222"},
                "roles": ["supplier"],
            },
        ],
        "buyer": {"id": "buyer-1", "name": "Gemeente Alfa"},
        "tender": {
            "id": "350123",
            "title": "Levering laptops",
            "value": {"amount": 260000.25, "currency": "EUR"},
            "tenderPeriod": {"startDate": "2026-10-01T00:00:00+02:00", "endDate": "2026-11-15T12:00:00+01:00"},
            "documents": [
                {
                    "id": "1",
                    "documentType": "tenderNotice",
                    "url": "https://www.tenderned.nl/aankondigingen/overzicht/350123",
                }
            ],
            **tender,
        },
        "awards": [
            {
                "id": "a1",
                "status": "active",
                "date": "2027-01-20T00:00:00+01:00",
                "value": {"amount": 248000, "currency": "EUR"},
                "suppliers": [{"id": "NL-KVK-11112222", "name": "Circulaire Laptops BV"}],
            }
        ],
        "contracts": [
            {"id": "c1", "awardID": "a1", "period": {"startDate": "2027-03-01T00:00:00+01:00"}},
        ],
    }


def _package(*releases) -> bytes:
    return json.dumps(
        {
            "uri": "https://www.tenderned.nl/papi/tenderned-rs-tns/v2/publicaties/350123/ocds",
            "version": "1.1",
            "publishedDate": "2027-02-01T10:00:00+01:00",
            "publisher": {"name": "TenderNed"},
            "releases": list(releases),
        }
    ).encode()


def test_inkoper_links_a_tenderned_release_package(client, world, tendered):
    world.org_a.kvk_number = "87654321"
    world.org_a.save()
    client.force_login(world.users["inkoper"])
    response = _upload(client, tendered, _package(_tenderned_release()))
    assert response.status_code == 302
    reference = TenderReference.objects.get(trajectory=tendered)
    assert (reference.ocid, reference.tender_id, reference.title) == (
        "ocds-tn0001-350123",
        "350123",
        "Levering laptops",
    )
    assert reference.value == Decimal("260000.25") and reference.award_value == Decimal("248000.00")
    assert reference.suppliers == [
        {"id": "NL-KVK-11112222", "name": "Circulaire Laptops BV", "scheme": "NL-KVK", "identifier": "11112222"}
    ]
    assert reference.source_url == "https://www.tenderned.nl/aankondigingen/overzicht/350123"
    assert reference.tender_end.year == 2026 and reference.award_date.month == 1
    page = client.get(response["Location"]).content.decode()
    assert "Circulaire Laptops BV" in page and "350123" in page
    # The export now names the awarded supplier, and stays schema-valid.
    package = _download(client, reverse("procurement:ocds_release", args=[tendered.pk]))
    assert _package_errors(package) == []
    (release,) = package["releases"]
    assert release["awards"][0]["suppliers"] == [{"id": "NL-KVK-11112222", "name": "Circulaire Laptops BV"}]
    assert release["tender"]["id"] == "350123"
    assert release["tag"] == ["tender", "award", "contract"]


def test_several_releases_of_one_process_are_merged(client, world, tendered):
    planning = _tenderned_release(title="Eerste titel")
    planning.update({"id": "350123-2026-10", "date": "2026-10-01T00:00:00+02:00", "tag": ["tender"]})
    del planning["awards"], planning["contracts"]
    client.force_login(world.users["chef"])
    assert _upload(client, tendered, _package(planning, _tenderned_release())).status_code == 302
    reference = TenderReference.objects.get(trajectory=tendered)
    assert reference.title == "Levering laptops" and reference.release_id == "350123-2027-01"
    assert reference.supplier_names == ["Circulaire Laptops BV"]


def test_round_trip_export_then_import_links_the_same_tender(client, world, tendered):
    client.force_login(world.users["inkoper"])
    exported = client.get(reverse("procurement:ocds_release", args=[tendered.pk])).content
    tender_id = json.loads(exported)["releases"][0]["tender"]["id"]
    assert _upload(client, tendered, exported).status_code == 302
    reference = TenderReference.objects.get(trajectory=tendered)
    assert (reference.ocid, reference.tender_id) == (tendered.ocid, tender_id)
    assert reference.title == tendered.title


def test_a_single_release_and_a_record_package_are_accepted(world, tendered):
    release = _tenderned_release()
    fields = importer.read(json.dumps(release).encode(), organisation=world.org_a)
    assert fields["tender_id"] == "350123"
    record_package = {
        "uri": "https://example.org/records.json",
        "version": "1.1",
        "publishedDate": "2027-02-01T10:00:00Z",
        "publisher": {"name": "TenderNed"},
        "records": [{"ocid": release["ocid"], "releases": [release], "compiledRelease": release}],
    }
    fields = importer.read(json.dumps(record_package).encode(), organisation=world.org_a)
    assert fields["ocid"] == "ocds-tn0001-350123" and fields["suppliers"][0]["identifier"] == "11112222"


BAD_FILES = [
    (b"\x89PNG not json", "geen JSON"),
    (b"[1, 2, 3]", "geen OCDS"),
    (b'{"hello": "world"}', "geen OCDS"),
    (json.dumps({"ocid": "x", "id": "1"}).encode(), "geen geldige OCDS"),
    (_package({**_tenderned_release(), "date": "gisteren"}), "geen geldige OCDS"),
    (_package(_tenderned_release(), {**_tenderned_release(), "ocid": "ocds-tn0001-9"}), "2 aanbestedingen"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_bad_files_are_refused_in_dutch_and_change_nothing(client, world, tendered, content, message):
    client.force_login(world.users["inkoper"])
    response = _upload(client, tendered, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'href="#id_file"' in response.content.decode()  # the error summary links to the field
    assert not TenderReference.objects.filter(trajectory=tendered).exists()


def test_another_organisations_buyer_is_refused(client, world, tendered):
    world.org_a.kvk_number = "87654321"
    world.org_a.save()
    client.force_login(world.users["inkoper"])
    response = _upload(client, tendered, _package(_tenderned_release(buyer_id="99999999")))
    assert response.status_code == 200
    assert "andere aanbestedende dienst" in response.content.decode()
    assert not TenderReference.objects.filter(trajectory=tendered).exists()
    # Without an identifier of that kind the organisation cannot be compared: accepted.
    world.org_a.kvk_number = ""
    world.org_a.save()
    assert _upload(client, tendered, _package(_tenderned_release(buyer_id="99999999"))).status_code == 302


@override_settings(OCDS_IMPORT_MAX_BYTES=100)
def test_a_too_large_file_is_refused(client, world, tendered):
    client.force_login(world.users["inkoper"])
    response = _upload(client, tendered, _package(_tenderned_release()))
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
    assert not TenderReference.objects.filter(trajectory=tendered).exists()


def test_a_javascript_link_in_the_file_is_not_kept(world):
    release = _tenderned_release()
    release["tender"]["documents"][0]["url"] = "javascript:alert(1)"
    fields = importer.read(json.dumps(release).encode(), organisation=world.org_a)
    assert fields["source_url"] == ""


# --- The forms -----------------------------------------------------------------------------


def test_organisation_identifiers_are_validated(client, world):
    client.force_login(world.users["chef"])
    url = reverse("organisations:organisation_settings")
    response = client.post(url, {"oin": "123", "kvk_number": "1234567a"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "precies 20 cijfers" in page and "precies 8 cijfers" in page
    response = client.post(url, {"oin": "00000001001234567000", "kvk_number": "1234 5678"})
    assert response.status_code == 302
    world.org_a.refresh_from_db()
    assert (world.org_a.oin, world.org_a.kvk_number) == ("00000001001234567000", "12345678")


def test_trajectory_form_validates_the_cpv_code(world):
    from procurement.forms import TrajectoryForm

    data = {"title": "T", "description": "D", "cpv_code": "3021310-6", "gpp_criteria": "eu"}
    form = TrajectoryForm(data, organisation=world.org_a)
    assert not form.is_valid() and "cpv_code" in form.errors
    form = TrajectoryForm({**data, "cpv_code": " 30213100-6 "}, organisation=world.org_a)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cpv_code"] == "30213100-6"


# --- Fuzz: whatever is uploaded, the importer answers with a Dutch refusal or tender fields ----

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
_ocds_keys = st.sampled_from(["ocid", "id", "date", "tag", "releases", "records", "compiledRelease", "tender", "buyer"])


def _mutated_release(draw_release: dict, key: str, value) -> bytes:
    return json.dumps({**draw_release, key: value}).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    raw=st.binary(max_size=200)
    | _json.map(lambda v: json.dumps(v).encode())
    | st.builds(_mutated_release, st.just(_tenderned_release()), _ocds_keys, _json)
)
def test_importer_never_crashes(world, raw):
    try:
        fields = importer.read(raw, organisation=world.org_a)
    except importer.OcdsImportError as error:
        assert str(error)
    else:
        assert fields["ocid"] and fields["tender_id"]


def test_ocds_pages_keep_a_flat_query_budget(client, world, tendered, django_assert_max_num_queries):
    client.force_login(world.users["chef"])
    pages = [reverse("procurement:ocds_export"), reverse("procurement:tender_link", args=[tendered.pk])]
    budgets = []
    for url in pages:
        with django_assert_max_num_queries(20) as queries:
            assert client.get(url).status_code == 200
        budgets.append(len(queries.captured_queries))
    team = {world.users["inkoper"]: "inkoper"}
    for n in range(3):
        complete_trajectory(world.org_a, f"Nog een {n}", team=team)
    for url, budget in zip(pages, budgets, strict=True):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
