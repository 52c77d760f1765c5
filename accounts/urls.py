"""Login, logout, passwords (Django's auth views, named as Django expects them: no namespace) and the language."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import sso_views, twofactor, views
from .forms import LoginForm

urlpatterns = [
    path(
        "inloggen/",
        # Django's LoginView, plus the code step for users with two-factor authentication.
        twofactor.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", sso_views.LogoutView.as_view(), name="logout"),
    path("taal/", views.switch_language, name="switch_language"),
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
