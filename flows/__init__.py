"""Prefect wiring only: flows call the plain stage functions in ``callqa.pipeline``."""

from callqa.config import quiet_prefect

quiet_prefect()  # before anything imports Prefect: a Prefect worker imports this package to run the flow
