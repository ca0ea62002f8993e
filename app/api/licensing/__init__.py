"""The licensing API: `/api/v1/{tenant}/licensing/…`."""
