from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

# Django 6.1's blank choice of a select, "- Select an option -", has no Dutch translation in
# Django itself; Django reads it from here on every form (its documented hook). Set when the app
# configs are imported, before any ready(): the admin's autodiscovery (an app listed earlier)
# builds this app's admin forms, and their selects, before this app is ready.
fields.BLANK_CHOICE_LABEL = _("— Kies een optie —")


class OrganisationsConfig(AppConfig):
    name = "organisations"
    # The label (and so the tables, the migration history and the content types) predates the split of
    # the project package: organisations were the "chefcirculair" app. Renaming a label moves every
    # table and rewrites other apps' migrations, for no gain to anyone using the app.
    label = "chefcirculair"
    verbose_name = _("Organisatie en uitgangspunten")

    def ready(self):
        from . import backup, models

        backup.register(
            models.Department,
            models.Membership,
            models.ProductCategory,
            models.MenuScanItem,
            models.MenuEvidence,
            models.AccessibilityStatement,
            models.KnownProblem,
        )
        backup.register(models.OrganisationTheme, after_import=recheck_imported_logos)


def recheck_imported_logos(theme_ids: list[int]) -> None:
    """An imported logo is an upload like any other: checked and written again as PNG, or dropped."""
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from . import theme
    from .models import OrganisationTheme, theme_logo_path

    for imported in OrganisationTheme.objects.unscoped().filter(pk__in=theme_ids).exclude(logo=""):
        storage, original = imported.logo.storage, imported.logo.name
        try:
            with storage.open(original, "rb") as handle:
                checked = theme.checked_logo(ContentFile(handle.read(), name="logo"))
            name = storage.save(theme_logo_path(imported, "logo.png"), checked)
        except (ValidationError, OSError):
            name = ""
        OrganisationTheme.objects.unscoped().filter(pk=imported.pk).update(logo=name)
        storage.delete(original)
