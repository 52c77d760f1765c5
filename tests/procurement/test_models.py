"""The business rules of trajectories, on the models."""

from decimal import Decimal

import pytest

from procurement.models import (
    Answer,
    AttentionCheck,
    EditConflict,
    GuidingQuestion,
    Phase,
    PhaseNotOpen,
    PhaseRecord,
    RDecision,
    Trajectory,
)
from rladder.models import RStrategy
from tests.factories import decide, phase_record, r_steps, start_trajectory, synced_answers

pytestmark = pytest.mark.django_db

S = PhaseRecord.Status


def test_starting_a_trajectory_creates_a_record_for_each_of_the_six_phases(world):
    trajectory = start_trajectory(world)
    assert [r.phase.order for r in trajectory.phase_records()] == [1, 2, 3, 4, 5, 6]
    assert trajectory.slug.startswith("traject-")
    assert trajectory.team.count() == 2


def test_titles_get_unique_slugs_per_organisation(world):
    a = start_trajectory(world, title="Laptops")
    b = start_trajectory(world, title="Laptops")
    assert (a.slug, b.slug) == ("laptops", "laptops-2")


def test_phases_after_startoverleg_cannot_start_until_the_r_decision(world):
    trajectory = start_trajectory(world)
    labels = [r.display_status_label for r in trajectory.phase_records()]
    assert labels == ["Niet gestart"] + ["Kan nog niet starten"] * 5
    decide(trajectory, world.users["inkoper"], r1="ja")
    labels = [
        r.display_status_label
        for r in Trajectory.objects.for_organisation(world.org_a).get(pk=trajectory.pk).phase_records()
    ]
    assert labels == ["Bezig"] + ["Niet gestart"] * 5


def test_the_chosen_strategy_is_the_highest_feasible_step(world):
    user = world.users["inkoper"]
    trajectory = start_trajectory(world)
    assert decide(trajectory, user, r1="deels", r2="ja").chosen_strategy.code == "R1"
    assert decide(trajectory, user, r1="nee", r2="deels").chosen_strategy.code == "R2"
    assert decide(trajectory, user, r1="ja", r2="ja").chosen_strategy.code == "R1"
    assert decide(trajectory, user, r0="deels", r1="deels").chosen_strategy.code == "R1"  # R0 counts only in full
    assert RDecision.choose(r_steps(r0="ja", r1="ja"), None).code == "R0"


def test_a_step_that_was_not_considered_does_not_count():
    assert RDecision.choose(r_steps(r1="ja", considered=False), None) is None


def test_without_a_feasible_highest_step_the_team_names_a_lower_strategy(world):
    trajectory = start_trajectory(world)
    r4 = RStrategy.objects.get(code="R4")
    decision = trajectory.record_r_decision(
        user=world.users["inkoper"], phase=Phase.objects.get(order=1), steps=r_steps(), fallback=r4
    )
    assert decision.chosen_strategy == r4
    with pytest.raises(ValueError):
        trajectory.record_r_decision(user=world.users["inkoper"], phase=Phase.objects.get(order=1), steps=r_steps())


def test_every_revision_of_the_r_decision_is_kept_and_the_newest_counts(world):
    trajectory = start_trajectory(world)
    decide(trajectory, world.users["inkoper"], r2="ja")
    decide(trajectory, world.users["opdrachtgever"], r1="ja")
    assert trajectory.r_decisions.count() == 2
    assert trajectory.current_decision().chosen_strategy.code == "R1"
    assert Trajectory.objects.for_organisation(world.org_a).get(pk=trajectory.pk).chosen_strategy.code == "R1"
    assert [s.feasible for s in trajectory.current_decision().steps.all()] == ["nee", "ja", "nee"]


def test_choosing_r0_closes_the_trajectory_as_inkoop_voorkomen(world):
    trajectory = start_trajectory(world, estimated_value=Decimal("96000"))
    decide(trajectory, world.users["inkoper"], r0="ja")
    trajectory.refresh_from_db()
    assert trajectory.status == Trajectory.Status.AVOIDED
    assert trajectory.avoided_spend == Decimal("96000")
    assert trajectory.closed_at is not None
    statuses = [r.status for r in trajectory.phase_records()]
    assert statuses == [S.IN_PROGRESS] + [S.NOT_APPLICABLE] * 4 + [S.NOT_STARTED]
    evaluate = phase_record(trajectory, 6)
    assert evaluate.is_editable and not evaluate.is_blocked


