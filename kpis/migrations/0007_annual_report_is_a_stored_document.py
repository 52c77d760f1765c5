"""The annual report is a StoredDocument (lib/stored_files.py), like the dossier PDF.

- its PDF fields take the shared names (file, sha256, size) and it gains started_at;
- its statuses take the shared vocabulary (wachtrij → queued, bezig → running, klaar → ready,
  mislukt → failed);
- a report made before PDFs went to the "documents" storage has its PDF moved there (the old
  column goes in 0008, in a transaction of its own).
"""

import hashlib

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

STATUSES = {"wachtrij": "queued", "bezig": "running", "klaar": "ready", "mislukt": "failed"}


def forward(apps, schema_editor):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    AnnualReport = apps.get_model("kpis", "AnnualReport")
    for old, new in STATUSES.items():
        AnnualReport.objects.filter(status=old).update(status=new)
    for report in AnnualReport.objects.exclude(pdf=b"").filter(file="").iterator():
        pdf = bytes(report.pdf)
        name = storages["documents"].save(
            f"jaarverslagen/{report.organisation_id}/{report.year}-{report.pk}.pdf", ContentFile(pdf)
        )
        AnnualReport.objects.filter(pk=report.pk).update(
            file=name, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf), pdf=b""
        )


def backward(apps, schema_editor):
    AnnualReport = apps.get_model("kpis", "AnnualReport")
    for old, new in STATUSES.items():
        AnnualReport.objects.filter(status=new).update(status=old)
    AnnualReport.objects.filter(status="superseded").update(status="mislukt")


class Migration(migrations.Migration):

    dependencies = [
        ("kpis", "0006_merge_20261130_1730"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("annualreport", "pdf_file", "file"),
        migrations.RenameField("annualreport", "pdf_sha256", "sha256"),
        migrations.RenameField("annualreport", "pdf_size", "size"),
        migrations.AlterField(
            model_name="annualreport",
            name="file",
            field=models.CharField(blank=True, max_length=255, verbose_name="bestand"),
        ),
        migrations.AlterField(
            model_name="annualreport",
            name="sha256",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
        ),
        migrations.AlterField(
            model_name="annualreport",
            name="size",
            field=models.PositiveIntegerField(default=0, verbose_name="grootte (bytes)"),
        ),
        migrations.AddField(
            model_name="annualreport",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="begonnen op"),
        ),
        migrations.AlterField(
            model_name="annualreport",
            name="requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="aangevraagd door",
            ),
        ),
        migrations.AlterField(
            model_name="annualreport",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "In de wachtrij"),
                    ("running", "Wordt gemaakt"),
                    ("ready", "Klaar"),
                    ("failed", "Mislukt"),
                    ("superseded", "Vervangen door een nieuwere versie"),
                ],
                default="queued",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(forward, backward),
        # The old column goes in the next migration: PostgreSQL refuses to alter a table with
        # pending trigger events (the rows updated above) in the same transaction.
    ]
