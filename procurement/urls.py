from django.urls import path

from .views import guidance, phases, trajectories

app_name = "procurement"

urlpatterns = [
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
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/", phases.phase_detail, name="phase_detail"),
    path("trajecten/<int:pk>/fasen/<slug:phase_slug>/opslaan/", phases.phase_save, name="phase_save"),
    path("trajecten/<int:pk>/antwoorden/<int:answer_pk>/", phases.answer_edit, name="answer_edit"),
    path("trajecten/<int:pk>/antwoorden/<int:answer_pk>/opslaan/", phases.answer_save, name="answer_save"),
    path("trajecten/<int:pk>/aandachtspunten/<int:check_pk>/", phases.check_edit, name="check_edit"),
    path("trajecten/<int:pk>/aandachtspunten/<int:check_pk>/opslaan/", phases.check_save, name="check_save"),
]
