"""bid-svc: from the initiated project's estimate to the bid's outcome."""

SERVICE = "bid"
