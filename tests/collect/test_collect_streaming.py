"""A file loads as a stream: batch and block sizes change nothing stored, gzip and JSON arrays stream too."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

# The golden test's varied files and table dump: every outcome, widening and duplicates.
from test_collect_golden import FIRST, PLAN, dump_tables, first_lines, msg, second_lines

from warehouse.collect import file_input, loader
from warehouse.collect.loader import load_file
from warehouse.errors import InputError


def write(path: Path, lines: list[str], *, end: str = "\n") -> Path:
    path.write_text(end.join(lines) + end, encoding="utf-8")
    return path


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def load_and_dump(tmp: Path, files: list[Path], name: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Load the files into a fresh warehouse; return the reports and every raw and mcc table."""
    con = duckdb.connect(str(tmp / f"{name}.duckdb"))
    reports = [load_file(con, f, plan=PLAN, received_at=FIRST).model_dump(mode="json") for f in files]
    tables = dump_tables(con)
    con.close()
    return reports, tables


def varied_files(tmp: Path) -> list[Path]:
    first = write(tmp / "first.jsonl", first_lines())
    second = write(tmp / "second.jsonl", second_lines(), end="\r\n")
    with_bad_bytes = tmp / "bytes.jsonl"
    with_bad_bytes.write_bytes(b"\n".join(line.encode() for line in first_lines()[:20])
                               + b'\n{"type": "track", "event": "caf\xe9"}\n'
                               + b"\n".join(line.encode() for line in second_lines()[:10]) + b"\n")
    return [first, second, with_bad_bytes, first]


def test_a_tiny_batch_and_block_store_exactly_what_one_batch_stores(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    files = varied_files(tmp_path)
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", 10**6)
    one_reports, one_tables = load_and_dump(tmp_path, files, "one")
    # 5 messages a batch, and 50-byte reads: lines span reads, duplicates and widening span batches.
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", 5)
    monkeypatch.setattr(file_input, "BLOCK_BYTES", 50)
    tiny_reports, tiny_tables = load_and_dump(tmp_path, files, "tiny")
    assert tiny_reports == one_reports
    assert one_reports[0]["duplicates"] > 0 and one_reports[0]["quarantined"] > 0
    assert one_reports[3]["duplicates"] == one_reports[3]["input"]  # the reload
    assert sorted(tiny_tables) == sorted(one_tables)
    for name, table in one_tables.items():
        assert tiny_tables[name] == table, name
    assert len(one_tables["mcc.quarantine"]["rows"]) == sum(r["quarantined"] for r in one_reports)


def test_a_duplicate_id_split_across_two_batches_loads_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", 2)
    first = msg("track", "dup", event="app_opened")
    again = msg("track", "dup", event="app_opened", timestamp="2024-05-01T11:00:00Z")  # other content, same id
    bad = msg("track", "bad", event="teleported")
    lines = [json.dumps(m) for m in (first, bad, again, bad, msg("track", "other", event="app_opened"))]
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    report = load_file(con, write(tmp_path / "d.jsonl", lines), plan=PLAN)
    assert (report.input, report.loaded, report.quarantined, report.duplicates) == (5, 2, 1, 2)
    assert rows(con, "SELECT id, hour(timestamp) FROM raw.app_opened ORDER BY id") == [("dup", 10), ("other", 10)]
    assert rows(con, "SELECT id, line_no FROM mcc.quarantine") == [("bad", 2)]


def test_a_malformed_line_at_a_batch_boundary_is_quarantined_with_its_line(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", 2)
    monkeypatch.setattr(file_input, "BLOCK_BYTES", 40)  # the broken lines also span reads
    good = [json.dumps(msg("track", f"g{i}", event="app_opened")) for i in range(4)]
    broken = ['{"type": "track", "messageId": "cut", "event":', '{"type": "track", "event": "app_opened", "x": [']
    # the first broken line ends batch 1, the second starts batch 3
    lines = [good[0], broken[0], good[1], good[2], broken[1], good[3]]
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    report = load_file(con, write(tmp_path / "m.jsonl", lines), plan=PLAN)
    assert (report.input, report.loaded, report.quarantined, report.by_violation) == (6, 4, 2, {"Malformed-JSON": 2})
    assert rows(con, "SELECT line_no, raw_payload FROM mcc.quarantine ORDER BY line_no") == [
        (2, broken[0]), (5, broken[1])]
    assert rows(con, "SELECT count(*) FROM raw.app_opened") == [(4,)]


def test_the_file_is_read_as_it_loads_not_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps(msg("track", f"s{i}", event="app_opened")) for i in range(60)]
    path = write(tmp_path / "s.jsonl", lines)
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", 10)
    monkeypatch.setattr(file_input, "BLOCK_BYTES", 500)
    read: list[int] = []
    at_first_insert: list[int] = []
    real_blocks, real_insert = loader.blocks, loader.insert_rows

    def counted_blocks(file: Path) -> Iterator[bytes]:
        for block in real_blocks(file):
            read.append(len(block))
            yield block

    def insert(con: duckdb.DuckDBPyConnection, batch: Any) -> int:
        if not at_first_insert:
            at_first_insert.append(sum(read))
        return real_insert(con, batch)

    monkeypatch.setattr(loader, "blocks", counted_blocks)
    monkeypatch.setattr(loader, "insert_rows", insert)
    report = load_file(duckdb.connect(str(tmp_path / "w.duckdb")), path, plan=PLAN)
    assert report.loaded == 60
    assert sum(read) == path.stat().st_size
    # the first batch of 10 lines went in when about that many lines had been read, not the whole file
    assert at_first_insert[0] < path.stat().st_size / 3


def test_a_gzipped_file_loads_as_the_plain_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_input, "BLOCK_BYTES", 100)
    plain = write(tmp_path / "first.jsonl", first_lines())
    zipped = tmp_path / "first.jsonl.gz"
    zipped.write_bytes(gzip.compress(plain.read_bytes()))
    plain_reports, plain_tables = load_and_dump(tmp_path, [plain], "plain")
    zipped_reports, zipped_tables = load_and_dump(tmp_path, [zipped], "zipped")
    assert [r | {"source": ""} for r in zipped_reports] == [r | {"source": ""} for r in plain_reports]
    assert zipped_reports[0]["source"] == "first.jsonl.gz"
    for name, table in plain_tables.items():
        if name != "mcc.quarantine":
            assert zipped_tables[name] == table, name
    assert [row[3:] for row in zipped_tables["mcc.quarantine"]["rows"]] == [
        row[3:] for row in plain_tables["mcc.quarantine"]["rows"]]  # all but id, received_at and source


