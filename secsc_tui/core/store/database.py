"""Opening a database: refuse what is not ours, create or upgrade it, set up the engine.

Opening an up-to-date database reads ``alembic_version`` and compares it with
``SCHEMA_HEAD``; Alembic itself (a quarter of a second to import) is loaded only
to create a new database or to upgrade an older one, and a backup of the older
one is written beside it first.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import QueuePool, StaticPool

from secsc_tui.core.problems import DatabaseError
from secsc_tui.core.store.busy import BUSY_TIMEOUT_MS
from secsc_tui.core.store.errors import database_errors, describe
from secsc_tui.core.store.location import Target, mask_password
from secsc_tui.core.store.schema_version import SCHEMA_HEAD, SCHEMA_REVISIONS
from secsc_tui.i18n import N_, _

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_MAGIC = b"SQLite format 3\x00"

# Connection.execution_options() flag: begin the transaction with BEGIN IMMEDIATE,
# so that a read-then-write transaction takes the write lock up front and waits
# (busy_timeout) for another writer instead of failing with "database is locked".
WRITE = "secsc_write"


class State(enum.Enum):
    NEW = "new"  # no schema yet (missing or empty file, empty database)
    CURRENT = "current"
    OLDER = "older"


@dataclass(frozen=True)
class Inspection:
    state: State
    revision: str | None = None


def label(target: Target) -> str:
    """How messages name the database: its path, or its URL without a password."""
    if target.path is not None:
        return str(target.path)
    return mask_password(target.url)


def create_private_file(path: Path) -> int:
    """Create ``path`` for its owner only (0600), never through a link; FileExistsError if it exists."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)


# -- refusing what is not ours ------------------------------------------------------


def inspect_file(path: Path) -> Inspection:
    try:
        return _inspect_file(path)
    except OSError as exc:  # a name too long, a folder that cannot be searched...
        raise DatabaseError(
            _("cannot use {path} as the database: {strerror}", path=path, strerror=exc.strerror or exc)
        ) from exc


def _inspect_file(path: Path) -> Inspection:
    """Check an SQLite file before SQLAlchemy touches it (so a stranger's file stays unchanged).

    A missing database is created here, empty and private (0600, in a 0700 folder
    if the folder is new): it holds participants' names and security gaps. SQLite
    gives its -wal and -shm files the database's mode.
    """
    if path.is_dir():
        raise DatabaseError(_("{path} is a folder, not a database file", path=path))
    if not path.exists():
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                _(
                    "cannot create the folder {parent} for the database {name}: {strerror}",
                    parent=path.parent,
                    name=path.name,
                    strerror=exc.strerror or exc,
                )
            ) from exc
        try:
            os.close(create_private_file(path))
        except FileExistsError:
            pass  # created a moment ago by another process opening it too
        except OSError as exc:
            raise DatabaseError(
                _("cannot create the database {path}: {strerror}", path=path, strerror=exc.strerror or exc)
            ) from exc
        return Inspection(State.NEW)
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseError(_("cannot read {path}: {strerror}", path=path, strerror=exc.strerror or exc)) from exc
    if not header:
        return Inspection(State.NEW)  # an empty file is an empty SQLite database
    if header != SQLITE_MAGIC:
        raise DatabaseError(_("{path} is not a secsc database (not an SQLite file)", path=path))
    try:
        try:
            tables, versions = _read_tables(f"{path.as_uri()}?mode=rw")
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_CANTOPEN:
                raise
            # A WAL database in a read-only folder (no -shm file can be made): read it as it is.
            tables, versions = _read_tables(f"{path.as_uri()}?mode=ro&immutable=1")
    except sqlite3.Error as exc:
        raise _open_error(exc, path) from exc
    return classify(tables, versions, str(path))


def _read_tables(uri: str) -> tuple[set[str], list[str]]:
    conn = sqlite3.connect(uri, uri=True)
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return tables, _versions(conn.execute, tables)
    finally:
        conn.close()


