"""Real publishers' OCDS files (Paraguay, Mexico; ocdskit's fixtures, BSD: see ocds_files/README.md),
and the lenient reading: Dutch messages that name the place in words, warnings for faults in fields
the app does not read, OCDS 1.0 and non-UTF-8 files called what they are."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurement.models import TenderReference, Trajectory
from procurement.ocds import importer
from tests.factories import complete_trajectory
from tests.ocds_cove import cove_problems

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "ocds_files"
ENGLISH = re.compile(r"is not of type|is a required property|is not a '|is not one of|does not match|non-unique")


def _read(name: str, organisation) -> dict:
    return importer.read((FILES / name).read_bytes(), organisation=organisation)


def _refusal(name_or_bytes, organisation) -> str:
    content = name_or_bytes if isinstance(name_or_bytes, bytes) else (FILES / name_or_bytes).read_bytes()
    with pytest.raises(importer.OcdsImportError) as refused:
        importer.read(content, organisation=organisation)
    message = str(refused.value)
    assert not ENGLISH.search(message), message
    return message


@pytest.fixture
def trajectory(world):
    return complete_trajectory(world.org_a, "Scanners", team={world.users["inkoper"]: "inkoper"})


def _upload(client, trajectory, content: bytes):
    return client.post(
        reverse("procurement:tender_link", args=[trajectory.pk]),
        {"file": SimpleUploadedFile("ocds.json", content, content_type="application/json")},
    )


# --- The real files --------------------------------------------------------------------------


def test_a_paraguayan_package_without_publisher_is_linked_with_a_dutch_warning(client, world, trajectory):
    client.force_login(world.users["inkoper"])
    response = _upload(client, trajectory, (FILES / "paraguay-release-package-1.1-a.json").read_bytes())
    assert response.status_code == 302
    reference = TenderReference.objects.get(trajectory=trajectory)
    assert (reference.ocid, reference.tender_id) == ("ocds-03ad3f-193399", "193399-adquisicion-scanner")
    assert reference.buyer_name == "Dirección Nacional de Contrataciones Públicas (DNCP)"
    assert reference.import_warnings == ["Uitgever (publisher): ontbreekt, maar is verplicht"]
    page = client.get(response["Location"]).content.decode()
    assert "Afwijkingen van OCDS in het bestand" in page
    assert "Uitgever (publisher): ontbreekt, maar is verplicht" in page


def test_a_clean_paraguayan_package_is_linked_without_warnings(world):
    fields = _read("paraguay-release-package-1.1-b.json", world.org_a)
    assert fields["ocid"] == "ocds-03ad3f-246807"
    assert fields["import_warnings"] == []
    # A release about the contract alone: its contract is read, no tender or award is made up.
    assert fields["contract_id"] == "246807-11-setiembre-srl-4"
    assert (fields["contract_start"].year, fields["award_id"], fields["suppliers"]) == (2013, "", [])


def test_a_mexican_compiled_release_is_linked(world):
    fields = _read("mexico-cdmx-compiled-release.json", world.org_a)
    assert fields["title"] == "ARRENDAMIENTO DE BIENES INFORMÁTICOS"
    assert fields["buyer_name"] == "SECRETARÍA DE FINANZAS"


def test_a_mexican_record_package_with_faults_only_in_unread_fields_is_linked_with_warnings(world):
    fields = _read("mexico-record-package.json", world.org_a)
    assert fields["tender_id"] == "993235"
    assert fields["buyer_name"] == "Instituto Nacional de Antropología e Historia"
    assert any("aanbesteding → submissionMethod 1" in warning for warning in fields["import_warnings"])
    assert all(not ENGLISH.search(warning) for warning in fields["import_warnings"])


def test_an_ocds_1_0_package_is_refused_as_such(world):
    message = _refusal("paraguay-release-package-1.0.json", world.org_a)
    assert message.startswith("Dit is OCDS 1.0; alleen 1.1 wordt gelezen.")
    package = json.loads((FILES / "paraguay-release-package-1.1-b.json").read_bytes())
    message = _refusal(json.dumps({**package, "version": "1.0"}).encode(), world.org_a)
    assert message.startswith("Dit is OCDS 1.0; alleen 1.1 wordt gelezen.")


def test_a_latin_1_file_is_called_not_utf_8(world):
    message = _refusal("mexico-cdmx-release-package-latin-1.json", world.org_a)
    assert "niet in UTF-8" in message and "geen JSON" not in message


def test_an_imported_real_file_exports_cleanly(client, world, trajectory):
    """After linking a real publisher's tender, our own export still passes lib-cove-ocds (the autouse check)."""
    client.force_login(world.users["inkoper"])
    for name in ("paraguay-release-package-1.1-a.json", "mexico-record-package.json"):
        assert _upload(client, trajectory, (FILES / name).read_bytes()).status_code == 302
        package = json.loads(client.get(reverse("procurement:ocds_release", args=[trajectory.pk])).content)
        (release,) = package["releases"]
        assert release["tag"][0] == "tender"
        assert release["tender"]["id"] == TenderReference.objects.get(trajectory=trajectory).tender_id


# --- Dutch messages, lenient reading -----------------------------------------------------------


def _release(**tender) -> dict:
    return {
        "ocid": "ocds-tn0001-1",
        "id": "1",
        "date": "2027-02-01T10:00:00+01:00",
        "tag": ["tender"],
        "initiationType": "tender",
        "tender": {"id": "T-1", "title": "Laptops", **tender},
    }


