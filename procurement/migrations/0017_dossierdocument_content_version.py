from django.db import migrations, models


class Migration(migrations.Migration):
    """A stored dossier PDF's version is the dossier's content version: name it so."""

    dependencies = [("procurement", "0016_dossier_pdf_is_a_stored_document")]

    operations = [
        migrations.RemoveConstraint(model_name="dossierdocument", name="one_dossier_pdf_per_version"),
        migrations.RenameField(model_name="dossierdocument", old_name="version", new_name="content_version"),
        migrations.AddConstraint(
            model_name="dossierdocument",
            constraint=models.UniqueConstraint(
                fields=("trajectory", "content_version"), name="one_dossier_pdf_per_version"
            ),
        ),
    ]
