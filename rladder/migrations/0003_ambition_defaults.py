"""Load the default ambitieweb themes (the six MVOI themes) and levels 1–3.

Idempotent: what exists (perhaps edited in the admin) is left alone. The
guidance loading (``load_guidance``) calls the same function, so a database
flushed in tests gets them too.
"""

from django.db import migrations


def load(apps, schema_editor):
    from rladder.ambition import load_defaults

    load_defaults(apps.get_model("rladder", "AmbitionTheme"), apps.get_model("rladder", "AmbitionLevel"))


class Migration(migrations.Migration):
    dependencies = [
        ("rladder", "0002_product_strategies_and_ambitiewebs"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
