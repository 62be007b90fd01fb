"""Opening the registry database: URL resolution, SQLite pragmas, migrations.

Opening a database compares its stored revision (the ``alembic_version`` table, read with
plain SQL) with :data:`HEAD_REVISION`; Alembic is imported only when an upgrade is due,
so commands that read the registry do not pay for it on every start. SQLAlchemy is
imported by the functions that use it: :mod:`claimtrack.registry.lite` reads the
constants and :func:`database_setting` without it.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.config import load_settings, user_data_dir
from claimtrack.errors import RegistryError

if TYPE_CHECKING:
    import sqlalchemy as sa
    from alembic.config import Config
    from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: The newest migration in ``migrations/versions``. Bump it with every new migration:
#: ``tests/registry/test_migrations.py`` checks it against the scripts' head.
HEAD_REVISION = "0010"
#: Where Alembic records a database's revision (its defaults; ``migrations/env.py`` keeps them).
VERSION_TABLE = "alembic_version"
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: SQLAlchemy driver names claimtrack can open (``postgresql://`` is rewritten to psycopg).
SUPPORTED_DRIVERS = frozenset({"sqlite", "sqlite+pysqlite", "postgresql+psycopg"})
SUPPORTED_URLS = (
    "supported: a SQLite file path, sqlite:///PATH or postgresql://USER@HOST[:PORT]/DBNAME"
)

#: PostgreSQL advisory lock keys (one 64-bit namespace per purpose, "ct" + a number).
MIGRATION_LOCK = 0x6374_0001
#: Held while an ``add`` (or an import) looks for a matching claim and inserts a new one.
CLAIM_MATCH_LOCK = 0x6374_0002
#: Held while a verification run claims (leases) claim × verifier pairs.
VERIFY_CLAIM_LOCK = 0x6374_0003


def resolve_url(db: str | None = None) -> str:
    """The database URL from ``--db``, else ``CLAIMTRACK_DB``/config, else the user data dir.

    A plain path is taken as a SQLite file. A URL whose scheme claimtrack cannot use, or
    whose port is out of range, raises :class:`RegistryError`.
    """
    value = database_setting(db)
    if "://" in value:
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        check_url(value)
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def database_setting(db: str | None = None) -> str:
    """The database as given: ``--db``, else ``CLAIMTRACK_DB``/config, else the default path."""
    return db or load_settings().db or str(default_db_path())


def default_db_path() -> Path:
    """The registry used when no database is named: ``claimtrack.db`` in the user data dir."""
    return user_data_dir() / "claimtrack.db"


def check_url(url: str) -> None:
    """Refuse, in one line, a URL with an unsupported scheme or a bad port (before any driver sees it)."""
    import sqlalchemy as sa

    # The URL is not repeated in these messages: it may hold a password.
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise RegistryError(
            f"invalid database URL: it cannot be parsed; {SUPPORTED_URLS}"
        ) from None
    except ValueError:
        raise RegistryError("invalid database URL: the port is not a number") from None
    port = parsed.port
    if parsed.drivername not in SUPPORTED_DRIVERS:
        scheme = url.split("://", 1)[0]
        raise RegistryError(f"unsupported database URL scheme {scheme!r}; {SUPPORTED_URLS}")
    if port is not None and not 1 <= port <= 65535:
        raise RegistryError(f"invalid database URL: port {port} is out of range (1-65535)")


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite."""
    import sqlalchemy as sa

    parsed = sa.make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def prepare_new_database(url: str, *, create: bool = False) -> Path | None:
    """Check, before opening ``url``, whether that would create a new SQLite file.

    Returns the path of the file that opening will create, or None if it exists (or the
    database is not a SQLite file). A mistyped path must not silently become an empty
    database: its folder has to exist already, unless ``create`` is set (``claimtrack db
    init``) or it is the default database, whose folder is made here.
    """
    path = sqlite_file(url)
    if path is None or path.exists():
        return None
    parent = path.parent
    if not parent.is_dir():
        if not (create or path == default_db_path()):
            raise RegistryError(
                f"no database at {path}: folder {parent} does not exist "
                "(check the path, or create it with `claimtrack db init`)"
            )
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RegistryError(
                f"cannot create database directory {parent}: {exc.strerror}"
            ) from None
    return path


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Autocommit at the driver level so SQLAlchemy's own BEGIN governs transactions.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


#: Execution option of a connection that only reads (:meth:`Registry.reading`).
READ_ONLY = "claimtrack_read_only"


