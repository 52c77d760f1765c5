from django.db import migrations


class Migration(migrations.Migration):
    """The annual report's PDF kept in the database: moved to storage by 0007, the column goes."""

    dependencies = [("kpis", "0007_annual_report_is_a_stored_document")]

    operations = [migrations.RemoveField("annualreport", "pdf")]
