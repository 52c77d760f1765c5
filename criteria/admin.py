"""The base set of criteria is kept here by the admins (with history); organisations keep their own in the app."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Criterion


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "type", "strategy", "ambition", "status", "version", "organisation"]
    list_filter = ["type", "strategy", "ambition", "status", ("organisation", admin.EmptyFieldListFilter)]
    search_fields = ["code", "title", "text"]
    filter_horizontal = ["questions"]
    readonly_fields = ["version", "base", "base_version"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("strategy", "organisation")
