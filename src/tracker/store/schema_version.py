"""Schema revisions this code knows, oldest first. Kept free of Alembic imports so opening an
up-to-date database costs one query; a test checks it matches the migration scripts' head."""

REVISIONS: tuple[str, ...] = ("0001",)
HEAD = REVISIONS[-1]
