"""Staff configure an organisation's single sign-on here too (the chef circulair has its own page)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import SsoDomain, SsoGroupRole, SsoIdentity, SsoProvider


class SsoProviderAdminForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=_("Client-secret"),
        required=False,
        max_length=1000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Wordt versleuteld opgeslagen en nooit meer getoond. Laat leeg om het huidige te houden."),
    )

    class Meta:
        model = SsoProvider
        fields = [
            "organisation",
            "enabled",
            "issuer",
            "client_id",
            "client_secret",
            "scopes",
            "claim_email",
            "claim_name",
            "claim_groups",
            "require_sso",
        ]

    def save(self, commit=True):
        from .sso import encrypt

        provider = super().save(commit=False)
        if self.cleaned_data.get("client_secret"):
            provider.client_secret_encrypted = encrypt(self.cleaned_data["client_secret"])
        if commit:
            provider.save()
        return provider


class SsoDomainInline(admin.TabularInline):
    model = SsoDomain
    extra = 0


class SsoGroupRoleInline(admin.TabularInline):
    model = SsoGroupRole
    extra = 0


@admin.register(SsoProvider)
class SsoProviderAdmin(SimpleHistoryAdmin):
    form = SsoProviderAdminForm
    list_display = ["organisation", "issuer", "enabled", "require_sso"]
    list_filter = ["enabled", "require_sso"]
    autocomplete_fields = ["organisation"]
    inlines = [SsoDomainInline, SsoGroupRoleInline]


@admin.register(SsoIdentity)
class SsoIdentityAdmin(SimpleHistoryAdmin):
    list_display = ["user", "provider", "subject", "last_login_at"]
    list_filter = ["provider"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = ["created_at", "last_login_at"]
