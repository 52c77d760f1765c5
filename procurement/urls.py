from django.urls import path

from .views import guidance

app_name = "procurement"

urlpatterns = [
    path("", guidance.start, name="start"),
    path("fasen/", guidance.phase_list, name="phases"),
    path("fasen/<slug:slug>/", guidance.phase_guidance, name="phase_guidance"),
]
