"""The criteria library and a trajectory's criteria and tender document."""

from django.urls import path

from . import views

app_name = "criteria"

urlpatterns = [
    path("beoordelingsmethoden/", views.methods, name="methods"),
    path("criteria/", views.library, name="library"),
    path("criteria/nieuw/", views.create, name="create"),
    path("criteria/importeren/", views.import_view, name="import"),
    path("criteria/export.<slug:fmt>", views.export, name="export"),
    path("criteria/<int:pk>/", views.detail, name="detail"),
    path("criteria/<int:pk>/aanpassen/", views.edit, name="edit"),
    path("criteria/<int:pk>/intrekken/", views.retire, name="retire"),
    path("trajecten/<int:pk>/criteria/", views.trajectory_criteria, name="trajectory"),
    path("trajecten/<int:pk>/criteria/kiezen/<int:criterion_pk>/", views.choose, name="choose"),
    path("trajecten/<int:pk>/criteria/eigen/", views.own_criterion, name="own"),
    path("trajecten/<int:pk>/criteria/<int:chosen_pk>/eigen/", views.own_criterion, name="own_edit"),
    path("trajecten/<int:pk>/criteria/<int:chosen_pk>/invullen/", views.fill, name="fill"),
    path("trajecten/<int:pk>/criteria/<int:chosen_pk>/verwijderen/", views.remove, name="remove"),
    path("trajecten/<int:pk>/criteria/<int:chosen_pk>/kpi/", views.create_kpi, name="create_kpi"),
    path("trajecten/<int:pk>/gunning/", views.award_model, name="award"),
    path("trajecten/<int:pk>/gunning/wegingen-overnemen/", views.award_adopt, name="award_adopt"),
    path("trajecten/<int:pk>/gunning/vastleggen/", views.award_record_view, name="award_record"),
    path("trajecten/<int:pk>/gunning.xlsx", views.award_xlsx, name="award_xlsx"),
    path("trajecten/<int:pk>/aanbesteding.docx", views.tender_docx, name="tender_docx"),
    path("trajecten/<int:pk>/aanbesteding.xlsx", views.tender_xlsx, name="tender_xlsx"),
]
