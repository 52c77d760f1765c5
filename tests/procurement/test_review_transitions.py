"""Review state transitions on PhaseRecord, and who may make them."""

import pytest

from organisations.models import Membership, Role
from procurement.models import PhaseRecord, ReviewEvent, TrajectoryMember
from procurement.review import ReviewError
from tests.access.world import make_user
from tests.factories import answer, complete_trajectory, phase_record, start_trajectory

RS = PhaseRecord.ReviewStatus
Kind = ReviewEvent.Kind


@pytest.fixture
def trajectory(world):
    return complete_trajectory(
        world.org_a,
        "Schoonmaakdiensten",
        team={
            world.users["inkoper"]: TrajectoryMember.TeamRole.INKOPER,
            world.users["opdrachtgever"]: TrajectoryMember.TeamRole.INTERNE_OPDRACHTGEVER,
        },
    )


@pytest.fixture
def second_chef(world):
    user = make_user("tweede")
    Membership.objects.create(user=user, organisation=world.org_a, role=Role.CHEF_CIRCULAIR)
    return user


def kinds(record):
    return list(record.review_events.values_list("kind", flat=True))


def test_a_completed_phase_can_be_offered_and_a_second_offer_is_harmless(world, trajectory):
    record = phase_record(trajectory)
    assert record.offer_for_review(world.users["inkoper"]) is True
    assert record.offer_for_review(world.users["inkoper"]) is False
    record.refresh_from_db()
    assert record.review_status == RS.IN_REVIEW
    assert record.offered_at is not None
    assert kinds(record) == [Kind.OFFERED]


@pytest.mark.parametrize("status", [PhaseRecord.Status.IN_PROGRESS, PhaseRecord.Status.NOT_STARTED])
def test_only_a_completed_phase_can_be_offered(world, status):
    if status == PhaseRecord.Status.IN_PROGRESS:  # everything answered, not completed
        trajectory = complete_trajectory(world.org_a, team={world.users["inkoper"]: "inkoper"}, status=status)
    else:
        trajectory = start_trajectory(world)
    record = phase_record(trajectory)
    assert record.status == status
    with pytest.raises(ReviewError, match="Alleen een afgeronde fase"):
        record.offer_for_review(world.users["inkoper"])
    assert kinds(record) == []


