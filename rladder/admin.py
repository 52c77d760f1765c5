from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AmbitionLevel,
    AmbitionScore,
    AmbitionTheme,
    AmbitionWeb,
    ImpactFactor,
    KpiExample,
    Milestone,
    OrganisationImpactFactor,
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
    search_fields = ["code", "name_nl", "name_en", "definition_nl", "definition_en"]
    inlines = [KpiExampleInline]


@admin.register(KpiExample)
class KpiExampleAdmin(SimpleHistoryAdmin):
    list_display = ["text_nl", "strategy", "order"]
    list_filter = ["strategy"]
    search_fields = ["text_nl", "text_en"]


@admin.register(AmbitionTheme)
class AmbitionThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name_nl", "order", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name_nl", "name_en", "description_nl", "description_en"]
    prepopulated_fields = {"slug": ["name_nl"]}


@admin.register(AmbitionLevel)
class AmbitionLevelAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name_nl"]
    search_fields = ["name_nl", "name_en", "definition_nl", "definition_en"]


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


@admin.register(ImpactFactor)
class ImpactFactorAdmin(SimpleHistoryAdmin):
    list_display = ["item_nl", "category_nl", "unit", "kg_co2e_per_unit", "kg_material_per_unit", "source_name"]
    list_filter = ["category_nl", "unit", "system_boundary"]
    search_fields = ["key", "item_nl", "category_nl", "source_name"]


@admin.register(OrganisationImpactFactor)
class OrganisationImpactFactorAdmin(SimpleHistoryAdmin):
    list_display = ["item_nl", "organisation", "category_nl", "unit", "kg_co2e_per_unit", "overrides"]
    list_filter = ["organisation", "unit"]
    search_fields = ["item_nl", "category_nl", "source_name"]
    raw_id_fields = ["overrides"]
