"""contract-svc: from the won bid to a signed, executed and closed contract."""

SERVICE = "contract"
