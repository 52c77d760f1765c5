"""E-mail about reviews: to the reviewers when a phase is offered, to the team on a decision.

Each recipient gets a separate message (addresses are not shared), in their
language (``accounts.language.language_of``), as plain text with an HTML alternative, with absolute links built from
``settings.SITE_URL``. Mails go out after the transaction commits, so a
rolled-back decision never announces itself.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.urls import reverse

from accounts.language import language_of
from lib import mail
from lib.mail import absolute

from .review import reviewers_of

_silenced: ContextVar[bool] = ContextVar("review_notifications_silenced", default=False)


@contextmanager
def silenced():
    """No review e-mail for what happens inside (demo data: nobody is waiting for it)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def review_url(phase_record) -> str:
    return absolute(reverse("procurement:review_phase", args=[phase_record.trajectory_id, phase_record.phase.slug]))


def _send(template: str, recipients, context: dict) -> None:
    # The HTML part wears the organisation's theme (templates/includes/mail_style.html).
    context = {**context, "palette": context["trajectory"].organisation.theme_palette()}
    mail.send(
        mail.build(
            f"procurement/emails/{template}",
            user.email,
            {**context, "recipient": user},
            html=True,
            language=language_of(user),
        )
        for user in recipients
        if user.email
    )


def notify_phase_offered(phase_record, actor) -> None:
    """Tell every reviewer of the organisation (but the one who offered) that a phase waits for them."""
    if _silenced.get():
        return
    recipients = list(
        reviewers_of(phase_record.trajectory.organisation_id).exclude(pk=actor.pk).select_related("preference")
    )
    context = {
        "phase_record": phase_record,
        "trajectory": phase_record.trajectory,
        "actor": actor,
        "review_url": review_url(phase_record),
        "queue_url": absolute(reverse("procurement:review_queue")),
    }
    transaction.on_commit(lambda: _send("phase_offered", recipients, context))


def notify_decision(phase_record, actor, event) -> None:
    """Tell the team (but the one who decided) about a decision on their phase."""
    if _silenced.get():
        return
    team = [m.user for m in phase_record.trajectory.team.select_related("user__preference") if m.user_id != actor.pk]
    context = {
        "phase_record": phase_record,
        "trajectory": phase_record.trajectory,
        "actor": actor,
        "event": event,
        "review_url": review_url(phase_record),
        "dossier_url": absolute(reverse("procurement:dossier", args=[phase_record.trajectory_id])),
    }
    transaction.on_commit(lambda: _send("phase_decided", team, context))
