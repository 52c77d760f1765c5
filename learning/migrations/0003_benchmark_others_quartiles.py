from django.db import migrations, models


def drop_old_runs(apps, schema_editor):
    """Old snapshots published quartiles that could be one organisation's exact value: the next run
    (``manage.py compute_benchmark`` or the periodic task) computes them anew under the new rule."""
    apps.get_model("learning", "BenchmarkRun").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_benchmark_value_organisation_nullable"),
    ]

    operations = [
        migrations.RunPython(drop_old_runs, migrations.RunPython.noop),
        migrations.AddField(
            model_name="benchmarkvalue",
            name="others_p25",
            field=models.DecimalField(decimal_places=4, default=0, max_digits=12),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="benchmarkvalue",
            name="others_median",
            field=models.DecimalField(decimal_places=4, default=0, max_digits=12),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="benchmarkvalue",
            name="others_p75",
            field=models.DecimalField(decimal_places=4, default=0, max_digits=12),
            preserve_default=False,
        ),
    ]
