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

# Review and the dossier (issue 4).
from .views import dossier, review  # noqa: E402

urlpatterns += [
    path("beoordelen/", review.review_queue, name="review_queue"),
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/beoordelen/", review.review_phase, name="review_phase"),
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/aanbieden/", review.offer_phase, name="offer_phase"),
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/opmerking/", review.phase_comment, name="phase_comment"),
    path(
        "trajecten/<int:pk>/fasen/<slug:phase_slug>/goedkeuring-intrekken/",
        review.withdraw_approval,
        name="withdraw_approval",
    ),
    path("trajecten/<int:pk>/dossier/", dossier.dossier, name="dossier"),
    path("trajecten/<int:pk>/dossier.pdf", dossier.dossier_pdf, name="dossier_pdf"),
]
