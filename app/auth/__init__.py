"""Sign-in and access control: OIDC per council, API clients with signed tokens, Casbin RBAC
with domains, sessions and CSRF."""
