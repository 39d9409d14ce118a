"""Pipeline stages as plain functions (the Prefect flow in ``flows/`` only wires them).

Every stage takes ids and settings, does its own transaction, and returns small JSON-safe
results that hold no raw personal data.
"""
