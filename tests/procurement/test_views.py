"""The trajectory pages: forms, autosave, conflicts, the R-decision, history, query budgets."""

import re
from html import unescape

import pytest
from django.urls import reverse

from procurement.models import Answer, AttentionCheck, GuidingQuestion, Phase, Trajectory, TrajectoryMember
from tests.factories import decide, phase_record, start_trajectory, synced_answers

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def inkoper(client, world):
    client.force_login(world.users["inkoper"])
    return client


def _trajectory_data(world, **extra):
    data = {
        "title": "Laptops 2027",
        "description": "Vervanging van 900 laptops.",
        "category": world.category_a.pk,
        "department": world.department_a.pk,
        "estimated_value": "250000",
        "contract_start": "2027-01-01",
        "contract_end": "2030-12-31",
        "ambition": "R2",
        "team-TOTAL_FORMS": "2",
        "team-INITIAL_FORMS": "0",
        "team-0-user": world.users["inkoper"].pk,
        "team-0-role": "inkoper",
        "team-1-user": world.users["contractmanager"].pk,
        "team-1-role": "contractmanager",
        "groei-TOTAL_FORMS": "2",
        "groei-INITIAL_FORMS": "0",
        "groei-0-year": "1",
        "groei-0-strategy": "R2",
        "groei-0-note": "Langer gebruiken",
        "groei-1-year": "3",
        "groei-1-strategy": "R1",
    }
    return {**data, **extra}


def test_a_team_member_starts_a_trajectory_with_team_and_groeimodel(inkoper, world):
    response = inkoper.post(reverse("procurement:trajectory_create"), _trajectory_data(world))
    trajectory = Trajectory.objects.for_organisation(world.org_a).get(title="Laptops 2027")
    assert response.status_code == 302 and response["Location"] == trajectory.get_absolute_url()
    assert trajectory.organisation == world.org_a and trajectory.ambition.code == "R2"
    assert {m.user.username for m in trajectory.team.all()} == {"inkoper", "contractmanager"}
    assert [(g.year, g.strategy.code) for g in trajectory.growth_steps.all()] == [(1, "R2"), (3, "R1")]
    assert trajectory.phases.count() == 6


def test_the_start_form_proposes_me_as_team_member(inkoper, world):
    response = inkoper.get(reverse("procurement:trajectory_create"))
    form = response.context["team"].forms[0]
    assert form.initial == {"user": world.users["inkoper"].pk, "role": "inkoper"}


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"title": ""}, "id_title", "Geef het traject een titel."),
        ({"title": "x" * 201}, "id_title", "niet meer dan 200 tekens"),
        ({"contract_end": "2026-01-01"}, "id_contract_end", "Het einde van het contract moet na de start liggen."),
        ({"estimated_value": "-5"}, "id_estimated_value", "De geschatte contractwaarde kan niet negatief zijn."),
        ({"ambition": "R12"}, "id_ambition", "Kies een R-strategie uit de lijst"),
        ({"groei-1-strategy": "R99"}, "id_groei-1-strategy", "Kies een R-strategie uit de lijst"),
        ({"team-1-user": "", "team-0-user": ""}, "", "Zet minstens één persoon in het team."),
        ({"groei-1-year": "1"}, "id_groei-1-year", "Dit contractjaar staat al in het groeimodel."),
    ],
)
def test_bad_input_is_refused_with_dutch_errors_and_nothing_saved(inkoper, world, extra, field, message):
    response = inkoper.post(reverse("procurement:trajectory_create"), _trajectory_data(world, **extra))
    assert response.status_code == 200
    page = text(response)
    assert "<title>Fout: " in page
    assert 'id="error-summary"' in page and message in page
    if field:
        assert f'href="#{field}"' in page
    assert not Trajectory.objects.unscoped().filter(title__startswith="Laptops 2027").exists()
    assert "Vervanging van 900 laptops." in page  # what was typed stays


