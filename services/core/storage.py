"""Where case documents' bytes live, for the case core.

The store is platform infrastructure (the reorganisation engine copies files between councils
too), so it is implemented in :mod:`tenancy.storage`; this module re-exports it unchanged, so
``document_store_from_env`` here and there is one function with one cache.
"""

from __future__ import annotations

from tenancy.storage import (
    DEFAULT_CHUNK_SIZE,
    DocumentNotFound,
    DocumentStore,
    DocumentStoreError,
    InvalidDocumentKey,
    LocalDocumentStore,
    S3DocumentStore,
    S3Settings,
    StoredObject,
    default_documents_dir,
    document_key,
    document_store_from_env,
    validate_key,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DocumentNotFound",
    "DocumentStore",
    "DocumentStoreError",
    "InvalidDocumentKey",
    "LocalDocumentStore",
    "S3DocumentStore",
    "S3Settings",
    "StoredObject",
    "default_documents_dir",
    "document_key",
    "document_store_from_env",
    "validate_key",
]
