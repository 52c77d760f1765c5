from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import KpiExample, RStrategy


class KpiExampleInline(admin.TabularInline):
    model = KpiExample
    extra = 0


@admin.register(RStrategy)
class RStrategyAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "name_nl", "group", "six_step_code"]
    list_filter = ["group"]
    search_fields = ["code", "name_nl", "name_en", "definition"]
    inlines = [KpiExampleInline]


@admin.register(KpiExample)
class KpiExampleAdmin(SimpleHistoryAdmin):
    list_display = ["text", "strategy", "order"]
    list_filter = ["strategy"]
    search_fields = ["text"]
