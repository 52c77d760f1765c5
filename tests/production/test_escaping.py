"""User text is always shown as text: markup in any field never becomes HTML.

A hostile member stores ``PAYLOAD`` (bold, a ``<meta http-equiv=refresh>``
that would send the next visitor elsewhere, an ``<img onerror>``) in a field
another person sees. Every page, e-mail and the HTML that WeasyPrint turns
into a PDF must show it escaped, as text, and contain none of its elements.

Two layers:

- ``test_every_page_escapes_every_field``: every text field of every
  organisation-owned model (and the organisation's name and its members'
  names) holds the payload, and every GET page of the access table is
  fetched; no page may contain one of the payload's elements.
- ``test_place_shows_payload_as_text``: one case per place where user text
  reaches a ``help_text``, a label, HTML or SVG built in Python, an e-mail
  or a PDF, checking that the escaped text is there (so the field really
  reached the output) and its markup is not.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils.html import escape

from kpis.models import Kpi, Measurement
from organisations.models import Department, MenuEvidence, MenuIngredient, MenuScanItem, Organisation, ProductCategory
from organisations.scoping import organisation_owned_models
from procurement.models import (
    Answer,
    AttentionCheck,
    Comment,
    PhaseRecord,
    RDecisionStep,
    ReviewEvent,
    Trajectory,
    TrajectoryAmbition,
)
from rladder.models import AmbitionScore, AmbitionTheme, AmbitionWeb, Milestone, ProductStrategy
from tests.access.test_access_table import ROWS
from tests.access.world import PERSONAS

pytestmark = pytest.mark.django_db

PAYLOAD = '<b>x</b><meta http-equiv="refresh" content="0;url=https://evil.example"><img src=x onerror=alert(1)>'
# For fields too short for the whole payload (a KPI's unit holds 50 characters).
SHORT_PAYLOAD = "<meta http-equiv=refresh><img src=x onerror=a()>"
# What may never appear in the output: the payload's elements, live.
LIVE_MARKUP = re.compile(r"<b>x</b>|<meta\s+http-equiv|<img\s+src=x", re.IGNORECASE)
# Escaped twice shows the user "&lt;b&gt;" instead of "<b>".
DOUBLE_ESCAPED = re.compile(r"&amp;lt;(b|meta|img)", re.IGNORECASE)

# Text fields that are not free text typed by a user (codes, snapshots of
# admin content, generated HTML, task bookkeeping).
NOT_USER_TEXT = {
    "kpis.AnnualReport": {"task_id", "html", "error"},
    "procurement.Answer": {"question_strategies"},
}


def payload_for(field, suffix: str = "") -> str | None:
    """The longest payload that fits the field with the suffix after it."""
    room = None if field.max_length is None else field.max_length - len(suffix)
    if room is None or room >= len(PAYLOAD):
        return PAYLOAD + suffix
    if room >= len(SHORT_PAYLOAD):
        return SHORT_PAYLOAD + suffix
    return None


def text_fields(model):
    skipped = NOT_USER_TEXT.get(model._meta.label, set())
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.SlugField | models.EmailField | models.URLField)
            and not field.choices
            and field.name not in skipped
            and payload_for(field)
        ):
            yield field


def unique_fields(model) -> set[str]:
    names = {f.name for f in model._meta.concrete_fields if f.unique}
    for group in model._meta.unique_together:
        names.update(group)
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()))
    return names


def poison_everything(world) -> None:
    """Put the payload into every free-text field of organisation A's data."""
    for model in organisation_owned_models():
        fields = list(text_fields(model))
        if not fields:
            continue
        unique = unique_fields(model)
        rows = model._default_manager.for_organisation(world.org_a)
        for pk in rows.values_list("pk", flat=True):
            # Unique fields get the row's number too, so the rows stay distinct.
            values = {f.name: payload_for(f, f" {pk}" if f.name in unique else "") for f in fields}
            rows.filter(pk=pk).update(**{name: value for name, value in values.items() if value is not None})
    Organisation.objects.filter(pk=world.org_a.pk).update(name=PAYLOAD)
    get_user_model().objects.filter(memberships__organisation=world.org_a).update(
        first_name=PAYLOAD, last_name=SHORT_PAYLOAD
    )


