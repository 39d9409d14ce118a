"""The database (SQLAlchemy 2.0, Alembic) and the review queue."""
