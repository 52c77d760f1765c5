from django.urls import path

from . import views

app_name = "suppliers"

urlpatterns = [
    # The contract team's side
    path("trajecten/<int:pk>/leveranciers/", views.supplier_list, name="list"),
    path("trajecten/<int:pk>/leveranciers/nieuw/", views.supplier_add, name="supplier_add"),
    path("leveranciers/<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("uitnodigingen/<int:pk>/intrekken/", views.revoke_invitation, name="revoke_invitation"),
    path("inzendingen/<int:pk>/", views.submission_detail, name="submission"),
    path("bewijsstukken/<int:pk>/", views.evidence_download, name="evidence"),
    path("leveranciers/<int:pk>/berichten/", views.team_thread, name="team_thread"),
    path("voorstellen/<int:pk>/", views.proposal_detail, name="proposal"),
    # The supplier's side
    path("leverancier/uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("leverancier/", views.home, name="home"),
    path("leverancier/contracten/<int:pk>/", views.contract, name="contract"),
    path("leverancier/contracten/<int:pk>/kpis/<int:kpi>/<int:year>/", views.report, name="report"),
    path("leverancier/contracten/<int:pk>/berichten/", views.supplier_thread, name="thread"),
    path("leverancier/contracten/<int:pk>/voorstellen/nieuw/", views.propose, name="propose"),
]