def test_the_chef_approves_an_offered_phase_once(world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    assert record.approve(world.users["chef"], "Helder onderbouwd.", content_version=record.content().version) is True
    assert record.approve(world.users["chef"], "Helder onderbouwd.", content_version=record.content().version) is False
    record.refresh_from_db()
    assert record.review_status == RS.APPROVED
    assert record.reviewed_by == world.users["chef"]
    assert record.self_approved is False
    assert kinds(record) == [Kind.OFFERED, Kind.APPROVED]


@pytest.mark.parametrize("persona", ["inkoper", "opdrachtgever", "contractmanager", "adviseur", "lezer", "outsider"])
def test_only_a_reviewer_of_the_organisation_decides(world, trajectory, persona):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    with pytest.raises(ReviewError, match="Alleen de chef circulair"):
        record.approve(world.users[persona], content_version=record.content().version)
    with pytest.raises(ReviewError, match="Alleen de chef circulair"):
        record.request_changes(world.users[persona], "Graag aanvullen.")
    record.refresh_from_db()
    assert record.review_status == RS.IN_REVIEW


@pytest.mark.parametrize("review_status", [RS.NONE, RS.CHANGES_REQUESTED])
def test_a_decision_on_a_phase_that_is_not_offered_is_refused_in_dutch(world, trajectory, review_status):
    record = phase_record(trajectory)
    record.review_status = review_status
    record.save()
    with pytest.raises(ReviewError, match="niet ter beoordeling aangeboden"):
        record.approve(world.users["chef"], content_version=record.content().version)
    if review_status == RS.NONE:
        with pytest.raises(ReviewError, match="niet ter beoordeling aangeboden"):
            record.request_changes(world.users["chef"], "Graag aanvullen.")


def test_requesting_changes_needs_a_comment(world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    with pytest.raises(ReviewError, match="Geef een toelichting"):
        record.request_changes(world.users["chef"], "   ")
    with pytest.raises(ReviewError, match="hoogstens 2000 tekens"):
        record.request_changes(world.users["chef"], "x" * 2001)
    assert record.request_changes(world.users["chef"], "Vraag 3 is niet beantwoord.") is True
    assert record.request_changes(world.users["chef"], "Vraag 3 is niet beantwoord.") is False
    record.refresh_from_db()
    assert record.review_status == RS.CHANGES_REQUESTED
    assert kinds(record) == [Kind.OFFERED, Kind.CHANGES_REQUESTED]
    assert record.review_events.last().comment == "Vraag 3 is niet beantwoord."


def test_after_changes_the_team_offers_again_and_the_chef_approves(world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    record.request_changes(world.users["chef"], "Graag R1 uitwerken.")
    assert record.offer_for_review(world.users["inkoper"]) is True
    assert record.approve(world.users["chef"], content_version=record.content().version) is True
    assert kinds(record) == [Kind.OFFERED, Kind.CHANGES_REQUESTED, Kind.OFFERED, Kind.APPROVED]


def test_nobody_approves_a_phase_they_answered_when_another_reviewer_exists(world, trajectory, second_chef):
    chef = world.users["chef"]
    record = phase_record(trajectory)
    item = trajectory.answers.filter(phase=record.phase).first()
    answer(item, chef, text="Door de chef aangevuld.")
    answer(item, world.users["inkoper"], text="Door het team herschreven.")  # only the history names the chef
    record.offer_for_review(world.users["inkoper"])
    with pytest.raises(ReviewError, match="Tweede"):
        record.approve(chef, content_version=record.content().version)
    assert record.approve(second_chef, content_version=record.content().version) is True
    record.refresh_from_db()
    assert record.self_approved is False


def test_the_only_reviewer_may_approve_their_own_answers_and_it_is_marked(world, trajectory):
    chef = world.users["chef"]
    record = phase_record(trajectory)
    trajectory.answers.filter(phase=record.phase).update(updated_by=chef)
    record.offer_for_review(world.users["inkoper"])
    assert record.approve(chef, content_version=record.content().version) is True
    record.refresh_from_db()
    assert record.self_approved is True
    assert record.review_events.last().self_approved is True


def test_changing_answers_after_approval_puts_the_phase_back_to_bezig(world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    record.approve(world.users["chef"], content_version=record.content().version)
    assert record.answers_changed_after_approval(world.users["inkoper"]) is True
    assert record.answers_changed_after_approval(world.users["inkoper"]) is False
    record.refresh_from_db()
    assert record.status == PhaseRecord.Status.IN_PROGRESS
    assert record.review_status == RS.NONE
    event = record.review_events.last()
    assert event.kind == Kind.APPROVAL_WITHDRAWN
    assert event.actor == world.users["inkoper"]
    assert "gewijzigd na de goedkeuring" in event.comment


def test_changing_answers_of_a_phase_that_is_not_approved_records_nothing(world, trajectory):
    record = phase_record(trajectory)
    assert record.answers_changed_after_approval(world.users["inkoper"]) is False
    assert kinds(record) == []


def test_the_chef_withdraws_an_approval(world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    record.approve(world.users["chef"], content_version=record.content().version)
    with pytest.raises(ReviewError):
        record.withdraw_approval(world.users["inkoper"])
    assert record.withdraw_approval(world.users["chef"], "Toch niet volledig.") is True
    assert record.withdraw_approval(world.users["chef"]) is False
    record.refresh_from_db()
    assert record.status == PhaseRecord.Status.IN_PROGRESS
    assert kinds(record)[-1] == Kind.APPROVAL_WITHDRAWN


def test_an_archived_trajectory_cannot_be_reviewed(world, trajectory):
    from django.utils import timezone

    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    trajectory.archived_at = timezone.now()
    trajectory.save()
    with pytest.raises(ReviewError, match="gearchiveerd"):
        record.approve(world.users["chef"], content_version=record.content().version)


def test_the_migration_stores_review_statuses_in_english_and_back(world, trajectory):
    import importlib

    from django.apps import apps

    from organisations.scoping import unscoped_access

    migration = importlib.import_module("procurement.migrations.0008_review_status_in_english")
    records = PhaseRecord.objects.unscoped().filter(trajectory=trajectory).order_by("phase__order")
    dutch = ["ter_beoordeling", "goedgekeurd", "wijzigingen_gevraagd", ""]
    for record, status in zip(records, dutch, strict=False):
        PhaseRecord.objects.unscoped().filter(pk=record.pk).update(review_status=status)
    ids = [r.pk for r in records[:4]]

    def statuses():
        return list(
            PhaseRecord.objects.unscoped()
            .filter(pk__in=ids)
            .order_by("phase__order")
            .values_list("review_status", flat=True)
        )

    with unscoped_access():
        migration.to_english(apps, None)
        assert statuses() == [RS.IN_REVIEW, RS.APPROVED, RS.CHANGES_REQUESTED, RS.NONE]
        assert set(RS.values) == {"", "in_review", "approved", "changes_requested"}
        migration.to_dutch(apps, None)
        assert statuses() == dutch