def test_editing_the_trajectory_and_its_team(inkoper, world):
    trajectory = start_trajectory(world)
    members = list(trajectory.team.all())
    data = _trajectory_data(world, title="Nieuwe titel")
    data |= {
        "team-TOTAL_FORMS": "3",
        "team-INITIAL_FORMS": "2",
        "team-0-id": members[0].pk,
        "team-0-user": members[0].user_id,
        "team-0-role": members[0].role,
        "team-1-id": members[1].pk,
        "team-1-user": members[1].user_id,
        "team-1-role": members[1].role,
        "team-1-DELETE": "on",
        "team-2-user": world.users["contractmanager"].pk,
        "team-2-role": "contractmanager",
    }
    response = inkoper.post(reverse("procurement:trajectory_edit", args=[trajectory.pk]), data)
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.title == "Nieuwe titel"
    assert {m.user.username for m in trajectory.team.all()} == {"inkoper", "contractmanager"}


def test_a_team_row_of_another_organisation_cannot_be_posted(inkoper, world):
    trajectory = start_trajectory(world)
    member_b = TrajectoryMember.objects.create(
        trajectory=world.trajectory_b, user=world.users["outsider"], role=TrajectoryMember.TeamRole.INKOPER
    )
    data = _trajectory_data(world, title="Nieuwe titel") | {
        "team-TOTAL_FORMS": "1",
        "team-INITIAL_FORMS": "1",
        "team-0-id": member_b.pk,
        "team-0-user": world.users["inkoper"].pk,
        "team-0-role": member_b.role,
        "team-0-DELETE": "on",
    }
    response = inkoper.post(reverse("procurement:trajectory_edit", args=[trajectory.pk]), data)
    assert response.status_code == 200  # the row id is not one of this trajectory's rows
    assert TrajectoryMember.objects.filter(trajectory=world.trajectory_b, pk=member_b.pk).exists()
    trajectory.refresh_from_db()
    assert trajectory.title != "Nieuwe titel"


def test_my_trajectories_lists_mine_then_all_with_progress(client, world):
    mine = start_trajectory(world, title="Mijn traject")
    other = start_trajectory(world, title="Ander traject", team=[])
    decide(other, world.users["chef"], r0="ja")
    client.force_login(world.users["opdrachtgever"])
    response = client.get(reverse("procurement:my_trajectories"))
    assert mine in response.context["mine"] and other not in response.context["mine"]
    assert other in response.context["page"].object_list
    page = text(response)
    assert "0 van 6 fasen afgerond" in page and "0 van 2 fasen afgerond" in page
    assert "Inkoop voorkomen" in page


def test_my_trajectories_filters_and_answers_htmx_with_the_list_only(inkoper, world):
    start_trajectory(world, title="Lopend traject")
    closed = start_trajectory(world, title="Voorkomen traject")
    decide(closed, world.users["inkoper"], r0="ja")
    archived = start_trajectory(world, title="Oud traject")
    archived.archive()
    url = reverse("procurement:my_trajectories")
    response = inkoper.get(url, {"status": "voorkomen"}, headers=HTMX)
    page = text(response)
    assert "Voorkomen traject" in page and "Lopend traject" not in page
    assert "<html" not in page and 'id="trajectory-lists"' in page
    assert "HX-Request" in response["Vary"]
    assert "Oud traject" not in text(inkoper.get(url))
    assert "Oud traject" in text(inkoper.get(url, {"status": "gearchiveerd"}))
    other = start_trajectory(world, title="Andere categorie", category=None)
    assert other.title not in text(inkoper.get(url, {"categorie": world.category_a.pk}))


def test_the_task_list_shows_statuses_and_a_link_only_where_a_phase_can_open(client, world):
    trajectory = start_trajectory(world)
    client.force_login(world.users["lezer"])
    response = client.get(trajectory.get_absolute_url())
    page = text(response)
    assert page.count("Kan nog niet starten") == 5
    assert "Ter beoordeling" not in page
    assert reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"]) in page
    assert reverse("procurement:phase_detail", args=[trajectory.pk, "circulaire-marktverkenning"]) not in page
    assert "0 van 6 fasen afgerond" in page
    assert "Traject archiveren" not in page  # read-only


