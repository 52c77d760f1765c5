"""The admin app with the project's admin site (a verified second factor for staff).

Kept apart from ``accounts.twofactor`` because INSTALLED_APPS imports this
module before the models are ready; the site class is named by dotted path.
"""

from django.contrib.admin.apps import AdminConfig


class TwoFactorAdminConfig(AdminConfig):
    default_site = "accounts.twofactor.TwoFactorAdminSite"
