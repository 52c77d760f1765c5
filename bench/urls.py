"""Bench-only URLconf (settings: BENCH_URLS=true): the real URLs plus a bare view.

The bare view passes through the whole middleware stack and returns a few
bytes: the framework floor that every page is compared with. Never enabled
in production.
"""

from django.http import HttpResponse
from django.urls import path

from chefcirculair.urls import handler400, handler404, handler500  # noqa: F401
from chefcirculair.urls import urlpatterns as real_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *real_urlpatterns]
