"""`mcc eval`: run the eval suites through the agent, print a table per family, write a JSON report."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.common import console, plain, print_json

SUITES = ("eligibility", "decision", "debug", "redteam")


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)


def eval_command(
    suite: list[str] = typer.Option(None, "--suite", help=f"Run only these families ({', '.join(SUITES)}); repeatable."),
    model: str = typer.Option("offline", "--model", help="offline (the catalog planner) or openai:NAME.",
                              envvar="MCC_MODEL"),
    repeat: int = typer.Option(1, "--repeat", min=1, max=20, help="Run each case K times and report pass^1 and pass^K."),
    json_path: Path = typer.Option(None, "--json", help="Write the JSON report to PATH ('-' prints it on stdout)."),
    dataset_dir: list[Path] = typer.Option(None, "--dataset-dir", help="Also load every *.yaml in DIR; repeatable."),
    bars: Path = typer.Option(None, "--bars", help="Bars file (default evals/bars.yaml): family: rate."),
    builtin: bool = typer.Option(True, "--builtin/--no-builtin", help="Include the datasets in evals/datasets/."),
    fail_under_bar: bool = typer.Option(True, "--fail-under-bar/--no-fail-under-bar",
                                        help="Exit 1 when a family's rate is under its bar in evals/bars.yaml."),
) -> None:
    """Score the agent on the eval suites (eligibility, decision, debug, red team)."""
    from rich.progress import Progress

    from evals.dataset import load_cases
    from evals.report import render
    from evals.runner import EvalOptions, run_evals
    from warehouse.errors import InputError

    unknown = [s for s in suite or [] if s not in SUITES]
    if unknown:
        raise InputError(f"unknown suite {', '.join(unknown)}", where="--suite", accepted=", ".join(SUITES))
    options = EvalOptions(model=model, repeat=repeat, suites=list(suite) if suite else None,
                          dataset_dirs=list(dataset_dir or []), include_builtin=builtin, bars_path=bars)
    to_stdout = json_path is not None and str(json_path) == "-"
    total = len(load_cases(options.dataset_dirs, options.suites, include_builtin=builtin))
    with Progress(console=console, transient=True, disable=to_stdout) as progress:  # case ids are slugs
        task = progress.add_task("evaluating", total=total)
        report = run_evals(options, on_case=lambda case: progress.update(task, advance=1, description=case.id))
    if to_stdout:
        print_json(report)
    else:
        render(report, console)
        if json_path is not None:
            json_path.write_text(report.model_dump_json(indent=2) + "\n")
            console.print(plain(f"JSON report written to {json_path}"))
    if fail_under_bar and report.below_bar:
        raise typer.Exit(1)