def test_refusing_records_a_given_avoided_spend(world):
    trajectory = start_trajectory(world)
    trajectory.refuse_purchase(avoided_spend=Decimal("1234.50"))
    trajectory.refresh_from_db()
    assert trajectory.avoided_spend == Decimal("1234.50")


def test_revising_away_from_r0_reopens_the_trajectory(world):
    trajectory = start_trajectory(world)
    decide(trajectory, world.users["inkoper"], r0="ja")
    decide(trajectory, world.users["inkoper"], r2="ja")
    trajectory.refresh_from_db()
    assert (trajectory.status, trajectory.avoided_spend, trajectory.closed_at) == (Trajectory.Status.ACTIVE, None, None)
    assert S.NOT_APPLICABLE not in [r.status for r in trajectory.phase_records()]


def test_touch_sets_niet_gestart_to_bezig_and_leaves_afgerond_alone(world):
    trajectory = start_trajectory(world)
    rec = phase_record(trajectory, 1)
    rec.record_edit(world.users["inkoper"])
    assert rec.status == S.IN_PROGRESS
    decide(trajectory, world.users["inkoper"], r2="ja")
    rec.complete(world.users["inkoper"])
    rec.record_edit(world.users["inkoper"])
    assert PhaseRecord.objects.for_organisation(world.org_a).get(pk=rec.pk).status == S.COMPLETED


def test_startoverleg_can_only_be_completed_with_an_r_decision(world):
    trajectory = start_trajectory(world)
    with pytest.raises(PhaseNotOpen):
        phase_record(trajectory, 1).complete(world.users["inkoper"])
    with pytest.raises(PhaseNotOpen):
        phase_record(trajectory, 2).complete(world.users["inkoper"])
    decide(trajectory, world.users["inkoper"], r2="ja")
    rec = phase_record(trajectory, 1)
    rec.complete(world.users["inkoper"])
    assert (rec.status, rec.completed_by) == (S.COMPLETED, world.users["inkoper"])
    rec.reopen(world.users["inkoper"])
    assert PhaseRecord.objects.for_organisation(world.org_a).get(pk=rec.pk).status == S.IN_PROGRESS


def test_completing_every_phase_completes_the_trajectory(world):
    trajectory = start_trajectory(world)
    decide(trajectory, world.users["inkoper"], r2="ja")
    for order in range(1, 7):
        phase_record(trajectory, order).complete(world.users["inkoper"])
    trajectory.refresh_from_db()
    assert trajectory.status == Trajectory.Status.COMPLETED and trajectory.closed_at
    phase_record(trajectory, 6).reopen(world.users["inkoper"])
    trajectory.refresh_from_db()
    assert trajectory.status == Trajectory.Status.ACTIVE


def _edit(answer, user, text, base):
    return answer.apply_edit(
        user=user, values={"text": text, "state": "beantwoord", "na_reason": ""}, base_version=base
    )


def test_an_answer_save_on_the_current_version_bumps_the_version(world):
    answer = synced_answers(start_trajectory(world))[0]
    assert _edit(answer, world.users["inkoper"], "Eerste tekst", 1) is True
    answer.refresh_from_db()
    assert (answer.text, answer.version, answer.updated_by) == ("Eerste tekst", 2, world.users["inkoper"])
    assert _edit(answer, world.users["inkoper"], "Eerste tekst", 2) is False  # nothing changed
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).version == 2


def test_a_save_on_a_stale_version_is_refused_and_nothing_is_lost(world):
    answer = synced_answers(start_trajectory(world))[0]
    _edit(answer, world.users["inkoper"], "Tekst van Ilse", 1)
    stale = Answer.objects.for_organisation(world.org_a).get(pk=answer.pk)
    with pytest.raises(EditConflict) as conflict:
        _edit(stale, world.users["opdrachtgever"], "Tekst van Omar", 1)
    assert conflict.value.mine["text"] == "Tekst van Omar"
    assert conflict.value.current.text == "Tekst van Ilse"
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).text == "Tekst van Ilse"


def test_a_stale_save_that_changes_nothing_of_its_own_is_not_a_conflict(world):
    answer = synced_answers(start_trajectory(world))[0]
    _edit(answer, world.users["inkoper"], "Tekst van Ilse", 1)
    answer.refresh_from_db()
    # Omar's form still holds the empty answer of version 1: he did not touch it.
    changed = answer.apply_edit(
        user=world.users["opdrachtgever"], values=Answer.INITIAL | {"state": "open"}, base_version=1
    )
    assert changed is False
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).text == "Tekst van Ilse"


