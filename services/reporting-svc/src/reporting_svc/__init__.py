"""reporting-svc: the lead-to-cash funnel and project P&L, read from the event log."""

SERVICE = "reporting"
