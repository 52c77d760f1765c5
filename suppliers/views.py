"""Views of the suppliers app: the contract team's side and the supplier's own pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.security import TOO_LARGE_PARAMETER, shows_too_large_on_its_page
from kpis.models import Kpi
from lib.history import attribute_change
from lib.http import AuthenticatedHttpRequest
from organisations.access import require_membership
from procurement.access import get_trajectory_for_user

from . import evidence as evidence_checks
from . import notifications, periods
from .access import (
    can_manage_suppliers,
    get_evidence_for_user,
    get_submission_for_member,
    get_supplier_for_managers,
    get_supplier_for_supplier_user,
    get_trajectory_for_supplier_managers,
    has_reached_a_contract,
    require_supplier_account,
    supplier_account,
)
from .forms import (
    AccountForm,
    InvitationForm,
    MessageForm,
    ProposalDecisionForm,
    ProposalForm,
    ReviewForm,
    SubmissionForm,
    SupplierForm,
)
from .models import Evidence, Invitation, InvitationError, Message, Proposal, Submission, Supplier, SupplierAccount

# --- The contract team's side ------------------------------------------------------


@login_required
@require_GET
def supplier_list(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, pk)
    suppliers = list(trajectory.suppliers.prefetch_related("invitations"))
    waiting = (
        Submission.objects.filter(supplier__trajectory=trajectory)
        .waiting()
        .select_related("supplier", "kpi", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    return render(
        request,
        "suppliers/supplier_list.html",
        {
            "trajectory": trajectory,
            "suppliers": suppliers,
            "waiting": waiting,
            "can_manage": can_manage_suppliers(trajectory.viewer_membership, trajectory),
            "has_contract": has_reached_a_contract(trajectory),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def supplier_add(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_supplier_managers(request, pk)
    if not has_reached_a_contract(trajectory):
        # Suppliers are parties of a contract: nothing to add before there is (going to be) one.
        status = 409 if request.method == "POST" else 200
        return render(request, "suppliers/supplier_form.html", {"trajectory": trajectory, "form": None}, status=status)
    form = SupplierForm(request.POST or None, trajectory=trajectory)
    if request.method == "POST" and form is not None and form.is_valid():
        supplier = form.save(commit=False)
        supplier.trajectory = trajectory
        attribute_change(supplier, user=request.user)
        supplier.save()
        messages.success(request, _("%(name)s is toegevoegd. Nodig nu de contactpersoon uit.") % {"name": supplier})
        return redirect("suppliers:invite", supplier.pk)
    return render(request, "suppliers/supplier_form.html", {"trajectory": trajectory, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    supplier = get_supplier_for_managers(request, pk)
    form = InvitationForm(request.POST or None, initial={"email": supplier.contact_email})
    if request.method == "POST" and form is not None and form.is_valid():
        with transaction.atomic():
            invitation = Invitation(supplier=supplier, email=form.cleaned_data["email"], invited_by=request.user)
            attribute_change(invitation, user=request.user)
            invitation.save()
            notifications.send_invitation(invitation)
        messages.success(request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": invitation.email})
        return redirect("suppliers:list", supplier.trajectory_id)
    return render(
        request, "suppliers/invite.html", {"supplier": supplier, "trajectory": supplier.trajectory, "form": form}
    )


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    membership = require_membership(request)
    invitation = (
        Invitation.objects.for_organisation(membership.organisation)
        .select_related("supplier__trajectory")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise Http404("Uitnodiging niet gevonden")
    get_supplier_for_managers(request, invitation.supplier_id)
    if invitation.can_revoke:
        invitation.revoke(request.user)
        messages.success(request, _("De uitnodiging van %(email)s is ingetrokken.") % {"email": invitation.email})
    else:
        messages.info(request, _("Deze uitnodiging kon niet meer worden ingetrokken."))
    return redirect("suppliers:list", invitation.supplier.trajectory_id)


@login_required
@require_http_methods(["GET", "POST"])
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_member(request, pk)
    if request.method == "POST" and not submission.can_review:
        raise PermissionDenied
    form = ReviewForm(request.POST or None) if submission.can_review else None
    if request.method == "POST" and submission.status != Submission.Status.WAITING:
        messages.info(request, _("Deze inzending is al beoordeeld."))
        return redirect("suppliers:submission", submission.pk)
    if request.method == "POST" and form is not None and form.is_valid():
        if form.cleaned_data["decision"] == ReviewForm.ACCEPT:
            submission.accept(request.user)
            messages.success(request, _("Geaccepteerd: de waarde is nu de officiële meting (bron: leverancier)."))
        else:
            submission.return_to_supplier(request.user, form.cleaned_data["comment"].strip())
            messages.success(request, _("De inzending is teruggestuurd naar de leverancier."))
        notifications.notify_reviewed(submission)
        return redirect("suppliers:list", submission.supplier.trajectory_id)
    return render(
        request,
        "suppliers/submission_detail.html",
        {
            "submission": submission,
            "trajectory": submission.supplier.trajectory,
            "evidence": list(submission.evidence.all()),
            "form": form if submission.status == Submission.Status.WAITING else None,
        },
    )


# --- Both sides -------------------------------------------------------------------


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file as an attachment (never shown inline), under its sanitised name and checked type."""
    evidence = get_evidence_for_user(request, pk)
    if not evidence.file:  # imported from a backup without its files
        raise Http404("Bestand niet meegenomen")
    try:
        with evidence.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        raise Http404("Bestand niet gevonden") from None
    if evidence.content_type == evidence_checks.TYPES["csv"]:
        content = evidence_checks.safe_csv(content)  # a supplier's formula never runs for the contractmanager
    response = HttpResponse(content, content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(True, evidence.name)
    response["Cache-Control"] = "private, no-store"
    return response


# --- Invitations --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Set a password for a new supplier account, or join with the supplier account one is logged in with."""
    try:
        invitation = Invitation.from_token(token)
    except InvitationError as error:
        return render(request, "suppliers/invitation_invalid.html", {"reason": str(error)}, status=410)
    supplier = invitation.supplier
    context: dict[str, object] = {
        "invitation": invitation,
        "supplier": supplier,
        "organisation": supplier.trajectory.organisation,
    }
    if request.user.is_authenticated:
        return _join_with_account(request, invitation, context)
    User = get_user_model()
    existing = User.objects.filter(username__iexact=invitation.email).exists()
    form = AccountForm(request.POST or None, email=invitation.email) if not existing else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            with transaction.atomic():
                user = User(
                    username=invitation.email.lower(),
                    email=invitation.email,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
                user.set_password(form.cleaned_data["password1"])
                user.save()
                SupplierAccount.objects.create(user=user, company_name=supplier.name, kvk_number=supplier.kvk_number)
                invitation.accept(user)
        except (InvitationError, IntegrityError):
            return render(
                request,
                "suppliers/invitation_invalid.html",
                {"reason": _("Deze uitnodiging is al gebruikt of niet meer geldig.")},
                status=410,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Je account is aangemaakt. Welkom!"))
        return redirect("suppliers:contract", supplier.pk)
    context.update({"form": form, "existing": existing, "login_url": _login_url(request)})
    return render(request, "suppliers/accept_invitation.html", context)


def _login_url(request: HttpRequest) -> str:
    return f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"


def _join_with_account(request: HttpRequest, invitation: Invitation, context: dict) -> HttpResponse:
    account = supplier_account(request)
    problem = None
    if account is None:
        problem = _(
            "Je bent ingelogd met een account van een organisatie. Log uit en open de link opnieuw om een "
            "leveranciersaccount aan te maken."
        )
    elif account.kvk_number != invitation.supplier.kvk_number:
        problem = _("Je account hoort bij een ander bedrijf (ander KvK-nummer). Log uit en maak een nieuw account aan.")
    if problem is None and request.method == "POST":
        try:
            invitation.accept(request.user)
        except InvitationError as error:
            return render(request, "suppliers/invitation_invalid.html", {"reason": str(error)}, status=410)
        messages.success(request, _("Het contract is aan je account gekoppeld."))
        return redirect("suppliers:contract", invitation.supplier_id)
    context.update({"problem": problem, "join": problem is None})
    return render(request, "suppliers/accept_invitation.html", context, status=403 if problem else 200)


# --- The supplier's own pages ---------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    account = require_supplier_account(request)
    suppliers = list(Supplier.objects.for_supplier_user(request.user).select_related("trajectory__organisation"))
    # What must be reported leads the page: every contract's open and waiting periods, late first, then by date
    # (kpi_periods_of: the same queries for one contract or fifty).
    by_supplier = periods.kpi_periods_of(suppliers)
    work = [
        (supplier, period)
        for supplier in suppliers
        for entry in by_supplier[supplier.pk]
        for period in entry.periods
        if period.is_open or period.status == periods.WAITING
    ]
    rank = {periods.OVERDUE: 0, periods.DUE: 1, periods.WAITING: 2}
    work.sort(key=lambda item: (rank[item[1].status], item[1].deadline, item[0].pk, item[1].kpi.pk, item[1].year))
    return render(request, "suppliers/home.html", {"account": account, "suppliers": suppliers, "work": work})


@login_required
@require_GET
def contract(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = get_supplier_for_supplier_user(request, pk)
    submissions = (
        supplier.submissions.select_related("kpi", "submitted_by").prefetch_related("evidence").order_by("-pk")
    )
    return render(
        request,
        "suppliers/contract.html",
        {"supplier": supplier, "kpis": periods.kpi_periods(supplier), "submissions": submissions},
    )


@shows_too_large_on_its_page
@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int, kpi: int, year: int) -> HttpResponse:
    supplier = get_supplier_for_supplier_user(request, pk)
    kpi_obj = supplier.contract_kpis().filter(pk=kpi).first()
    if kpi_obj is None:
        raise Http404("KPI niet gevonden")
    period = periods.open_period(supplier, kpi_obj, year)
    if period is None:
        return render(
            request, "suppliers/period_closed.html", {"supplier": supplier, "kpi": kpi_obj, "year": year}, status=409
        )
    form = SubmissionForm(request.POST or None, request.FILES or None, unit=kpi_obj.unit)
    if request.method == "GET" and request.GET.get(TOO_LARGE_PARAMETER):
        form.refuse_files(  # the POST was over the request limit and sent back unread (accounts.security)
            _(
                "De bestanden waren samen te groot om te versturen (meer dan %(size)s MB); er is niets verstuurd. "
                "Kies hoogstens %(count)s bestanden van elk hoogstens %(each)s MB en vul de waarde opnieuw in."
            )
            % {
                "size": settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024),
                "count": settings.EVIDENCE_MAX_FILES,
                "each": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
            }
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            submission = _save_submission(request, supplier, kpi_obj, year, form)
        except IntegrityError:
            return render(
                request,
                "suppliers/period_closed.html",
                {"supplier": supplier, "kpi": kpi_obj, "year": year},
                status=409,
            )
        notifications.notify_submitted(submission)
        messages.success(request, _("Je inzending is verstuurd. De contractmanager beoordeelt hem."))
        return redirect("suppliers:contract", supplier.pk)
    return render(
        request, "suppliers/report.html", {"supplier": supplier, "kpi": kpi_obj, "period": period, "form": form}
    )


def _save_submission(request, supplier: Supplier, kpi: Kpi, year: int, form: SubmissionForm) -> Submission:
    stored: list[str] = []
    try:
        with transaction.atomic():
            submission = Submission(
                supplier=supplier,
                kpi=kpi,
                year=year,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                submitted_by=request.user,
            )
            attribute_change(submission, user=request.user)
            submission.save()
            for uploaded, checked in form.checked_files:
                uploaded.name = checked.name
                item = Evidence(
                    submission=submission, name=checked.name, content_type=checked.content_type, size=checked.size
                )
                item.file.save(checked.name, uploaded, save=False)
                assert item.file.name  # named by the storage as it saved the file
                stored.append(item.file.name)
                item.save()
    except Exception:
        for name in stored:
            Evidence.file.field.storage.delete(name)
        raise
    return submission


# --- Conversation and improvement proposals ---------------------------------------------


def _thread_context(supplier: Supplier) -> dict:
    return {
        "supplier": supplier,
        "trajectory": supplier.trajectory,
        "thread": supplier.messages.select_related("author"),
        "proposals": supplier.proposals.select_related("strategy", "decided_by"),
    }


def _post_message(
    request: AuthenticatedHttpRequest, supplier: Supplier, form: MessageForm, *, from_supplier: bool
) -> None:
    Message.objects.create(
        supplier=supplier, author=request.user, from_supplier=from_supplier, text=form.cleaned_data["text"]
    )
    notifications.notify_message(supplier, from_supplier=from_supplier)
    messages.success(request, _("Je bericht is verstuurd."))


@login_required
@require_http_methods(["GET", "POST"])
def supplier_thread(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The supplier's side of the conversation and its proposals."""
    supplier = get_supplier_for_supplier_user(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form is not None and form.is_valid():
        _post_message(request, supplier, form, from_supplier=True)
        return redirect("suppliers:thread", supplier.pk)
    return render(request, "suppliers/thread.html", {**_thread_context(supplier), "form": form, "supplier_side": True})


@login_required
@require_http_methods(["GET", "POST"])
def team_thread(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The contract team's side: every member of the organisation reads, the contract managers write."""
    supplier = _supplier_for_member(request, pk)
    can_manage = can_manage_suppliers(supplier.trajectory.viewer_membership, supplier.trajectory)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = MessageForm(request.POST or None) if can_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        _post_message(request, supplier, form, from_supplier=False)
        return redirect("suppliers:team_thread", supplier.pk)
    return render(request, "suppliers/thread.html", {**_thread_context(supplier), "form": form, "supplier_side": False})


def _supplier_for_member(request: HttpRequest, pk: int) -> Supplier:
    membership = require_membership(request)
    supplier = Supplier.objects.for_organisation(membership.organisation).filter(pk=pk).first()
    if supplier is None:
        raise Http404("Leverancier niet gevonden")
    supplier.trajectory = get_trajectory_for_user(request, supplier.trajectory_id)
    return supplier


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = get_supplier_for_supplier_user(request, pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form is not None and form.is_valid():
        proposal = form.save(commit=False)
        proposal.supplier, proposal.submitted_by = supplier, request.user
        attribute_change(proposal, user=request.user)
        proposal.save()
        notifications.notify_message(supplier, from_supplier=True)
        messages.success(request, _("Je voorstel is ingediend. Het contractteam beoordeelt het."))
        return redirect("suppliers:thread", supplier.pk)
    return render(request, "suppliers/proposal_form.html", {"supplier": supplier, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = require_membership(request)
    proposal = (
        Proposal.objects.for_organisation(membership.organisation)
        .select_related("supplier", "strategy", "submitted_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404("Voorstel niet gevonden")
    trajectory = get_trajectory_for_user(request, proposal.supplier.trajectory_id)
    can_decide = can_manage_suppliers(trajectory.viewer_membership, trajectory)
    if request.method == "POST" and not can_decide:
        raise PermissionDenied
    open_ = proposal.status == Proposal.Status.OPEN
    form = ProposalDecisionForm(request.POST or None) if can_decide and open_ else None
    if request.method == "POST" and form is None:
        messages.info(request, _("Over dit voorstel is al besloten."))
        return redirect("suppliers:proposal", proposal.pk)
    if request.method == "POST" and form is not None and form.is_valid():
        proposal.decide(
            request.user,
            accepted=form.cleaned_data["decision"] == ProposalDecisionForm.ACCEPT,
            reason=form.cleaned_data["reason"].strip(),
        )
        notifications.notify_message(proposal.supplier, from_supplier=False)
        messages.success(request, _("Het besluit is opgeslagen."))
        return redirect("suppliers:team_thread", proposal.supplier_id)
    kpis = Kpi.objects.filter(trajectory=trajectory, scope=Kpi.Scope.CONTRACT) if proposal.status == "accepted" else []
    return render(
        request,
        "suppliers/proposal_detail.html",
        {"proposal": proposal, "trajectory": trajectory, "form": form, "kpis": kpis, "can_decide": can_decide},
    )
