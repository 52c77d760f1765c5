from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AttentionPoint, GuidingQuestion, Inspiration, Phase, Tip, ToolLink, Trajectory, TrajectoryMember


class AttentionPointInline(admin.StackedInline):
    model = AttentionPoint
    extra = 0


class ToolLinkInline(admin.TabularInline):
    model = ToolLink
    extra = 0


class GuidingQuestionInline(admin.StackedInline):
    model = GuidingQuestion
    extra = 0
    filter_horizontal = ["strategies"]


class TipInline(admin.StackedInline):
    model = Tip
    extra = 0


class InspirationInline(admin.StackedInline):
    model = Inspiration
    extra = 0


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = ["order", "title_nl", "slug"]
    list_display_links = ["title_nl"]
    search_fields = ["title_nl", "title_en", "goal_nl", "goal_en", "stakeholders_nl", "stakeholders_en"]
    inlines = [AttentionPointInline, ToolLinkInline, GuidingQuestionInline, TipInline, InspirationInline]


class PhaseItemAdmin(SimpleHistoryAdmin):
    list_filter = ["phase"]
    ordering = ["phase__order", "order"]


@admin.register(GuidingQuestion)
class GuidingQuestionAdmin(PhaseItemAdmin):
    list_display = ["text_nl", "phase", "kind", "order"]
    list_filter = ["phase", "kind", "strategies"]
    search_fields = ["text_nl", "text_en"]
    filter_horizontal = ["strategies"]


@admin.register(AttentionPoint)
class AttentionPointAdmin(PhaseItemAdmin):
    list_display = ["text_nl", "phase", "order"]
    search_fields = ["text_nl", "text_en"]


@admin.register(ToolLink)
class ToolLinkAdmin(PhaseItemAdmin):
    list_display = ["title_nl", "phase", "url", "order"]
    search_fields = ["title_nl", "title_en", "url"]


@admin.register(Tip)
class TipAdmin(PhaseItemAdmin):
    list_display = ["text_nl", "phase", "order"]
    search_fields = ["text_nl", "text_en"]


@admin.register(Inspiration)
class InspirationAdmin(PhaseItemAdmin):
    list_display = ["text_nl", "phase", "url", "order"]
    search_fields = ["text_nl", "text_en", "url"]


class TrajectoryMemberInline(admin.TabularInline):
    model = TrajectoryMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Trajectory)
class TrajectoryAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "status", "chosen_strategy", "updated_at", "archived_at"]
    list_filter = ["organisation", "status"]
    search_fields = ["title", "description"]
    inlines = [TrajectoryMemberInline]


from . import admin_ambition  # noqa: E402, F401  (the trajectories’ ambitiewebs)
