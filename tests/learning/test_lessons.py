"""Lessons in Intern evalueren, the Lessen page and its filters, sharing between organisations."""

import pytest
from django.urls import reverse

from learning.models import LearningSettings, Lesson
from organisations.models import Membership, Organisation, ProductCategory, Role
from procurement.models import Phase
from rladder.models import RStrategy
from tests.access.world import make_user
from tests.factories import start_trajectory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def inkoper(client, world):
    client.force_login(world.users["inkoper"])
    return client


def other_organisation(name="Waterschap Gamma", show_name=False):
    org = Organisation.objects.create(name=name, kind=Organisation.Kind.WATERSCHAP)
    category = ProductCategory.objects.create(organisation=org, name="ICT-hardware")
    member = make_user(f"lid-{org.slug}")
    Membership.objects.create(user=member, organisation=org, role=Role.INKOPER)
    LearningSettings.objects.create(organisation=org, show_name_on_shared_lessons=show_name)
    return org, category, member


def lesson_of(org, category, text, *, shared, **extra):
    from procurement.models import Trajectory

    trajectory = Trajectory.objects.create(
        organisation=org, title=f"Traject van {org.name}", description="x", category=category
    )
    return Lesson.objects.create(trajectory=trajectory, kind="tip", text=text, shared=shared, **extra)


