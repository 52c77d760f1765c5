"""KPIs, targets and measurements."""