def problems_in(content: str) -> list[str]:
    found = [f"live markup {m.group(0)!r}" for m in LIVE_MARKUP.finditer(content)]
    found += [f"double-escaped {m.group(0)!r}" for m in DOUBLE_ESCAPED.finditer(content)]
    return found


def page_rows():
    for row in ROWS:
        # PDFs are checked through the HTML handed to WeasyPrint (below); rendering them here adds nothing.
        if row.method != "GET" or row.name.endswith("_pdf"):
            continue
        persona = next(
            (p for p in PERSONAS if p not in {"anonymous", "outsider", "staff"} and row.expect.get(p) == 200), None
        )
        if persona is not None:
            yield pytest.param(row, persona, id=f"{row.id} as {persona}")


@pytest.mark.parametrize(("row", "persona"), list(page_rows()))
def test_every_page_escapes_every_field(row, persona, client, world):
    poison_everything(world)
    client.force_login(world.users[persona])
    headers = {"HX-Request": "true"} if row.htmx else {}
    response = client.get(reverse(row.name, kwargs=row.kwargs(world)), headers=headers)
    assert response.status_code == 200
    if "html" not in response.get("Content-Type", ""):
        return
    assert problems_in(response.content.decode()) == []


# --- One case per place where user text is shown ---


def tagged(tag: str, short: bool = False) -> str:
    """The payload with ``tag`` in the bold text, to know which field came through."""
    if short:
        return f"<b>{tag}</b><meta http-equiv=refresh><img src=x>"
    return PAYLOAD.replace("<b>x</b>", f"<b>{tag}</b>")


def assert_shown_as_text(content: str, payload: str) -> None:
    assert escape(payload) in content, "the field's text does not reach the output"
    tag = re.search(r"<b>(.*?)</b>", payload).group(1)
    assert f"<b>{tag}</b>" not in content
    assert problems_in(content) == []


def _update(queryset, **values):
    assert queryset.update(**values) >= 1


def _kpi(w):
    return Kpi.objects.for_organisation(w.org_a).filter(pk=w.kpi_a.pk)


def _contract_kpi(w):
    return Kpi.objects.for_organisation(w.org_a).filter(pk=w.contract_kpi_a.pk)


def _review_trajectory(w):
    return Trajectory.objects.for_organisation(w.org_a).filter(pk=w.review_trajectory_a.pk)


def _startoverleg(w):
    return PhaseRecord.objects.select_related("phase", "trajectory").get(
        trajectory=w.review_trajectory_a, phase__slug="startoverleg"
    )


def _comment(w, text, on_answer=False):
    record = _startoverleg(w)
    answer = record.answers().first() if on_answer else None
    Comment.objects.create(
        trajectory=w.review_trajectory_a, phase_record=record, answer=answer, author=w.users["chef"], body=text
    )


def _review_event(w, text):
    ReviewEvent.objects.create(
        phase_record=_startoverleg(w), kind=ReviewEvent.Kind.CHANGES_REQUESTED, actor=w.users["chef"], comment=text
    )


def _scan_item(w, **fields):
    ingredient = MenuIngredient.objects.order_by("order").first()
    item, _created = MenuScanItem.objects.update_or_create(organisation=w.org_a, ingredient=ingredient, defaults=fields)
    return item


def _evidence(w, text):
    item = _scan_item(w)
    MenuEvidence.objects.create(item=item, kind=MenuEvidence.Kind.values[0], title=text, reference="B-1")


