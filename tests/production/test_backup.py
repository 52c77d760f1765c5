"""Backups: an organisation exported to JSON and imported again is the same, row for row."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import FileField
from django.utils import timezone

from organisations import backup
from organisations.models import Organisation
from organisations.scoping import unscoped_access
from procurement.models import Answer, Trajectory

pytestmark = pytest.mark.django_db


def state(organisation) -> dict:
    """Every row and every field of the organisation's data and history.

    Primary keys are not kept by an import (it gives out fresh ones), so every key of
    the organisation's rows, and every foreign key to them, is replaced by its rank
    among that model's keys: the import keeps the file's order.
    """
    with unscoped_access():
        collected = backup.collect(organisation)
        querysets = {Organisation: Organisation.objects.filter(pk=organisation.pk)}
        querysets.update(collected["current"])
        querysets.update(collected["history"])
        keys: dict = {Organisation: {organisation.pk}}
        for model, queryset in collected["current"].items():
            keys.setdefault(model, set()).update(queryset.values_list("pk", flat=True))
        for history, queryset in collected["history"].items():
            base = history.instance_type
            keys.setdefault(base, set()).update(queryset.values_list(base._meta.pk.attname, flat=True))
            keys[history] = set(queryset.values_list("pk", flat=True))
        ranks = {model: {pk: rank for rank, pk in enumerate(sorted(pks))} for model, pks in keys.items()}
        result = {}
        for model, queryset in querysets.items():
            base = getattr(model, "instance_type", None)
            rows = []
            for row in queryset.order_by("pk").values():
                for field in model._meta.concrete_fields:
                    value = row[field.attname]
                    if field.primary_key:
                        row[field.attname] = ranks[model][value]
                    elif base is not None and field.attname == base._meta.pk.attname:
                        row[field.attname] = ranks[base][value]
                    elif field.is_relation and field.related_model in ranks and value is not None:
                        row[field.attname] = ranks[field.related_model][value]
                    elif isinstance(field, FileField) and value:
                        # An import writes each file under a fresh name: what must survive is its content.
                        with field.storage.open(value, "rb") as handle:
                            row[field.attname] = handle.read()
                rows.append(row)
            result[model._meta.label] = rows
    return result


@pytest.fixture
def rich_organisation(world):
    """The demo organisation: every app's data (programme, trajectories, reviews, KPIs), with history."""
    call_command("load_demo", verbosity=0, stdout=StringIO())
    org = Organisation.objects.get(slug="gemeente-voorbeeldstad")
    with unscoped_access():
        # Edits and a deletion, so there is history beyond the first version.
        answer = Answer.objects.filter(trajectory__organisation=org).first()
        answer.text = "Herzien na de marktconsultatie."
        answer.version += 1
        answer.save()
        Answer.objects.filter(trajectory__organisation=org).last().delete()
        trajectory = Trajectory.objects.for_organisation(org).first()
        trajectory.title = "Inkoop laptops (herzien)"
        trajectory.save()
    return org


def wipe(organisation) -> None:
    """Make the database one "without that organisation": its rows and their history."""
    with unscoped_access():
        history = [
            (qs.model, list(qs.values_list("pk", flat=True))) for qs in backup.collect(organisation)["history"].values()
        ]
        started = timezone.now()
        backup.delete_organisation(organisation)
        for model, pks in history:
            model.objects.filter(pk__in=pks).delete()
            # The deletion itself left "-" history rows: a fresh database would not have them.
            model.objects.filter(history_date__gte=started).delete()


def test_the_round_trip_is_lossless(rich_organisation, tmp_path):
    org = rich_organisation
    before = state(org)
    # Every app's data, and history beyond the first version (edits, a deletion).
    for label in ("procurement.Answer", "procurement.ReviewEvent", "rladder.Milestone", "kpis.Measurement"):
        assert len(before[label]) > 3, label
    assert any(row["history_type"] == "~" for row in before["procurement.HistoricalAnswer"])
    assert any(row["history_type"] == "-" for row in before["procurement.HistoricalAnswer"])
    path = tmp_path / "voorbeeldstad.json"
    call_command("export_organisation", org.slug, str(path), "--with-files", verbosity=0)

    wipe(org)
    assert not Organisation.objects.filter(slug=org.slug).exists()
    call_command("import_organisation", str(path), "--match-users-by-email", verbosity=0)

    after = state(Organisation.objects.get(slug=org.slug))
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label


