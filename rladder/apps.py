from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RLadderConfig(AppConfig):
    name = "rladder"
    verbose_name = _("R-ladder en productstrategieën")