def test_the_team_adds_a_lesson_in_intern_evalueren_and_it_inherits_the_category(inkoper, world):
    trajectory = start_trajectory(world, category=world.category_a)
    page = inkoper.get(reverse("procurement:phase_detail", args=[trajectory.pk, "intern-evalueren"]))
    assert "Lessen uit dit traject" in text(page) and "Les toevoegen" in text(page)
    action = f'action="{reverse("learning:lesson_create", args=[trajectory.pk])}"'
    assert text(page).count(action) == 1 and f'<form method="post" {action}' in text(page)  # on the form only
    phase = Phase.objects.get(slug="circulaire-marktverkenning")
    r1 = RStrategy.objects.get(code="R1")
    response = inkoper.post(
        reverse("learning:lesson_create", args=[trajectory.pk]),
        {
            "kind": "goed",
            "text": "De marktconsultatie over deelauto's leverde drie aanbieders op.",
            "phase": phase.pk,
            "strategy": r1.pk,
            "shared": "on",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/fasen/intern-evalueren/#lessen")
    lesson = Lesson.objects.get(trajectory=trajectory)
    assert (lesson.kind, lesson.phase, lesson.strategy, lesson.shared) == ("goed", phase, r1, True)
    assert lesson.category == world.category_a
    assert lesson.history.count() == 1
    page = inkoper.get(reverse("procurement:phase_detail", args=[trajectory.pk, "intern-evalueren"]))
    assert "drie aanbieders" in text(page)


def test_other_phases_have_no_lessons_section(inkoper, world):
    trajectory = start_trajectory(world)
    page = inkoper.get(reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"]))
    assert "Lessen uit dit traject" not in text(page)


def test_a_lesson_without_text_gets_a_dutch_error(inkoper, world):
    trajectory = start_trajectory(world)
    response = inkoper.post(reverse("learning:lesson_create", args=[trajectory.pk]), {"kind": "", "text": ""})
    assert response.status_code == 200
    assert "Schrijf de les op." in text(response) and "Kies wat voor les het is." in text(response)
    assert not Lesson.objects.filter(trajectory=trajectory).exists()


def test_a_reader_sees_lessons_but_no_form(client, world):
    trajectory = start_trajectory(world)
    Lesson.objects.create(trajectory=trajectory, kind="beter", text="Eerder de gebruikers betrekken.")
    client.force_login(world.users["lezer"])
    page = client.get(reverse("procurement:phase_detail", args=[trajectory.pk, "intern-evalueren"]))
    assert "Eerder de gebruikers betrekken." in text(page) and "Les toevoegen" not in text(page)


def test_the_lessons_page_shows_own_and_shared_lessons_never_unshared_ones_of_others(inkoper, world):
    org, category, _member = other_organisation()
    lesson_of(org, category, "Gamma deelt: huur in plaats van koop.", shared=True)
    lesson_of(org, category, "Gamma geheim: interne ruzie.", shared=False)
    own = start_trajectory(world, category=world.category_a, title="Eigen traject")
    Lesson.objects.create(trajectory=own, kind="goed", text="Eigen les over hergebruik.")
    page = text(inkoper.get(reverse("learning:lessons")))
    assert "Gamma deelt: huur in plaats van koop." in page
    assert "Gamma geheim" not in page
    assert "Eigen les over hergebruik." in page
    # The name is hidden unless the other organisation shows it; its trajectory is not a link.
    assert "Waterschap Gamma" not in page and "Een andere organisatie" in page
    assert f'href="/trajecten/{own.pk}/"' in page
    other_trajectory = Lesson.objects.shared().get(text__startswith="Gamma deelt").trajectory
    assert f'href="/trajecten/{other_trajectory.pk}/"' not in page


def test_the_organisation_name_shows_when_its_chef_allows_it(inkoper, world):
    org, category, _member = other_organisation(name="Provincie Delta", show_name=True)
    lesson_of(org, category, "Delta deelt: hergebruik meubilair.", shared=True)
    page = text(inkoper.get(reverse("learning:lessons")))
    assert "Gedeeld door Provincie Delta" in page


def test_the_filters_narrow_the_list(inkoper, world):
    org, category, _member = other_organisation()
    r0 = RStrategy.objects.get(code="R0")
    lesson_of(org, category, "Gedeelde R0-les.", shared=True, strategy=r0)
    own = start_trajectory(world, category=world.category_a)
    Lesson.objects.create(trajectory=own, kind="goed", text="Eigen R0-les.", strategy=r0)
    Lesson.objects.create(trajectory=own, kind="goed", text="Eigen les zonder trede.")
    url = reverse("learning:lessons")
    page = text(inkoper.get(url, {"r": "R0", "herkomst": "eigen"}))
    assert "Eigen R0-les." in page and "Gedeelde R0-les." not in page and "zonder trede" not in page
    page = text(inkoper.get(url, {"r": "R0", "herkomst": "gedeeld", "categorie": world.category_a.slug}))
    assert "Gedeelde R0-les." in page and "Eigen R0-les." not in page


@pytest.mark.parametrize("params", [{"categorie": "<script>"}, {"r": "R99"}, {"fase": "x" * 5000}, {"pagina": "-1"}])
def test_bad_filters_give_a_message_not_a_500(inkoper, params):
    response = inkoper.get(reverse("learning:lessons"), params)
    assert response.status_code == 200
    assert "<script>" not in text(response)


def test_another_organisation_cannot_edit_a_shared_lesson(client, world):
    org, category, member = other_organisation()
    lesson = lesson_of(org, category, "Gamma deelt.", shared=True)
    client.force_login(world.users["chef"])
    assert client.get(reverse("learning:lesson_detail", args=[lesson.pk])).status_code == 200
    assert client.get(reverse("learning:lesson_edit", args=[lesson.pk])).status_code == 404
    response = client.post(reverse("learning:lesson_delete", args=[lesson.pk]), {"bevestig": "ja"})
    assert response.status_code == 404 and Lesson.objects.shared().filter(pk=lesson.pk).exists()


def test_an_archived_trajectorys_lessons_are_no_longer_shared(inkoper, world):
    org, category, _member = other_organisation()
    lesson = lesson_of(org, category, "Gamma deelt iets.", shared=True)
    lesson.trajectory.archive()
    assert "Gamma deelt iets." not in text(inkoper.get(reverse("learning:lessons")))


def test_the_team_deletes_a_lesson_after_confirming(inkoper, world):
    trajectory = start_trajectory(world)
    lesson = Lesson.objects.create(trajectory=trajectory, kind="tip", text="Weg ermee.")
    url = reverse("learning:lesson_delete", args=[lesson.pk])
    assert inkoper.post(url).status_code == 200
    assert inkoper.post(url, {"bevestig": "ja"}).status_code == 302
    assert not Lesson.objects.filter(trajectory=trajectory).exists()


def test_the_chef_sets_name_sharing_and_benchmark_opt_in(client, world):
    client.force_login(world.users["chef"])
    url = reverse("learning:sharing_settings")
    assert "nooit namen" in text(client.get(url))
    client.post(url, {"show_name_on_shared_lessons": "on", "benchmark_opt_in": "on"})
    row = LearningSettings.objects.get(organisation=world.org_a)
    assert row.show_name_on_shared_lessons and row.benchmark_opt_in and row.benchmark_opt_in_at
    client.post(url, {})
    row.refresh_from_db()
    assert not row.benchmark_opt_in and row.benchmark_opt_in_at is None


@pytest.mark.parametrize("n", [3, 30])
def test_the_lessons_page_keeps_its_query_budget(inkoper, world, n, django_assert_max_num_queries):
    org, category, _member = other_organisation()
    for i in range(n):
        lesson_of(org, category, f"Gedeeld {i}", shared=True)
    trajectory = start_trajectory(world, category=world.category_a)
    for i in range(n):
        Lesson.objects.create(trajectory=trajectory, kind="goed", text=f"Eigen {i}")
    with django_assert_max_num_queries(12):
        response = inkoper.get(reverse("learning:lessons"), {"herkomst": ""})
    assert response.status_code == 200