def _package(release: dict, **extra) -> bytes:
    package = {
        "uri": "https://example.org/ocds.json",
        "version": "1.1",
        "publishedDate": "2027-02-01T10:00:00Z",
        "publisher": {"name": "TenderNed"},
        "releases": [release],
        **extra,
    }
    return json.dumps({key: value for key, value in package.items() if value is not None}).encode()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            _package(_release(value={"amount": "veel", "currency": "EUR"})),
            "release 1 → aanbesteding → waarde → bedrag (releases/0/tender/value/amount): "
            "moet een getal of leeg (null) zijn, maar is de tekst “veel”",
        ),
        (
            _package(_release(tenderPeriod={"startDate": ""})),
            "release 1 → aanbesteding → inschrijvingsperiode → begindatum (releases/0/tender/tenderPeriod/startDate): "
            "lege tekst is geen datum met tijd",
        ),
        (_package({**_release(), "ocid": None}), "release 1 → ocid (releases/0/ocid)"),
        (json.dumps({**_release(), "tag": ["nieuw"]}).encode(), "tag 1 (tag/0): de tekst “nieuw” is geen van"),
    ],
)
def test_a_fault_in_a_field_the_app_reads_is_refused_in_dutch_naming_the_place(world, content, expected):
    message = _refusal(content, world.org_a)
    assert message.startswith("Dit bestand is geen geldige OCDS 1.1. Bij ")
    assert expected in message


def test_faults_only_in_fields_the_app_does_not_read_are_warnings(world):
    release = _release(items=[{"id": "1", "quantity": "veel"}])
    release["planning"] = {"budget": {"amount": {"amount": "onbekend"}}}
    fields = importer.read(_package(release, publisher=None), organisation=world.org_a)
    assert fields["tender_id"] == "T-1"
    assert fields["import_warnings"] == [
        "Uitgever (publisher): ontbreekt, maar is verplicht",
        "Release 1 → planning → budget → bedrag → bedrag (releases/0/planning/budget/amount/amount): "
        "moet een getal of leeg (null) zijn, maar is de tekst “onbekend”",
        "Release 1 → aanbesteding → artikel 1 → aantal (releases/0/tender/items/0/quantity): "
        "moet een getal of leeg (null) zijn, maar is de tekst “veel”",
    ]


def test_a_field_that_holds_a_read_field_counts_as_read(world):
    message = _refusal(_package({**_release(), "tender": "Laptops"}), world.org_a)
    assert "release 1 → aanbesteding (releases/0/tender): moet een object met velden zijn" in message


def test_merge_errors_are_dutch(world):
    first, second = _release(), {**_release(title="Nieuw"), "id": "2"}
    del second["date"]
    message = _refusal(json.dumps({**json.loads(_package(first)), "releases": [first, second]}).encode(), world.org_a)
    assert "Bij release 2 → datum (releases/1/date): ontbreekt, maar is verplicht" in message


# --- Export ---------------------------------------------------------------------------------


def test_the_checker_reports_what_it_should_and_stays_offline():
    """The lib-cove-ocds harness is no rubber stamp: an unknown field, an unknown extension (not fetched)."""
    package = json.loads(_package({**_release(), "onbekendVeld": 1}))
    package["extensions"] = ["https://example.org/niet-gevendord/extension.json"]
    problems = cove_problems(package)
    assert problems["additional_fields"][0]["field"] == "onbekendVeld"
    assert "https://example.org/niet-gevendord/extension.json" in problems["invalid_extension"]


def test_a_trajectory_without_a_published_tender_is_exported_in_the_planning_stage(client, world, trajectory):
    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(status=Trajectory.Status.ACTIVE)
    client.force_login(world.users["inkoper"])
    response = client.get(reverse("procurement:ocds_release", args=[trajectory.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="ocds-chefci-{trajectory.pk}.json"'
    package = json.loads(response.content)
    (release,) = package["releases"]
    assert release["tag"] == ["planning"]
    assert release["tender"]["status"] == "planning"
    assert package["extensions"][0] == (
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/"
        "b8d93a0edb8e0ac2f27f733cccf3884e392346e9/extension.json"
    )


def test_an_award_without_a_contract_is_exported_without_inventing_one(client, world, trajectory):
    release = _release(value={"amount": 1000, "currency": "EUR"})
    release.update(
        tag=["award"],
        parties=[{"id": "s1", "name": "Leverancier BV", "roles": ["supplier"]}],
        awards=[{"id": "a1", "status": "active", "suppliers": [{"id": "s1", "name": "Leverancier BV"}]}],
    )
    client.force_login(world.users["inkoper"])
    assert _upload(client, trajectory, _package(release)).status_code == 302
    package = json.loads(client.get(reverse("procurement:ocds_release", args=[trajectory.pk])).content)
    (exported,) = package["releases"]
    assert exported["tag"] == ["tender", "award"]
    assert exported["awards"][0]["id"] == "a1"
    assert "contracts" not in exported


def test_linking_a_tender_that_another_trajectory_has_warns_and_names_it(client, world, trajectory):
    other = complete_trajectory(world.org_a, "Printers", team={world.users["inkoper"]: "inkoper"})
    client.force_login(world.users["inkoper"])
    assert _upload(client, other, _package(_release())).status_code == 302
    response = _upload(client, trajectory, _package(_release()))
    page = client.get(response["Location"]).content.decode()
    assert "al gekoppeld aan het traject “Printers”" in page
    assert reverse("procurement:dossier", args=[other.pk]) in page  # and stays listed on the tender page
    page = client.get(reverse("procurement:tender_link", args=[other.pk])).content.decode()
    assert "Scanners" in page
