"""lead-svc: the first stage of lead to cash."""

SERVICE = "lead"