def test_the_export_is_versioned_and_carries_no_credentials(rich_organisation, tmp_path):
    path = tmp_path / "voorbeeldstad.json"
    call_command("export_organisation", rich_organisation.slug, str(path), verbosity=0)
    document = json.loads(path.read_text())
    assert document["format"] == "chefcirculair-organisation"
    assert document["format_version"] == 1
    assert document["app_version"] and document["exported_at"]
    assert document["organisation"]["slug"] == "gemeente-voorbeeldstad"
    assert "password" not in path.read_text()
    assert {u["username"] for u in document["users"]} >= {"chef@voorbeeldstad.nl", "inkoper@voorbeeldstad.nl"}
    assert "procurement.historicalanswer" in document["history"]
    # Guidance is referred to by stable keys, not by this database's primary keys.
    assert document["references"]["procurement.phase"]["key"] == "slug"
    assert document["references"]["rladder.rstrategy"]["key"] == "code"


def test_an_export_holds_only_its_own_organisation(rich_organisation, world, tmp_path):
    path = tmp_path / "alfa.json"
    call_command("export_organisation", world.org_a.slug, str(path), verbosity=0)
    text = path.read_text()
    assert "Gemeente Alfa" in text
    assert "voorbeeldstad" not in text and "Provincie Beta" not in text


def test_users_missing_here_are_created_without_a_usable_password(rich_organisation, tmp_path):
    path = tmp_path / "voorbeeldstad.json"
    call_command("export_organisation", rich_organisation.slug, str(path), verbosity=0)
    wipe(rich_organisation)
    get_user_model().objects.filter(username="lezer@voorbeeldstad.nl").delete()
    call_command("import_organisation", str(path), "--match-users-by-email", verbosity=0)
    user = get_user_model().objects.get(username="lezer@voorbeeldstad.nl")
    assert not user.has_usable_password()
    assert not user.is_active and not user.is_staff and not user.is_superuser
    # The others were linked to their accounts by e-mail, and stay as they were.
    chef = get_user_model().objects.get(username="chef@voorbeeldstad.nl")
    assert chef.is_active and chef.has_usable_password()
    assert chef.memberships.get().organisation.slug == "gemeente-voorbeeldstad"
    assert user.memberships.get().organisation.slug == "gemeente-voorbeeldstad"


def test_importing_over_an_existing_organisation_is_refused_and_changes_nothing(rich_organisation, tmp_path):
    path = tmp_path / "voorbeeldstad.json"
    call_command("export_organisation", rich_organisation.slug, str(path), verbosity=0)
    before = state(rich_organisation)
    with pytest.raises(CommandError, match="already holds organisation"):
        call_command("import_organisation", str(path), verbosity=0)
    assert state(rich_organisation) == before


def test_a_file_of_another_kind_or_version_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"format": "chefcirculair-organisation", "format_version": 99}))
    with pytest.raises(CommandError, match="format version 99"):
        call_command("import_organisation", str(path), verbosity=0)
    path.write_text("[]")
    with pytest.raises(CommandError, match="not a Chef Circulair organisation export"):
        call_command("import_organisation", str(path), verbosity=0)


def test_every_organisation_owned_model_is_registered_for_backups():
    from organisations.scoping import organisation_owned_models

    assert set(backup.registered_models()) == set(organisation_owned_models())


# --- Crafted files: the import trusts nothing in them ---------------------------------


def gamma_copy(world) -> dict:
    """Gemeente Alfa's export under a new slug, as parsed from its JSON: a valid file to tamper with."""
    with unscoped_access():
        document = backup.export_organisation(world.org_a)
    document = json.loads(json.dumps(document, cls=backup.ExactJSONEncoder))
    document["organisation"].update(slug="gemeente-gamma", name="Gemeente Gamma")
    document["models"]["chefcirculair.organisation"][0]["fields"].update(slug="gemeente-gamma", name="Gemeente Gamma")
    return document


def run_import(tmp_path, document, *args):
    path = tmp_path / "crafted.json"
    path.write_text(json.dumps(document))
    call_command("import_organisation", str(path), *args, verbosity=0, stdout=StringIO())


