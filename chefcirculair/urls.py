"""Root URLconf: every app's URLs, the admin and the error handlers."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Chef Circulair – beheer")
admin.site.site_title = _("Chef Circulair")
admin.site.index_title = _("Beheer van richtlijnen en organisaties")

urlpatterns = [
    path("health/", views.health, name="health"),
    path("account/", include("accounts.urls")),
    path("account/", include("accounts.twofactor_urls")),
    path("account/", include("accounts.sso_urls")),
    path("", include("organisations.urls")),
    path("", include("rladder.urls")),
    path("", include("procurement.urls")),
    path("", include("kpis.urls")),
    path("", include("criteria.urls")),
    path("", include("learning.urls")),
    path("", include("notifications.urls")),
    path("", include("api.urls")),
    path("", include("api.urls_v1")),
    path("", include("suppliers.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "accounts.security.bad_request"
handler404 = "chefcirculair.views.page_not_found"
handler500 = "chefcirculair.views.server_error"