def _web_reason(w, text):
    """A category web below the generic one, with the reason written down."""
    theme = AmbitionTheme.objects.filter(active=True).order_by("order").first()
    generic, _created = AmbitionWeb.objects.get_or_create(organisation=w.org_a, category=None)
    AmbitionScore.objects.update_or_create(web=generic, theme=theme, defaults={"current": 2, "ambition": 3})
    web, _created = AmbitionWeb.objects.get_or_create(organisation=w.org_a, category=w.category_a_only)
    AmbitionScore.objects.update_or_create(
        web=web, theme=theme, defaults={"current": 1, "ambition": 1, "deviation_reason": text}
    )


def _trajectory_ambition_reason(w, text):
    """A trajectory's ambition below the organisation's, with the reason written down."""
    theme = AmbitionTheme.objects.filter(active=True).order_by("order").first()
    generic, _created = AmbitionWeb.objects.get_or_create(organisation=w.org_a, category=None)
    AmbitionScore.objects.update_or_create(web=generic, theme=theme, defaults={"current": 2, "ambition": 3})
    AmbitionWeb.objects.filter(organisation=w.org_a, category=w.category_a_only).delete()
    TrajectoryAmbition.objects.create(
        trajectory=w.ambition_trajectory_a, theme=theme, current=1, ambition=1, deviation_reason=text
    )


def _url(name, **kwargs):
    return lambda w: reverse(name, kwargs={k: v(w) for k, v in kwargs.items()})


_TRAJECTORY = {"pk": lambda w: w.review_trajectory_a.pk}
_PHASE = {**_TRAJECTORY, "phase_slug": lambda w: "startoverleg"}
_KPI = {"pk": lambda w: w.kpi_a.pk}

