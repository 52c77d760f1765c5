"""Review pages: queue, offering, decisions, comments, e-mails and the dossier page."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from organisations.models import Membership, Role
from procurement.models import Comment, PhaseRecord, ReviewEvent, TrajectoryMember
from tests.access.world import make_user
from tests.factories import complete_trajectory, phase_record


@pytest.fixture
def trajectory(world):
    return complete_trajectory(
        world.org_a,
        "Meubilair stadhuis",
        team={
            world.users["inkoper"]: TrajectoryMember.TeamRole.INKOPER,
            world.users["opdrachtgever"]: TrajectoryMember.TeamRole.INTERNE_OPDRACHTGEVER,
        },
    )


def url(name, trajectory, slug="startoverleg"):
    return reverse(f"procurement:{name}", args=[trajectory.pk, slug])


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST and run the on-commit callbacks (the e-mails), as a real commit would."""

    def do(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(*args, **kwargs)

    return do


def test_offering_mails_every_reviewer_with_a_link_to_the_review_page(client, post, world, trajectory, mailoutbox):
    second = make_user("tweede")
    Membership.objects.create(user=second, organisation=world.org_a, role=Role.CHEF_CIRCULAIR)
    client.force_login(world.users["inkoper"])
    response = post(url("offer_phase", trajectory), {"next": "/elders/"})
    assert response.status_code == 302 and response["Location"] == "/elders/"
    assert sorted(m.to[0] for m in mailoutbox) == ["chef@example.org", "tweede@example.org"]
    mail = mailoutbox[0]
    link = f"{settings.SITE_URL}{url('review_phase', trajectory)}"
    assert mail.subject == "Ter beoordeling: Startoverleg – Meubilair stadhuis"
    assert link in mail.body and "Inkoper heeft de fase" in mail.body
    html, mime = mail.alternatives[0]
    assert mime == "text/html" and f'href="{link}"' in html
    assert phase_record(trajectory).review_status == PhaseRecord.ReviewStatus.IN_REVIEW
    # Submitting twice changes nothing and sends nothing more.
    response = post(url("offer_phase", trajectory), follow=True)
    assert "was al ter beoordeling aangeboden" in response.content.decode()
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "nergens"]
)
def test_an_unsafe_next_url_is_ignored(client, world, trajectory, target):
    client.force_login(world.users["inkoper"])
    response = client.post(url("offer_phase", trajectory), {"next": target})
    assert response.status_code == 302 and response["Location"] == url("review_phase", trajectory)


def test_a_next_path_on_this_site_is_followed(client, world, trajectory):
    client.force_login(world.users["inkoper"])
    response = client.post(url("offer_phase", trajectory), {"next": "/trajecten/"})
    assert response["Location"] == "/trajecten/"


def test_offering_an_unfinished_phase_is_refused_in_dutch(client, world, trajectory, mailoutbox):
    trajectory.phases.filter(phase__slug="startoverleg").update(status=PhaseRecord.Status.IN_PROGRESS)
    client.force_login(world.users["inkoper"])
    response = client.post(url("offer_phase", trajectory), follow=True)
    assert "Alleen een afgeronde fase kan ter beoordeling worden aangeboden" in response.content.decode()
    assert mailoutbox == []


