from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChefCirculairConfig(AppConfig):
    name = "chefcirculair"
    verbose_name = _("Organisatie en uitgangspunten")

    def ready(self) -> None:
        from . import security  # noqa: F401 - connects the login signal receiver
