"""Root URLconf. Apps are included by dotted string (the dependency rule)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import twofactor, views
from .forms import LoginForm

admin.site.site_header = _("Chef Circulair – beheer")
admin.site.site_title = _("Chef Circulair")
admin.site.index_title = _("Beheer van richtlijnen en organisaties")

auth_patterns = [
    path(
        "inloggen/",
        # Django's LoginView, plus the code step for users with two-factor authentication.
        twofactor.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/wijzigen/", views.password_change, name="password_change"),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("wachtwoord/vergeten/", views.password_reset, name="password_reset"),
    path("wachtwoord/vergeten/verstuurd/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "wachtwoord/herstellen/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/hersteld/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("health/", views.health, name="health"),
    path("account/", include(auth_patterns)),
    path("account/", include("chefcirculair.twofactor_urls")),
    path("organisatie/kiezen/", views.switch_organisation, name="switch_organisation"),
    path("", include("chefcirculair.guidance_urls")),
    path("", include("rladder.urls")),
    path("", include("procurement.urls")),
    path("", include("kpis.urls")),
    path("", include("learning.urls")),
    path("", include("api.urls")),
    path("", include("api.urls_v1")),
    path("", include("suppliers.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "chefcirculair.security.bad_request"
handler404 = "chefcirculair.views.page_not_found"
handler500 = "chefcirculair.views.server_error"
