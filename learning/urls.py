from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("lessen/", views.lessons, name="lessons"),
    path("lessen/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("lessen/<int:pk>/wijzigen/", views.lesson_edit, name="lesson_edit"),
    path("lessen/<int:pk>/verwijderen/", views.lesson_delete, name="lesson_delete"),
    path("trajecten/<int:pk>/lessen/nieuw/", views.lesson_create, name="lesson_create"),
    path("zoeken/", views.search, name="search"),
    path("benchmark/", views.benchmark, name="benchmark"),
    path("resultatenkaart/", views.results_card, name="results_card"),
    path("resultatenkaart.pdf", views.results_card_pdf, name="results_card_pdf"),
    path("programma/delen-en-vergelijken/", views.sharing_settings, name="sharing_settings"),
]
