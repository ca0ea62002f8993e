"""The reorganisation engine: merge, split and transfer councils' services at vesting day.

Copy, verify, then cut over — never an in-place move (ARCHITECTURE.md, decision 8). A plan is a
set of transfers ``(source tenant, selector, target tenant)``; a run copies every tenant table
in dependency order with set-based ``INSERT … SELECT`` inside Postgres, in batches each
committed together with its checkpoint, so a killed run resumes and a finished one is a no-op.
This package is the only code that reads more than one tenant schema, and it acts only for an
operator (the CLI, or a platform route guarded by ``platform:reorganisations``).
"""
