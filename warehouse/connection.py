"""Connections to the DuckDB warehouse: a trusted read-write one and the agent's sandbox.

The file is attached under a fixed catalog name (`ATTACHED_AS`) to an in-memory instance and made the
default: DuckDB otherwise names the catalog after the file's stem, so the default `mcc.duckdb` would
collide with our `mcc` schema ("Ambiguous reference to catalog or schema"). DuckDB refuses to attach one
file twice in a process, so a `Warehouse` hands out one kind of connection at a time and closes the other
first. Callers use the connection inside a `with` block and never keep it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.errors import DatabaseError

DEFAULT_DB = "mcc.duckdb"

ATTACHED_AS = "warehouse"

# Set after the attach (external access off would forbid attaching the file), then locked.
SANDBOX_SETTINGS: dict[str, str] = {
    "enable_external_access": "false",
    "autoload_known_extensions": "false",
    "autoinstall_known_extensions": "false",
    "allow_community_extensions": "false",
    "threads": "2",
    "memory_limit": "'512MB'",
    "max_temp_directory_size": "'1GB'",
}
SANDBOX_TIMEOUT_MS = 5000


def default_db_path() -> Path:
    """Return the warehouse path from MCC_DB, or ./mcc.duckdb."""
    return Path(os.environ.get("MCC_DB") or DEFAULT_DB)


def _friendly(path: Path, exc: Exception) -> DatabaseError:
    text = str(exc)
    if "Could not set lock" in text or "Conflicting lock" in text:
        return DatabaseError(
            f"the warehouse {path} is in use by another process",
            accepted="close the other mcc process, or pass another --db",
        )
    if "not a valid DuckDB database" in text or "Corrupt" in text or "corrupt" in text:
        return DatabaseError(
            f"{path} is not a readable DuckDB database ({text.splitlines()[0]})",
            accepted="a DuckDB file made by `mcc warehouse build`, or a new path",
        )
    if "already attached" in text:
        return DatabaseError(
            f"the warehouse {path} is already open in this process",
            accepted="close the other connection first (use warehouse.connection.Warehouse)",
        )
    if "Permission denied" in text or "Read-only file system" in text or "No such file" in text:
        return DatabaseError(
            f"cannot open {path}: {text.splitlines()[0]}",
            accepted="a path in a writable directory",
        )
    return DatabaseError(f"cannot open {path}: {text.splitlines()[0]}")


def connect(path: str | Path, *, read_only: bool = False, must_exist: bool = True) -> duckdb.DuckDBPyConnection:
    """Open a trusted connection (sqlglot-built SQL only), with one-line errors for bad files."""
    p = Path(path)
    if must_exist and not p.exists():
        raise DatabaseError(
            f"no warehouse at {p}",
            accepted="run `mcc warehouse build` first, or pass --db PATH to an existing file",
        )
    if not p.exists() and not p.parent.exists():
        raise DatabaseError(f"directory {p.parent} does not exist", accepted="a path in an existing directory")
    try:
        return _attach(p, read_only=read_only)
    except (duckdb.Error, OSError) as exc:
        raise _friendly(p, exc) from exc


def _attach(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open an in-memory instance with the warehouse file attached as the default catalog."""
    con = duckdb.connect(":memory:")
    try:
        mode = " (READ_ONLY)" if read_only else ""
        con.execute(f"ATTACH {_sql_string(str(path))} AS {ATTACHED_AS}{mode}")
        con.execute(f"USE {ATTACHED_AS}")
    except BaseException:
        con.close()
        raise
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Return a cursor that sees what `con` sees.

    A DuckDB cursor starts in the instance's default catalog (here the in-memory one), not in the
    catalog `con` switched to with USE, so it is pointed at the same catalog.
    """
    row = con.execute("SELECT current_database()").fetchone()
    cur = con.cursor()
    if row is not None:
        cur.execute(f'USE "{row[0]}"')
    return cur


def _sql_string(value: str) -> str:
    """Quote a path as a SQL string literal (ATTACH takes no parameters)."""
    return "'" + value.replace("'", "''") + "'"


def connect_sandboxed(path: str | Path, *, timeout_ms: int = SANDBOX_TIMEOUT_MS) -> duckdb.DuckDBPyConnection:
    """Open the agent's connection: read only, no external access, locked configuration, time limit.

    This is the second layer; the parser guard in `tools.sql_guard` is the first.
    """
    p = Path(path)
    if not p.exists():
        raise DatabaseError(f"no warehouse at {p}", accepted="run `mcc warehouse build` first")
    try:
        con = _attach(p, read_only=True)
        for name, value in SANDBOX_SETTINGS.items():
            con.execute(f"SET {name}={value}")
        con.execute(f"SET max_execution_time={int(timeout_ms)}")
        con.execute("SET lock_configuration=true")
    except (duckdb.Error, OSError) as exc:
        raise _friendly(p, exc) from exc
    return con


class Warehouse:
    """A warehouse file and the one connection this process may hold on it at a time."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._kind: str | None = None

    def _switch(self, kind: str, opener: Callable[[], duckdb.DuckDBPyConnection]) -> duckdb.DuckDBPyConnection:
        if self._con is not None and self._kind == kind:
            return self._con
        self.close()
        self._con = opener()
        self._kind = kind
        return self._con

    @contextmanager
    def writer(self, *, must_exist: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield the trusted read-write connection."""
        yield self._switch("rw", lambda: connect(self.path, must_exist=must_exist))

    @contextmanager
    def sandbox(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield the sandboxed read-only connection for SQL the agent asked for."""
        yield self._switch("sandbox", lambda: connect_sandboxed(self.path))

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
        self._con = None
        self._kind = None

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
