"""Webhook subscriptions for a council's integrators (GIS, consultation and finance tools).

A council administrator subscribes a URL to some events (:mod:`.events`); every audited write
that maps to an event inserts, in its own transaction, one delivery per matching active
subscription (the outbox, :mod:`.outbox`); a tenant-bound job then POSTs each delivery, signed
the Standard Webhooks way, retrying with backoff until it is delivered or abandoned
(:mod:`.delivery`, :mod:`.actors`). Subscriptions are managed through :mod:`.subscriptions`;
their signing secrets are kept encrypted (:mod:`.secrets`).
"""
