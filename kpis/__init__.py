"""KPIs, targets and measurements, import/export, dashboard, annual report, and the demo data command."""
