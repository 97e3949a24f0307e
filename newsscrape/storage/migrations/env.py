"""Alembic environment: runs on the engine newsscrape hands it (see storage.db.alembic_config).

For developers: `alembic -x url=sqlite:///dev.db revision --autogenerate -m "..."` from this
directory's parent with a throwaway alembic.ini, or call storage.db.upgrade() from Python.
"""

from alembic import context
from sqlalchemy import create_engine

from newsscrape.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        url = context.get_x_argument(as_dictionary=True).get("url")
        engine = create_engine(url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")
run_migrations_online()
