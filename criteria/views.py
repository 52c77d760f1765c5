"""The criteria library (list, detail, the chef's forms) and a trajectory's criteria and tender document."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kpis.models import Kpi
from lib.forms import error_summary
from lib.http import XLSX_TYPE, attachment
from lib.numbers import format_reading
from organisations.access import require_manager, require_membership
from organisations.models import DEFAULT_CATEGORIES
from procurement.access import can_edit_trajectory, get_rw_trajectory_for_user, get_trajectory_for_user
from procurement.models import Trajectory

from . import award, award_record, changes, exchange, tender
from .access import can_manage_library, get_criterion_for_user, get_managed_criterion_for_user
from .award_xlsx import workbook as award_workbook
from .contract_kpi import make_contract_kpi
from .forms import (
    AwardBidFormSet,
    AwardModelForm,
    AwardRecordForm,
    CriterionForm,
    FillForm,
    ImportForm,
    LibraryFilterForm,
    OwnCriterionForm,
)
from .models import (
    Award,
    AwardModel,
    AwardPromise,
    ChosenCriterion,
    Criterion,
    EditConflict,
    Type,
    award_criteria,
    criteria_weights,
)
from .proposals import proposals

PAGE_SIZE = 50


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


# --- The library ----------------------------------------------------------------------------


def _category_names(organisation) -> list[str]:
    names = {name for name, _weight, _description in DEFAULT_CATEGORIES}
    names.update(organisation.categories.values_list("name", flat=True))
    return sorted(names, key=str.casefold)


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request)
    organisation = membership.organisation
    filter_form = LibraryFilterForm(request.GET or None, categories=_category_names(organisation))
    criteria = Criterion.objects.library(organisation).for_list()
    query = ""
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        query = data["q"]
        criteria = criteria.matching(query) if query else criteria
        if data["soort"]:
            criteria = criteria.filter(type=data["soort"])
        if data["r"]:
            criteria = criteria.filter(strategy__code=data["r"])
        if data["ambitie"]:
            criteria = criteria.filter(ambition=int(data["ambitie"]))
        if data["categorie"]:
            criteria = criteria.filter(Q(categories="") | Q(categories__icontains=data["categorie"]))
        if data["herkomst"] == "basis":
            criteria = criteria.filter(organisation__isnull=True)
        elif data["herkomst"] == "eigen":
            criteria = criteria.filter(organisation=organisation)
    elif filter_form.is_bound:
        criteria = criteria.none()
    chosen = ChosenCriterion.objects.filter(trajectory__organisation=organisation, code=OuterRef("code"))
    criteria = criteria.annotate(
        times_chosen=Coalesce(Subquery(chosen.order_by().values("code").annotate(n=Count("pk")).values("n")), 0)
    ).order_by("strategy__number", "code", "pk")
    page = Paginator(criteria, PAGE_SIZE).get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    return render(
        request,
        "criteria/library.html",
        {
            "filter_form": filter_form,
            "page": page,
            "query": params.urlencode(),
            "searched": query,
            "can_manage": can_manage_library(membership),
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request, pk)
    membership = criterion.viewer_membership
    organisation_id = membership.organisation_id
    choices = ChosenCriterion.objects.filter(trajectory__organisation_id=organisation_id, code=criterion.code)
    kpis = Kpi.objects.filter(
        organisation_id=organisation_id, pk__in=choices.exclude(kpi=None).values("kpi_id")
    ).select_related("trajectory")
    adaptation = criterion.adaptation_for(organisation_id) if criterion.is_base else None
    return render(
        request,
        "criteria/detail.html",
        {
            "criterion": criterion,
            "questions": list(criterion.questions.select_related("phase")),
            "times_chosen": choices.count(),
            "trajectories": list(
                Trajectory.objects.for_organisation(organisation_id)
                .filter(pk__in=choices.values("trajectory_id"))
                .order_by("title")
            ),
            "kpis": list(kpis),
            "adaptation": adaptation,
            "can_manage": can_manage_library(membership) and (criterion.is_base or not criterion.is_retired),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    criterion = Criterion(organisation=membership.organisation, status=Criterion.Status.PUBLISHED)
    form = CriterionForm(_posted(request), instance=criterion, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                criterion = form.save()
        except IntegrityError:
            form.add_error("code", _("Je organisatie heeft al een criterium met deze code."))
        else:
            messages.success(request, _("Het criterium is toegevoegd aan de bibliotheek."))
            return redirect(criterion)
    return render(request, "criteria/form.html", {"form": form, "criterion": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The chef changes an own criterion, or adapts a base criterion: the organisation's copy keeps the link."""
    criterion = get_managed_criterion_for_user(request, pk)
    organisation = criterion.viewer_membership.organisation
    instance = criterion
    if criterion.is_base:
        existing = criterion.adaptation_for(organisation.pk)
        if existing is not None:
            return redirect("criteria:edit", pk=existing.pk)
        instance = criterion.adaptation_draft(organisation)
    form = CriterionForm(_posted(request), instance=instance, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            if criterion.is_base:
                saved.questions.set(criterion.questions.all())
            elif saved.base_id and request.POST.get("basis_gezien") == "ja":
                saved.take_over_base()
        messages.success(request, _("Het criterium is opgeslagen."))
        return redirect(saved)
    return render(request, "criteria/form.html", {"form": form, "criterion": criterion, "adapting": criterion.is_base})


@login_required
@require_http_methods(["GET", "POST"])
def retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire an own criterion; retiring a base criterion retires it for the organisation only."""
    criterion = get_managed_criterion_for_user(request, pk)
    if not criterion.is_base and criterion.is_retired:
        raise Http404("Al ingetrokken")
    if request.method == "POST" and request.POST.get("bevestig") == "ja":
        with transaction.atomic():
            if criterion.is_base:
                organisation = criterion.viewer_membership.organisation
                own = criterion.adaptation_for(organisation.pk) or criterion.adapt(organisation)
                own.retire()
            else:
                criterion.retire()
        messages.success(request, _("Het criterium is ingetrokken: teams krijgen het niet meer voorgesteld."))
        return redirect("criteria:library")
    return render(request, "criteria/retire.html", {"criterion": criterion})


@login_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The organisation's own criteria as CSV, XLSX or JSON."""
    membership = require_membership(request)
    if fmt not in exchange.FORMATS:
        raise Http404("Onbekend formaat")
    types = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE, "json": "application/json"}
    return attachment(exchange.export(membership.organisation, fmt), types[fmt], f"criteria.{fmt}")


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    membership = require_manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = exchange.import_criteria(membership.organisation, upload.name, upload.read())
        except exchange.ImportFileError as file_error:
            form.add_error("file", str(file_error))
        else:
            if not result.errors:
                messages.success(
                    request,
                    _("%(created)s criteria toegevoegd en %(changed)s gewijzigd.")
                    % {"created": result.created, "changed": result.changed},
                )
                return redirect("criteria:library")
    return render(
        request,
        "criteria/import.html",
        {"form": form, "result": result, "columns": list(exchange.COLUMNS), "required": exchange.REQUIRED},
        status=422 if request.method == "POST" else 200,
    )


