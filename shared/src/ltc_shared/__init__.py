"""Code every lead-to-cash service shares: envelope, bus, relay, consumers, errors."""