def test_the_task_list_shows_a_phase_offered_for_review(client, world):
    trajectory = start_trajectory(world)
    decide(trajectory, world.users["inkoper"], r2="ja")
    record = phase_record(trajectory, 1)
    record.complete(world.users["inkoper"])
    record.offer_for_review(world.users["inkoper"])
    client.force_login(world.users["lezer"])
    page = text(client.get(trajectory.get_absolute_url()))
    assert "Ter beoordeling" in page
    assert "Kan nog niet starten" not in page
    assert "1 van 6 fasen afgerond" in page


def test_without_javascript_the_phase_form_saves_every_answer_and_redirects(inkoper, world):
    trajectory = start_trajectory(world)
    answers = synced_answers(trajectory)
    check = AttentionCheck.objects.filter(trajectory=trajectory, phase__order=1).first()
    data = {
        f"a{answers[0].pk}-text": "Minder werkplekken.",
        f"a{answers[0].pk}-version": 1,
        f"a{answers[1].pk}-text": "",
        f"a{answers[1].pk}-not_applicable": "on",
        f"a{answers[1].pk}-na_reason": "Geen eerdere cijfers.",
        f"a{answers[1].pk}-version": 1,
        f"c{check.pk}-checked": "on",
        f"c{check.pk}-version": 1,
    }
    url = reverse("procurement:phase_save", args=[trajectory.pk, "startoverleg"])
    response = inkoper.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"])
    first, second = (
        Answer.objects.for_organisation(world.org_a).get(pk=answers[0].pk),
        Answer.objects.for_organisation(world.org_a).get(pk=answers[1].pk),
    )
    assert (first.text, first.state, first.version) == ("Minder werkplekken.", "beantwoord", 2)
    assert (second.state, second.na_reason) == ("niet_van_toepassing", "Geen eerdere cijfers.")
    assert AttentionCheck.objects.for_organisation(world.org_a).get(pk=check.pk).checked
    assert phase_record(trajectory, 1).status == "bezig"


def test_niet_van_toepassing_needs_a_reason(inkoper, world):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory)[0]
    data = {f"a{answer.pk}-text": "Iets", f"a{answer.pk}-not_applicable": "on", f"a{answer.pk}-version": 1}
    response = inkoper.post(reverse("procurement:phase_save", args=[trajectory.pk, "startoverleg"]), data)
    assert response.status_code == 200
    page = text(response)
    assert "<title>Fout: " in page and "Geef aan waarom deze vraag niet van toepassing is." in page
    assert f'href="#id_a{answer.pk}-na_reason"' in page
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).version == 1  # nothing saved
    htmx = inkoper.post(reverse("procurement:answer_save", args=[trajectory.pk, answer.pk]), data, headers=HTMX)
    assert htmx.status_code == 422
    assert "Niet opgeslagen" in text(htmx) and "Je tekst staat nog in het veld" in text(htmx)


def test_completing_startoverleg_needs_the_r_decision(inkoper, world):
    trajectory = start_trajectory(world)
    url = reverse("procurement:phase_save", args=[trajectory.pk, "startoverleg"])
    response = inkoper.post(url, {"completed": "ja"})
    assert response.status_code == 200 and "Leg eerst het R-besluit vast." in text(response)
    decide(trajectory, world.users["inkoper"], r2="ja")
    response = inkoper.post(url, {"completed": "ja"})
    assert response.status_code == 302 and response["Location"] == trajectory.get_absolute_url()
    assert phase_record(trajectory, 1).status == "afgerond"


def test_a_refused_completion_is_in_the_error_summary_linked_to_its_first_option(inkoper, world):
    trajectory = start_trajectory(world)
    url = reverse("procurement:phase_save", args=[trajectory.pk, "startoverleg"])
    page = text(inkoper.post(url, {"completed": "misschien"}))
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_completed_0"' in summary and "misschien is geen beschikbare keuze" in summary
    assert 'id="id_completed_0"' in page
    page = text(inkoper.post(url, {"completed": "ja"}))  # no R-decision yet
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_completed_0"' in summary and "Leg eerst het R-besluit vast." in summary


