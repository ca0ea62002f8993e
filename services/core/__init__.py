"""The case core shared by every regulatory service: tenant settings and the per-tenant audit log
today; cases, sites, parties, documents, consultations and clocks as the services arrive."""
