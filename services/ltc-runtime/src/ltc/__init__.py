"""The composition root of the lead-to-cash backend, its CLI and its demo."""
