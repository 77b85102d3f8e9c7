"""Text from people and data prints as typed in the human output of `mcc`: rich never reads it as markup."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from io import StringIO
from pathlib import Path

import duckdb
import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from cli import execute_render
from cli.common import plain, render_error
from cli.main import app
from orchestrator.delivery import DeliveryReport
from orchestrator.explain_model import ConditionCheck, Explanation, RuleExplanation, StepCheck
from warehouse.catalog import load_catalog
from warehouse.errors import InputError

# Each would be mangled as markup: an unmatched close tag (a crash), a style, bracketed words, a link.
HOSTILE = ("[/]", "[bold]x[/bold]", "users [at risk]", "[link=http://x]y[/link]")
SQL_TYPES = {"int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "enum": "VARCHAR", "string": "VARCHAR"}
AS_OF = "2026-01-10 00:00:00"


def flat(text: str) -> str:
    """Join rich's wrapped lines, so a phrase split over two lines is still found."""
    return " ".join(text.split())


def spec_yaml(description: str, trait: str = "workouts_completed") -> str:
    """Return a small rule whose description (a person's words) is given."""
    quoted = description.replace("'", "''")
    return (f"kind: rule\nid: hostile_rule\ndescription: '{quoted}'\n"
            f"audience: {{kind: trait, trait: {trait}, op: gte, value: 1}}\n")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A two-user warehouse whose ids and trait values are hostile text (warehouse data is anyone's)."""
    catalog = load_catalog()
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE user_traits ({', '.join(f'{t.name} {SQL_TYPES[t.type]}' for t in catalog.traits)})")
    users = [{"user_id": "[bold]u1[/bold]", "device_os": "[/]", "country": "users [at risk]", "workouts_completed": 3},
             {"user_id": "u2", "device_os": "ios", "country": "[link=http://x]y[/link]", "workouts_completed": 2}]
    names = catalog.trait_names
    con.executemany(f"INSERT INTO user_traits ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                    [[u.get(n) for n in names] for u in users])
    con.execute("CREATE TABLE id_graph (node VARCHAR, user_id VARCHAR)")
    con.executemany("INSERT INTO id_graph VALUES (?, ?)", [[u["user_id"], u["user_id"]] for u in users])
    con.execute("CREATE TABLE fct_events (event_id VARCHAR, event_time TIMESTAMP, user_id VARCHAR, "
                "event_name VARCHAR, device_os VARCHAR, properties JSON)")
    con.execute("CREATE SCHEMA mcc")
    con.execute("CREATE TABLE mcc.meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO mcc.meta VALUES ('data_end', ?)", [AS_OF])
    con.close()
    return path


@pytest.fixture
def mcc(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.setenv("MCC_DB", str(db_path))
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> Result:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    return invoke


def rendered(show: Callable[[], None], monkeypatch: pytest.MonkeyPatch) -> str:
    """Run an execute_render view against a wide in-memory console and return what it printed."""
    out = StringIO()
    monkeypatch.setattr(execute_render, "console", Console(file=out, width=200))
    show()
    return out.getvalue()


@pytest.mark.parametrize("text", HOSTILE)
def test_the_error_line_quotes_the_input_as_typed(mcc: Callable[..., Result], text: str) -> None:
    result = mcc("traits", text, code=1)
    assert f"no user {text!r} in the warehouse" in flat(result.stderr)


def test_render_error_keeps_its_own_style_and_not_the_message_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    out = StringIO()
    monkeypatch.setattr("cli.common.err_console", Console(file=out, width=200, force_terminal=True))
    render_error(InputError("[bold]x[/bold] and [/]"), as_json=False)
    assert "[bold]x[/bold] and [/]" in out.getvalue() and "\x1b[1;31merror:" in out.getvalue()


def test_plain_shows_values_as_typed() -> None:
    assert [plain(v).plain for v in ("[/]", None, 3)] == ["[/]", "", "3"]


def test_traits_and_sql_show_warehouse_text_as_typed(mcc: Callable[..., Result]) -> None:
    traits = flat(mcc("traits", "[bold]u1[/bold]").stdout)
    assert "traits of [bold]u1[/bold]" in traits and "users [at risk]" in traits and "│ [/]" in traits
    answer = flat(mcc("sql", "SELECT country AS \"[bold]c[/bold]\" FROM user_traits ORDER BY user_id").stdout)
    assert "[bold]c[/bold]" in answer and "[link=http://x]y[/link]" in answer and "users [at risk]" in answer


def test_rules_views_show_names_descriptions_and_comments_as_typed(mcc: Callable[..., Result],
                                                                   tmp_path: Path) -> None:
    first, second = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    first.write_text(spec_yaml("users [at risk] get [bold]x[/bold]"))
    second.write_text(spec_yaml("now [/] and [link=http://x]y[/link]"))
    assert "hostile_rule proposed as v1" in mcc("rules", "propose", str(first), "--as", "[bold]x[/bold]").stdout
    mcc("rules", "reject", "hostile_rule", "--as", "[/]", "--comment", "users [at risk] [link=http://x]y[/link]")
    mcc("rules", "propose", str(second), "--as", "[bold]x[/bold]")
    listed = flat(mcc("rules", "list").stdout)  # a long description wraps inside its cell: phrases are checked
    assert "│ [bold]x[/bold] │ [/] │" in listed and "│ users [at risk] get" in listed and "now [/] and" in listed
    assert "[link=http://x]y[/link]" in listed
    shown = flat(mcc("rules", "show", "hostile_rule", "--version", "1").stdout)
    assert "proposed by [bold]x[/bold]" in shown and "decided by [/]" in shown
    assert "reject by [/]" in shown and "users [at risk] [link=http://x]y[/link]" in shown
    assert "description: users [at risk] get [bold]x[/bold]" in shown
    diff = flat(mcc("rules", "diff", "hostile_rule").stdout)
    assert "now [/] and [link=http://x]y[/link]" in diff


def test_validation_and_preview_show_spec_and_data_text_as_typed(mcc: Callable[..., Result],
                                                                  tmp_path: Path) -> None:
    bad = tmp_path / "[bold]x[/bold]"
    bad.mkdir(parents=True)
    spec = bad / "users [at risk].yaml"
    spec.write_text(spec_yaml("fine", trait="'[bold]x[/bold]'"))
    report = flat(mcc("rules", "validate", str(spec), code=1).stdout)
    assert f"{spec}: 1 error(s)" in report and "[bold]x[/bold]" in report.replace(f"{spec}", "")
    spec.write_text(spec_yaml("fine"))
    preview = flat(mcc("preview", str(spec)).stdout)
    assert "country: [link=http://x]y[/link] 1, users [at risk] 1" in preview and "device_os: [/] 1" in preview
    assert "[bold]u1[/bold]" in preview  # a sample user id


def test_explanation_shows_ids_reasons_and_values_as_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    check = ConditionCheck(path="audience", text="country eq 'users [at risk]'", holds=True, value="[bold]x[/bold]")
    step = StepCheck(step="audience", passed=True, detail="in [link=http://x]y[/link]", checks=[check])
    rule = RuleExplanation(rule_id="r", rule_version=1, priority=1, outcome="send", reason="[/] reason", steps=[step],
                           outbox=[{"step": 1, "channel": "push", "send_after": "t", "delivery_status": "[/]"}])
    explanation = Explanation(user_id="[bold]x[/bold]", run_id="run", as_of=datetime(2026, 1, 1), rules=[rule])
    out = flat(rendered(lambda: execute_render.render_explanation(explanation), monkeypatch))
    assert out.startswith("[bold]x[/bold] in run") and "SEND ([/] reason)" in out
    assert "✓ audience: in [link=http://x]y[/link]" in out
    assert "country eq 'users [at risk]' → true (value: '[bold]x[/bold]')" in out
    assert "at t: [/]" in out


def test_delivery_shows_targets_and_vendor_reasons_as_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    report = DeliveryReport(target="file:[bold]x[/bold]", now=datetime(2026, 1, 1), due=1, delivered=0, skipped=0,
                            parked=1, attempts=1, parked_reasons={"k": "vendor said [/] users [at risk]"})
    out = flat(rendered(lambda: execute_render.render_delivery(report), monkeypatch))
    assert "deliver to file:[bold]x[/bold]" in out and "parked 1: vendor said [/] users [at risk] (e.g. k)" in out


def test_collect_load_shows_its_file_and_source_as_typed(mcc: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "[" / "]"  # the path reads `.../[/]/...`: the spinner's text must not be markup
    folder.mkdir(parents=True)
    payloads = folder / "users [at risk].jsonl"
    payloads.write_text("not json\n")
    out = flat(mcc("collect", "load", str(payloads), "--source", "[bold]x[/bold]").stdout)
    assert "collect load [bold]x[/bold]" in out and "1 messages quarantined" in out


def test_terminal_escapes_and_bidi_overrides_in_warehouse_text_are_shown_escaped(db_path: Path,
                                                                                 mcc: Callable[..., Result]) -> None:
    # OSC 52 writes the reader's clipboard, ESC[2J clears the screen, U+202E reverses what follows
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE user_traits SET country = ? WHERE user_id = 'u2'", ["DE\x1b]52;c;cHduZWQ=\x07\x1b[2J\u202eSU"])
    con.close()
    out = mcc("sql", "SELECT country FROM user_traits WHERE user_id = 'u2'").stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "DE\\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\u202eSU" in out
    assert [plain(v).plain for v in ("tab\tand\nnewline", "\x9b31m")] == ["tab\tand\nnewline", "\\x9b31m"]
