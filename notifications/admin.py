from django.contrib import admin

from .models import JobRun, Notification, NotificationSettings, Preference, ScheduledJob


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnly):
    list_display = ["name", "description", "last_due_at", "last_state", "next_due_at"]


@admin.register(JobRun)
class JobRunAdmin(ReadOnly):
    list_display = ["job", "due_at", "state", "attempts", "started_at", "finished_at"]
    list_filter = ["job", "state"]


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["title", "user", "kind", "due", "created_at", "done_at"]
    list_filter = ["kind"]

    def get_queryset(self, request):
        return Notification.objects.unscoped().select_related("user")


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "contract_end_months", "review_wait_days"]

    def get_queryset(self, request):
        return NotificationSettings.objects.unscoped().select_related("organisation")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digest", "last_digest_on"]
    exclude = ["feed_token"]
