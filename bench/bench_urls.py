"""The project's URLs plus one bare view, for comparing the dashboard with Django's own overhead."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """As bare as Django gets behind the same middleware, logged in like the dashboard's user."""
    return HttpResponse(f"ok {request.user.pk}")


urlpatterns = [
    path("bench-bare/", bare),
    path("", include("chefcirculair.urls")),
]
