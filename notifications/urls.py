from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("meldingen/", views.inbox, name="inbox"),
    path("meldingen/<int:pk>/afgehandeld/", views.done, name="done"),
    path("meldingen/<int:pk>/vervolgtraject/", views.renew, name="renew"),
    path("meldingen/voorkeur/", views.preferences, name="preferences"),
    path("meldingen/overzicht/", views.digest_preview, name="digest_preview"),
    path("meldingen/agenda/", views.feed_manage, name="feed_manage"),
    path("programma/meldingen/", views.organisation_settings, name="organisation_settings"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
]
