from django.urls import path

from . import programme_views, theme_views, views

app_name = "organisations"

urlpatterns = [
    path("organisatie/kiezen/", views.switch_organisation, name="switch_organisation"),
    path("menu/", views.menu, name="menu"),
    path("uitgangspunten/", views.principle_list, name="principles"),
    path("uitgangspunten/<slug:slug>/", views.principle_detail, name="principle"),
    path("toegankelijkheid/", views.accessibility_overview, name="accessibility_overview"),
    path("toegankelijkheid/<slug:slug>/", views.accessibility, name="accessibility"),
    # An organisation's theme (public: its colours and logo), kept for a year per version.
    path("organisaties/<slug:slug>/thema-<int:version>.css", theme_views.theme_css, name="theme_css"),
    path("organisaties/<slug:slug>/logo-<int:version>.png", theme_views.theme_logo, name="theme_logo"),
]

# The organisation's programme (members read, the chef circulair edits).
urlpatterns += [
    path("programma/menu/", programme_views.menu_scan, name="menu_scan"),
    path("programma/menu/<slug:slug>/wijzigen/", programme_views.menu_scan_edit, name="menu_scan_edit"),
    path("programma/categorieen/", programme_views.category_list, name="categories"),
    path("programma/categorieen/nieuw/", programme_views.category_create, name="category_create"),
    path("programma/categorieen/standaard-toevoegen/", programme_views.category_defaults, name="category_defaults"),
    path("programma/categorieen/<slug:slug>/wijzigen/", programme_views.category_edit, name="category_edit"),
    path("programma/categorieen/<slug:slug>/verwijderen/", programme_views.category_delete, name="category_delete"),
    path("programma/organisatie/", programme_views.organisation_settings, name="organisation_settings"),
    path("programma/toegankelijkheid/", programme_views.accessibility_edit, name="accessibility_edit"),
    path("programma/thema/", theme_views.theme_edit, name="theme_edit"),
    path("programma/thema/voorbeeld.css", theme_views.theme_preview_css, name="theme_preview_css"),
    path("programma/afdelingen/", programme_views.department_list, name="departments"),
    path("programma/afdelingen/nieuw/", programme_views.department_create, name="department_create"),
    path("programma/afdelingen/<int:pk>/wijzigen/", programme_views.department_edit, name="department_edit"),
    path("programma/afdelingen/<int:pk>/verwijderen/", programme_views.department_delete, name="department_delete"),
]
