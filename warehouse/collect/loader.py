"""Load RudderStack payloads into the raw layer: server rules, tracking plan, dedupe, quarantine.

Every message ends up in exactly one of: loaded, quarantined (with its raw payload), or duplicate (its id
is already stored), so the three counts add up to the input. A load is one transaction.
"""

from __future__ import annotations

import gc
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import duckdb
from pydantic import BaseModel, Field

from warehouse.collect.bulk_insert import insert_rows
from warehouse.collect.data_end import advance_data_end
from warehouse.collect.envelopes import Envelope, envelopes
from warehouse.collect.file_document import document_envelopes
from warehouse.collect.file_input import ACCEPTED, blocks, first_content_byte
from warehouse.collect.file_lines import line_envelopes
from warehouse.collect.known_ids import known_ids, raw_message_tables
from warehouse.collect.quarantine import QuarantineRow, ensure_quarantine, insert_quarantine
from warehouse.collect.raw_tables import apply_schema_changes, prepare, table
from warehouse.collect.rows import message_rows
from warehouse.collect.server_rules import Stamp, stamp_message
from warehouse.collect.table_batch import Fitted, TableBatch
from warehouse.collect.tracking_plan import TrackingPlan, Violation, load_tracking_plan
from warehouse.collect.users import refresh_users
from warehouse.errors import DatabaseError, InputError


class LoadReport(BaseModel):
    """What one load did: loaded + quarantined + duplicates == input."""

    source: str
    input: int = 0
    loaded: int = 0
    quarantined: int = 0
    duplicates: int = 0
    by_violation: dict[str, int] = Field(default_factory=dict)
    tables: dict[str, int] = Field(default_factory=dict, description="rows inserted per raw table")
    data_end: datetime | None = None


def _utc_naive(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC).replace(tzinfo=None)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic collector: a load makes millions of small acyclic dicts and tuples, and the
    collector's repeated scans of them cost about 15% of the load (reference counting still frees them)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _reasons(violations: list[Violation]) -> str:
    return "; ".join(f"{v.path}: {v.message}" if v.path else v.message for v in violations)


# A load parses, deduplicates, flattens and inserts this many messages at a time: parsed messages and rows
# of a backfill of millions are held one chunk at a time. Larger chunks save a little per-statement work
# (the id lookup, one insert per table) but touch more fresh memory; 20,000 measured best.
CHUNK_MESSAGES = 20_000
# With the collector paused, each chunk's SQL statements (sqlglot trees, whose nodes point back at their
# parents) would stay until the load ends: under a megabyte a chunk, but a backfill has thousands of chunks.
# Collecting the young objects every few chunks frees them; its cost is mostly scanning the live chunk, so
# every 8 chunks it is a few milliseconds, 0.5% of the load, and the garbage stays under 10 MB.
_COLLECT_EVERY = 8


class _Load:
    """The state of one load while messages are sorted into loaded, quarantined and duplicate."""

    def __init__(self, con: duckdb.DuckDBPyConnection, plan: TrackingPlan, source: str, received_at: datetime):
        self.con, self.plan, self.source, self.received_at = con, plan, source, received_at
        self.report = LoadReport(source=source)
        self.batches: dict[str, TableBatch] = prepare(con, plan)
        ensure_quarantine(con)
        self.quarantine: list[QuarantineRow] = []
        self.counts: Counter[str] = Counter()
        self.identified: set[str] = set()
        self.latest: datetime | None = None

    def run(self, items: Iterable[Envelope]) -> LoadReport:
        for number, chunk in enumerate(_chunks(items, CHUNK_MESSAGES), start=1):
            self._sort(chunk)
            self._write_chunk()
            if number % _COLLECT_EVERY == 0:
                gc.collect(0)
        self._finish()
        return self.report

    def _sort(self, chunk: list[Envelope]) -> None:
        """Sort a chunk's messages into loaded, quarantined and duplicate."""
        stored = known_ids(self.con, [item.id for item in chunk],
                           {"raw": raw_message_tables(set(self.batches)), "quarantine": [table("quarantine", "mcc")]})
        # Ids this chunk stored. Earlier chunks' rows are already inserted, in this transaction, where
        # known_ids finds them: no set of every id in the load, which would grow with the file.
        raw_seen: set[str] = set()
        quarantine_seen: set[str] = set()
        duplicates = 0  # counted in a local: a pydantic field assignment per message costs a microsecond
        for item, in_raw, in_quarantine in zip(chunk, stored["raw"], stored["quarantine"], strict=True):
            if item.violation is None and (in_raw or item.id in raw_seen):
                duplicates += 1
                continue
            outcome = self._rows(item)
            if isinstance(outcome, list):
                if in_quarantine or item.id in quarantine_seen:
                    duplicates += 1
                else:
                    quarantine_seen.add(item.id)
                    self._quarantine(item, outcome)
            else:
                raw_seen.add(item.id)
                self._accept(*outcome)
        self.report.input += len(chunk)
        self.report.duplicates += duplicates
        self.report.loaded += len(chunk) - duplicates - len(self.quarantine)

    def _rows(self, item: Envelope) -> tuple[Stamp, list[tuple[TableBatch, Fitted]]] | list[Violation]:
        if item.violation is not None:
            return [item.violation]
        message = item.payload()
        stamp = stamp_message(message, item.id, self.received_at)
        if isinstance(stamp, Violation):
            return [stamp]
        rows = message_rows(message, stamp, self.plan, self.received_at)
        if isinstance(rows, list):
            return rows
        batches = [self.batches[name] for name in rows]
        fitted = [batch.fit(row) for batch, row in zip(batches, rows.values(), strict=True)]
        found = [Violation(type="Datatype-Mismatch", message=f) for f in fitted if isinstance(f, str)]
        return found or (stamp, list(zip(batches, cast(list[Fitted], fitted), strict=True)))

    def _quarantine(self, item: Envelope, violations: list[Violation]) -> None:
        kind = violations[0].type
        self.report.quarantined += 1
        self.report.by_violation[kind] = self.report.by_violation.get(kind, 0) + 1
        self.quarantine.append(QuarantineRow(item.id, self.received_at, self.source, item.line_no, kind,
                                             _reasons(violations), item.raw))

    def _accept(self, stamp: Stamp, rows: list[tuple[TableBatch, Fitted]]) -> None:
        for batch, fitted in rows:
            batch.add(fitted)
            if batch.name == "identifies" and stamp.user_id is not None:
                self.identified.add(stamp.user_id)
        if self.latest is None or stamp.timestamp > self.latest:
            self.latest = stamp.timestamp

    def _write_chunk(self) -> None:
        """Insert the chunk's rows and quarantined messages, and start the next chunk empty."""
        for batch in self.batches.values():
            if batch.count:
                apply_schema_changes(self.con, batch)
                self.counts[batch.name] += insert_rows(self.con, batch)
                batch.clear_rows()
        insert_quarantine(self.con, self.quarantine)
        self.quarantine.clear()

    def _finish(self) -> None:
        refresh_users(self.con, self.batches["identifies"], self.batches["users"], self.identified)
        if self.identified:
            self.counts["users"] = len(self.identified)
        self.report.tables = dict(sorted(self.counts.items()))
        if self.latest is not None:
            self.report.data_end = advance_data_end(self.con, self.latest)


