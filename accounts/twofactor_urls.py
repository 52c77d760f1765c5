"""Two-factor authentication: the code step of the login, the user's settings, the organisation's rule."""

from django.urls import path

from . import twofactor_views as views

app_name = "twofactor"

urlpatterns = [
    path("inloggen/code/", views.verify, name="verify"),
    path("tweestapsverificatie/", views.overview, name="settings"),
    path("tweestapsverificatie/instellen/", views.setup, name="setup"),
    path("tweestapsverificatie/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("tweestapsverificatie/herstelcodes/vernieuwen/", views.regenerate_codes, name="regenerate_codes"),
    path("tweestapsverificatie/uitzetten/", views.disable, name="disable"),
    path("tweestapsverificatie/organisatie/", views.organisation_policy, name="organisation"),
]
