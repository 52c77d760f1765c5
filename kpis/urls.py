"""KPIs, measurements, the dashboard and annual reports."""

from django.urls import path

from . import factor_export, views

app_name = "kpis"

urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("kpis/", views.kpi_list, name="kpi_list"),
    path("kpis/bibliotheek/", views.library_view, name="library"),
    path("kpis/nieuw/", views.kpi_create, name="kpi_create"),
    path("kpis/importeren/", views.import_measurements, name="import"),
    path("kpis/export/<slug:what>.<slug:fmt>", views.export, name="export"),
    path("kpis/<int:pk>/", views.kpi_detail, name="kpi_detail"),
    path("kpis/<int:pk>/wijzigen/", views.kpi_edit, name="kpi_edit"),
    path("kpis/<int:pk>/verwijderen/", views.kpi_delete, name="kpi_delete"),
    path("kpis/<int:pk>/jaardoelen/", views.kpi_targets, name="kpi_targets"),
    path("kpis/<int:pk>/metingen/", views.measurements, name="measurements"),
    path("trajecten/<int:trajectory_pk>/kpis/", views.contract_kpis, name="contract_kpis"),
    path("trajecten/<int:trajectory_pk>/kpis/nieuw/", views.contract_kpi_create, name="contract_kpi_create"),
    path("jaarverslagen/", views.report_list, name="reports"),
    path("jaarverslagen/maken/", views.report_request, name="report_request"),
    path("jaarverslagen/<int:pk>/", views.report_detail, name="report_detail"),
    path("jaarverslagen/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("bronnen-en-methode/impactfactoren.<slug:fmt>", factor_export.export, name="factor_export"),
]
