"""`mcc demo`: the whole loop on a fresh machine with no key, narrated for a marketer.

Build the demo warehouse if missing; draft a priority policy and an eligibility rule with the offline
planner; diagnose the iOS conversion drop; propose the drafts as a marketer; approve them as a reviewer
(a person's act in the registry: the agent has no way to approve); run the executor; deliver to a file;
measure; explain one user's decisions.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.rule import Rule as Heading
from rich.text import Text

from agent.api import ask
from agent.render import labelled, preview_view, render_result, spec_view
from agent.types import AskResult
from orchestrator.spec import Policy, Rule, content_hash, parse_spec
from warehouse.errors import MccError

DECISION_PROMPT = (
    "Define a priority order for trial users: (1) help users complete a second workout, (2) handle support issues, "
    "(3) upgrade messaging. Write the suppressions and stop conditions."
)
ELIGIBILITY_PROMPT = (
    "Create eligibility rules for an upgrade nudge that only targets users who completed 3 workouts, viewed "
    "pricing, and have no open support tickets."
)
PERFORMANCE_PROMPT = "Is the second workout rule working?"
DEBUG_PROMPT = (
    "Why did conversion drop on iOS this week? Compare funnel steps and message exposure for iOS vs Android and "
    "summarize likely causes."
)
MARKETER, REVIEWER = "maya.marketer", "sam.reviewer"
# The demo runs the approved rules as of this long before the data ends, so the measure step has outcomes to
# compare: the longest conversion window of the demo's rules.
BACKTEST_DAYS = 14


@dataclass
class Renderers:
    """How the command line prints the orchestrator's reports (passed in: `cli` sits above `agent`)."""

    run: Callable[[Any], None]
    delivery: Callable[[Any], None]
    measure: Callable[[Any, list[str]], None]  # the report, and what its time leaves out (coverage notes)
    explanation: Callable[[Any], None]