def _chunks(items: Iterable[Envelope], size: int) -> Iterator[list[Envelope]]:
    """Yield the envelopes in lists of `size`, reading the input only as far as the current chunk."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def load_envelopes(con: duckdb.DuckDBPyConnection, items: Iterable[Envelope], *, source: str,
                   plan: TrackingPlan | None = None, received_at: datetime | None = None,
                   strict: bool = False, transaction: bool = True) -> LoadReport:
    """Load parsed envelopes in one transaction; with `strict`, any quarantined message rolls it all back."""
    # The collector stays paused until `_load` has returned and the last chunk's envelopes and rows are
    # freed: enabled while they are alive, its first pass would scan every one of them.
    with _no_cyclic_gc():
        return _load(con, items, source=source, plan=plan, received_at=received_at, strict=strict,
                     transaction=transaction)


def _load(con: duckdb.DuckDBPyConnection, items: Iterable[Envelope], *, source: str, plan: TrackingPlan | None,
          received_at: datetime | None, strict: bool, transaction: bool) -> LoadReport:
    if transaction:
        con.begin()
    try:
        report = _Load(con, plan or load_tracking_plan(), source, _utc_naive(received_at)).run(items)
        if strict and report.quarantined:
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(report.by_violation.items()))
            raise InputError(f"{report.quarantined} of {report.input} messages break the tracking plan or "
                             f"server rules ({kinds}); nothing was loaded", where=source,
                             accepted="messages that pass the plan, or a load without --strict",
                             details=report.model_dump(mode="json"))
    except duckdb.Error as exc:
        if transaction:
            con.rollback()
        raise DatabaseError(f"loading {source} failed and was rolled back: {str(exc).splitlines()[0]}") from exc
    except BaseException:
        if transaction:
            con.rollback()
        raise
    if transaction:
        con.commit()
    return report


def load_messages(con: duckdb.DuckDBPyConnection, messages: Iterable[dict[str, Any] | str], *, source: str,
                  plan: TrackingPlan | None = None, received_at: datetime | None = None,
                  transaction: bool = True) -> LoadReport:
    """Load messages (dicts, JSON lines or `/v1/batch` bodies) into the raw layer; see `LoadReport`."""
    return load_envelopes(con, envelopes(messages), source=source, plan=plan, received_at=received_at,
                          transaction=transaction)


def load_file(con: duckdb.DuckDBPyConnection, path: str | Path, *, plan: TrackingPlan | None = None,
              strict: bool = False, source: str | None = None,
              received_at: datetime | None = None) -> LoadReport:
    """Load a file of JSON lines, a JSON array or `/v1/batch` bodies, gzipped or not; an empty file is an InputError.

    The file is read as it loads, a block at a time, so a load's memory does not grow with the file.
    """
    file = Path(path)
    first = first_content_byte(file)
    if not first:
        raise InputError(f"{file} is empty", accepted=ACCEPTED)
    document = document_envelopes(file) if first in b"{[" else None
    items = line_envelopes(blocks(file)) if document is None else document
    return load_envelopes(con, items, source=source or file.name, plan=plan, received_at=received_at,
                          strict=strict)
