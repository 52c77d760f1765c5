from django.db import migrations


def restem(apps, schema_editor):
    """The stored stems as ``criteria.search`` makes them now (lib.stemming: stop words left out)."""
    from criteria.search import stems_of

    Criterion = apps.get_model("criteria", "Criterion")
    for criterion in Criterion.objects.all().iterator():
        stems = stems_of(criterion.code, criterion.title, criterion.text, criterion.evidence, criterion.legal_note)
        if stems != criterion.stems:
            Criterion.objects.filter(pk=criterion.pk).update(stems=stems)


class Migration(migrations.Migration):
    dependencies = [("criteria", "0002_award_model")]

    operations = [migrations.RunPython(restem, migrations.RunPython.noop)]
