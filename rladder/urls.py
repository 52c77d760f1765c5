from django.urls import path

from . import factor_views, views

app_name = "rladder"

urlpatterns = [
    path("r-ladder/", views.ladder, name="ladder"),
    path("programma/", views.programme, name="programme"),
    path("bronnen-en-methode/", factor_views.sources, name="sources"),
    path("programma/impactfactoren/", factor_views.factor_list, name="factor_list"),
    path("programma/impactfactoren/nieuw/", factor_views.factor_create, name="factor_create"),
    path("programma/impactfactoren/<int:pk>/wijzigen/", factor_views.factor_edit, name="factor_edit"),
    path("programma/impactfactoren/<int:pk>/verwijderen/", factor_views.factor_delete, name="factor_delete"),
    path("programma/ambitieweb/", views.ambition_web, name="ambition_web"),
    path("programma/ambitieweb/wijzigen/", views.ambition_web_edit, name="ambition_web_edit"),
    path("programma/categorieen/<slug:slug>/strategie/wijzigen/", views.strategy_edit, name="strategy_edit"),
    path("programma/categorieen/<slug:slug>/mijlpalen/", views.milestones_edit, name="milestones_edit"),
    path("programma/categorieen/<slug:slug>/nulmeting/", views.baseline_edit, name="baseline_edit"),
    path(
        "programma/categorieen/<slug:slug>/nulmeting/herberekenen/",
        views.baseline_recalculate,
        name="baseline_recalculate",
    ),
    path(
        "programma/categorieen/<slug:slug>/ambitieweb/wijzigen/",
        views.category_ambition_edit,
        name="category_ambition_edit",
    ),
]