# (id, store the payload, the page, persona, short payload)
PLACES = [
    # The reported defect: the unit in the help text of each year's target.
    (
        "kpi unit in target help text",
        lambda w, t: _update(_kpi(w), unit=t),
        _url("kpis:kpi_targets", **_KPI),
        "chef",
        True,
    ),
    (
        "kpi unit on dashboard (chart, table, headline)",
        lambda w, t: _update(_kpi(w), unit=t),
        _url("kpis:dashboard"),
        "chef",
        True,
    ),
    ("kpi unit on kpi page", lambda w, t: _update(_kpi(w), unit=t), _url("kpis:kpi_detail", **_KPI), "lezer", True),
    (
        "kpi unit in measurement grid",
        lambda w, t: _update(_kpi(w), unit=t),
        _url("kpis:measurements", **_KPI),
        "chef",
        True,
    ),
    (
        "kpi name on dashboard (card, chart title)",
        lambda w, t: _update(_kpi(w), name=t),
        _url("kpis:dashboard"),
        "chef",
        False,
    ),
    ("kpi name on kpi list", lambda w, t: _update(_kpi(w), name=t), _url("kpis:kpi_list"), "lezer", False),
    ("kpi name on target form", lambda w, t: _update(_kpi(w), name=t), _url("kpis:kpi_targets", **_KPI), "chef", False),
    (
        "kpi description on kpi page",
        lambda w, t: _update(_kpi(w), description=t),
        _url("kpis:kpi_detail", **_KPI),
        "lezer",
        False,
    ),
    (
        "contract kpi name on trajectory's kpi page",
        lambda w, t: _update(_contract_kpi(w), name=t),
        _url("kpis:contract_kpis", trajectory_pk=lambda w: w.trajectory_kpis_a.pk),
        "lezer",
        False,
    ),
    (
        "measurement note in grid",
        lambda w, t: _update(Measurement.objects.filter(kpi=w.kpi_a), note=t),
        _url("kpis:measurements", **_KPI),
        "chef",
        False,
    ),
    (
        "trajectory title on my trajectories",
        lambda w, t: _update(_review_trajectory(w), title=t),
        _url("procurement:my_trajectories"),
        "inkoper",
        False,
    ),
    (
        "trajectory title on trajectory page",
        lambda w, t: _update(_review_trajectory(w), title=t),
        _url("procurement:trajectory_detail", **_TRAJECTORY),
        "lezer",
        False,
    ),
    (
        "trajectory need on trajectory page",
        lambda w, t: _update(_review_trajectory(w), description=t),
        _url("procurement:trajectory_detail", **_TRAJECTORY),
        "lezer",
        False,
    ),
    (
        "trajectory need in edit form",
        lambda w, t: _update(_review_trajectory(w), description=t),
        _url("procurement:trajectory_edit", **_TRAJECTORY),
        "inkoper",
        False,
    ),
    (
        "trajectory title on review queue",
        lambda w, t: _update(_review_trajectory(w), title=t),
        _url("procurement:review_queue"),
        "chef",
        False,
    ),
    (
        "answer on phase page",
        lambda w, t: _update(Answer.objects.filter(trajectory=w.review_trajectory_a), text=t),
        _url("procurement:phase_detail", **_PHASE),
        "lezer",
        False,
    ),
    (
        "answer on review page",
        lambda w, t: _update(Answer.objects.filter(trajectory=w.review_trajectory_a), text=t),
        _url("procurement:review_phase", **_PHASE),
        "chef",
        False,
    ),
    (
        "answer in dossier",
        lambda w, t: _update(Answer.objects.filter(trajectory=w.review_trajectory_a), text=t),
        _url("procurement:dossier", **_TRAJECTORY),
        "lezer",
        False,
    ),
    (
        "attention point note on phase page",
        lambda w, t: _update(AttentionCheck.objects.filter(trajectory=w.review_trajectory_a), note=t),
        _url("procurement:phase_detail", **_PHASE),
        "lezer",
        False,
    ),
    (
        "r-decision rationale on r-decision page",
        lambda w, t: _update(RDecisionStep.objects.filter(decision__trajectory=w.review_trajectory_a), rationale=t),
        _url("procurement:r_decision", **_TRAJECTORY),
        "inkoper",
        False,
    ),
    (
        "phase comment on review page",
        lambda w, t: _comment(w, t),
        _url("procurement:review_phase", **_PHASE),
        "chef",
        False,
    ),
    (
        "answer comment on review page",
        lambda w, t: _comment(w, t, on_answer=True),
        _url("procurement:review_phase", **_PHASE),
        "inkoper",
        False,
    ),
    ("comment in dossier", lambda w, t: _comment(w, t), _url("procurement:dossier", **_TRAJECTORY), "lezer", False),
    (
        "review decision comment in dossier",
        lambda w, t: _review_event(w, t),
        _url("procurement:dossier", **_TRAJECTORY),
        "lezer",
        False,
    ),
    (
        "member's name on trajectory team",
        lambda w, t: _update(get_user_model().objects.filter(pk=w.users["inkoper"].pk), first_name=t),
        _url("procurement:trajectory_detail", **_TRAJECTORY),
        "lezer",
        False,
    ),
    (
        "category name on category list",
        lambda w, t: _update(ProductCategory.objects.for_organisation(w.org_a).filter(pk=w.category_a.pk), name=t),
        _url("organisations:categories"),
        "lezer",
        False,
    ),
    (
        "category name in trajectory filter",
        lambda w, t: _update(ProductCategory.objects.for_organisation(w.org_a).filter(pk=w.category_a.pk), name=t),
        _url("procurement:my_trajectories"),
        "lezer",
        False,
    ),
    (
        "category name on programme chart",
        lambda w, t: _update(ProductCategory.objects.for_organisation(w.org_a).filter(pk=w.category_a_only.pk), name=t),
        _url("rladder:programme"),
        "lezer",
        False,
    ),
    (
        "category description on strategy page",
        lambda w, t: _update(
            ProductCategory.objects.for_organisation(w.org_a).filter(pk=w.category_a_only.pk), description=t
        ),
        _url("procurement:category_strategy", slug=lambda w: w.category_a_only.slug),
        "lezer",
        False,
    ),
    (
        "department name on department list",
        lambda w, t: _update(Department.objects.for_organisation(w.org_a).filter(pk=w.department_a.pk), name=t),
        _url("organisations:departments"),
        "lezer",
        False,
    ),
    (
        "department name in measurement grid",
        lambda w, t: _update(Department.objects.for_organisation(w.org_a).filter(pk=w.department_a.pk), name=t),
        _url("kpis:measurements", **_KPI),
        "chef",
        False,
    ),
    ("menu scan next step", lambda w, t: _scan_item(w, next_step=t), _url("organisations:menu_scan"), "lezer", False),
    (
        "menu scan owner's name",
        lambda w, t: (
            _scan_item(w, owner=w.users["adviseur"]),
            _update(get_user_model().objects.filter(pk=w.users["adviseur"].pk), first_name=t),
        ),
        _url("organisations:menu_scan"),
        "lezer",
        False,
    ),
    (
        "menu scan next step in edit form",
        lambda w, t: _scan_item(w, next_step=t),
        _url("organisations:menu_scan_edit", slug=lambda w: MenuIngredient.objects.order_by("order").first().slug),
        "chef",
        False,
    ),
    ("menu evidence title", _evidence, _url("organisations:menu_scan"), "lezer", False),
    (
        "milestone text on strategy page",
        lambda w, t: _update(Milestone.objects.filter(strategy=w.strategy_a), description=t),
        _url("procurement:category_strategy", slug=lambda w: w.category_a_only.slug),
        "lezer",
        False,
    ),
    (
        "milestone text in edit form",
        lambda w, t: _update(Milestone.objects.filter(strategy=w.strategy_a), description=t),
        _url("rladder:milestones_edit", slug=lambda w: w.category_a_only.slug),
        "chef",
        False,
    ),
    (
        "product strategy baseline description",
        lambda w, t: _update(
            ProductStrategy.objects.for_organisation(w.org_a).filter(pk=w.strategy_a.pk), baseline_description=t
        ),
        _url("procurement:category_strategy", slug=lambda w: w.category_a_only.slug),
        "lezer",
        False,
    ),
    (
        "ambitieweb reason on strategy page",
        _web_reason,
        _url("procurement:category_strategy", slug=lambda w: w.category_a_only.slug),
        "lezer",
        False,
    ),
    (
        "ambitieweb reason in edit form",
        _web_reason,
        _url("rladder:category_ambition_edit", slug=lambda w: w.category_a_only.slug),
        "chef",
        False,
    ),
    (
        "trajectory ambitieweb reason",
        _trajectory_ambition_reason,
        _url("procurement:trajectory_ambition", pk=lambda w: w.ambition_trajectory_a.pk),
        "lezer",
        False,
    ),
    (
        "organisation name in header",
        lambda w, t: _update(Organisation.objects.filter(pk=w.org_a.pk), name=t),
        _url("kpis:dashboard"),
        "chef",
        False,
    ),
]


