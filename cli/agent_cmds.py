"""`mcc ask`, `mcc chat` and `mcc demo`: the command-center agent at the command line.

LangGraph, LangChain and OpenAI are imported inside the command bodies, so other commands stay fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from cli.common import console, default_actor, globals_of, json_option, print_json
from warehouse.connection import default_db_path
from warehouse.errors import AgentError, InputError

DEMO_DB = "demo.duckdb"
# `mcc ask` exit codes: 0 answered (a draft, a proposal, a diagnosis, a data answer); 1 the run failed (the
# object's `error`, or any one-line error); 3 the agent understood the request and declined it (a refusal:
# nothing drafted or answered), so a script that asked for a rule can tell it got none. 2 is a usage error.
EXIT_REFUSED = 3
MODEL_HELP = "offline (the catalog planner, no network) or openai:NAME. Default: $MCC_MODEL or offline."


def default_model() -> str:
    return os.environ.get("MCC_MODEL") or "offline"


@contextmanager
def model_named_where_set(flag: str | None) -> Iterator[None]:
    """Name $MCC_MODEL, not --model, in a model error when the model came from the environment."""
    try:
        yield
    except AgentError as exc:
        if flag is None and os.environ.get("MCC_MODEL") and exc.where == "--model":
            accepted = f"{exc.accepted}; or unset MCC_MODEL" if exc.accepted else "unset MCC_MODEL"
            raise AgentError(exc.message, where="$MCC_MODEL", accepted=accepted,
                             details=exc.details) from exc
        raise


def register(app: typer.Typer) -> None:
    @app.command("ask")
    def ask_cmd(
        ctx: typer.Context,
        prompt: str = typer.Argument(..., help="What you want: a rule (or one 'like the upgrade nudge, but ...'), a priority policy, a 'why', a data "
                                          "question, or 'is the upgrade nudge working?'."),
        model: str = typer.Option(None, "--model", help=MODEL_HELP, show_default=False),
        propose: bool = typer.Option(False, "--propose", help="Propose the validated draft for review (this is your confirmation)."),
        actor: str = typer.Option(None, "--as", help="Who the proposal is filed as. Default: the OS user.", show_default=False),
        json_out: bool = json_option(),
    ) -> None:
        """Answer one prompt: draft and preview a rule or policy, diagnose a metric, query the warehouse, or say how a rule did.

        Exit code: 0 answered, 1 failed (the object's `error` is set, or a one-line error), 3 refused (the
        result is a refusal: nothing was drafted or answered). --json prints one object in every case.
        """
        from agent.api import ask
        from agent.render import ask_next_step, render_result
        from agent.types import Refusal

        if not prompt.strip():
            raise InputError("the prompt is empty", where="PROMPT",
                             accepted='a request or question in words, e.g. mcc ask "How many trial users completed 3 workouts?"')
        who = _person(actor) if propose or actor else default_actor()
        with model_named_where_set(model):
            result = ask(prompt, db=globals_of(ctx).db, model=model or default_model(), propose=propose, actor=who)
        if json_out:
            print_json(result)
        else:
            render_result(result, console)
            step = ask_next_step(result, who, propose=propose)
            if step is not None:
                console.print(step)
        if result.error:
            raise typer.Exit(1)
        if isinstance(result.result, Refusal):
            raise typer.Exit(EXIT_REFUSED)

    @app.command("chat")
    def chat_cmd(
        ctx: typer.Context,
        thread: str = typer.Option(None, "--thread", help="Resume (or start) this named thread.", show_default=False),
        actor: str = typer.Option(None, "--as", help="Who you are: the author of proposals, or a reviewer.", show_default=False),
        model: str = typer.Option(None, "--model", help=MODEL_HELP, show_default=False),
    ) -> None:
        """Talk to the agent; threads are saved beside the warehouse and resumed with --thread."""
        from agent.chat import run_chat

        who = _person(actor)  # before the session: a name refused at its first proposal would strand the thread
        with model_named_where_set(model):
            run_chat(globals_of(ctx).db, model=model or default_model(), actor=who, thread=thread,
                     console=console, read=console.input)

    @app.command("demo")
    def demo_cmd(
        ctx: typer.Context,
        out: str = typer.Option("out", "--out", help="Directory the demo delivers messages to (a file in it)."),
    ) -> None:
        """Run the whole loop with no key: build, draft, diagnose, propose, approve, run, deliver, measure, explain, ask how a rule did.

        The demo works in ./demo.duckdb (built when missing) unless you pass --db.
        """
        from agent.demo import Renderers, run_demo
        from cli.execute_render import render_delivery, render_explanation, render_measure, render_run

        show = Renderers(run=render_run, delivery=render_delivery, measure=render_measure, explanation=render_explanation)
        db = globals_of(ctx).db
        # The demo proposes, approves and runs rules: unless told otherwise it uses its own file, never yours.
        if db == default_db_path():
            db = Path(DEMO_DB)
        run_demo(db, out_dir=out, console=console, show=show)


def _person(actor: str | None) -> str:
    """Return the --as name as the registry stores it, refused now (blank, mixed scripts) rather than after drafting."""
    from orchestrator.registry.actor_names import person

    return person(actor or default_actor())
