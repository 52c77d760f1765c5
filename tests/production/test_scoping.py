"""Organisation scoping is fail-closed: an unscoped query of organisation data raises in tests."""

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.urls import reverse

from organisations.models import Department, Membership, Organisation, ProductCategory
from organisations.scoping import (
    UnscopedQueryError,
    is_scoped_model,
    organisation_owned_models,
    organisation_path,
    unscoped_access,
)
from procurement.models import Answer, RDecisionStep, Trajectory
from tests.twofactor import login_verified

pytestmark = pytest.mark.django_db

# Models with a foreign-key path to an organisation that are deliberately not scoped (with the reason).
NOT_SCOPED: dict[str, str] = {}


def test_every_organisation_owned_model_is_scoped():
    """A model that lands later with an FK path to Organisation must adopt the scoped queryset."""
    missing = sorted(
        model._meta.label
        for model in organisation_owned_models()
        if not is_scoped_model(model) and model._meta.label not in NOT_SCOPED
    )
    assert missing == [], (
        f"Organisation-owned models without OrganisationScopedQuerySet: {missing}. "
        "Add `objects = OrganisationScopedQuerySet.as_manager()` (see organisations/scoping.py)."
    )


def test_the_owned_models_and_their_paths_are_found_by_walking_foreign_keys():
    owned = organisation_owned_models()
    assert owned[Department] == "organisation"
    assert owned[Trajectory] == "organisation"
    assert owned[Answer] == "trajectory__organisation"
    assert owned[RDecisionStep] == "decision__trajectory__organisation"
    assert Organisation not in owned
    assert organisation_path(Answer) == "trajectory__organisation"


@pytest.mark.parametrize(
    "evaluate",
    [
        pytest.param(lambda qs: list(qs), id="iterate"),
        pytest.param(lambda qs: qs.count(), id="count"),
        pytest.param(lambda qs: qs.exists(), id="exists"),
        pytest.param(lambda qs: qs.first(), id="first"),
        pytest.param(lambda qs: qs.get(pk=1), id="get by pk"),
        pytest.param(lambda qs: qs.values_list("pk", flat=True)[0], id="values_list"),
        pytest.param(lambda qs: qs.update(name="x"), id="update"),
        pytest.param(lambda qs: qs.delete(), id="delete"),
        pytest.param(lambda qs: list(qs.iterator()), id="iterator"),
        pytest.param(lambda qs: qs.in_bulk([1]), id="in_bulk"),
    ],
)
def test_an_unscoped_query_raises(evaluate, world):
    with pytest.raises(UnscopedQueryError, match="chefcirculair.Department"):
        evaluate(Department.objects.all())


def test_filtering_on_something_else_than_the_organisation_does_not_scope(world):
    with pytest.raises(UnscopedQueryError):
        list(Department.objects.filter(name="Inkoop"))
    with pytest.raises(UnscopedQueryError):
        list(Department.objects.exclude(organisation=world.org_a))
    with pytest.raises(UnscopedQueryError):
        Trajectory.objects.filter(pk=1).first()


def test_scoped_queries_see_only_their_organisation(world):
    assert list(Department.objects.for_organisation(world.org_a)) == [world.department_a]
    assert list(Department.objects.filter(organisation=world.org_a)) == [world.department_a]
    assert list(Department.objects.filter(organisation_id=world.org_a.pk)) == [world.department_a]
    assert list(world.org_a.departments.all()) == [world.department_a]
    assert (
        ProductCategory.objects.filter(organisation__in=[world.org_a]).get(pk=world.category_a.pk) == world.category_a
    )
    assert Membership.objects.for_user(world.users["chef"]).get().organisation == world.org_a
    # A filter on an owned parent object scopes its children.
    answers = Answer.objects.unscoped().filter(trajectory__organisation=world.org_a).count()
    assert answers > 0 and Answer.objects.filter(trajectory__organisation=world.org_a).count() == answers
    assert list(Membership.objects.filter(department=world.department_a).order_by("pk")) == list(
        world.department_a.memberships.order_by("pk")
    )


def test_prefetching_and_related_managers_are_scoped(world):
    orgs = list(Organisation.objects.prefetch_related("departments", "categories", "memberships"))
    assert {d.name for org in orgs for d in org.departments.all()} == {"Inkoop"}


def test_unscoped_is_the_explicit_way_to_see_every_organisation(world):
    assert (
        Department.objects.unscoped().count()
        == Department.objects.unscoped().filter(organisation__in=[world.org_a, world.org_b]).count()
    )
    with unscoped_access():
        assert Department.objects.count() >= 2


def test_validation_of_unique_constraints_still_works(world):
    from django.core.exceptions import ValidationError

    duplicate = Department(organisation=world.org_a, name="Inkoop")
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_the_admin_lists_every_organisation(client, world):
    login_verified(client, world.users["staff"])
    for model in (Department, Membership, ProductCategory, Trajectory):
        if model in site._registry:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            response = client.get(url)
            assert response.status_code == 200, url
            path = organisation_path(model)
            shown = {obj.pk for obj in response.context["cl"].result_list}
            in_a = model.objects.unscoped().filter(**{path: world.org_a}).values_list("pk", flat=True)
            in_b = model.objects.unscoped().filter(**{path: world.org_b}).values_list("pk", flat=True)
            assert in_a and in_b, f"the world has {model.__name__} rows in both organisations"
            assert set(in_a) <= shown and set(in_b) <= shown, url
            assert response.context["cl"].result_count == model.objects.unscoped().count(), url


def test_deleting_an_organisation_cascades_without_a_scope(world):
    org = Organisation.objects.create(name="Waterschap Gamma", slug="waterschap-gamma")
    Department.objects.create(organisation=org, name="Beheer")
    org.delete()
    assert not Department.objects.unscoped().filter(name="Beheer").exists()


def test_dumpdata_and_loaddata_work_through_unscoped_access(tmp_path, world):
    Department.objects.create(organisation=world.org_a, name="Beheer en onderhoud")  # nothing refers to it
    target = tmp_path / "departments.json"
    with unscoped_access():
        call_command("dumpdata", "chefcirculair.department", output=str(target), verbosity=0)
    assert "Beheer en onderhoud" in target.read_text()
    Department.objects.unscoped().filter(organisation=world.org_a, name="Beheer en onderhoud").delete()
    call_command("loaddata", str(target), verbosity=0)
    assert Department.objects.for_organisation(world.org_a).filter(name="Beheer en onderhoud").exists()


def test_one_to_one_owners_and_chains_of_foreign_keys_scope(world):
    from rladder.models import AmbitionScore, Milestone, ProductStrategy

    owned = organisation_owned_models()
    assert owned[ProductStrategy] == "category__organisation"
    assert owned[Milestone] == "strategy__category__organisation"
    # A chain of foreign keys that ends at one owned object pins the scope …
    for queryset in (
        AmbitionScore.objects.filter(web__category=world.category_a),
        ProductStrategy.objects.filter(category__organisation=world.org_a),
    ):
        assert queryset.count() == queryset.unscoped().count()
    # … a chain that ends at a plain value does not.
    with pytest.raises(UnscopedQueryError):
        list(AmbitionScore.objects.filter(web__category__name="ICT-hardware"))
