from django.db import migrations


class Migration(migrations.Migration):
    """GuidanceVersion records the loads of the impact factors too: it is a LoadedFixture."""

    dependencies = [("chefcirculair", "0006_move_rate_limit_counter_to_accounts")]

    operations = [
        migrations.RenameModel("GuidanceVersion", "LoadedFixture"),
        migrations.AlterModelOptions(
            name="loadedfixture",
            options={"verbose_name": "geladen inhoudsbestand", "verbose_name_plural": "geladen inhoudsbestanden"},
        ),
    ]
