from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AmbitionLevel,
    AmbitionScore,
    AmbitionTheme,
    AmbitionWeb,
    KpiExample,
    Milestone,
    ProductStrategy,
    RStrategy,
)


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


@admin.register(AmbitionTheme)
class AmbitionThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AmbitionLevel)
class AmbitionLevelAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name"]
    search_fields = ["name", "definition"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(ProductStrategy)
class ProductStrategyAdmin(SimpleHistoryAdmin):
    list_display = ["category", "status", "baseline_strategy", "goal_strategy", "goal_year", "owner"]
    list_filter = ["status", "category__organisation"]
    search_fields = ["category__name", "goal_description"]
    autocomplete_fields = ["owner"]
    inlines = [MilestoneInline]


class AmbitionScoreInline(admin.TabularInline):
    model = AmbitionScore
    extra = 0


@admin.register(AmbitionWeb)
class AmbitionWebAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "organisation", "category", "updated_at"]
    list_filter = ["organisation"]
    inlines = [AmbitionScoreInline]