# --- In a trajectory ------------------------------------------------------------------------


def _chosen(trajectory) -> list[ChosenCriterion]:
    return list(
        ChosenCriterion.objects.filter(trajectory=trajectory).in_document_order().select_related("strategy", "kpi")
    )


def _page(request, trajectory, *, bound: FillForm | None = None, status: int = 200) -> HttpResponse:
    can_edit = trajectory.archived_at is None and can_edit_trajectory(trajectory.viewer_membership, trajectory)
    chosen = _chosen(trajectory)
    for row in chosen:
        row.form = bound if bound is not None and bound.chosen.pk == row.pk else FillForm(chosen=row)
    award = [row for row in chosen if row.is_award]
    total_weight = sum((row.weight or 0) for row in award)
    return render(
        request,
        "criteria/trajectory.html",
        {
            "trajectory": trajectory,
            "chosen": chosen,
            "proposals": proposals(trajectory) if can_edit else [],
            "can_edit": can_edit,
            "award": award,
            "total_weight": total_weight,
            "form": bound,
        },
        status=status,
    )


def _trajectory_queryset():
    return Trajectory.objects.select_related("category", "chosen_strategy", "organisation")


@login_required
@require_GET
def trajectory_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, pk, _trajectory_queryset())
    return _page(request, trajectory)


