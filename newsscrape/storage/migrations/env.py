"""Alembic environment: runs on the engine newsscrape hands it (see storage.db.alembic_config).

For developers: `alembic -x url=sqlite:///dev.db revision --autogenerate -m "..."` from this
directory's parent with a throwaway alembic.ini, or call storage.db.upgrade() from Python.
"""

from alembic import context
from sqlalchemy import create_engine

from newsscrape.storage.db import include_object
from newsscrape.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        url = context.get_x_argument(as_dictionary=True).get("url")
        engine = create_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one, which foreign
            # keys from other tables forbid. Off for the migration (it cannot change inside a
            # transaction), then every reference is checked before the commit.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                if sqlite:
                    # pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so each
                    # CREATE or ALTER would commit on its own: a crash half-way would leave
                    # half a schema. One explicit transaction makes the migration atomic.
                    connection.exec_driver_sql("BEGIN")
                context.configure(
                    connection=connection,
                    target_metadata=target_metadata,
                    render_as_batch=sqlite,
                    compare_type=True,
                    include_object=include_object,
                )
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")
run_migrations_online()
