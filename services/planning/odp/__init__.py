"""Open Digital Planning (ODP): validate application payloads as PlanX submits them.

Vesta accepts the two ODP submission shapes, ``application.json`` and the newer
``prototypeApplication.json`` (which covers more application types: advertisement consent, works
to trees, hedgerow removal, …), validated against the vendored ODP schemas v0.7.7 (MPL-2.0,
unchanged, in ``schemas/``).

- :mod:`services.planning.odp.validation`: :func:`validate` / :func:`check`, shape detection,
  :func:`application_types`, :func:`warm_up`.
- :mod:`services.planning.odp.catalogue`: the schema files, their type codes, dispatch forms.
- :mod:`services.planning.odp.errors`: jsonschema-rs errors as JSON pointers and details.
"""

from __future__ import annotations

from services.planning.odp.errors import OdpError
from services.planning.odp.validation import (
    SHAPES,
    TYPE_POINTERS,
    OdpValidationError,
    Shape,
    ValidatedSubmission,
    ValidationReport,
    application_types,
    check,
    validate,
    warm_up,
)

__all__ = [
    "SHAPES",
    "TYPE_POINTERS",
    "OdpError",
    "OdpValidationError",
    "Shape",
    "ValidatedSubmission",
    "ValidationReport",
    "application_types",
    "check",
    "validate",
    "warm_up",
]