class Demo:
    """The demo's steps, each a section with a header saying what happens and why."""

    def __init__(self, db: Path, out_dir: Path, console: Console, show: Renderers) -> None:
        self.db, self.out_dir, self.console, self.show = db, out_dir, console, show
        self.step = 0
        self.proposals: list[str] = []

    def section(self, title: str, why: str) -> None:
        self.step += 1
        self.console.print()
        self.console.print(Heading(f"[bold]{self.step}. {title}[/]", align="left"))
        self.console.print(why, style="italic")

    def warehouse(self) -> None:
        self.section("The warehouse", "Events from the app, web and message tools, modeled into users, facts and "
                     "traits. Everything below reads it; nothing leaves this machine.")
        if self.db.exists():
            self.console.print(Text(f"Using the existing warehouse {self.db}."))  # a path is anyone's text
            return
        from rich.progress import Progress

        from warehouse.build import build_warehouse

        with Progress(console=self.console, transient=True) as bar:
            task = bar.add_task("building the demo warehouse", total=1)

            def progress(name: str, index: int, total: int) -> None:
                bar.update(task, total=total, completed=index, description=f"building: {name}")

            report = build_warehouse(self.db, progress=progress)
        self.console.print(Text(f"Built {self.db}: {report.users:,} users over {report.days} days, "
                                f"{report.raw_events:,} raw events, with planted scenarios: {', '.join(report.scenarios)}."))

    def draft(self, title: str, why: str, prompt: str) -> AskResult:
        self.section(title, why)
        self.console.print(labelled("Prompt:", "bold", prompt))

        def confirm(payload: dict[str, Any]) -> bool:
            self.console.print(spec_view(parse_spec(payload["draft"], source="draft")))
            if payload.get("preview"):
                self.console.print(preview_view(payload["preview"]))
            self.console.print(f"{MARKETER} reads the draft and its audience, and confirms: propose it for review.")
            return True

        result = ask(prompt, db=self.db, model="offline", propose=True, actor=MARKETER, confirm=confirm)
        spec = result.result
        if result.proposal_id is None and isinstance(spec, Rule | Policy) and self.in_registry(spec):
            # an earlier demo run on this warehouse proposed (and approved) exactly this draft: nothing new to file
            self.console.print(Text(f"{spec.id} is already in the registry with exactly this content (an earlier demo run)."))
            self.proposals.append(spec.id)
            return result
        if result.proposal_id is None:
            render_result(result, self.console)
            raise MccError(f"the demo's {title.lower()} was not proposed: {result.error or 'no draft'}", where="mcc demo")
        self.proposals.append(result.proposal_id)
        self.console.print(labelled("Proposed", "green", f"{result.proposal_id} as {MARKETER}; it is not live until a "
                                    f"reviewer approves it. ({len(result.trace.tools)} tool calls, planner {result.planner})"))
        return result

    def in_registry(self, spec: Rule | Policy) -> bool:
        """Return True when a version of `spec.id` has exactly this content."""
        from orchestrator.registry import Registry
        from warehouse.connection import connect
        from warehouse.errors import RegistryError

        con = connect(self.db, read_only=True)
        try:
            return any(v.content_hash == content_hash(spec) for v in Registry(con, create=False).versions(spec.id))
        except RegistryError:  # no registry yet
            return False
        finally:
            con.close()

    def diagnose(self) -> None:
        self.section("A debug prompt", "The agent compares the funnel and message exposure for two segments, this "
                     "week against last, and ranks causes; every number comes from SQL it shows.")
        self.console.print(labelled("Prompt:", "bold", DEBUG_PROMPT))
        render_result(ask(DEBUG_PROMPT, db=self.db, model="offline"), self.console)

    def approve(self) -> None:
        self.section("Review and approval", f"Approval is a person's act in the registry. {MARKETER} cannot approve "
                     f"her own proposals; {REVIEWER} can.")
        from orchestrator.registry import Registry
        from warehouse.connection import connect

        con = connect(self.db)
        try:
            registry = Registry(con)
            for rule_id in self.proposals:
                try:
                    registry.approve(rule_id, actor=MARKETER)
                except MccError as exc:
                    self.console.print(Text.assemble(f"{MARKETER} tries to approve {rule_id}: ", ("refused", "red"),
                                                     f" ({exc.message})"))
                latest = registry.versions(rule_id)[-1]
                if latest.status == "proposed":
                    done = registry.approve(rule_id, actor=REVIEWER, comment="reviewed in the demo")
                    self.console.print(f"{REVIEWER} approves {rule_id} v{done.version}: [green]active[/].")
                else:
                    self.console.print(f"{rule_id} v{latest.version} is already {latest.status} (an earlier demo run).")
        finally:
            con.close()

    def execute(self) -> None:
        from datetime import timedelta

        from orchestrator.delivery import deliver
        from orchestrator.executor import run
        from orchestrator.explain import explain
        from orchestrator.measure import measure
        from orchestrator.measure.coverage import coverage_notes
        from warehouse.connection import connect
        from warehouse.meta import data_end

        con = connect(self.db)
        try:
            as_of = data_end(con) - timedelta(days=BACKTEST_DAYS)
            self.section("Run the executor", "Deterministic: approved rules decide for every user, then suppressions, "
                         "stop conditions, holdouts, priority and frequency caps; sends go to the outbox. The run is "
                         f"as of {as_of:%Y-%m-%d}, {BACKTEST_DAYS} days before the data ends, on the traits as they "
                         "were then, so step 8 has two weeks of outcomes to measure.")
            result = run(con, actor=REVIEWER, as_of=as_of)
            self.show.run(result)
            self.section("Deliver", "A channel tool sends each message due at the run time once (by idempotency key); "
                         "later steps of a channel plan wait for their delay. Here the channel is a file, so you can "
                         "read what would have gone to Braze or Customer.io.")
            self.out_dir.mkdir(parents=True, exist_ok=True)
            target = self.out_dir / "messages.jsonl"
            self.show.delivery(deliver(con, f"file:{target}", now=as_of))
            self.console.print(Text(f"Messages written to {target.resolve()}."))
            self.section("Measure", "Conversion of the messaged users against the held-out users in each rule's "
                         "window, with a 95% interval. The generated users never saw these messages, so this is an "
                         "A/A check: the intervals should straddle zero.")
            report = measure(con)
            # an earlier `mcc run` on this warehouse (at its data end) is counted too: the notes say so
            self.show.measure(report, coverage_notes(con, report.as_of))
            self.section("Explain one user", "Why did this person get (or not get) each message? Every step of the "
                         "decision, with the trait values it saw.")
            row = con.execute(
                "SELECT user_id FROM mcc.decisions WHERE run_id = ? AND outcome = 'send' ORDER BY user_id LIMIT 1",
                [result.run_id],
            ).fetchone()
            if row is None:
                self.console.print("No user was sent a message in this run, so there is no send to explain.")
            else:
                self.show.explanation(explain(con, str(row[0]), run_id=result.run_id))
        finally:
            con.close()


    def ask_performance(self) -> None:
        self.section("Ask how a rule is doing", "The same figures, asked in words: the agent reads the rule's lift "
                     "over its holdout (read-only) and says what it shows, or what it would take to tell.")
        self.console.print(labelled("Prompt:", "bold", PERFORMANCE_PROMPT))
        render_result(ask(PERFORMANCE_PROMPT, db=self.db, model="offline"), self.console)


def run_demo(db: str | Path, *, out_dir: str | Path, console: Console, show: Renderers) -> None:
    """Run every step of the demo in order and say how long it took."""
    started = time.perf_counter()
    demo = Demo(Path(db), Path(out_dir), console, show)
    demo.warehouse()
    demo.draft("A decision prompt", "A marketer asks for a priority order across programs; the agent drafts a "
               "policy from the catalog, validates it and previews who it reaches.", DECISION_PROMPT)
    demo.draft("An eligibility prompt", "Who qualifies for one message: the agent turns the sentence into a rule "
               "over catalog traits, never into SQL.", ELIGIBILITY_PROMPT)
    demo.diagnose()
    demo.approve()
    demo.execute()
    demo.ask_performance()
    console.print()
    console.print(f"[bold]Done[/] in {time.perf_counter() - started:.0f} s. Try `mcc ask \"...\"`, `mcc chat`, "
                  "or `mcc rules list`.")