@pytest.mark.parametrize(("store", "url", "persona", "short"), [pytest.param(*p[1:], id=p[0]) for p in PLACES])
def test_place_shows_payload_as_text(store, url, persona, short, request, client, world):
    poison_everything(world)
    payload = tagged(f"place{PLACES_BY_ID[request.node.callspec.id]}", short)
    store(world, payload)
    client.force_login(world.users[persona])
    response = client.get(url(world))
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), payload)


PLACES_BY_ID = {p[0]: n for n, p in enumerate(PLACES)}


# --- E-mails: the HTML part escapes, the text part and subject show the text as typed ---


@pytest.fixture
def poisoned_review(world):
    """The review trajectory of organisation A with the payload in every text, a comment and a decision."""
    poison_everything(world)
    _comment(world, PAYLOAD)
    _review_event(world, tagged("besluit"))
    return _startoverleg(world)


def _html_part(message) -> str:
    (alternative,) = message.alternatives
    assert alternative.mimetype == "text/html"
    return alternative.content


@pytest.mark.parametrize("kind", ["phase_offered", "phase_decided"])
def test_review_emails_escape_html_and_keep_text_plain(
    kind, poisoned_review, world, mailoutbox, django_capture_on_commit_callbacks
):
    from procurement import notifications

    actor = world.users["chef"] if kind == "phase_decided" else world.users["inkoper"]
    with django_capture_on_commit_callbacks(execute=True):
        if kind == "phase_offered":
            notifications.notify_phase_offered(poisoned_review, actor)
        else:
            event = poisoned_review.review_events.get(kind=ReviewEvent.Kind.CHANGES_REQUESTED)
            notifications.notify_decision(poisoned_review, actor, event)
    assert mailoutbox
    for message in mailoutbox:
        html = _html_part(message)
        # The trajectory's title, the actor's name (and the decision's comment) are all the payload.
        assert escape(PAYLOAD) in html
        assert problems_in(html) == []
        if kind == "phase_decided":
            assert escape(tagged("besluit")) in html
            assert tagged("besluit") in message.body
        # Plain text is not HTML: it shows what was typed, not entities.
        assert PAYLOAD in message.body
        assert "&lt;" not in message.body
        assert PAYLOAD in message.subject
        assert "&lt;" not in message.subject


