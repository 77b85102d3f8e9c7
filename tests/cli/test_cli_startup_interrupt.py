"""Ctrl-C while `mcc` is still loading its commands: one line on stderr and exit code 130, no traceback;
and the command line reaches typer through public names only."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

CLI = Path(__file__).parents[2] / "cli"

# Run as the console script does, with Ctrl-C pressed while a command module's imports load.
SCRIPT = """
import sys

class CtrlC:
    def find_spec(self, name, path=None, target=None):
        if name == "cli.rules_cmds":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["mcc", *sys.argv[1:]]
from cli.main import main
sys.exit(main())
"""


def _mcc_interrupted_at_startup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, timeout=60,
                          cwd=CLI.parent)


def test_ctrl_c_while_loading_is_one_line_and_exit_code_130() -> None:
    done = _mcc_interrupted_at_startup("rules", "list")
    assert done.returncode == 130, done.stderr
    assert done.stderr == "error: interrupted (Ctrl-C)\n" and done.stdout == ""


def test_ctrl_c_while_loading_with_json_prints_the_error_object() -> None:
    done = _mcc_interrupted_at_startup("rules", "list", "--json")
    assert done.returncode == 130 and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["error"] == "Interrupted"


def test_the_cli_imports_no_private_typer_or_click_module() -> None:
    private = re.compile(r"^\s*(from|import)\s+(typer\._|click\b)", re.MULTILINE)
    offenders = [p.name for p in CLI.glob("*.py") if private.search(p.read_text())]
    assert offenders == []
