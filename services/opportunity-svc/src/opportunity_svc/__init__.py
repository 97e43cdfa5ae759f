"""opportunity-svc: verify opportunities up to the ATI decision."""

SERVICE = "opportunity"
