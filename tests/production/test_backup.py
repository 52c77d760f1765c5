"""Backups: an organisation exported to JSON and imported again is the same, row for row."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from chefcirculair import backup
from chefcirculair.models import Organisation
from chefcirculair.scoping import unscoped_access
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
    call_command("export_organisation", org.slug, str(path), verbosity=0)

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
    from chefcirculair.scoping import organisation_owned_models

    assert set(backup.registered_models()) == set(organisation_owned_models())