def _back(trajectory, anchor: str = "") -> HttpResponse:
    response = redirect("criteria:trajectory", pk=trajectory.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
@require_POST
def choose(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    trajectory = get_rw_trajectory_for_user(request, pk, _trajectory_queryset())
    published = Criterion.objects.library(trajectory.organisation).filter(status=Criterion.Status.PUBLISHED)
    criterion = published.filter(pk=criterion_pk).first()
    if criterion is None:
        raise Http404("Criterium niet gevonden")
    if reason := changes.locked_reason(trajectory):
        messages.error(request, reason)
        return _back(trajectory)
    with transaction.atomic():
        chosen = ChosenCriterion.choose(trajectory, criterion, request.user)
        _record_change(request, trajectory)
    messages.success(request, _("%(code)s is gekozen. Vul de variabelen in.") % {"code": chosen.code})
    return _back(trajectory, f"gekozen-{chosen.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def own_criterion(request: HttpRequest, pk: int, chosen_pk: int | None = None) -> HttpResponse:
    """Write a criterion of the team's own for this trajectory, or change one (a new version)."""
    trajectory = get_rw_trajectory_for_user(request, pk, _trajectory_queryset())
    chosen = None
    if chosen_pk is not None:
        chosen = ChosenCriterion.objects.filter(trajectory=trajectory, pk=chosen_pk, is_own=True).first()
        if chosen is None:
            raise Http404("Eigen criterium niet gevonden")
    if reason := changes.locked_reason(trajectory):
        messages.error(request, reason)
        return _back(trajectory, f"gekozen-{chosen.pk}" if chosen else "")
    form = OwnCriterionForm(_posted(request), instance=chosen or ChosenCriterion(trajectory=trajectory))
    status, current = 200, None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                with transaction.atomic():
                    if chosen is None:
                        chosen = ChosenCriterion.write_own(trajectory, request.user, **form.texts())
                    else:
                        chosen.rewrite(revision=form.cleaned_data.get("revision") or 0, **form.texts())
                    _record_change(request, trajectory)
            except EditConflict:
                # Keep what this person typed; show what is stored now; saving again overwrites it knowingly.
                assert chosen is not None  # noqa: S101 (only a change can conflict)
                current = (
                    ChosenCriterion.objects.select_related("strategy").filter(trajectory=trajectory).get(pk=chosen.pk)
                )
                data = request.POST.copy()
                data["revision"] = str(current.revision)
                form = OwnCriterionForm(
                    data, instance=ChosenCriterion.objects.filter(trajectory=trajectory).get(pk=chosen.pk)
                )
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Iemand anders heeft %(code)s intussen gewijzigd. Hieronder staat wat nu is opgeslagen en "
                        "daaronder jouw tekst; sla opnieuw op om die te bewaren."
                    )
                    % {"code": chosen.code},
                )
                status = 409
            else:
                messages.success(request, _("%(code)s is opgeslagen.") % {"code": chosen.code})
                return _back(trajectory, f"gekozen-{chosen.pk}")
    context = {"trajectory": trajectory, "chosen": chosen, "form": form, "current": current}
    return render(request, "criteria/own.html", context, status=status)


LAPSED_MESSAGE = gettext_lazy(
    "De goedkeuring van Circulair aanbesteden is vervallen, omdat de gekozen criteria daarbij horen. "
    "Bied de fase opnieuw ter beoordeling aan."
)


def _record_change(request: HttpRequest, trajectory) -> None:
    if changes.record_change(trajectory, request.user):
        messages.warning(request, LAPSED_MESSAGE)


def _chosen_of(trajectory, chosen_pk: int) -> ChosenCriterion:
    chosen = ChosenCriterion.objects.filter(trajectory=trajectory, pk=chosen_pk).first()
    if chosen is None:
        raise Http404("Gekozen criterium niet gevonden")
    return chosen


@login_required
@require_POST
def fill(request: HttpRequest, pk: int, chosen_pk: int) -> HttpResponse:
    """Save a chosen criterion's values and weight: a plain form, or autosaved through htmx (a status answer)."""
    trajectory = get_rw_trajectory_for_user(request, pk, _trajectory_queryset())
    chosen = _chosen_of(trajectory, chosen_pk)
    autosave = bool(getattr(request, "htmx", False))
    if reason := changes.locked_reason(trajectory):
        if autosave:
            return _fill_status(request, chosen, reason, status=409)
        messages.error(request, reason)
        return _back(trajectory, f"gekozen-{chosen.pk}")
    form = FillForm(request.POST, chosen=chosen)
    if not form.is_valid():
        if autosave:
            problems = [str(error) for errors in form.errors.values() for error in errors]
            return _fill_status(request, chosen, _("Niet opgeslagen: %(problems)s") % {"problems": " ".join(problems)})
        return _page(request, trajectory, bound=form, status=422)
    try:
        chosen.fill_in(form.values(), form.cleaned_data.get("weight"), revision=form.cleaned_data["revision"])
    except EditConflict:
        if autosave:
            message = _(
                "Niet opgeslagen: iemand anders heeft %(code)s intussen gewijzigd. Laad de pagina opnieuw om de "
                "opgeslagen waarden te zien; je invoer staat nog in de velden."
            ) % {"code": chosen.code}
            return _fill_status(request, chosen, message, status=409)
        form.add_error(
            None,
            _("Iemand anders heeft %(code)s intussen gewijzigd. Bekijk de waarden hieronder en sla opnieuw op.")
            % {"code": chosen.code},
        )
        chosen.refresh_from_db()
        form.chosen = chosen
        return _page(request, trajectory, bound=form, status=409)
    lapsed = changes.record_change(trajectory, request.user)
    if autosave:
        saved = _("Opgeslagen om %(time)s.") % {"time": timezone.localtime().strftime("%H:%M")}
        return _fill_status(
            request, chosen, f"{saved} {LAPSED_MESSAGE if lapsed else ''}".strip(), status=200, saved=True
        )
    if lapsed:
        messages.warning(request, LAPSED_MESSAGE)
    messages.success(request, _("%(code)s is opgeslagen.") % {"code": chosen.code})
    return _back(trajectory, f"gekozen-{chosen.pk}")


def _fill_status(request, chosen, message: str, *, status: int = 422, saved: bool = False) -> HttpResponse:
    """The autosave's answer: the message for the form's status region; once saved, the new revision, the
    filled text and the award criteria's total weight swapped in out of band."""
    context = {"chosen": chosen, "message": message, "saved": saved, "error": status != 200}
    if saved and chosen.is_award:
        weights = ChosenCriterion.objects.filter(trajectory_id=chosen.trajectory_id, type=Type.AWARD_CRITERION)
        context["total_weight"] = sum((weight or 0) for weight in weights.values_list("weight", flat=True))
    response = render(request, "criteria/includes/fill_status.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def remove(request: HttpRequest, pk: int, chosen_pk: int) -> HttpResponse:
    trajectory = get_rw_trajectory_for_user(request, pk, _trajectory_queryset())
    chosen = _chosen_of(trajectory, chosen_pk)
    if request.POST.get("bevestig") != "ja":
        return _back(trajectory, f"gekozen-{chosen.pk}")
    if reason := changes.locked_reason(trajectory):
        messages.error(request, reason)
        return _back(trajectory, f"gekozen-{chosen.pk}")
    with transaction.atomic():
        chosen.delete()
        _record_change(request, trajectory)
    messages.success(request, _("%(code)s is uit de keuze gehaald.") % {"code": chosen.code})
    return _back(trajectory)


@login_required
@require_POST
def create_kpi(request: HttpRequest, pk: int, chosen_pk: int) -> HttpResponse:
    """On confirmation: the contract KPI the criterion feeds, with the filled value as its goal."""
    trajectory = get_rw_trajectory_for_user(request, pk, _trajectory_queryset())
    chosen = _chosen_of(trajectory, chosen_pk)
    if not chosen.can_create_kpi:
        messages.error(request, _("Vul eerst de doelwaarde in; dan kan de contract-KPI worden gemaakt."))
        return _back(trajectory, f"gekozen-{chosen.pk}")
    kpi = make_contract_kpi(trajectory, chosen)
    messages.success(
        request,
        _("De contract-KPI ‘%(name)s’ is gemaakt; de leverancier rapporteert erop.") % {"name": kpi.name},
    )
    return _back(trajectory, f"gekozen-{chosen.pk}")


@login_required
@require_GET
def tender_docx(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, pk, _trajectory_queryset())
    chosen = _chosen(trajectory)
    if not chosen:
        raise Http404("Nog geen criteria gekozen")
    document = tender.docx(trajectory, chosen, changes.since_approval(trajectory, chosen))
    return attachment(document, tender.DOCX_TYPE, tender.filename(trajectory, "docx"))


@login_required
@require_GET
def tender_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    trajectory = get_trajectory_for_user(request, pk, _trajectory_queryset())
    chosen = _chosen(trajectory)
    if not chosen:
        raise Http404("Nog geen criteria gekozen")
    workbook = tender.xlsx(trajectory, chosen, changes.since_approval(trajectory, chosen))
    return attachment(workbook, XLSX_TYPE, tender.filename(trajectory, "xlsx"))


# --- The award model ------------------------------------------------------------------------


def _award_queryset(trajectory):
    return AwardModel.objects.filter(trajectory=trajectory).prefetch_related("bids", "scales")


@login_required
@require_http_methods(["GET", "POST"])
def award_model(request: HttpRequest, pk: int) -> HttpResponse:
    """The award model: method, weights, circular inputs and example bids; the ranking, break-even and warnings.

    Once the award is recorded the model is the tender's published rule and no longer edited.
    """
    if request.method == "POST":
        trajectory = get_rw_trajectory_for_user(request, pk, _trajectory_queryset())
    else:
        trajectory = get_trajectory_for_user(request, pk, _trajectory_queryset())
    may_edit = trajectory.archived_at is None and can_edit_trajectory(trajectory.viewer_membership, trajectory)
    recorded = _recorded_award(trajectory)
    can_edit = may_edit and recorded is None
    if request.method == "POST" and not can_edit:
        messages.error(request, _("De gunning is vastgelegd: het gunningsmodel ligt vast."))
        return redirect("criteria:award", pk=trajectory.pk)
    saved = _award_queryset(trajectory).first()
    instance = saved or AwardModel(trajectory=trajectory)
    criteria = award_criteria(trajectory.pk)
    form = formset = None
    status = 200
    if can_edit:
        form = AwardModelForm(_posted(request), instance=instance, criteria=criteria)
        formset = AwardBidFormSet(
            _posted(request), instance=instance, prefix="bod", form_kwargs={"scales": _bid_scales(saved, criteria)}
        )
        if saved is None and request.method == "GET":
            formset.extra = 3
        if request.method == "POST":
            if form.is_valid() and formset.is_valid():
                with transaction.atomic():
                    saved = form.save()
                    formset.instance = saved
                    formset.save()
                    trajectory.record_activity()
                messages.success(request, _("Het gunningsmodel is opgeslagen."))
                return redirect("criteria:award", pk=trajectory.pk)
            status = 422
    simulation, reason = saved.simulate(criteria) if saved is not None else (None, "")
    weights = criteria_weights(criteria)
    promises = award_record.promise_rows(recorded, saved) if recorded is not None else []
    return render(
        request,
        "criteria/award.html",
        {
            "trajectory": trajectory,
            "award_model": saved,
            "criteria": criteria,
            "criteria_total": sum(weights, Decimal(0)) if weights else None,
            "form": form,
            "formset": formset,
            "can_edit": can_edit,
            "can_record": may_edit and simulation is not None,
            "recorded": recorded,
            "promises": promises,
            "total_sanction": award_record.total_sanction(promises),
            "simulation": simulation,
            "reason": reason,
            "ladder_source": award.LADDER_SOURCE,
            "errors": error_summary(form, formset) if status == 422 else [],
        },
        status=status,
    )


def _bid_scales(saved: AwardModel | None, criteria: list[ChosenCriterion]) -> list[tuple[ChosenCriterion, tuple]]:
    """The saved scoring scales the example bids are scored on: (chosen criterion, its steps)."""
    if saved is None:
        return []
    scales = {scale.chosen_id: scale for scale in saved.scales.all()}
    by_pk = {row.pk: row for row in criteria}
    found = []
    for pk in saved.scored_order(criteria):
        try:
            found.append((by_pk[pk], award.parse_scale(scales[pk].steps)))
        except award.AwardInputError:
            continue
    return found


def _recorded_award(trajectory) -> Award | None:
    return Award.objects.filter(trajectory=trajectory).with_promises().first()


def _record_initial(saved: AwardModel, recorded: Award | None, simulation, criteria) -> dict:
    """The record form's values: the recorded award, or the simulation's winner as a start."""
    if recorded is not None:
        initial = {
            "winner": recorded.winner,
            "price": recorded.price,
            "awarded_on": recorded.awarded_on,
            "sanction_factor": recorded.sanction_factor,
        }
        for promise in recorded.promises.all():
            if promise.kind == AwardPromise.Kind.LADDER:
                initial |= {"ladder_level": int(promise.promised), "ladder_advantage": promise.advantage}
            elif promise.kind == AwardPromise.Kind.MKI:
                initial |= {"mki": promise.promised, "mki_advantage": promise.advantage}
            elif promise.chosen_id:
                prefix = f"c{promise.chosen_id}-"
                initial |= {
                    prefix + "promised": promise.promised,
                    prefix + "unit": promise.unit,
                    prefix + "lower_is_better": promise.lower_is_better,
                    prefix + "advantage": promise.advantage,
                }
        return initial
    first = simulation.results[0]
    best = first.bid
    initial = {
        "winner": best.name,
        "price": best.price,
        "quality": first.quality,
        "ladder_level": best.ladder_level,
        "mki": best.mki,
        "awarded_on": timezone.localdate(),
    }
    # A scored criterion with a value: its advantage is what the winner's score on it earned.
    rules = saved.rules(criteria)
    for pk, criterion, score in zip(saved.scored_order(criteria), rules.criteria, best.scores, strict=False):
        if criterion.value and rules.method == award.Method.VALUE:
            initial[f"c{pk}-advantage"] = (criterion.value * criterion.fraction(score)).quantize(award.CENT)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def award_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the award: the winner, its offer and promises; the promises become contract KPIs."""
    trajectory = get_rw_trajectory_for_user(request, pk, _trajectory_queryset())
    if trajectory.archived_at is not None:
        raise PermissionDenied
    saved = _award_queryset(trajectory).first()
    criteria = award_criteria(trajectory.pk)
    simulation, _reason = saved.simulate(criteria) if saved is not None else (None, "")
    if saved is None or simulation is None:
        messages.error(request, _("Maak eerst een gunningsmodel met voorbeeldinschrijvingen dat doorrekent."))
        return redirect("criteria:award", pk=trajectory.pk)
    recorded = _recorded_award(trajectory)
    form = AwardRecordForm(
        _posted(request),
        award_model=saved,
        criteria=criteria,
        initial=_record_initial(saved, recorded, simulation, criteria),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            award_record.record(
                trajectory,
                saved,
                winner=data["winner"],
                price=data["price"],
                awarded_on=data["awarded_on"],
                sanction_factor=data["sanction_factor"],
                promises=form.promises(),
                user=request.user,
            )
            messages.success(
                request, _("De gunning is vastgelegd; de beloften zijn contract-KPI's die de leverancier rapporteert.")
            )
            return redirect(reverse("criteria:award", args=[trajectory.pk]) + "#gunning")
        status = 422
    return render(
        request,
        "criteria/award_record.html",
        {
            "trajectory": trajectory,
            "award_model": saved,
            "recorded": recorded,
            "form": form,
            "errors": error_summary(form) if status == 422 else [],
        },
        status=status,
    )


@login_required
@require_POST
def award_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the award model's quality weight from the chosen award criteria (price: the rest)."""
    trajectory = get_rw_trajectory_for_user(request, pk, _trajectory_queryset())
    criteria = award_criteria(trajectory.pk)
    with transaction.atomic():
        award_model = AwardModel.objects.select_for_update().filter(trajectory=trajectory).first()
        award_model = award_model or AwardModel(trajectory=trajectory)
        try:
            award_model.adopt_weights(criteria)
        except award.AwardInputError as refused:
            messages.error(request, str(refused))
            return redirect(reverse("criteria:award", args=[trajectory.pk]) + "#criteria")
        trajectory.record_activity()
    messages.success(
        request,
        _("De wegingen zijn overgenomen: kwaliteit %(quality)s %%, prijs %(price)s %%.")
        % {"quality": format_reading(award_model.quality_weight), "price": format_reading(award_model.price_weight)},
    )
    return redirect(reverse("criteria:award", args=[trajectory.pk]) + "#criteria")


@login_required
@require_GET
def award_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The award calculation as a spreadsheet with the formulas written out."""
    trajectory = get_trajectory_for_user(request, pk, _trajectory_queryset())
    saved = _award_queryset(trajectory).first()
    criteria = award_criteria(trajectory.pk)
    simulation, _reason = saved.simulate(criteria) if saved is not None else (None, "")
    if simulation is None:
        raise Http404("Nog geen gunningsmodel om door te rekenen")
    name = f"gunningsmodel-{slugify(trajectory.title)[:60] or trajectory.pk}.xlsx"
    return attachment(award_workbook(saved, simulation, criteria), XLSX_TYPE, name)


def _worked_examples() -> dict:
    """The public page's worked examples, computed by criteria/award.py (the page cannot disagree with the app)."""
    million = Decimal(1_000_000)
    value_bids = [award.Bid("A", 30 * million, ladder_level=3, circular=True), award.Bid("B", 29 * million)]
    value_rules = award.Rules(award.Method.VALUE)
    weighted_rules = award.Rules(award.Method.WEIGHTED, Decimal(60), Decimal(40))
    relative_rules = award.Rules(award.Method.RELATIVE, Decimal(60), Decimal(40))
    scored_bids = [
        award.Bid("A", Decimal(110_000), Decimal(80), circular=True),
        award.Bid("B", Decimal(100_000), Decimal(50)),
    ]
    mki_bids = [
        award.Bid("A", Decimal(1_050_000), mki=Decimal(120_000), circular=True),
        award.Bid("B", Decimal(1_000_000), mki=Decimal(200_000)),
    ]
    return {
        "value": award.simulate(value_rules, value_bids),
        "mki": award.simulate(award.Rules(award.Method.VALUE, mki_factor=Decimal(1)), mki_bids),
        "weighted": award.simulate(weighted_rules, scored_bids),
        "relative": award.simulate(relative_rules, scored_bids),
        "log": award.simulate(award.Rules(award.Method.LOG, Decimal(60), Decimal(40)), scored_bids),
        "ladder": sorted(award.EXAMPLE_LADDER_DISCOUNTS.items()),
        "sanction": _sanction_example(value_rules, 30 * million),
    }


def _sanction_example(rules: award.Rules, price: Decimal) -> dict:
    """Level 3 promised, level 2 reached, sanction 1,5 × the advantage lost."""
    promise = award.Promise(award.PromiseKind.LADDER, Decimal(3), award.ladder_advantage(rules, price, 3))
    return {
        "price": price,
        "advantage": promise.advantage,
        "lost": award.lost_advantage(rules, price, promise, Decimal(2)),
        "sanction": award.sanction(rules, price, promise, Decimal(2), award.DEFAULT_SANCTION_FACTOR),
    }


@require_GET
def methods(request: HttpRequest) -> HttpResponse:
    """Public: how each award method computes, with a worked example and its source."""
    return render(
        request,
        "criteria/methods.html",
        {"examples": _worked_examples(), "ladder_source": award.LADDER_SOURCE},
    )
