"""Shared helpers below every other package: user-facing errors, keyed hashing, YAML positions.

This package imports nothing of the project (a test checks it), so any layer may use it without
creating an import circle or reaching up into the application (``callqa``).
"""
