from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from lib.numbers import DutchDecimalField

from .forms import OrganisationThemeAdminForm
from .models import (
    Benefit,
    Department,
    GuidanceText,
    Membership,
    MenuEvidence,
    MenuIngredient,
    MenuScanItem,
    Organisation,
    OrganisationTheme,
    PrincipleItem,
    PrinciplePage,
    PrincipleSection,
    ProductCategory,
)


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DepartmentInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "department"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]


@admin.register(ProductCategory)
class ProductCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "impact_weight", "annual_spend"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    formfield_overrides = {models.DecimalField: {"form_class": DutchDecimalField}}  # "250.000" is 250000


@admin.register(GuidanceText)
class GuidanceTextAdmin(SimpleHistoryAdmin):
    list_display = ["key", "title_nl", "order"]
    list_editable = ["order"]
    search_fields = ["key", "title_nl", "title_en", "body_nl", "body_en"]


@admin.register(Benefit)
class BenefitAdmin(SimpleHistoryAdmin):
    list_display = ["text_nl", "kind", "order"]
    list_filter = ["kind"]
    list_editable = ["order"]
    search_fields = ["text_nl", "text_en"]


class PrincipleSectionInline(admin.StackedInline):
    model = PrincipleSection
    extra = 0
    show_change_link = True


@admin.register(PrinciplePage)
class PrinciplePageAdmin(SimpleHistoryAdmin):
    list_display = ["title_nl", "order"]
    list_editable = ["order"]
    search_fields = ["title_nl", "title_en", "intro_nl", "intro_en"]
    inlines = [PrincipleSectionInline]


class PrincipleItemInline(admin.StackedInline):
    model = PrincipleItem
    extra = 0


@admin.register(PrincipleSection)
class PrincipleSectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "page", "order", "kind"]
    list_filter = ["page", "kind"]
    search_fields = ["heading_nl", "heading_en", "intro_nl", "intro_en", "items__text_nl", "items__text_en"]
    inlines = [PrincipleItemInline]


@admin.register(MenuIngredient)
class MenuIngredientAdmin(SimpleHistoryAdmin):
    list_display = ["title_nl", "order", "principle"]
    list_editable = ["order"]
    search_fields = ["title_nl", "title_en", "explanation_nl", "explanation_en"]


class MenuEvidenceInline(admin.TabularInline):
    model = MenuEvidence
    extra = 0


@admin.register(MenuScanItem)
class MenuScanItemAdmin(SimpleHistoryAdmin):
    list_display = ["ingredient", "organisation", "status", "owner", "next_step_date"]
    list_filter = ["organisation", "status"]
    search_fields = ["ingredient__title", "next_step", "organisation__name"]
    autocomplete_fields = ["organisation", "owner"]
    inlines = [MenuEvidenceInline]


@admin.register(MenuEvidence)
class MenuEvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "reference", "item"]
    list_filter = ["kind", "item__organisation"]
    search_fields = ["title", "reference"]


@admin.register(OrganisationTheme)
class OrganisationThemeAdmin(SimpleHistoryAdmin):
    """Staff set an organisation's theme here too: the same form, logo checks and contrast rules as the chef's."""

    form = OrganisationThemeAdminForm
    list_display = ["organisation", "primary_color", "link_color", "font_family", "version", "updated_at"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["version", "updated_at"]
