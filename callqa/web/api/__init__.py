"""The HTTP API ``/api/v1/…`` (JSON, bearer tokens, scoped by role as the pages are; D61)."""
