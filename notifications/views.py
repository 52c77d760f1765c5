"""Meldingen: a person's deadlines (due and overdue), their digest preference and calendar feed."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib.forms import StyledFormMixin
from lib.http import AuthenticatedHttpRequest
from organisations.access import require_manager, user_memberships
from procurement.models import Trajectory, TrajectoryMember

from . import digest
from . import feed as feed_module
from .models import SUPPLIER_KINDS, Kind, MutedKind, Notification, NotificationSettings, Preference, Renewal


class PreferenceForm(forms.ModelForm):
    """How often the digest comes, and which kinds of notification the person wants at all."""

    digest = forms.ChoiceField(
        label=gettext_lazy("Overzicht per e-mail"), choices=Preference.Digest.choices, widget=forms.RadioSelect
    )
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Welke meldingen wil je krijgen?"),
        help_text=gettext_lazy("Een soort die je uitzet, komt niet op deze pagina, in je overzicht of in je agenda."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Preference
        fields = ["digest"]

    def __init__(self, *args, kinds, muted, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind.value, kind.label) for kind in kinds]
        self.fields["kinds"].initial = [kind.value for kind in kinds if kind.value not in muted]

    def save(self, commit=True):
        preference = super().save()
        offered = [choice for choice, _label in self.fields["kinds"].choices]
        off = [kind for kind in offered if kind not in self.cleaned_data["kinds"]]
        MutedKind.objects.filter(user=preference.user, kind__in=offered).exclude(kind__in=off).delete()
        MutedKind.objects.bulk_create([MutedKind(user=preference.user, kind=k) for k in off], ignore_conflicts=True)
        return preference


def _preference(user) -> Preference:
    return Preference.objects.get_or_create(user=user)[0]


def _preference_form(request, preference: Preference, data=None) -> PreferenceForm:
    """The form with the kinds the person can get: a supplier's person only the reporting deadlines."""
    kinds = list(Kind) if user_memberships(request) else list(SUPPLIER_KINDS)
    muted = set(MutedKind.objects.filter(user=request.user).values_list("kind", flat=True))
    return PreferenceForm(data, instance=preference, kinds=kinds, muted=muted)


@login_required
@require_GET
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    notifications = list(Notification.objects.for_user(request.user).open().order_by("due", "pk")[:200])
    preference = Preference.objects.filter(user=request.user).first() or Preference(user=request.user)
    feed_url = request.build_absolute_uri(preference.feed_path()) if preference.feed_token else ""
    return render(
        request,
        "notifications/inbox.html",
        {
            "overdue": [n for n in notifications if n.due < today],
            "due": [n for n in notifications if n.due >= today],
            "contract_end": Kind.CONTRACT_END,
            "preference_form": _preference_form(request, preference),
            "feed_url": feed_url,
        },
    )


def _own(request, pk) -> Notification:
    return get_object_or_404(Notification.objects.for_user(request.user), pk=pk)


@login_required
@require_POST
def done(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _own(request, pk)
    notification.done_at = timezone.now()
    notification.save(update_fields=["done_at"])
    messages.success(request, _("De melding is afgehandeld."))
    return redirect("notifications:inbox")


@login_required
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a new trajectory for the need of a contract that ends, linked to it (from the contract-end notice)."""
    notification = _own(request, pk)
    if notification.kind != Kind.CONTRACT_END:
        raise Http404
    # The request's memberships (read once per request by the access helpers), not another query.
    membership = next((m for m in user_memberships(request) if m.organisation_id == notification.organisation_id), None)
    if membership is None:
        raise Http404
    if not membership.can_edit_dossiers:
        raise PermissionDenied
    previous_pk = int(notification.object_key.removeprefix("trajectory:"))
    previous = get_object_or_404(Trajectory.objects.for_organisation(membership.organisation), pk=previous_pk)
    existing = Renewal.objects.filter(previous=previous).select_related("trajectory").first()
    if existing:
        return redirect(existing.trajectory)
    with transaction.atomic():
        members = list(previous.team.select_related("user"))
        mine = next((m for m in members if m.user_id == request.user.pk), None)
        team = [(m.user, m.role) for m in members if m.user_id != request.user.pk]
        team.append((request.user, mine.role if mine else membership.role_enum.value))
        trajectory = Trajectory.start(
            organisation=membership.organisation,
            created_by=request.user,
            team=[(user, role) for user, role in team if role in TrajectoryMember.TeamRole.values],
            title=(_("%(title)s (vervolg)") % {"title": previous.title})[:200],
            description=previous.description,
            category=previous.category,
            department=previous.department,
            estimated_value=previous.estimated_value,
            contract_start=previous.contract_end + datetime.timedelta(days=1) if previous.contract_end else None,
        )
        Renewal.objects.create(previous=previous, trajectory=trajectory)
        Notification.objects.filter(
            organisation_id=previous.organisation_id, kind=Kind.CONTRACT_END, object_key=notification.object_key
        ).update(done_at=timezone.now())
    messages.success(
        request, _("Het vervolgtraject is gestart. Begin met de vraag of het opnieuw inkopen nodig is (R0 en R1).")
    )
    return redirect(trajectory)


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    form = _preference_form(request, _preference(request.user), request.POST)
    if form.is_valid():
        form.save()
        messages.success(request, _("Je voorkeur is bewaard."))
        return redirect(reverse("notifications:inbox") + "#overzicht")
    return render(request, "notifications/preferences.html", {"form": form}, status=400)


@login_required
@require_GET
def digest_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The digest the person would get, as the mail reads, and when the next one goes out."""
    today = timezone.localdate()
    preference = Preference.objects.filter(user=request.user).first()
    return render(
        request,
        "notifications/digest_preview.html",
        {
            "message": digest.preview(request.user, today),
            "next_on": digest.next_digest_on(preference, today),
            "choice": preference.get_digest_display() if preference else Preference.Digest.WEEKLY.label,
        },
    )


@login_required
@require_POST
def feed_manage(request: HttpRequest) -> HttpResponse:
    preference = _preference(request.user)
    if request.POST.get("action") == "revoke":
        preference.revoke_feed()
        messages.success(request, _("Het agenda-adres werkt niet meer."))
    else:
        preference.new_feed_token()
        messages.success(request, _("Je hebt een nieuw agenda-adres; een eerder adres werkt niet meer."))
    return redirect(reverse("notifications:inbox") + "#agenda")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar of the token's owner (no login: the secret address is the key; revoked or unknown: 404)."""
    preference = Preference.objects.filter(feed_token=token, user__is_active=True).select_related("user").first()
    if preference is None:
        raise Http404
    body = feed_module.calendar(preference.user, request.build_absolute_uri("/")[:-1])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


class OrganisationSettingsForm(StyledFormMixin, forms.ModelForm):
    submit_label = gettext_lazy("Instellingen opslaan")

    class Meta:
        model = NotificationSettings
        fields = ["contract_end_months", "review_wait_days"]


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request: HttpRequest) -> HttpResponse:
    """The chef circulair sets how early contract ends are signalled and how long a review may wait."""
    membership = require_manager(request)
    instance = NotificationSettings.objects.filter(organisation=membership.organisation).first()
    instance = instance or NotificationSettings(organisation=membership.organisation)
    form = OrganisationSettingsForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("De instellingen voor meldingen zijn opgeslagen."))
        return redirect("notifications:organisation_settings")
    return render(request, "notifications/organisation_settings.html", {"form": form})