def test_a_completed_phase_shows_check_answers_with_wijzigen_that_returns_to_it(inkoper, world):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory)[0]
    decide(trajectory, world.users["inkoper"], r2="ja")
    phase_record(trajectory, 1).complete(world.users["inkoper"])
    phase_url = reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"])
    page = text(inkoper.get(phase_url))
    assert "Controleer de antwoorden" in page and "Wijzigen" in page
    edit_url = reverse("procurement:answer_edit", args=[trajectory.pk, answer.pk])
    assert f"{edit_url}?next={phase_url}" in page.replace("%2F", "/")
    response = inkoper.post(
        reverse("procurement:answer_save", args=[trajectory.pk, answer.pk]),
        {f"a{answer.pk}-text": "Gewijzigd", f"a{answer.pk}-version": 1, "next": phase_url},
    )
    assert response["Location"] == phase_url
    assert phase_record(trajectory, 1).status == "afgerond"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)", "nergens"]
)
def test_saving_an_answer_refuses_an_unsafe_next_url(inkoper, world, target):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory)[0]
    edit_url = reverse("procurement:answer_edit", args=[trajectory.pk, answer.pk])
    page = text(inkoper.get(edit_url, {"next": target}))
    # The language switch in the header comes back to this very page, its query string and all.
    page = re.sub(r'<form method="post" action="/account/taal/".*?</form>', "", page, flags=re.DOTALL)
    assert "evil" not in page and "javascript:" not in page and "nergens" not in page
    response = inkoper.post(
        reverse("procurement:answer_save", args=[trajectory.pk, answer.pk]),
        {f"a{answer.pk}-text": "Gewijzigd", f"a{answer.pk}-version": 1, "next": target},
    )
    phase_url = reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"])
    assert response.status_code == 302 and response["Location"] == f"{phase_url}#answer-{answer.pk}"


def test_autosave_answers_htmx_with_the_time_and_the_new_version(inkoper, world):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory)[0]
    url = reverse("procurement:answer_save", args=[trajectory.pk, answer.pk])
    response = inkoper.post(url, {f"a{answer.pk}-text": "Concept", f"a{answer.pk}-version": 1}, headers=HTMX)
    page = text(response)
    assert response.status_code == 200 and "Opgeslagen om" in page
    assert f'id="id_a{answer.pk}-version"' in page and 'value="2"' in page and 'data-hx-swap-oob="true"' in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_a_stale_htmx_save_gets_409_with_both_texts_side_by_side(client, world):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory)[0]
    url = reverse("procurement:answer_save", args=[trajectory.pk, answer.pk])
    client.force_login(world.users["inkoper"])
    client.post(url, {f"a{answer.pk}-text": "Tekst van Ilse", f"a{answer.pk}-version": 1}, headers=HTMX)
    client.force_login(world.users["opdrachtgever"])
    response = client.post(url, {f"a{answer.pk}-text": "Tekst van Omar", f"a{answer.pk}-version": 1}, headers=HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == f"#answer-{answer.pk}"
    page = text(response)
    assert "Tekst van Ilse" in page and "Tekst van Omar" in page
    assert "Mijn tekst bewaren" in page and "Hun tekst bewaren" in page and "Zelf samenvoegen" in page
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).text == "Tekst van Ilse"
    # Omar merges by hand, on the current version.
    merged = {
        f"a{answer.pk}-text": "Tekst van Ilse en Omar",
        f"a{answer.pk}-version": 2,
        f"a{answer.pk}-resolution": "merge",
        f"a{answer.pk}-mine": "Tekst van Omar",
    }
    response = client.post(url, merged, headers=HTMX)
    assert response.status_code == 200 and "Opgeslagen om" in text(response)
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).text == "Tekst van Ilse en Omar"