def _open_error(exc: sqlite3.Error, path: Path) -> DatabaseError:
    message = str(exc)
    if "not a database" in message or "malformed" in message:
        return DatabaseError(
            _("{path} is a damaged SQLite file and cannot be used: {message}", path=path, message=message)
        )
    return describe(exc, _("open the database"), str(path)) or DatabaseError(f"{path}: {message}")


def _versions(execute: Callable[[str], Iterable[Sequence[Any]]], tables: set[str]) -> list[str]:
    if "alembic_version" not in tables:
        return []
    return [str(v) for (v,) in execute("SELECT version_num FROM alembic_version")]


def classify(tables: set[str], versions: list[str], where: str, kind: str = N_("an SQLite database")) -> Inspection:
    user_tables = {t for t in tables if not t.startswith("sqlite_")}
    if not user_tables:
        return Inspection(State.NEW)
    if "alembic_version" not in user_tables or "session" not in user_tables or len(versions) != 1:
        raise DatabaseError(_("{where} is {kind} but not a secsc one", where=where, kind=_(kind)))
    revision = versions[0]
    if revision == SCHEMA_HEAD:
        return Inspection(State.CURRENT, revision)
    if revision in SCHEMA_REVISIONS:
        return Inspection(State.OLDER, revision)
    raise DatabaseError(
        _(
            "{where} was written by a newer version of secsc (database schema {revision}, this version knows up to "
            "{head}); upgrade secsc or use another database with --db",
            where=where,
            revision=revision,
            head=SCHEMA_HEAD,
        )
    )


def inspect_connection(conn: sa.Connection, where: str) -> Inspection:
    """The same check through SQLAlchemy, for in-memory SQLite and other databases."""
    tables = set(sa.inspect(conn).get_table_names())
    kind = N_("an SQLite database") if conn.dialect.name == "sqlite" else _("a {name} database", name=conn.dialect.name)
    return classify(tables, _versions(lambda q: conn.exec_driver_sql(q), tables), where, kind)


# -- the engine -------------------------------------------------------------------------


# A server that does not answer (a wrong address behind a firewall, a laptop off the
# network) is given up on after this long, instead of waiting for ever (libpq's default).
CONNECT_TIMEOUT_SECONDS = 10
# A connection whose network dropped while it waited (for a save's answer, or idle in the
# pool) is found dead after about a minute (30 s idle, then 3 probes 10 s apart).
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}