def everything() -> dict:
    """Every row of every model an import could write, and every account with its rights."""
    with unscoped_access():
        result = {"users": sorted(get_user_model().objects.values_list("pk", "username", "is_staff", "is_superuser"))}
        for model in [Organisation, *backup.registered_models()]:
            result[model._meta.label] = sorted(model._default_manager.values_list("pk", flat=True))
            history = backup.history_model(model)
            if history is not None:
                result[history._meta.label] = history.objects.count()
    return result


def assert_refused(tmp_path, document, match, *args):
    before = everything()
    with pytest.raises(CommandError, match=match) as refusal:
        run_import(tmp_path, document, *args)
    assert "Nothing was imported" in str(refusal.value) and "niets geïmporteerd" in str(refusal.value)
    assert everything() == before
    return str(refusal.value)


def first(document, label):
    return document["models"][label][0]


def test_a_copy_imports_beside_the_original_with_fresh_keys(world, tmp_path):
    document = gamma_copy(world)
    before = state(world.org_a)
    run_import(tmp_path, document, "--match-users-by-email")
    gamma = Organisation.objects.get(slug="gemeente-gamma")
    assert gamma.pk != world.org_a.pk
    assert state(world.org_a) == before  # the file's keys are Alfa's: they were not used
    copy = state(gamma)
    for label, rows in before.items():
        if label not in {"chefcirculair.Organisation", "chefcirculair.HistoricalOrganisation"}:
            assert len(copy[label]) == len(rows), label
    with unscoped_access():
        assert gamma.departments.get().pk != world.department_a.pk
        members = set(gamma.memberships.values_list("user__username", flat=True))
    assert members == set(world.org_a.memberships.values_list("user__username", flat=True))


@pytest.mark.parametrize("section", ["history", "models"])
def test_a_file_that_writes_auth_users_is_refused(world, tmp_path, section):
    document = gamma_copy(world)
    document[section]["auth.user"] = [
        {
            "pk": 4242,
            "fields": {
                "username": "mallory",
                "password": "pbkdf2_sha256$1000000$salt$hash",
                "is_superuser": True,
                "is_staff": True,
                "is_active": True,
            },
        }
    ]
    message = assert_refused(tmp_path, document, rf"{section} › auth.user\[0\] \(pk 4242\)", "--match-users-by-email")
    assert "never imported" in message and "nooit geïmporteerd" in message
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_a_history_section_of_another_app_is_refused(world, tmp_path):
    document = gamma_copy(world)
    document["history"]["admin.logentry"] = [{"pk": 1, "fields": {"object_repr": "x"}}]
    assert_refused(tmp_path, document, r"history › admin.logentry\[0\]", "--match-users-by-email")


def test_a_membership_in_another_existing_organisation_is_refused(world, tmp_path):
    document = gamma_copy(world)
    first(document, "chefcirculair.membership")["fields"]["organisation"] = world.org_b.pk
    message = assert_refused(tmp_path, document, r"models › chefcirculair.membership\[0\]", "--match-users-by-email")
    assert "another organisation" in message and "andere organisatie" in message
    with unscoped_access():
        assert not world.org_b.memberships.exclude(user__username="outsider").exists()


def test_a_membership_history_row_in_another_organisation_is_refused(world, tmp_path):
    document = gamma_copy(world)
    document["history"]["chefcirculair.historicalmembership"][0]["fields"]["organisation"] = world.org_b.pk
    assert_refused(
        tmp_path,
        document,
        r"history › chefcirculair.historicalmembership\[0\].*another organisation",
        "--match-users-by-email",
    )


def test_a_row_pointing_at_another_organisations_object_is_refused(world, tmp_path):
    document = gamma_copy(world)
    with unscoped_access():
        department_b = world.org_b.departments.get()
    first(document, "chefcirculair.membership")["fields"]["department"] = department_b.pk
    message = assert_refused(
        tmp_path, document, r"models › chefcirculair.membership\[0\] .*department points to", "--match-users-by-email"
    )
    assert "not the file's organisation's" in message