def _sqlite_on_begin(conn: sa.Connection) -> None:
    # IMMEDIATE takes the write lock up front, so concurrent writers wait on busy_timeout
    # instead of failing with "database is locked" half-way through a transaction.
    # A read-only one is deferred: in WAL mode a snapshot that keeps no writer waiting
    # (a report streamed over seconds must not hold the write lock).
    if conn.get_execution_options().get(READ_ONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``, with SQLite opened in WAL mode with foreign keys on."""
    import sqlalchemy as sa

    try:
        if url.startswith("sqlite"):
            engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            sa.event.listen(engine, "connect", _sqlite_on_connect)
            sa.event.listen(engine, "begin", _sqlite_on_begin)
            return engine
        return sa.create_engine(url, pool_pre_ping=True)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise RegistryError(f"invalid database URL {url!r}: {exc}") from None


def _alembic_config(connection: sa.Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration shipped with this version of claimtrack."""
    return HEAD_REVISION


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return stored_revision(connection)


def stored_revision(connection: sa.Connection) -> str | None:
    """The revision recorded in ``alembic_version``; None if the table is absent or empty.

    Plain SQL, as Alembic's ``MigrationContext.get_current_revision`` reads it, without
    importing Alembic. More than one row (branched histories, which claimtrack does not
    make) is refused, as Alembic refuses it.
    """
    import sqlalchemy as sa

    if not sa.inspect(connection).has_table(VERSION_TABLE):
        return None
    rows = connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) > 1:
        raise RegistryError(
            f"the database records {len(rows)} schema revisions ({', '.join(sorted(rows))}); "
            "claimtrack expects one"
        )
    return rows[0] if rows else None


def advisory_xact_lock(connection: sa.Connection, key: int) -> None:
    """Serialise a transaction with every other one taking ``key``, until it ends.

    ``pg_advisory_xact_lock`` on PostgreSQL. SQLite needs nothing: its write transactions
    start ``BEGIN IMMEDIATE`` (see :func:`create_db_engine`), which already serialises them.
    """
    import sqlalchemy as sa

    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` in one transaction.

    The transaction holds the migration lock first, so processes that open a fresh
    database at the same time migrate it one after the other: the first creates the
    schema, the others find it at ``revision`` and do nothing.
    """
    from alembic import command

    with engine.begin() as connection:
        advisory_xact_lock(connection, MIGRATION_LOCK)
        command.upgrade(_alembic_config(connection), revision)


def describe_db_error(url: str, exc: Exception) -> str:
    """A one-line description of a database failure, without the password."""
    import sqlalchemy as sa

    safe = sa.make_url(url).render_as_string(hide_password=True)
    detail = getattr(exc, "orig", None) or exc
    text = str(detail).strip().splitlines()[0] if str(detail).strip() else type(detail).__name__
    return f"cannot open database {safe}: {text}"


def open_engine(url: str, *, migrate: bool = True) -> Engine:
    """Open the database at ``url`` and bring its schema up to date.

    A SQLite file is created only where :func:`prepare_new_database` allows it.
    """
    import sqlalchemy as sa

    prepare_new_database(url)
    engine = create_db_engine(url)
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if migrate and current_revision(engine) != head_revision():
                upgrade(engine)
            return engine
        except sa.exc.OperationalError as exc:
            # SQLite answers SQLITE_BUSY at once, without waiting on busy_timeout, where
            # waiting could deadlock; processes that open a new file together can meet
            # that while one of them sets WAL mode or creates the schema. The schema
            # check is safe to repeat, so wait for the other process like busy_timeout would.
            if _sqlite_busy(engine, exc) and time.monotonic() < deadline:
                engine.dispose()
                time.sleep(0.05)
                continue
            engine.dispose()
            raise RegistryError(describe_db_error(url, exc)) from None
        except sa.exc.SQLAlchemyError as exc:
            engine.dispose()
            raise RegistryError(describe_db_error(url, exc)) from None


def _sqlite_busy(engine: Engine, exc: sa.exc.OperationalError) -> bool:
    """Whether ``exc`` is SQLite's "database is locked" (SQLITE_BUSY)."""
    orig = exc.orig
    return (
        engine.dialect.name == "sqlite"
        and isinstance(orig, sqlite3.OperationalError)
        and getattr(orig, "sqlite_errorcode", sqlite3.SQLITE_BUSY) & 0xFF == sqlite3.SQLITE_BUSY
        and "locked" in str(orig)
    )
