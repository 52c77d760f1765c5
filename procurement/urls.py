from django.urls import path

from .views import ambition, dossier, guidance, impact, ocds, phases, review, strategies, trajectories

app_name = "procurement"

urlpatterns = [
    # Public guidance
    path("", guidance.start, name="start"),
    path("fasen/", guidance.phase_list, name="phases"),
    path("fasen/<slug:slug>/", guidance.phase_guidance, name="phase_guidance"),
    # Trajectories
    path("trajecten/", trajectories.my_trajectories, name="my_trajectories"),
    path("trajecten/nieuw/", trajectories.trajectory_create, name="trajectory_create"),
    path("trajecten/<int:pk>/", trajectories.trajectory_detail, name="trajectory_detail"),
    path("trajecten/<int:pk>/wijzigen/", trajectories.trajectory_edit, name="trajectory_edit"),
    path("trajecten/<int:pk>/archiveren/", trajectories.trajectory_archive, name="trajectory_archive"),
    path("trajecten/<int:pk>/geschiedenis/", trajectories.trajectory_history, name="trajectory_history"),
    path("trajecten/<int:pk>/r-besluit/", phases.r_decision, name="r_decision"),
    path("trajecten/<int:pk>/ambitieweb/", ambition.trajectory_ambition, name="trajectory_ambition"),
    # A trajectory's phases: the team's work, answers and checks
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/", phases.phase_detail, name="phase_detail"),
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/opslaan/", phases.phase_save, name="phase_save"),
    path("trajecten/<int:pk>/antwoorden/<int:answer_pk>/", phases.answer_edit, name="answer_edit"),
    path("trajecten/<int:pk>/antwoorden/<int:answer_pk>/opslaan/", phases.answer_save, name="answer_save"),
    path("trajecten/<int:pk>/aandachtspunten/<int:check_pk>/", phases.check_edit, name="check_edit"),
    path("trajecten/<int:pk>/aandachtspunten/<int:check_pk>/opslaan/", phases.check_save, name="check_save"),
    # Referentie en effect (reference, plan and realisation lines, the term, herberekenen)
    path("trajecten/<int:pk>/effect/regels/nieuw/", impact.impact_line_create, name="impact_line_create"),
    path("trajecten/<int:pk>/effect/regels/<int:line_pk>/", impact.impact_line_edit, name="impact_line_edit"),
    path(
        "trajecten/<int:pk>/effect/regels/<int:line_pk>/verwijderen/",
        impact.impact_line_delete,
        name="impact_line_delete",
    ),
    path("trajecten/<int:pk>/effect/looptijd/", impact.effect_settings, name="effect_settings"),
    path("trajecten/<int:pk>/effect/herberekenen/", impact.effect_recalculate, name="effect_recalculate"),
    # Review
    path("beoordelen/", review.review_queue, name="review_queue"),
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/beoordelen/", review.review_phase, name="review_phase"),
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/aanbieden/", review.offer_phase, name="offer_phase"),
    path(
        "trajecten/<int:pk>/fasen/<slug:phase_slug>/terugtrekken/",
        review.withdraw_offer,
        name="withdraw_offer",
    ),
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/opmerking/", review.phase_comment, name="phase_comment"),
    path(
        "trajecten/<int:pk>/fasen/<slug:phase_slug>/goedkeuring-intrekken/",
        review.withdraw_approval,
        name="withdraw_approval",
    ),
    # The dossier
    path("trajecten/<int:pk>/dossier/", dossier.dossier, name="dossier"),
    path("trajecten/<int:pk>/dossier.pdf", dossier.dossier_pdf, name="dossier_pdf"),
    path("trajecten/<int:pk>/ocds.json", ocds.trajectory_release, name="ocds_release"),
    path("trajecten/<int:pk>/aanbesteding/", ocds.tender_link, name="tender_link"),
    path("programma/ocds/", ocds.programme_export, name="ocds_export"),
    path("programma/ocds/<int:year>.json", ocds.year_package, name="ocds_year"),
    path("ocds/extensie/<str:name>", ocds.extension, name="ocds_extension"),
    path("trajecten/<int:pk>/dossier/pdf-status/", dossier.dossier_pdf_status, name="dossier_pdf_status"),
    # The programme: a category's strategy page lists its trajectories
    path("programma/categorieen/<slug:slug>/", strategies.category_strategy, name="category_strategy"),
]