# --- PDFs: the HTML that WeasyPrint gets ---


def test_dossier_pdf_html_escapes_user_text(poisoned_review, world):
    from procurement.dossier import render_pdf_html

    trajectory = Trajectory.objects.for_organisation(world.org_a).get(pk=world.review_trajectory_a.pk)
    html = render_pdf_html(trajectory)
    assert escape(PAYLOAD) in html  # title, answers, comments …
    assert escape(tagged("besluit")) in html
    assert problems_in(html) == []


def test_annual_report_html_escapes_user_text(world, monkeypatch, client):
    """The report body (stored and shown on the site) and the document handed to WeasyPrint."""
    import weasyprint

    from kpis.models import AnnualReport
    from kpis.reports import render_report

    poison_everything(world)
    Measurement.objects.create(kpi=world.kpi_a, year=2025, value=900, entered_by=world.users["chef"], note=PAYLOAD)
    # A trajectory closed that year, with its evaluation answered: it brings its title and lessons.
    _update(
        _review_trajectory(world),
        status=Trajectory.Status.COMPLETED,
        closed_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC),
    )
    _update(
        Answer.objects.filter(trajectory=world.review_trajectory_a, phase__slug="intern-evalueren"),
        text=tagged("les"),
        state=Answer.State.ANSWERED,
    )
    handed_to_weasyprint = []

    class FakeHTML:
        def __init__(self, string, **kwargs):
            handed_to_weasyprint.append(string)

        def write_pdf(self, **kwargs):
            return b"%PDF-1.7 test"

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)
    report = AnnualReport.objects.create(organisation=world.org_a, year=2025, task_id="escaping")
    body, _pdf = render_report(report)
    (document,) = handed_to_weasyprint
    for html in (body, document):
        assert escape(PAYLOAD) in html
        assert escape(tagged("les")) in html
        assert problems_in(html) == []
    # The stored body is shown on the site as it was rendered: still only text.
    AnnualReport.objects.filter(pk=report.pk, organisation=world.org_a).update(
        status=AnnualReport.Status.READY, html=body
    )
    client.force_login(world.users["lezer"])
    page = client.get(reverse("kpis:report_detail", kwargs={"pk": report.pk})).content.decode()
    assert escape(tagged("les")) in page
    assert problems_in(page) == []


