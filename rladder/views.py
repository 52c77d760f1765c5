from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import RStrategy


@require_GET
def ladder(request: HttpRequest) -> HttpResponse:
    strategies = RStrategy.objects.prefetch_related("kpi_examples")
    return render(request, "rladder/ladder.html", {"strategies": strategies})
