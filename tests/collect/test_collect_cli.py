from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli.main import app

GOOD = json.dumps({"type": "track", "event": "app_opened", "userId": "u1", "messageId": "c1"})
OTHER = json.dumps({"type": "track", "event": "trial_started", "userId": "u1", "messageId": "c2"})


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", str(db), "collect", "load", *args])
    return result.exit_code, result.stdout, result.stderr


def test_load_reports_counts_that_add_up_and_exits_0_with_quarantine(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(f"{GOOD}\n{{broken\n{OTHER}\n")
    code, out, _ = run(tmp_path / "new.duckdb", str(path))
    assert code == 0
    assert "1 messages quarantined (Malformed-JSON 1)" in out
    code, out, _ = run(tmp_path / "new.duckdb", str(path), "--json")
    counts = json.loads(out)
    assert code == 0
    assert (counts["input"], counts["loaded"], counts["quarantined"], counts["duplicates"]) == (3, 0, 0, 3)


def test_strict_exits_non_zero_and_loads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(f"{GOOD}\n{{broken\n")
    code, out, err = run(tmp_path / "w.duckdb", str(path), "--strict", "--json")
    assert code == 1
    assert json.loads(out)["details"]["quarantined"] == 1
    assert "nothing was loaded" in err and "Traceback" not in err
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema='raw'").fetchone() == (0,)
    path.write_text(f"{GOOD}\n")
    assert run(tmp_path / "w.duckdb", str(path), "--strict", "--source", "web")[0] == 0


def test_bad_inputs_are_one_line_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    good = tmp_path / "good.jsonl"
    good.write_text(GOOD + "\n")
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"this is not a database" * 100)
    not_a_dir = tmp_path / "plain.txt"
    not_a_dir.write_text("a file where a directory should be")
    cases = [
        (run(not_a_dir / "w.duckdb", str(good)), "cannot open"),
        (run(tmp_path / "w.duckdb", str(empty)), "is empty"),
        (run(corrupt, str(good)), "corrupt.duckdb"),
        (run(tmp_path / "no" / "such" / "dir.duckdb", str(good)), "does not exist"),
        (run(tmp_path / "w.duckdb", str(tmp_path / "missing.jsonl")), "cannot read"),
    ]
    for (code, _, err), expected in cases:
        assert code == 1, err
        assert expected in err and len(err.strip().splitlines()) == 1, err


def test_a_gzipped_export_loads_and_a_truncated_one_is_a_one_line_error(tmp_path: Path) -> None:
    zipped = tmp_path / "export.jsonl.gz"
    zipped.write_bytes(gzip.compress(f"{GOOD}\n{{broken\n{OTHER}\n".encode()))
    code, out, _ = run(tmp_path / "w.duckdb", str(zipped), "--json")
    assert code == 0
    assert {k: json.loads(out)[k] for k in ("input", "loaded", "quarantined")} == {"input": 3, "loaded": 2,
                                                                                 "quarantined": 1}
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(zipped.read_bytes()[:-12])
    code, _, err = run(tmp_path / "other.duckdb", str(truncated))
    assert code == 1
    assert "cannot read" in err and "cut.jsonl.gz" in err and len(err.strip().splitlines()) == 1, err


def test_serve_on_a_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["--db", str(tmp_path / "w.duckdb"), "collect", "serve",
                                          "--port", str(port), "--write-key", "k"])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