def test_a_truncated_gzip_file_loads_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", 5)
    monkeypatch.setattr(file_input, "BLOCK_BYTES", 200)
    data = gzip.compress("\n".join(json.dumps(msg("track", f"z{i}", event="app_opened")) for i in range(200)).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    with pytest.raises(InputError, match=r"cannot read .*cut\.jsonl\.gz"):
        load_file(con, path, plan=PLAN)
    assert rows(con, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw'") == [(0,)]


@pytest.mark.parametrize("block", [file_input.BLOCK_BYTES, 30])
def test_a_pretty_printed_array_or_batch_streams_as_one_document(tmp_path: Path, block: int,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_input, "BLOCK_BYTES", block)
    monkeypatch.setattr(loader, "CHUNK_MESSAGES", 2)
    messages = [msg("track", f"a{i}", event="app_opened", timestamp=..., originalTimestamp="2024-05-01T10:00:00Z")
                for i in range(5)]
    array = tmp_path / "array.json"
    array.write_text(json.dumps([*messages[:3], "not a message"], indent=2))
    body = tmp_path / "body.json"  # sentAt after the batch still applies to every message
    body.write_text("\n\n" + json.dumps({"batch": messages[3:], "sentAt": "2024-05-01T10:00:30Z"}, indent=4) + "\n")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = load_file(con, array, plan=PLAN, received_at=FIRST)
    second = load_file(con, body, plan=PLAN, received_at=FIRST)
    assert (first.input, first.loaded, first.quarantined, second.loaded) == (4, 3, 1, 2)
    assert rows(con, "SELECT line_no, raw_payload FROM mcc.quarantine") == [(1, '"not a message"')]
    assert rows(con, "SELECT id, sent_at FROM raw.tracks WHERE id IN ('a3', 'a4') ORDER BY id") == [
        ("a3", FIRST.replace(day=1, hour=10, second=30)), ("a4", FIRST.replace(day=1, hour=10, second=30))]


def test_json_lines_that_open_like_a_document_stay_lines(tmp_path: Path) -> None:
    good = json.dumps(msg("track", "l2", event="app_opened"))
    # a broken first line followed by messages parses as one object for a while, then stops being one
    path = write(tmp_path / "l.jsonl", ['{"type": "track", "event":', good, "[", good])
    report = load_file(duckdb.connect(str(tmp_path / "w.duckdb")), path, plan=PLAN)
    assert (report.input, report.loaded, report.quarantined, report.duplicates) == (4, 1, 2, 1)


def test_line_separators_inside_a_string_do_not_split_its_line(tmp_path: Path) -> None:
    message = msg("page", "sep", name="Home", properties={"note": "a\u2028b\u0085c"})
    path = tmp_path / "sep.jsonl"
    path.write_text(json.dumps(message, ensure_ascii=False) + "\r" + json.dumps(msg("track", "cr", event="app_opened")),
                    encoding="utf-8")  # and a bare carriage return ends a line
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert load_file(con, path, plan=PLAN).loaded == 2
    assert rows(con, "SELECT note FROM raw.pages WHERE id = 'sep'") == [("a\u2028b\u0085c",)]