def test_the_queue_lists_waiting_phases_oldest_first_and_the_nav_counts_them(
    client, world, trajectory, django_assert_max_num_queries
):
    other = complete_trajectory(world.org_a, "Printers", team={world.users["contractmanager"]: "contractmanager"})
    phase_record(other, "circulaire-marktverkenning").offer_for_review(world.users["contractmanager"])
    phase_record(trajectory).offer_for_review(world.users["inkoper"])
    client.force_login(world.users["chef"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("procurement:review_queue"))
    html = response.content.decode()
    assert html.index("Printers") < html.index("Meubilair stadhuis")
    assert "Contractmanager (contractmanager)" in html
    waiting = PhaseRecord.objects.filter(
        trajectory__organisation=world.org_a, review_status=PhaseRecord.ReviewStatus.IN_REVIEW
    ).count()
    assert waiting >= 2
    assert f'<span class="badge-count">{waiting}<span class="visually-hidden"> fasen</span>' in html
    client.force_login(world.users["inkoper"])
    assert "badge-count" not in client.get(reverse("procurement:start")).content.decode()


def test_the_menu_badge_counts_up_to_its_cap_so_its_cost_does_not_grow_with_the_queue(
    client, world, trajectory, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from procurement.templatetags import review_tags

    other = complete_trajectory(world.org_a, "Printers", team={world.users["contractmanager"]: "contractmanager"})
    phase_record(other, "circulaire-marktverkenning").offer_for_review(world.users["contractmanager"])
    phase_record(trajectory).offer_for_review(world.users["inkoper"])
    monkeypatch.setattr(review_tags, "BADGE_CAP", 1)
    client.force_login(world.users["chef"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("procurement:start")).content.decode()
    assert '<span class="badge-count">1+<span class="visually-hidden"> fasen</span>' in html
    badge_query = next(q["sql"] for q in queries if "COUNT" in q["sql"] and "review_status" in q["sql"])
    assert "LIMIT 2" in badge_query


def test_the_chef_asks_for_changes_and_the_team_gets_mail(client, post, world, trajectory, mailoutbox):
    phase_record(trajectory).offer_for_review(world.users["inkoper"])
    client.force_login(world.users["chef"])
    response = post(url("review_phase", trajectory), {"decision": "changes", "comment": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Fout: " in html and "Geef een toelichting" in html
    response = post(url("review_phase", trajectory), {"decision": "changes", "comment": "Vul vraag 2 aan."})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["inkoper@example.org", "opdrachtgever@example.org"]
    mail = mailoutbox[0]
    assert mail.subject.startswith("Wijzigingen gevraagd: Startoverleg")
    assert "Vul vraag 2 aan." in mail.body
    assert f"{settings.SITE_URL}{url('review_phase', trajectory)}" in mail.body
    assert f"{settings.SITE_URL}{reverse('procurement:dossier', args=[trajectory.pk])}" in mail.body
    # A second identical submission is harmless.
    response = post(url("review_phase", trajectory), {"decision": "changes", "comment": "Vul vraag 2 aan."})
    assert response.status_code == 302
    assert len(mailoutbox) == 2


def test_a_decision_on_a_phase_not_offered_shows_a_dutch_error(client, world, trajectory):
    client.force_login(world.users["chef"])
    response = client.post(url("review_phase", trajectory), {"decision": "approve"})
    assert response.status_code == 200
    assert "Deze fase is niet ter beoordeling aangeboden" in response.content.decode()
    assert not ReviewEvent.objects.unscoped().filter(phase_record__trajectory=trajectory).exists()


def test_the_review_page_hides_the_decision_from_the_team(client, world, trajectory):
    phase_record(trajectory).offer_for_review(world.users["inkoper"])
    client.force_login(world.users["inkoper"])
    html = client.get(url("review_phase", trajectory)).content.decode()
    assert "Jouw beslissing" not in html
    assert "Opmerking plaatsen" in html


def test_the_review_page_has_a_fixed_query_budget(client, world, trajectory, django_assert_max_num_queries):
    record = phase_record(trajectory)
    for answer in trajectory.answers.filter(phase=record.phase):
        Comment.objects.create(
            trajectory=trajectory, phase_record=record, answer=answer, body="Ok", author=world.users["chef"]
        )
    client.force_login(world.users["chef"])
    with django_assert_max_num_queries(25):
        response = client.get(url("review_phase", trajectory))
    assert response.status_code == 200


def test_comments_are_placed_on_an_answer_and_bad_ones_refused(client, world, trajectory):
    answer = trajectory.answers.filter(phase__slug="startoverleg").first()
    client.force_login(world.users["chef"])
    response = client.post(url("phase_comment", trajectory), {"target": str(answer.pk), "body": "  Mooi.  "})
    assert response["Location"].endswith(f"#antwoord-{answer.pk}")
    assert Comment.objects.unscoped().get().answer == answer and Comment.objects.unscoped().get().body == "Mooi."
    response = client.post(url("phase_comment", trajectory), {"target": str(answer.pk), "body": "x" * 2001})
    assert response.status_code == 200
    assert "hoogstens 2000 tekens" in response.content.decode()
    response = client.post(url("phase_comment", trajectory), {"target": "fase", "body": "   "})
    assert "Schrijf een opmerking" in response.content.decode()
    foreign = complete_trajectory(world.org_b, "Elders").answers.first()
    response = client.post(url("phase_comment", trajectory), {"target": str(foreign.pk), "body": "Hallo"})
    assert response.status_code == 200
    assert "Deze vraag hoort niet bij deze fase" in response.content.decode()
    assert Comment.objects.unscoped().count() == 1


def test_an_archived_trajectory_keeps_its_dossier_but_takes_no_review(client, world, trajectory):
    phase_record(trajectory).offer_for_review(world.users["inkoper"])
    trajectory.archived_at = timezone.now()
    trajectory.save()
    client.force_login(world.users["chef"])
    assert client.get(reverse("procurement:dossier", args=[trajectory.pk])).status_code == 200
    assert client.get(reverse("procurement:dossier_pdf", args=[trajectory.pk])).status_code == 200
    response = client.post(url("review_phase", trajectory), {"decision": "approve"})
    assert "gearchiveerd" in response.content.decode()
    assert client.post(url("phase_comment", trajectory), {"target": "fase", "body": "Hoi"}).status_code == 403
    client.force_login(world.users["inkoper"])
    assert client.post(url("offer_phase", trajectory)).status_code == 403


def test_a_foreign_trajectory_is_not_found(client, world):
    foreign = complete_trajectory(world.org_b, "Van Beta")
    client.force_login(world.users["chef"])
    assert client.get(reverse("procurement:dossier", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("procurement:dossier_pdf", args=[foreign.pk])).status_code == 404
    assert client.get(url("review_phase", foreign)).status_code == 404


def test_the_dossier_page_shows_everything_with_a_fixed_query_budget(
    client, world, trajectory, django_assert_max_num_queries
):
    record = phase_record(trajectory)
    record.offer_for_review(world.users["inkoper"])
    trajectory.answers.filter(phase=record.phase).update(updated_by=world.users["chef"])
    record.approve(world.users["chef"], content_version=record.content().version)
    answer = trajectory.answers.first()
    Comment.objects.create(
        trajectory=trajectory, phase_record=record, answer=answer, body="Goed", author=world.users["chef"]
    )
    client.force_login(world.users["lezer"])
    # 24: two more than before: the dossier's content version and its stored PDF's status.
    # One query per section (the effect lines, the suppliers' proposals, the OCDS check and the chosen criteria
    # came with their features; the award model's section reads whether there is one). One for the person's
    # language (accounts.language).
    with django_assert_max_num_queries(30):
        response = client.get(reverse("procurement:dossier", args=[trajectory.pk]))
    html = response.content.decode()
    assert html.count(answer.question_text) >= 1
    assert "€\u00a01.250.000,50" in html
    assert "1 maart 2026" in html
    assert "goedgekeurd door iemand die zelf antwoorden gaf" in html
    assert "Niet gestart" not in html
    assert 'role="img"' in html


def test_the_review_panel_include_offers_a_completed_phase_and_shows_the_history(rf, world, trajectory):
    from django.template.loader import render_to_string

    from organisations.models import Membership

    record = phase_record(trajectory)
    request = rf.get("/traject/")
    request.user = world.users["inkoper"]
    membership = Membership.objects.get(user=world.users["inkoper"], organisation=world.org_a)
    context = {"phase_record": record, "membership": membership, "may_offer": True}
    html = render_to_string("procurement/includes/review_panel.html", context, request)
    assert "Ter beoordeling aanbieden" in html
    assert url("offer_phase", trajectory) in html
    # The view decides who may offer (procurement.access.can_edit_trajectory), not the organisation role.
    html = render_to_string("procurement/includes/review_panel.html", {**context, "may_offer": False}, request)
    assert "Ter beoordeling aanbieden" not in html
    record.offer_for_review(world.users["inkoper"])
    html = render_to_string("procurement/includes/review_panel.html", context, request)
    assert "Ter beoordeling aanbieden" not in html
    assert "Ter beoordeling aangeboden" in html  # the history
    assert '<span class="status-tag review-in_review">Ter beoordeling</span>' in html
