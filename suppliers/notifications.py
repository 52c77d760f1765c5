"""E-mail of the suppliers app: invitations, new submissions, review outcomes, reminders.

One message per recipient, plain text in their language, and no content beyond what the
recipient needs to act: what happened and a link into the app (the app
checks who may see it). Mails go out after the transaction commits.
"""

from django.db import transaction
from django.urls import reverse

from lib import mail
from lib.mail import absolute
from organisations.models import Membership
from procurement.models import TrajectoryMember


def send_now(template: str, addresses, context: dict) -> int:
    addresses = dict.fromkeys(a for a in addresses if a)
    return mail.send(mail.build(f"suppliers/emails/{template}", address, context) for address in addresses)


def send_after_commit(template: str, addresses, context: dict) -> None:
    addresses = list(addresses)
    transaction.on_commit(lambda: send_now(template, addresses, context))


def contract_team_addresses(trajectory) -> list[str]:
    """The trajectory's contractmanagers; without one, the team's editors. Roles count as the access helpers say:
    a reader on the team (Membership.object_role) gets nothing, and neither does a former member."""
    members = list(trajectory.team.select_related("user").order_by("pk"))
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(
            organisation_id=trajectory.organisation_id, user_id__in=[member.user_id for member in members]
        )
    }
    counted = [
        (member.user.email, role)
        for member in members
        if member.user_id in memberships and (role := memberships[member.user_id].object_role(member.role))
    ]
    managers = [email for email, role in counted if role == TrajectoryMember.TeamRole.CONTRACTMANAGER]
    return managers or [email for email, _role in counted]


def send_invitation(invitation) -> None:
    context = {
        "invitation": invitation,
        "supplier": invitation.supplier,
        "trajectory": invitation.supplier.trajectory,
        "organisation": invitation.supplier.trajectory.organisation,
        "link": invitation.get_link(),
    }
    send_after_commit("invitation", [invitation.email], context)


def notify_submitted(submission) -> None:
    trajectory = submission.supplier.trajectory
    context = {"supplier": submission.supplier, "link": absolute(submission.get_absolute_url())}
    send_after_commit("submitted", contract_team_addresses(trajectory), context)


def notify_reviewed(submission) -> None:
    user = submission.submitted_by
    context = {
        "submission": submission,
        "link": absolute(reverse("suppliers:contract", args=[submission.supplier_id])),
    }
    send_after_commit("reviewed", [user.email] if user else [], context)


def notify_message(supplier, *, from_supplier: bool) -> None:
    """A new message or proposal (decision): the other side gets a link, never the content."""
    if from_supplier:
        addresses = contract_team_addresses(supplier.trajectory)
        link = absolute(reverse("suppliers:team_thread", args=[supplier.pk]))
    else:
        invitations = supplier.invitations.filter(accepted_by__isnull=False, revoked_at__isnull=True)
        addresses = [i.accepted_by.email for i in invitations.select_related("accepted_by")]
        link = absolute(reverse("suppliers:thread", args=[supplier.pk]))
    send_after_commit("message", addresses, {"supplier": supplier, "link": link})
