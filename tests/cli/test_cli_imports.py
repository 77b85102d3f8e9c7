"""The command line stays light: LLM packages load only in the commands that use them (DESIGN.md)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("langgraph", "langchain_core", "langchain_openai", "openai", "scipy")


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(','.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.strip().splitlines()[-1].split(","))


def test_loading_the_cli_imports_no_llm_package() -> None:
    loaded = _modules_after("import cli.main")
    assert not {m for m in HEAVY if m in loaded}


def test_rules_list_never_loads_langgraph(tmp_path: object) -> None:
    code = (
        "from typer.testing import CliRunner\n"
        "from cli.main import app\n"
        f"r = CliRunner().invoke(app, ['--db', r'{tmp_path}/w.duckdb', 'rules', 'list'])\n"
        "assert r.exit_code in (0, 1), r.output\n"
    )
    loaded = _modules_after(code)
    assert "langgraph" not in loaded
    assert "openai" not in loaded
