"""Export/import of an organisation carries the suppliers' submissions and, on request, their evidence files."""

import base64
import json

import pytest

from organisations import backup
from organisations.models import Organisation
from organisations.scoping import unscoped_access
from suppliers.models import Evidence, Submission

pytestmark = pytest.mark.django_db


def gamma_copy(world, *, include_files: bool) -> dict:
    with unscoped_access():
        document = backup.export_organisation(world.org_a, include_files=include_files)
    document = json.loads(json.dumps(document, cls=backup.ExactJSONEncoder))
    document["organisation"].update(slug="gemeente-gamma", name="Gemeente Gamma")
    document["models"]["chefcirculair.organisation"][0]["fields"].update(slug="gemeente-gamma", name="Gemeente Gamma")
    return document


def evidence_entry(document) -> dict:
    """The file entry of the world's evidence (organisation A's logo travels too)."""
    (entry,) = [entry for entry in document["files"] if entry["model"] == "suppliers.evidence"]
    return entry


def test_submissions_travel_and_files_only_when_asked(world):
    without = gamma_copy(world, include_files=False)
    assert "suppliers.submission" in without["models"] and "files" not in without
    document = gamma_copy(world, include_files=True)
    entry = evidence_entry(document)
    assert entry["name"].endswith(".pdf")
    assert base64.b64decode(entry["content"]) == b"%PDF-1.7\n"
    backup.import_organisation(document, match_users_by_email=True)
    gamma = Organisation.objects.get(slug="gemeente-gamma")
    submission = Submission.objects.for_organisation(gamma).get(year=2024)
    assert submission.value == world.supplier_submission_a.value
    copy = Evidence.objects.for_organisation(gamma).get()
    # A fresh stored name, with the same content.
    assert copy.file.name != world.supplier_evidence_a.file.name
    with copy.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.7\n"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda entry: entry.update(content="geen base64!"),
        lambda entry: entry.update(model="kpis.kpi"),
        lambda entry: entry.update(pk=987654),
        lambda entry: entry.update(field="name"),
    ],
)
def test_a_bad_file_entry_is_refused_and_nothing_is_written(world, tamper):
    document = gamma_copy(world, include_files=True)
    tamper(evidence_entry(document))
    with pytest.raises(backup.BackupError):
        backup.import_organisation(document)
    assert not Organisation.objects.filter(slug="gemeente-gamma").exists()


def test_a_hostile_file_name_is_never_used_as_the_stored_path(world):
    document = gamma_copy(world, include_files=True)
    evidence_entry(document)["name"] = "../../../../etc/cron.d/evil"
    backup.import_organisation(document, match_users_by_email=True)
    gamma = Organisation.objects.get(slug="gemeente-gamma")
    stored = Evidence.objects.for_organisation(gamma).get().file.name
    assert ".." not in stored and stored.startswith("evidence/")


def test_file_names_in_the_file_never_point_into_this_installations_storage(world, client):
    """Without its files, an import names no stored file: neither the source's nor any another organisation's.

    A backup made without files (or a crafted one) would otherwise point the copy's evidence and logo at
    organisation A's stored files: its members could read them, and the logo's after-import check would
    replace and delete A's logo.
    """
    from django.test import TestCase

    from organisations.models import OrganisationTheme

    document = gamma_copy(world, include_files=False)
    (evidence,) = document["models"]["suppliers.evidence"]
    assert evidence["fields"]["file"] == world.supplier_evidence_a.file.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        backup.import_organisation(document, match_users_by_email=True)
    gamma = Organisation.objects.get(slug="gemeente-gamma")
    assert not Evidence.objects.for_organisation(gamma).get().file
    assert not OrganisationTheme.objects.unscoped().get(organisation=gamma).logo
    theme_a = OrganisationTheme.objects.unscoped().get(organisation=world.org_a)
    assert theme_a.logo.storage.exists(theme_a.logo.name)  # A's logo is still there
    assert world.supplier_evidence_a.file.storage.exists(world.supplier_evidence_a.file.name)