def server_connect_args(url: URL | str) -> dict[str, Any]:
    """libpq's time limits for a PostgreSQL connection; any the URL names itself is kept as given."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return {}
    limits: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS, **KEEPALIVES}
    return {name: value for name, value in limits.items() if name not in parsed.query}


def make_engine(target: Target) -> Engine:
    if target.path is not None:
        url: URL | str = URL.create("sqlite", database=str(target.path))
    else:
        url = target.url
    try:
        backend = make_url(url).get_backend_name()
    except Exception as exc:
        raise DatabaseError(
            _("'{target}' is neither a file path nor a database URL: {exc}", target=label(target), exc=exc)
        ) from exc
    if backend != "sqlite":
        try:
            with database_errors(_("open the database"), label(target)):
                # A server restarts, a network drops: a pooled connection found dead is
                # replaced when it is taken, instead of failing the next save.
                return sa.create_engine(url, pool_pre_ping=True, connect_args=server_connect_args(url))
        except ImportError as exc:
            module = f"'{exc.name}' " if exc.name else ""
            raise DatabaseError(
                _(
                    "cannot open {target}: the Python driver {module}that SQLAlchemy uses for {backend} is not "
                    "installed; install it beside secsc (pip), or use an SQLite file with --db PATH",
                    target=label(target),
                    module=module,
                    backend=backend,
                )
            ) from exc
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if target.path is None and make_url(url).database in (None, "", ":memory:"):
        kwargs["poolclass"] = StaticPool  # one in-memory database shared by every checkout
    with database_errors(_("open the database"), label(target)):
        engine = sa.create_engine(url, **kwargs)
    _configure_sqlite(engine)
    return engine


def make_read_only_engine(path: Path, *, immutable: bool = False) -> Engine:
    """An engine that only reads the SQLite file at ``path``: nothing is written, not even the journal mode.

    ``immutable`` is for a WAL database in a folder where its -shm file cannot be
    created (a read-only folder): SQLite then reads the file without any locking,
    which is safe only because nobody can write a WAL beside it either.
    """
    uri = f"{path.as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    with database_errors(_("open the database"), str(path)):
        engine = sa.create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    _configure_sqlite(engine, read_only=True)
    return engine


def _configure_sqlite(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, connection_record: ConnectionPoolEntry) -> None:  # noqa: ARG001
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin
        # (the module would otherwise run SELECTs and DDL outside any transaction).
        dbapi_connection.isolation_level = None
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # first: every later statement waits
            if not read_only:
                _switch_to_wal(cursor, deadline)
                cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


def _switch_to_wal(cursor: sqlite3.Cursor, deadline: float) -> None:
    """Put the database in WAL mode, waiting as long as any other statement would.

    Changing the journal mode needs the database to itself, and SQLite reports
    SQLITE_BUSY at once, without its busy handler, when another connection is
    writing (a new database in its first transaction, a rollback-journal database
    such as a backup). So the switch is retried until the promised wait is over.
    """
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            busy = code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(exc)
            if not busy or time.monotonic() >= deadline:
                raise
        time.sleep(0.02)


# -- creating and upgrading -------------------------------------------------------------


def alembic_config(engine_or_url: Engine | str | None = None) -> Config:
    """An Alembic ``Config`` for the migrations shipped in this package (no alembic.ini).

    For developers adding a migration::

        from alembic import command
        from secsc_tui.core.store.database import alembic_config
        command.revision(alembic_config("sqlite:///dev.sqlite3"), "what changed",
                         rev_id="0002", autogenerate=True)
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if isinstance(engine_or_url, str):
        config.set_main_option("sqlalchemy.url", engine_or_url.replace("%", "%%"))
    return config


def migrate(engine: Engine, target: Target, before_upgrade: Callable[[], None] | None = None) -> Path | None:
    """Bring a new or older database to SCHEMA_HEAD in one transaction.

    Returns the backup written before upgrading an older database, else None. The
    version is read again under the write lock, so two processes opening the same
    old database upgrade it (and back it up) once. ``before_upgrade`` is called just
    before an older database is backed up and upgraded (seconds for thousands of
    sessions), so that a waiting person can be told why.
    """
    where = label(target)
    backup: Path | None = None
    with database_errors(_("set up the database"), where), engine.connect().execution_options(**{WRITE: True}) as conn:
        sqlite = conn.dialect.name == "sqlite"
        # Migrations that rebuild a table drop the old one: with foreign keys on, that
        # would cascade to its children. The pragma is ignored inside a transaction,
        # so it is set on the driver's connection before BEGIN, and checked after.
        if sqlite:
            _pragma(conn, "foreign_keys = OFF")
        try:
            with conn.begin():
                current = inspect_connection(conn, where)
                if current.state is State.CURRENT:
                    return None
                if current.state is State.NEW and sqlite:
                    _create_current_schema(conn)
                    return None
                if current.state is State.OLDER:
                    if target.path is not None:
                        refuse_read_only_upgrade(target.path, current.revision)
                    if before_upgrade is not None:
                        before_upgrade()
                    if target.path is not None:
                        backup = backup_database(target.path, current.revision or "unknown")
                from alembic import command

                config = alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, SCHEMA_HEAD)
                if sqlite and (broken := conn.exec_driver_sql("PRAGMA foreign_key_check").first()):
                    raise DatabaseError(
                        _(
                            "could not upgrade {where}: it has rows that refer to missing rows (table {table}); "
                            "it was left as it was",
                            where=where,
                            table=broken[0],
                        )
                        + (_(" (a backup is at {backup})", backup=backup) if backup else "")
                    )
        finally:
            if sqlite:  # the connection goes back to the pool as every other one is
                _pragma(conn, "legacy_alter_table = OFF")
                _pragma(conn, "foreign_keys = ON")
    return backup


