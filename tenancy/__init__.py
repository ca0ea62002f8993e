"""Tenancy: the tenant registry (platform schema), schema provisioning, tenant-wide migrations,
tenant-bound sessions for requests and jobs, and (later) the reorganisation engine."""