def test_a_row_whose_owner_is_another_organisations_object_is_refused(world, tmp_path):
    """The first step of the path to the organisation (an answer's trajectory) must be a row of the file."""
    document = gamma_copy(world)
    with unscoped_access():
        world.org_b.departments.create(name="Extra")
        other = world.org_b.departments.get(name="Extra")
    # A department row that claims the key of Beta's department: it gets a fresh key, Beta's is untouched.
    rows = document["models"]["chefcirculair.department"]
    rows.append({"pk": other.pk, "fields": {**rows[0]["fields"], "name": "Niet van Beta"}})
    run_import(tmp_path, document, "--match-users-by-email")
    other.refresh_from_db()
    assert other.name == "Extra"
    with unscoped_access():
        assert Organisation.objects.get(slug="gemeente-gamma").departments.filter(name="Niet van Beta").exists()


def test_a_username_taken_here_is_refused_and_never_linked(world, tmp_path):
    document = gamma_copy(world)
    user = document["users"][0]
    user.update(username="staff", email="mallory@example.net")  # the superuser's username, another e-mail
    message = assert_refused(tmp_path, document, r"users\[0\] \(staff\)")
    assert "never takes over an account by username" in message
    # Linking by e-mail does not link by username either.
    assert_refused(tmp_path, document, r"users\[0\] \(staff\)", "--match-users-by-email")
    assert not get_user_model().objects.get(username="staff").memberships.exists()


def test_an_admin_account_is_never_linked_by_email(world, tmp_path):
    document = gamma_copy(world)
    document["users"][0].update(username="iemand-nieuw", email="staff@example.org")
    assert_refused(tmp_path, document, r"users\[0\] .*admin account", "--match-users-by-email")


def test_new_users_are_inactive_without_password_or_rights_whatever_the_file_says(world, tmp_path):
    document = gamma_copy(world)
    entry = document["users"][0]
    entry.update(
        username="nieuw@gamma.nl",
        email="nieuw@gamma.nl",
        is_active=True,
        is_staff=True,
        is_superuser=True,
        password="pbkdf2_sha256$1000000$salt$hash",
    )
    run_import(tmp_path, document, "--match-users-by-email")
    user = get_user_model().objects.get(username="nieuw@gamma.nl")
    assert not user.is_active and not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert user.memberships.get().organisation.slug == "gemeente-gamma"


def test_without_matching_existing_usernames_are_refused(world, tmp_path):
    """Without --match-users-by-email the file's users must all be new here."""
    assert_refused(tmp_path, gamma_copy(world), r"users\[0\] \(.+\).*already belongs to another account")


def test_stored_report_html_is_never_imported(world, tmp_path, django_capture_on_commit_callbacks):
    from kpis.models import AnnualReport

    document = gamma_copy(world)
    payload = '<meta http-equiv="refresh" content="0;url=https://evil.example"><script>alert(1)</script>'
    document["models"]["kpis.annualreport"] = [
        {
            "pk": 9000,
            "fields": {
                "organisation": document["organisation"]["pk"],
                "year": 2025,
                "status": "ready",
                "requested_by": None,
                "requested_at": "2026-01-02T10:00:00+00:00",
                "finished_at": "2026-01-02T10:01:00+00:00",
                "task_id": "x",
                "html": payload,
                "file": "jaarverslagen/elders.pdf",
                "error": "",
            },
        }
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        run_import(tmp_path, document, "--match-users-by-email")
    with unscoped_access():
        report = AnnualReport.objects.get(organisation__slug="gemeente-gamma")
    assert report.html == "" and report.file == ""  # nor a stored file's name
    assert report.status == AnnualReport.Status.QUEUED  # shown as waiting, generated again from the data
    # The regeneration, queued once the import is committed (beside it: the notifications fired again).
    assert [c.func.__name__ for c in callbacks].count("regenerate_reports") == 1


def test_references_only_by_their_natural_key(world, tmp_path):
    document = gamma_copy(world)
    label = next(iter(document["references"]))
    document["references"][label]["key"] = "pk"
    assert_refused(tmp_path, document, rf"references › {label}: .*must refer by the key", "--match-users-by-email")
    document = gamma_copy(world)
    document["references"]["auth.group"] = {"key": "name", "values": {"1": "beheerders"}}
    assert_refused(
        tmp_path, document, r"references › auth.group: .*no organisation data refers", "--match-users-by-email"
    )
