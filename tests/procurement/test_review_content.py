"""An approval is tied to the content that was reviewed.

The review page posts back the content version of what it showed; stale content is
refused with the changed answers marked. While a phase is under review the team
cannot edit it (model and views) until it is withdrawn from review; the dossier
names the approved content version.
"""

import re
from html import unescape

import pytest
from django.db import transaction
from django.urls import reverse

from procurement.dossier import build_dossier, render_pdf_html
from procurement.models import PhaseRecord, ReviewEvent, TrajectoryMember
from procurement.review import ContentChanged, PhaseContent, UnderReview
from tests.factories import complete_trajectory, phase_record

RS = PhaseRecord.ReviewStatus
Kind = ReviewEvent.Kind
HTMX = {"HX-Request": "true"}
STALE = "De fase is intussen gewijzigd"


@pytest.fixture
def trajectory(world):
    return complete_trajectory(
        world.org_a,
        "Bedrijfskleding",
        team={
            world.users["inkoper"]: TrajectoryMember.TeamRole.INKOPER,
            world.users["opdrachtgever"]: TrajectoryMember.TeamRole.INTERNE_OPDRACHTGEVER,
        },
    )


def url(name, trajectory, slug="startoverleg"):
    return reverse(f"procurement:{name}", args=[trajectory.pk, slug])


def text(response) -> str:
    return unescape(response.content.decode())


def hidden(html: str, name: str) -> str:
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html)[1])


def first_answer(trajectory, record):
    return trajectory.answers.filter(phase=record.phase).order_by("pk").first()


def edit(answer, user, text_):
    return answer.apply_edit(
        user=user, values={"text": text_, "state": "beantwoord", "na_reason": ""}, base_version=answer.version
    )


def stored(record) -> PhaseRecord:
    return PhaseRecord.objects.unscoped().get(pk=record.pk)


# --- the model ---------------------------------------------------------------


def test_the_content_version_changes_with_any_answer_or_check(world, trajectory):
    record = phase_record(trajectory)
    before = record.content()
    assert before == record.content() and len(before.version) == 12
    answer = first_answer(trajectory, record)
    edit(answer, world.users["inkoper"], "Anders verwoord.")
    after_answer = record.content()
    assert after_answer.version != before.version
    assert after_answer.changed_since(before) == {f"a{answer.pk}"}
    check = trajectory.attention_checks.filter(phase=record.phase).first()
    check.apply_edit(user=world.users["inkoper"], values={"checked": False, "note": ""}, base_version=check.version)
    assert record.content().changed_since(after_answer) == {f"c{check.pk}"}
    # The snapshot a page posts back reads back to the same content; garbage is ignored.
    assert PhaseContent.parse(before.snapshot) == before
    assert PhaseContent.parse("a1:xyz,<script>,c2:" + "0" * 12).items == {"c2": "0" * 12}


