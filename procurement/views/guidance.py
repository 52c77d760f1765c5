"""Public guidance pages: the start page and one page per phase."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from organisations.models import Benefit, GuidanceText, MenuIngredient, PrinciplePage
from rladder.models import RStrategy

from .. import guidance_cache
from ..models import GuidingQuestion, Phase


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "procurement/start.html",
        {
            "texts": {t.key.replace("-", "_"): t for t in GuidanceText.objects.all()},
            "benefits": Benefit.objects.all(),
            "phases": Phase.objects.all(),
            "ingredients": MenuIngredient.objects.all(),
            "principles": PrinciplePage.objects.all(),
            "highest": RStrategy.objects.highest(),
        },
    )


@require_GET
def phase_list(request: HttpRequest) -> HttpResponse:
    return render(request, "procurement/phase_list.html", {"phases": Phase.objects.all()})


@require_GET
def phase_guidance(request: HttpRequest, slug: str) -> HttpResponse:
    phase = get_object_or_404(guidance_cache.phase_guidance_queryset(), slug=slug)
    phases = list(Phase.objects.only("slug", "title_nl", "title_en", "order"))
    questions = list(phase.questions.all())
    return render(
        request,
        "procurement/phase_guidance.html",
        {
            "phase": phase,
            "phases": phases,
            "generic_questions": [q for q in questions if q.kind == GuidingQuestion.Kind.GENERIC],
            "highest_questions": [q for q in questions if q.kind == GuidingQuestion.Kind.HIGHEST_R],
            "previous_phase": next((p for p in reversed(phases) if p.order < phase.order), None),
            "next_phase": next((p for p in phases if p.order > phase.order), None),
        },
    )
