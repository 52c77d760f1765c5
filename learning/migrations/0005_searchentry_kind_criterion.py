"""Criteria are found by the search: a new kind of entry, and the library's criteria indexed."""

from django.db import migrations, models

from lib import stemming


def index_criteria(apps, schema_editor):
    """The entries ``learning.indexing`` writes for criteria from now on, for the criteria already there."""
    Criterion = apps.get_model("criteria", "Criterion")
    SearchEntry = apps.get_model("learning", "SearchEntry")
    stemmed = schema_editor.connection.vendor != "postgresql"
    for criterion in Criterion.objects.exclude(status="ingetrokken").iterator():
        if criterion.organisation_id is None and criterion.status != "gepubliceerd":
            continue
        title = f"{criterion.code} {criterion.title}"[:300]
        place = "Basisset criteria" if criterion.organisation_id is None else "Eigen criteria"
        body = "\n".join(filter(None, [criterion.text, criterion.evidence, criterion.legal_note])).replace("\x00", "")
        SearchEntry.objects.update_or_create(
            key=f"criteria.criterion:{criterion.pk}",
            defaults={
                "kind": "criterium",
                "title": title,
                "body": body,
                "place": place,
                "url": f"/criteria/{criterion.pk}/",
                "organisation_id": criterion.organisation_id,
                "trajectory_id": None,
                "shared": False,
                "stems": stemming.index_text(title, place, body) if stemmed else "",
            },
        )


def unindex_criteria(apps, schema_editor):
    apps.get_model("learning", "SearchEntry").objects.filter(kind="criterium").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_searchentry_stems"),
        ("criteria", "0003_stems_of_lib_stemming"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("traject", "Trajecten"),
                    ("antwoord", "Antwoorden"),
                    ("besluit", "R-besluiten"),
                    ("opmerking", "Opmerkingen bij beoordelingen"),
                    ("les", "Lessen"),
                    ("richtlijn", "Richtlijn"),
                    ("criterium", "Criteria en clausules"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(index_criteria, unindex_criteria),
    ]
