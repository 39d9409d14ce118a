"""The review workbench web app (FastAPI + Jinja2, server-rendered)."""

from callqa.web.app import create_app

__all__ = ["create_app"]
