# The rate-limit counters moved to the accounts app (accounts.0001 creates their table).
# The rows are short-lived counts of the current window: they are not carried over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('chefcirculair', '0005_organisation_oin_kvk'),
    ]

    operations = [
        migrations.DeleteModel(name='RateLimitCounter'),
    ]
