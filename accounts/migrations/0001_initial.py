from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('chefcirculair', '0006_move_rate_limit_counter_to_accounts'),
    ]

    operations = [
        migrations.CreateModel(
            name='RateLimitCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.CharField(max_length=40)),
                ('key', models.CharField(max_length=64)),
                ('window_start', models.BigIntegerField()),
                ('expires_at', models.DateTimeField(db_index=True)),
                ('count', models.PositiveIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'tellerstand van een limiet',
                'verbose_name_plural': 'tellerstanden van limieten',
                'constraints': [models.UniqueConstraint(fields=('scope', 'key', 'window_start'), name='rate_limit_counter_unique_window')],
            },
        ),
    ]
