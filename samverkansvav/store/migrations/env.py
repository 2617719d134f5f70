"""Alembic environment: runs on the connection the store hands over.

The store opens the connection, takes the migration lock (``BEGIN IMMEDIATE`` on
SQLite, an advisory lock on PostgreSQL) and passes it in
``config.attributes["connection"]``; Alembic runs inside that transaction.
"""

from __future__ import annotations

from alembic import context

from samverkansvav.store.schema import metadata

__all__: list[str] = []


def _in_alembic() -> bool:
    # Importing this file outside Alembic (pytest's doctest collection does) must
    # not try to migrate anything.
    try:
        context.config  # noqa: B018
    except (NameError, AttributeError):
        return False
    return True


def _run() -> None:
    connection = context.config.attributes["connection"]
    # render_as_batch lets later migrations alter SQLite tables (copy-and-move).
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if _in_alembic():
    _run()
