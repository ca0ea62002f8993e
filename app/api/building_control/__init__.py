"""The building control API: `/api/v1/{tenant}/building-control/…`."""