# The table Alembic keeps the revision in, as Alembic creates it on SQLite.
_ALEMBIC_VERSION_TABLE = (
    "CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\t"
    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)"
)


def _create_current_schema(conn: sa.Connection) -> None:
    """A new SQLite database at ``SCHEMA_HEAD`` without running the migrations (nor importing Alembic).

    The tables as ``tables.py`` declares them and Alembic's note of the revision: a
    test checks that this is, statement for statement, what running every migration
    makes, so that the next migration finds exactly what it expects. Alembic's way
    through eight migrations cost a third of a second on every new database (the
    app's first start, every test). PostgreSQL keeps the migrations: only SQLite's
    schema is compared that closely.
    """
    from secsc_tui.core.store.tables import metadata

    metadata.create_all(conn)
    conn.exec_driver_sql(_ALEMBIC_VERSION_TABLE)
    conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (SCHEMA_HEAD,))


def refuse_read_only_upgrade(path: Path, revision: str | None) -> None:
    """An older database that cannot be written is refused before any backup is made.

    Otherwise every attempt would leave one more full backup beside it, and end in
    a message about writing rather than about the upgrade it needs.
    """
    file_blocked, folder_blocked = (not os.access(where, os.W_OK) for where in (path, path.parent))
    if file_blocked or folder_blocked:
        if file_blocked and folder_blocked:
            blocked = _("the file and its folder are read-only: make them writable")
        elif file_blocked:
            blocked = _("the file is read-only: make it writable")
        else:
            blocked = _("its folder is read-only: make it writable")
        raise DatabaseError(
            _(
                "{path} was written by an older secsc (database schema {revision}) and must be upgraded to "
                "schema {head} before this version can use it, but {blocked} (a backup is made before the "
                "upgrade), or open a copy with --db",
                path=path,
                revision=revision,
                head=SCHEMA_HEAD,
                blocked=blocked,
            )
        )


def _pragma(conn: sa.Connection, pragma: str) -> None:
    """Run a PRAGMA outside any transaction (the driver connection is in autocommit mode)."""
    driver = conn.connection.driver_connection
    assert driver is not None  # an open Connection always has its driver connection
    driver.execute(f"PRAGMA {pragma}")


def backup_database(path: Path, revision: str, now: dt.datetime | None = None) -> Path:
    """Copy the database with SQLite's online backup to ``<db>.backup-<rev>-<YYYYmmddHHMMSS>.sqlite3``."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d%H%M%S")
    destination = path.with_name(f"{path.name}.backup-{revision}-{stamp}.sqlite3")
    n = 1
    while True:  # a new, private file (the backup holds what the database holds)
        try:
            os.close(create_private_file(destination))
            break
        except FileExistsError:
            n += 1
            destination = path.with_name(f"{path.name}.backup-{revision}-{stamp}-{n}.sqlite3")
        except OSError as exc:
            raise DatabaseError(
                _(
                    "could not back up {path} to {destination} before upgrading it, so it was left as it is: "
                    "{strerror}",
                    path=path,
                    destination=destination,
                    strerror=exc.strerror or exc,
                )
            ) from exc
    try:
        source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            copy = sqlite3.connect(destination)
            try:
                source.backup(copy)
                # A self-contained file: not left in WAL mode beside the live database.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as exc:
        destination.unlink(missing_ok=True)
        raise DatabaseError(
            _(
                "could not back up {path} to {destination} before upgrading it, so it was left as it is: {exc}",
                path=path,
                destination=destination,
                exc=exc,
            )
        ) from exc
    return destination