@pytest.mark.parametrize(("resolution", "expected"), [("mine", "Tekst van Omar"), ("theirs", "Tekst van Ilse")])
def test_a_conflict_can_be_resolved_by_keeping_either_text(client, world, resolution, expected):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory)[0]
    url = reverse("procurement:answer_save", args=[trajectory.pk, answer.pk])
    client.force_login(world.users["inkoper"])
    client.post(url, {f"a{answer.pk}-text": "Tekst van Ilse", f"a{answer.pk}-version": 1})
    client.force_login(world.users["opdrachtgever"])
    data = {
        f"a{answer.pk}-text": "bewerkt",
        f"a{answer.pk}-version": 2,
        f"a{answer.pk}-resolution": resolution,
        f"a{answer.pk}-mine": "Tekst van Omar",
    }
    assert client.post(url, data).status_code == 302
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).text == expected


def test_without_javascript_a_stale_phase_save_shows_the_conflict_and_keeps_the_rest(client, world):
    trajectory = start_trajectory(world)
    first, second = synced_answers(trajectory)[:2]
    Answer.objects.for_organisation(world.org_a).get(pk=first.pk).apply_edit(
        user=world.users["inkoper"], values={"text": "Van Ilse", "state": "beantwoord", "na_reason": ""}, base_version=1
    )
    client.force_login(world.users["opdrachtgever"])
    data = {
        f"a{first.pk}-text": "Van Omar",
        f"a{first.pk}-version": 1,
        f"a{second.pk}-text": "Ook van Omar",
        f"a{second.pk}-version": 1,
    }
    response = client.post(reverse("procurement:phase_save", args=[trajectory.pk, "startoverleg"]), data)
    assert response.status_code == 409
    page = text(response)
    assert "Van Ilse" in page and "Van Omar" in page and "Wat wil je bewaren?" in page
    assert Answer.objects.for_organisation(world.org_a).get(pk=first.pk).text == "Van Ilse"
    assert Answer.objects.for_organisation(world.org_a).get(pk=second.pk).text == "Ook van Omar"


def test_a_stale_check_is_a_conflict_too(inkoper, world):
    trajectory = start_trajectory(world)
    phase_record(trajectory, 1).sync_items()
    check = AttentionCheck.objects.filter(trajectory=trajectory).first()
    check.apply_edit(user=world.users["opdrachtgever"], values={"checked": True, "note": "Omar"}, base_version=1)
    url = reverse("procurement:check_save", args=[trajectory.pk, check.pk])
    response = inkoper.post(url, {f"c{check.pk}-note": "Ilse", f"c{check.pk}-version": 1}, headers=HTMX)
    assert response.status_code == 409 and "Omar" in text(response) and "Ilse" in text(response)


def test_a_blocked_phase_cannot_be_saved(inkoper, world):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory, 2)[0]
    url = reverse("procurement:answer_save", args=[trajectory.pk, answer.pk])
    response = inkoper.post(url, {f"a{answer.pk}-text": "Te vroeg", f"a{answer.pk}-version": 1}, headers=HTMX)
    assert response.status_code == 422 and "Kan nog niet starten" in text(response)
    assert Answer.objects.for_organisation(world.org_a).get(pk=answer.pk).text == ""
    page = text(inkoper.get(reverse("procurement:phase_detail", args=[trajectory.pk, "circulaire-marktverkenning"])))
    assert "Deze fase kan nog niet starten." in page and "<textarea" not in page


def _decision(r0="nee", r1="nee", r2="nee", **extra):
    data = {"fase": "startoverleg"}
    for code, feasible in (("r0", r0), ("r1", r1), ("r2", r2)):
        data |= {f"{code}-considered": "on", f"{code}-feasible": feasible, f"{code}-rationale": f"Want {code}."}
    return data | extra


def test_recording_the_r_decision(inkoper, world):
    trajectory = start_trajectory(world)
    url = reverse("procurement:r_decision", args=[trajectory.pk])
    response = inkoper.post(url, _decision(r1="deels", r2="ja"))
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.chosen_strategy.code == "R1"
    page = text(inkoper.get(url))
    assert "R-besluit herzien" in page and "Want r1." in page


