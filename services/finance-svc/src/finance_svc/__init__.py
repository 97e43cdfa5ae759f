"""finance-svc: invoicing, collection and actual costs of signed contracts."""

SERVICE = "finance"