def test_approving_stale_content_is_refused_and_changes_nothing(world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    seen = record.content()  # the reviewer opens the review page
    answer = first_answer(trajectory, record)
    edit(answer, world.users["inkoper"], "Na het openen gewijzigd.")
    with pytest.raises(ContentChanged, match=STALE) as refusal:
        record.approve(world.users["chef"], "Prima.", content_version=seen.version, seen=seen)
    assert refusal.value.changed == {f"a{answer.pk}"}
    fresh = stored(record)
    assert fresh.review_status == RS.IN_REVIEW
    assert fresh.approved_content_version == "" and fresh.reviewed_by is None
    assert list(record.review_events.values_list("kind", flat=True)) == [Kind.OFFERED]
    # Approving what is there now works, and pins it.
    current = record.content()
    assert record.approve(world.users["chef"], content_version=current.version) is True
    fresh = stored(record)
    assert fresh.review_status == RS.APPROVED and fresh.approved_content_version == current.version
    assert record.review_events.last().content_version == current.version


def test_an_approval_without_a_content_version_is_refused(world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    with pytest.raises(ContentChanged, match=STALE):
        record.approve(world.users["chef"], content_version="")
    assert stored(record).review_status == RS.IN_REVIEW


def test_an_edit_that_lands_after_an_approval_withdraws_it_even_from_a_stale_copy(world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    editor_copy = phase_record(trajectory)  # read by the editor's request before the approval
    assert editor_copy.review_status == RS.IN_REVIEW
    reviewer_copy = phase_record(trajectory)
    reviewer_copy.approve(world.users["chef"], content_version=reviewer_copy.content().version)
    editor_copy.record_edit(world.users["inkoper"])  # the edit commits after the approval
    fresh = stored(record)
    assert fresh.review_status == RS.NONE and fresh.status == PhaseRecord.Status.IN_PROGRESS
    assert fresh.approved_content_version == ""
    assert record.review_events.last().kind == Kind.APPROVAL_WITHDRAWN


def test_under_review_the_phase_is_locked_for_edits_until_it_is_withdrawn(world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    assert not record.is_editable and "Terugtrekken uit beoordeling" in record.not_editable_reason
    with transaction.atomic(), pytest.raises(UnderReview, match="ligt ter beoordeling"):
        phase_record(trajectory).lock_for_edit()
    assert record.withdraw_offer(world.users["inkoper"]) is True
    assert record.withdraw_offer(world.users["inkoper"]) is False
    fresh = stored(record)
    assert fresh.review_status == RS.NONE and fresh.status == PhaseRecord.Status.COMPLETED
    assert record.review_events.last().kind == Kind.OFFER_WITHDRAWN
    with transaction.atomic():
        phase_record(trajectory).lock_for_edit()  # editable again: no refusal
    assert record.is_editable


# --- the views ---------------------------------------------------------------


def test_approving_after_the_phase_changed_behind_the_open_review_page_is_refused(client, world, trajectory):
    record = phase_record(trajectory)
    answer = first_answer(trajectory, record)
    record.offer_for_review(world.users["inkoper"])
    client.force_login(world.users["chef"])
    page = text(client.get(url("review_phase", trajectory)))
    seen_version, seen_snapshot = hidden(page, "content_version"), hidden(page, "content_snapshot")
    assert seen_version == record.content().version and f"inhoudsversie {seen_version}" in page

    # Meanwhile the team takes the phase back, changes an answer and offers it again, all in the UI.
    client.force_login(world.users["inkoper"])
    assert client.post(url("withdraw_offer", trajectory)).status_code == 302
    data = {f"a{answer.pk}-text": "Toch anders besloten.", f"a{answer.pk}-version": answer.version}
    response = client.post(reverse("procurement:answer_save", args=[trajectory.pk, answer.pk]), data, headers=HTMX)
    assert response.status_code == 200 and "Opgeslagen om" in text(response)
    assert client.post(url("offer_phase", trajectory)).status_code == 302

    client.force_login(world.users["chef"])
    decision = {"decision": "approve", "comment": "", "content_version": seen_version}
    response = client.post(url("review_phase", trajectory), {**decision, "content_snapshot": seen_snapshot})
    html = text(response)
    assert response.status_code == 200 and STALE in html and "<title>Fout: " in html
    marked = re.search(rf'id="antwoord-{answer.pk}".*?</li>', html, re.S)[0]
    assert "Gewijzigd" in marked and "Toch anders besloten." in marked
    assert html.count('class="changed-tag"') == 1  # only the changed answer is marked
    fresh = stored(record)
    assert fresh.review_status == RS.IN_REVIEW and fresh.approved_content_version == ""
    assert not record.review_events.filter(kind=Kind.APPROVED).exists()

    # The page that refused carries the new version: deciding on it now is accepted.
    new_version = hidden(html, "content_version")
    assert new_version != seen_version
    response = client.post(
        url("review_phase", trajectory),
        {**decision, "content_version": new_version, "content_snapshot": hidden(html, "content_snapshot")},
    )
    assert response.status_code == 302
    assert stored(record).approved_content_version == new_version


def test_the_autosave_refuses_an_edit_under_review(client, world, trajectory):
    record = phase_record(trajectory)
    answer = first_answer(trajectory, record)
    check = trajectory.attention_checks.filter(phase=record.phase).first()
    check_version = check.version
    record.offer_for_review(world.users["inkoper"])
    client.force_login(world.users["inkoper"])
    answer_url = reverse("procurement:answer_save", args=[trajectory.pk, answer.pk])
    data = {f"a{answer.pk}-text": "Onder beoordeling gewijzigd.", f"a{answer.pk}-version": answer.version}
    response = client.post(answer_url, data, headers=HTMX)
    assert response.status_code == 422
    assert "Niet opgeslagen" in text(response) and "ligt ter beoordeling" in text(response)
    response = client.post(answer_url, data, follow=True)  # without JavaScript
    assert "ligt ter beoordeling" in text(response)
    check_url = reverse("procurement:check_save", args=[trajectory.pk, check.pk])
    response = client.post(check_url, {f"c{check.pk}-note": "Nee", f"c{check.pk}-version": check.version}, headers=HTMX)
    assert response.status_code == 422
    response = client.post(url("phase_save", trajectory), {**data, "completed": "nee"}, follow=True)
    assert "ligt ter beoordeling" in text(response)
    answer.refresh_from_db()
    check.refresh_from_db()
    assert answer.text != "Onder beoordeling gewijzigd." and answer.version == data[f"a{answer.pk}-version"]
    assert check.version == check_version
    fresh = stored(record)
    assert fresh.review_status == RS.IN_REVIEW and fresh.status == PhaseRecord.Status.COMPLETED


def test_the_phase_page_says_it_is_under_review_and_offers_to_withdraw(client, world, trajectory):
    record = phase_record(trajectory)
    answer = first_answer(trajectory, record)
    record.offer_for_review(world.users["inkoper"])
    client.force_login(world.users["inkoper"])
    page = text(client.get(url("phase_detail", trajectory)))
    assert "Deze fase ligt ter beoordeling." in page
    assert url("withdraw_offer", trajectory) in page and "Terugtrekken uit beoordeling" in page
    assert reverse("procurement:answer_edit", args=[trajectory.pk, answer.pk]) not in page  # no "Wijzigen"
    response = client.post(url("withdraw_offer", trajectory), {"next": url("phase_detail", trajectory)}, follow=True)
    page = text(response)
    assert "teruggetrokken uit de beoordeling" in page and "Deze fase ligt ter beoordeling." not in page
    assert reverse("procurement:answer_edit", args=[trajectory.pk, answer.pk]) in page
    data = {f"a{answer.pk}-text": "Na terugtrekken gewijzigd.", f"a{answer.pk}-version": answer.version}
    response = client.post(reverse("procurement:answer_save", args=[trajectory.pk, answer.pk]), data, headers=HTMX)
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.text == "Na terugtrekken gewijzigd."
    # A reader cannot withdraw.
    client.force_login(world.users["lezer"])
    assert client.post(url("withdraw_offer", trajectory)).status_code == 403


def test_the_dossier_names_the_approved_content_version(client, world, trajectory):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    version = record.content().version
    record.approve(world.users["chef"], content_version=version)
    approved_on = stored(record).reviewed_at
    client.force_login(world.users["lezer"])
    html = text(client.get(reverse("procurement:dossier", args=[trajectory.pk])))
    assert f"(inhoudsversie {version})" in html
    assert "Goedgekeurd op " in html
    pdf_html = unescape(render_pdf_html(trajectory, build_dossier(trajectory)))
    assert f"(inhoudsversie {version})" in pdf_html
    from django.utils import formats, timezone

    assert f"Goedgekeurd op {formats.date_format(timezone.localtime(approved_on), 'j F Y')}" in pdf_html