def test_revising_the_r_decision_starts_from_the_current_one(inkoper, world):
    trajectory = start_trajectory(world)
    url = reverse("procurement:r_decision", args=[trajectory.pk])
    data = _decision(fallback="R4", summary="Samen met de buurgemeente.")
    data |= {"r2-considered": "", "r2-feasible": "nee", "r2-rationale": "Kan niet minder."}
    assert inkoper.post(url, data).status_code == 302
    form = text(inkoper.get(url)).split(f'action="{url}"', 1)[1].split("</form>")[0]  # the decision form
    assert re.search(r'<textarea name="r1-rationale"[^>]*>\s*Want r1.</textarea>', form)
    assert re.search(r'<input type="radio" name="r1-feasible" value="nee"[^>]*checked', form)
    assert not re.search(r'<input type="radio" name="r1-feasible" value="(ja|deels)"[^>]*checked', form)
    assert re.search(r'<input type="checkbox" name="r0-considered"[^>]*checked', form)
    assert not re.search(r'<input type="checkbox" name="r2-considered"[^>]*checked', form)
    assert re.search(r'<option value="R4" selected>', form)
    assert re.search(r'<textarea name="summary"[^>]*>\s*Samen met de buurgemeente.</textarea>', form)


def test_the_r_decision_needs_a_rationale_per_step_and_a_fallback(inkoper, world):
    trajectory = start_trajectory(world)
    url = reverse("procurement:r_decision", args=[trajectory.pk])
    response = inkoper.post(url, _decision(**{"r0-rationale": ""}))
    page = text(response)
    assert response.status_code == 200 and "<title>Fout: " in page
    assert "Onderbouw de afweging voor R0." in page and 'href="#id_r0-rationale"' in page
    page = text(inkoper.post(url, _decision()))
    assert "kies welke R-strategie het team dan wel nastreeft" in page and 'href="#id_fallback"' in page
    assert inkoper.post(url, _decision(fallback="R99")).status_code == 200
    assert not trajectory.r_decisions.exists()
    assert inkoper.post(url, _decision(fallback="R4")).status_code == 302


def test_choosing_r0_in_the_form_closes_the_trajectory(inkoper, world):
    trajectory = start_trajectory(world)
    response = inkoper.post(reverse("procurement:r_decision", args=[trajectory.pk]), _decision(r0="ja"))
    assert response["Location"] == trajectory.get_absolute_url()
    page = text(inkoper.get(trajectory.get_absolute_url()))
    assert "Inkoop voorkomen" in page and "€\u00a0100.000" in page
    assert page.count("Niet van toepassing") >= 4


def test_the_history_page_shows_who_changed_what(inkoper, world):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory)[0]
    url = reverse("procurement:answer_save", args=[trajectory.pk, answer.pk])
    inkoper.post(url, {f"a{answer.pk}-text": "Eerste versie", f"a{answer.pk}-version": 1})
    inkoper.post(url, {f"a{answer.pk}-text": "Tweede versie", f"a{answer.pk}-version": 2})
    page = text(inkoper.get(reverse("procurement:trajectory_history", args=[trajectory.pk])))
    # The header prints the viewer's name too: look only inside the history list.
    history = page.split('<ol class="history-list">', 1)[1].split("</ol>", 1)[0]
    assert "Eerste versie" in history and "Tweede versie" in history
    assert history.count("<strong>Inkoper</strong>") >= 2  # both edits name their author
    assert "Niet gestart" in history and "Bezig" in history


def test_archiving_makes_the_trajectory_read_only(inkoper, world):
    trajectory = start_trajectory(world)
    response = inkoper.post(reverse("procurement:trajectory_archive", args=[trajectory.pk]))
    assert response["Location"] == reverse("procurement:my_trajectories")
    assert inkoper.get(reverse("procurement:trajectory_edit", args=[trajectory.pk])).status_code == 403
    assert inkoper.get(trajectory.get_absolute_url()).status_code == 200
    inkoper.post(reverse("procurement:trajectory_archive", args=[trajectory.pk]), {"action": "terugzetten"})
    assert inkoper.get(reverse("procurement:trajectory_edit", args=[trajectory.pk])).status_code == 200


