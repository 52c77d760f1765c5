"""Admin for the trajectories' ambitiewebs (imported from procurement/admin.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import TrajectoryAmbition


@admin.register(TrajectoryAmbition)
class TrajectoryAmbitionAdmin(SimpleHistoryAdmin):
    list_display = ["trajectory", "theme", "current", "ambition"]
    list_filter = ["theme", "trajectory__organisation"]
    search_fields = ["trajectory__title", "deviation_reason"]
    raw_id_fields = ["trajectory"]
