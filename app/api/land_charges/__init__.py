"""The land charges API: `/api/v1/{tenant}/land-charges/…`."""