# --- What a save sends back: the autosave fragment and the edit conflict ---


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "without JavaScript"])
def test_answer_save_and_conflict_show_payload_as_text(htmx, client, world):
    """The autosave answer, and both texts of a conflict (theirs and mine), come back as text."""
    answer = Answer.objects.filter(trajectory=world.trajectory_a).get(pk=world.answer_a.pk)
    url = reverse("procurement:answer_save", kwargs={"pk": world.trajectory_a.pk, "answer_pk": answer.pk})
    headers = {"HX-Request": "true"} if htmx else {}
    client.force_login(world.users["inkoper"])
    prefix = f"a{answer.pk}"
    mine = tagged("mijn")
    response = client.post(url, {f"{prefix}-text": mine, f"{prefix}-version": answer.version}, headers=headers)
    assert response.status_code in {200, 302}
    if htmx:
        assert problems_in(response.content.decode()) == []
    # Someone else saves in between; my next save is on a stale version.
    theirs = tagged("hun")
    _update(Answer.objects.filter(trajectory=world.trajectory_a, pk=answer.pk), text=theirs, version=answer.version + 5)
    response = client.post(
        url, {f"{prefix}-text": tagged("nogmaals"), f"{prefix}-version": answer.version + 1}, headers=headers
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert escape(theirs) in content
    assert escape(tagged("nogmaals")) in content
    assert problems_in(content) == []


def test_history_shows_old_and_new_payload_as_text(client, world):
    """The Geschiedenis page lists each change (old → new) from the history records."""
    trajectory = Trajectory.objects.for_organisation(world.org_a).get(pk=world.review_trajectory_a.pk)
    trajectory.title = tagged("oud")
    trajectory.save()
    trajectory.title = tagged("nieuw")
    trajectory.description = PAYLOAD
    trajectory.save()
    answer = Answer.objects.filter(trajectory=trajectory).first()
    answer.text = tagged("antwoord")
    answer.save()
    client.force_login(world.users["lezer"])
    response = client.get(reverse("procurement:trajectory_history", kwargs={"pk": trajectory.pk}))
    content = response.content.decode()
    for payload in (tagged("oud"), tagged("nieuw"), tagged("antwoord")):
        assert escape(payload) in content
    assert problems_in(content) == []


def test_kpi_made_through_the_form_with_markup_stays_text(client, world):
    """The reported attack end to end: markup typed into a KPI's name and unit, then its pages and flash message."""
    from tests.access.rows_kpis import KPI_FORM

    client.force_login(world.users["chef"])
    unit = tagged("eenheid", short=True)
    response = client.post(reverse("kpis:kpi_create"), {**KPI_FORM, "name": PAYLOAD, "unit": unit}, follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert escape(PAYLOAD) in content  # the page and the message "De KPI ‘…’ is opgeslagen."
    assert problems_in(content) == []
    kpi = Kpi.objects.for_organisation(world.org_a).get(unit=unit)
    for name in ("kpis:kpi_targets", "kpis:kpi_detail", "kpis:measurements"):
        content = client.get(reverse(name, kwargs={"pk": kpi.pk})).content.decode()
        assert escape(unit) in content, name
        assert problems_in(content) == [], name


def form_rows():
    """Pages with a form (a GET row) whose POST the same persona may send."""
    posts = {row.name: row for row in ROWS if row.method == "POST" and not row.htmx}
    for param in page_rows():
        row, persona = param.values
        if not row.htmx and row.name in posts and posts[row.name].expect.get(persona) not in {403, 404, 405}:
            yield pytest.param(row, persona, id=f"{row.name} as {persona}")


@pytest.mark.parametrize(("row", "persona"), list(form_rows()))
def test_refused_form_echoes_payload_as_text(row, persona, client, world):
    """A form posted with the payload in every field: the page it shows again (values, errors) is text."""
    client.force_login(world.users[persona])
    url = reverse(row.name, kwargs=row.kwargs(world))
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', client.get(url).content.decode()))
    data = {name: PAYLOAD for name in names if name != "csrfmiddlewaretoken"}
    response = client.post(url, data)
    assert response.status_code < 500
    assert problems_in(response.content.decode()) == []
