from django.urls import path

from .views import ambition, guidance, strategies

app_name = "procurement"

urlpatterns = [
    path("", guidance.start, name="start"),
    path("fasen/", guidance.phase_list, name="phases"),
    path("fasen/<slug:slug>/", guidance.phase_guidance, name="phase_guidance"),
    # The programme: a category's strategy page, and a trajectory's ambitieweb.
    path("programma/categorieen/<slug:slug>/", strategies.category_strategy, name="category_strategy"),
    path("trajecten/<int:pk>/ambitieweb/", ambition.trajectory_ambition, name="trajectory_ambition"),
]
