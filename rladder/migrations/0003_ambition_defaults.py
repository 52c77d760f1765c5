"""Load the default ambitieweb themes (the six MVOI themes) and levels 1–3.

Idempotent: what exists (perhaps edited in the admin) is left alone. The
defaults are frozen here as they were (rladder/ambition.py holds today's, with
their English, which ``load_guidance`` adds), so this migration keeps working
as the models change.
"""

from django.db import migrations


THEMES = [
    (
        "milieu-en-biodiversiteit",
        "Milieu en biodiversiteit",
        "Minder schadelijke stoffen, minder vervuiling van bodem, water en lucht, en behoud van natuur en soorten.",
    ),
    ("klimaat", "Klimaat", "Minder uitstoot van broeikasgassen in de hele keten, en klimaatadaptatie."),
    ("circulair", "Circulair", "Minder grondstoffen: niet, anders of minder inkopen, hergebruik en hoogwaardige verwerking."),
    (
        "ketenverantwoordelijkheid",
        "Ketenverantwoordelijkheid",
        "Eerlijke en veilige productie: mensenrechten, arbeidsomstandigheden en due diligence in de keten (IMVO).",
    ),
    ("diversiteit-en-inclusie", "Diversiteit en inclusie", "Gelijke kansen en een divers personeelsbestand bij opdrachtnemers."),
    ("social-return", "Social return", "Werk en ontwikkeling voor mensen met een afstand tot de arbeidsmarkt."),
]
LEVELS = [
    (1, "Inzicht / referentie", "De markt- en ketenstandaard: inzicht krijgen, basiscriteria (minimumeisen) toepassen."),
    (
        2,
        "Significante verbetering",
        "Een duidelijke verbetering ten opzichte van de referentie, met meetbare eisen en gunningscriteria.",
    ),
    (
        3,
        "Ambitieus / toegevoegde waarde",
        "Koploper: het maximaal haalbare, innovatie en samenwerking met de markt voor toegevoegde waarde.",
    ),
]


def load(apps, schema_editor):
    theme_model, level_model = apps.get_model("rladder", "AmbitionTheme"), apps.get_model("rladder", "AmbitionLevel")
    for order, (slug, name, description) in enumerate(THEMES, start=1):
        theme_model.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "order": order})
    for number, name, definition in LEVELS:
        level_model.objects.get_or_create(number=number, defaults={"name": name, "definition": definition})


class Migration(migrations.Migration):
    dependencies = [
        ("rladder", "0002_product_strategies_and_ambitiewebs"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