def test_a_concurrent_claim_of_the_same_version_loses(world):
    answer = synced_answers(start_trajectory(world))[0]
    copy = Answer.objects.for_organisation(world.org_a).get(pk=answer.pk)
    _edit(answer, world.users["inkoper"], "Eerst", 1)
    copy.version = 1  # as read before the other save landed
    with pytest.raises(EditConflict):
        _edit(copy, world.users["opdrachtgever"], "Tweede", 1)


def test_losing_the_claim_to_a_save_of_the_same_text_is_not_a_conflict(world):
    # The autosave on "change" and the form's submit post the same text at once: one claims the version.
    answer = synced_answers(start_trajectory(world))[0]
    copy = Answer.objects.for_organisation(world.org_a).get(pk=answer.pk)
    versions_before = answer.history.count()
    assert _edit(answer, world.users["inkoper"], "Dezelfde tekst", 1) is True
    assert _edit(copy, world.users["inkoper"], "Dezelfde tekst", 1) is False
    stored = Answer.objects.for_organisation(world.org_a).get(pk=answer.pk)
    assert (stored.text, stored.version) == ("Dezelfde tekst", 2)
    assert stored.history.count() == versions_before + 1  # one saved version, not two


def test_an_edit_is_one_conditional_update_and_one_history_row_by_its_author(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    answer = synced_answers(start_trajectory(world))[0]
    before = answer.updated_at
    with CaptureQueriesContext(connection) as queries:
        assert _edit(answer, world.users["inkoper"], "Eerste tekst", 1) is True
    statements = [
        q["sql"].split(" ", 1)[0] for q in queries.captured_queries if not q["sql"].startswith(("SAVE", "RELEASE"))
    ]
    assert statements == ["UPDATE", "INSERT"]  # the claim writes the values; the history row
    stored = Answer.objects.for_organisation(world.org_a).get(pk=answer.pk)
    assert (stored.text, stored.version, stored.updated_by) == ("Eerste tekst", 2, world.users["inkoper"])
    assert stored.updated_at > before and stored.updated_at == answer.updated_at
    latest = stored.history.order_by("-history_id").first()
    assert (latest.history_type, latest.history_user, latest.version, latest.text) == (
        "~",
        world.users["inkoper"],
        2,
        "Eerste tekst",
    )
    assert latest.history_date == stored.updated_at


def test_a_refused_claim_leaves_the_callers_transaction_usable(world):
    """A phase form saves many rows in one transaction: one conflict must not spoil the others."""
    from django.db import transaction

    answers = synced_answers(start_trajectory(world))
    stale = Answer.objects.for_organisation(world.org_a).get(pk=answers[0].pk)
    _edit(answers[0], world.users["inkoper"], "Tekst van Ilse", 1)
    stale.version = 1  # read before Ilse's save landed
    with transaction.atomic():
        with pytest.raises(EditConflict):
            _edit(stale, world.users["opdrachtgever"], "Tekst van Omar", 1)
        assert _edit(answers[1], world.users["opdrachtgever"], "Ander antwoord", 1) is True
    assert Answer.objects.for_organisation(world.org_a).get(pk=answers[0].pk).text == "Tekst van Ilse"
    assert Answer.objects.for_organisation(world.org_a).get(pk=answers[1].pk).text == "Ander antwoord"


def test_activity_is_written_at_most_once_a_minute(world, django_assert_num_queries):
    from datetime import timedelta

    from django.utils import timezone

    trajectory = start_trajectory(world)
    with django_assert_num_queries(0):
        trajectory.record_activity()  # created a moment ago: already recorded
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Trajectory.objects.for_organisation(world.org_a).filter(pk=trajectory.pk).update(updated_at=an_hour_ago)
    trajectory.updated_at = an_hour_ago
    with django_assert_num_queries(1):
        trajectory.record_activity()
    stored = Trajectory.objects.for_organisation(world.org_a).get(pk=trajectory.pk).updated_at
    assert stored > an_hour_ago and stored == trajectory.updated_at
    with django_assert_num_queries(0):
        trajectory.record_activity()


def test_checks_are_versioned_too(world):
    trajectory = start_trajectory(world)
    phase_record(trajectory, 1).sync_items()
    check = AttentionCheck.objects.filter(trajectory=trajectory).first()
    assert check.apply_edit(user=world.users["inkoper"], values={"checked": True, "note": "Ja"}, base_version=1)
    with pytest.raises(EditConflict):
        check.apply_edit(user=world.users["opdrachtgever"], values={"checked": False, "note": "Nee"}, base_version=1)


def test_an_answer_keeps_the_question_as_it_was_asked(world):
    trajectory = start_trajectory(world)
    answered, untouched = synced_answers(trajectory)[:2]
    _edit(answered, world.users["inkoper"], "Ons antwoord", 1)
    asked = answered.question_text
    for question in GuidingQuestion.objects.filter(pk__in=[answered.question_id, untouched.question_id]):
        question.text = "Nieuwe formulering: " + question.text
        question.save()
    synced = {a.pk: a for a in synced_answers(trajectory)}
    assert synced[answered.pk].question_text == asked
    assert synced[untouched.pk].question_text.startswith("Nieuwe formulering: ")


def test_new_questions_appear_in_open_phases_but_not_in_completed_ones(world):
    trajectory = start_trajectory(world)
    decide(trajectory, world.users["inkoper"], r2="ja")
    phase_record(trajectory, 1).sync_items()
    phase_record(trajectory, 1).complete(world.users["inkoper"])
    before = len(synced_answers(trajectory, 1))
    for order in (1, 2):
        GuidingQuestion.objects.create(
            phase=Phase.objects.get(order=order), kind="generiek", key=f"nieuw-{order}", text="Nieuwe vraag?"
        )
    assert len(synced_answers(trajectory, 1)) == before
    assert "Nieuwe vraag?" in [a.question_text for a in synced_answers(trajectory, 2)]


def test_a_removed_question_keeps_its_answer_and_drops_untouched_rows(world):
    trajectory = start_trajectory(world)
    answered, untouched = synced_answers(trajectory)[:2]
    _edit(answered, world.users["inkoper"], "Bewaard", 1)
    GuidingQuestion.objects.filter(pk__in=[answered.question_id, untouched.question_id]).delete()
    remaining = {a.pk: a for a in synced_answers(trajectory)}
    assert remaining[answered.pk].question_removed and remaining[answered.pk].text == "Bewaard"
    assert untouched.pk not in remaining


def test_the_answer_state_follows_the_answer():
    assert Answer.state_for("", False) == Answer.State.OPEN
    assert Answer.state_for("  tekst ", False) == Answer.State.ANSWERED
    assert Answer.state_for("tekst", True) == Answer.State.NOT_APPLICABLE


def test_changes_are_recorded_in_history(world):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory)[0]
    _edit(answer, world.users["inkoper"], "Versie 1", 1)
    _edit(Answer.objects.for_organisation(world.org_a).get(pk=answer.pk), world.users["opdrachtgever"], "Versie 2", 2)
    texts = list(answer.history.order_by("history_date").values_list("text", "history_user__username"))
    assert texts == [("Versie 1", "inkoper"), ("Versie 2", "opdrachtgever")]


