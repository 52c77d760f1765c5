from django.urls import path

from . import views

app_name = "rladder"

urlpatterns = [
    path("r-ladder/", views.ladder, name="ladder"),
    path("programma/", views.programme, name="programme"),
    path("programma/ambitieweb/", views.ambition_web, name="ambition_web"),
    path("programma/ambitieweb/wijzigen/", views.ambition_web_edit, name="ambition_web_edit"),
    path("programma/categorieen/<slug:slug>/strategie/wijzigen/", views.strategy_edit, name="strategy_edit"),
    path("programma/categorieen/<slug:slug>/mijlpalen/", views.milestones_edit, name="milestones_edit"),
    path(
        "programma/categorieen/<slug:slug>/ambitieweb/wijzigen/",
        views.category_ambition_edit,
        name="category_ambition_edit",
    ),
]
