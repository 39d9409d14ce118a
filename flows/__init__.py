"""Prefect wiring only: flows call the plain stage functions in ``callqa.pipeline``."""