def test_a_team_member_of_another_trajectory_may_not_edit_this_one(client, world):
    trajectory = start_trajectory(world, team=[])
    client.force_login(world.users["inkoper"])
    assert client.get(reverse("procurement:trajectory_edit", args=[trajectory.pk])).status_code == 403
    client.force_login(world.users["chef"])
    assert client.get(reverse("procurement:trajectory_edit", args=[trajectory.pk])).status_code == 200


def test_login_lands_on_my_trajectories(client, world):
    response = client.post(reverse("login"), {"username": "inkoper", "password": world.password})
    assert response["Location"] == reverse("procurement:my_trajectories")


def test_an_autosave_and_the_phase_activity_commit_together(inkoper, world, monkeypatch):
    trajectory = start_trajectory(world)
    answer = synced_answers(trajectory)[0]

    def fail(self):
        raise RuntimeError("trajectory activity could not be written")

    history_rows = answer.history.count()
    monkeypatch.setattr(Trajectory, "record_activity", fail)
    url = reverse("procurement:answer_save", args=[trajectory.pk, answer.pk])
    with pytest.raises(RuntimeError):
        inkoper.post(url, {f"a{answer.pk}-text": "Concept", f"a{answer.pk}-version": 1}, headers=HTMX)
    stored = Answer.objects.for_organisation(world.org_a).get(pk=answer.pk)
    assert (stored.text, stored.version) == ("", 1)  # rolled back with the failed activity write
    assert stored.history.count() == history_rows
    assert phase_record(trajectory, 1).status == "niet_gestart"


@pytest.mark.parametrize("n", [5, 50])
def test_an_autosave_keeps_its_query_budget(inkoper, world, n, django_assert_max_num_queries):
    trajectory = start_trajectory(world)
    _grow(trajectory, world, n)
    answer = synced_answers(trajectory)[0]
    url = reverse("procurement:answer_save", args=[trajectory.pk, answer.pk])
    inkoper.post(url, {f"a{answer.pk}-text": "Eerst", f"a{answer.pk}-version": answer.version}, headers=HTMX)
    answer.refresh_from_db()  # the phase is Bezig now: what follows is every later autosave
    # session, user, membership, trajectory (with team membership), answer, phase record, then in
    # one transaction (a savepoint here) the claim with the values and its history row; the trajectory's
    # activity was written less than a minute ago by the first save; and the person's language (accounts.language)
    with django_assert_max_num_queries(11) as captured:
        response = inkoper.post(
            url, {f"a{answer.pk}-text": "Nieuw", f"a{answer.pk}-version": answer.version}, headers=HTMX
        )
    assert response.status_code == 200 and "Opgeslagen om" in text(response)
    answer_reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "procurement_answer"')]
    assert len(answer_reads) == 1 and "JOIN" not in answer_reads[0]  # the save needs no related rows


def _grow(trajectory, world, n_questions: int):
    """n extra questions on Startoverleg, all answered."""
    phase = Phase.objects.get(order=1)
    for i in range(n_questions):
        GuidingQuestion.objects.create(
            phase=phase, kind="hoogste_r" if i % 2 else "generiek", key=f"extra-{i}", text=f"Vraag {i}?"
        )
    for answer in synced_answers(trajectory):
        answer.apply_edit(
            user=world.users["inkoper"],
            values={"text": "Antwoord", "state": "beantwoord", "na_reason": ""},
            base_version=1,
        )


@pytest.mark.parametrize("n", [5, 50])
def test_the_phase_page_and_task_list_keep_their_query_budget(inkoper, world, n, django_assert_max_num_queries):
    trajectory = start_trajectory(world)
    _grow(trajectory, world, n)
    decide(trajectory, world.users["inkoper"], r2="ja")
    with django_assert_max_num_queries(25):
        response = inkoper.get(reverse("procurement:phase_detail", args=[trajectory.pk, "startoverleg"]))
    assert text(response).count("Vraag ") >= n
    # The task list plus the sections other apps add (contract KPIs, ambitieweb).
    with django_assert_max_num_queries(18):
        inkoper.get(trajectory.get_absolute_url())
    with django_assert_max_num_queries(12):
        inkoper.get(reverse("procurement:my_trajectories"))