def test_a_listed_page_gets_its_progress_and_the_queryset_its_involvement(world, django_assert_num_queries):
    trajectory = start_trajectory(world)
    decide(trajectory, world.users["inkoper"], r0="ja")
    other = start_trajectory(world)
    page = list(Trajectory.objects.for_organisation(world.org_a).for_list().filter(pk__in=[trajectory.pk, other.pk]))
    with django_assert_num_queries(1):  # one query for the whole page, however long
        Trajectory.attach_progress(page)
    progress = {t.pk: (t.completed_count, t.not_applicable_count) for t in page}
    assert progress == {trajectory.pk: (0, 4), other.pk: (0, 0)}
    assert Trajectory.attach_progress([]) == []
    assert trajectory in Trajectory.objects.for_organisation(world.org_a).involving(world.users["opdrachtgever"])
    assert trajectory not in Trajectory.objects.for_organisation(world.org_a).involving(world.users["contractmanager"])
    assert trajectory in Trajectory.objects.for_user(world.users["lezer"])
    assert trajectory not in Trajectory.objects.for_user(world.users["outsider"])


def test_archiving_keeps_the_trajectory(world):
    trajectory = start_trajectory(world)
    trajectory.archive()
    assert Trajectory.objects.for_organisation(world.org_a).archived().filter(pk=trajectory.pk).exists()
    trajectory.restore()
    assert Trajectory.objects.for_organisation(world.org_a).active().filter(pk=trajectory.pk).exists()
