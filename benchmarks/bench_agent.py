"""Agent benchmarks: the catalog planner end to end at 100k users, the LLM planner's calls and tokens per
prompt family with a scripted model, and the graph's overhead per step.

    .venv/bin/python benchmarks/bench_agent.py [--users 100000] [--path FILE] [--repeat 5]

Figures printed:
1. `mcc ask --json` on the seed's eligibility prompt as a subprocess (process start included), `ask()` in
   process, the catalog planner's own share of it, and the audience count alone as the baseline.
2. The LLM planner with a scripted chat model (no network) for each family: model calls, input tokens
   (estimated from the real prompt text, 4 characters a token) and output tokens. Target: at most 4 calls
   for an eligibility prompt whose first draft validates.
3. Graph overhead: the same scripted planner and an in-memory backend through the graph against calling
   them directly, per graph step.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "agent"))  # the scripted fakes the tests use

from agent_fakes import (  # noqa: E402
    WINDOW,
    FakeBackend,
    ScriptedChatModel,
    exposure_rows,
    funnel_rows,
    rule,
    tool_reply,
)
from langchain_core.messages import AIMessage, BaseMessage  # noqa: E402

from agent.api import ask  # noqa: E402
from agent.backend import ExposureEvidence, FunnelEvidence  # noqa: E402
from agent.demo import DEBUG_PROMPT, DECISION_PROMPT, ELIGIBILITY_PROMPT  # noqa: E402
from agent.llm_planner import LLMPlanner  # noqa: E402
from agent.types import DebugPlan, QuestionAnswer, QuestionPlan  # noqa: E402
from orchestrator.spec import Policy  # noqa: E402


def median_seconds(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class TimedPlanner:
    """Wrap a planner and add up the time spent inside it."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.usage, self.seconds = inner, inner.name, inner.usage, 0.0

    def __getattr__(self, attr: str) -> Any:
        method = getattr(self.inner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed


def bench_catalog_planner(db: Path, repeat: int) -> None:
    from agent.catalog_planner import CatalogPlanner
    from warehouse.catalog import load_catalog

    print(f"\n1. Catalog planner, eligibility prompt, {db}")
    cmd = [str(ROOT / ".venv" / "bin" / "mcc"), "--db", str(db), "ask", ELIGIBILITY_PROMPT, "--json"]
    subprocess_s = median_seconds(lambda: subprocess.run(cmd, check=True, capture_output=True), max(1, repeat // 2))
    out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    shares: list[float] = []

    def in_process() -> None:
        planner = TimedPlanner(CatalogPlanner(load_catalog()))
        start = time.perf_counter()
        ask(ELIGIBILITY_PROMPT, db=db, planner=planner)  # type: ignore[arg-type]
        shares.append(planner.seconds / (time.perf_counter() - start))

    ask_s = median_seconds(in_process, repeat)
    con = duckdb.connect(str(db), read_only=True)
    sql = out["preview"]["audience_sql"]
    baseline_s = median_seconds(lambda: con.execute(f"SELECT count(*) FROM ({sql})").fetchone(), repeat)
    con.close()
    print(f"   mcc ask --json (subprocess, median): {subprocess_s:.2f} s")
    print(f"   ask() in process (median):           {ask_s:.3f} s  (audience {out['preview']['rules'][0]['size']:,} users)")
    print(f"   planner's own share:                 {statistics.median(shares):.1%} of ask()")
    print(f"   baseline, audience count alone:      {baseline_s * 1000:.1f} ms  (ask / baseline = {ask_s / baseline_s:.0f}x)")


class MeteredModel(ScriptedChatModel):
    """A scripted model that reports input tokens estimated from the prompt text it was sent."""

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> Any:
        result = super()._generate(messages, stop, run_manager, **kwargs)
        reply = result.generations[0].message
        prompt_chars = sum(len(str(m.content)) for m in messages) + len(json.dumps(self.bound_tools, default=str))
        output_chars = len(json.dumps(getattr(reply, "tool_calls", []))) + len(str(reply.content))
        reply.usage_metadata = {"input_tokens": prompt_chars // 4, "output_tokens": output_chars // 4,
                                "total_tokens": (prompt_chars + output_chars) // 4}
        return result


def evidence_backend() -> FakeBackend:
    steps = ["trial_started", "workout_completed", "workout_completed_2", "pricing_viewed", "subscription_started"]
    funnel = funnel_rows("ios", [1000, 700, 420, 300, 120], [1000, 690, 280, 200, 80], steps) + funnel_rows(
        "android", [1000, 700, 420, 300, 120], [1000, 705, 425, 305, 122], steps)
    exposure = exposure_rows("ios", "push", (5000, 5000), (0.92, 0.40)) + exposure_rows(
        "android", "push", (5000, 5000), (0.92, 0.91))
    return FakeBackend(funnel=FunnelEvidence(window=WINDOW, steps=funnel), exposure=ExposureEvidence(rows=exposure),
                       sql=lambda s: QuestionAnswer(question="q", sql=s, columns=["n"], rows=[[1]]))


def family_scripts() -> dict[str, tuple[str, list[AIMessage]]]:
    policy = Policy(id="trial_policy", description="trial priorities", rules=[rule("second_workout"), rule("upgrade_nudge")])
    plan = DebugPlan(question="why", metric="trial_conversion", dimension="device_os", segments=["ios", "android"])
    return {
        "eligibility": (ELIGIBILITY_PROMPT, [tool_reply("classify", {"intent": "eligibility"}),
                                             tool_reply("submit_draft", {"answer": rule().model_dump(mode="json")})]),
        "decision": (DECISION_PROMPT, [tool_reply("classify", {"intent": "decision"}),
                                       tool_reply("submit_draft", {"answer": policy.model_dump(mode="json")})]),
        "debug": (DEBUG_PROMPT, [tool_reply("classify", {"intent": "debug"}),
                                 tool_reply("plan_debug", {"answer": plan.model_dump(mode="json")}),
                                 AIMessage(content="trial_conversion for ios went from 12.0% to 8.0%.")]),
        "question": ("How many trial users are there?", [
            tool_reply("classify", {"intent": "question"}),
            tool_reply("plan_question", {"answer": QuestionPlan(question="q", sql="SELECT count(*) FROM user_traits").model_dump()})]),
    }


def bench_llm_planner(tmp: Path) -> None:
    print("\n2. LLM planner with a scripted model (no network): per prompt")
    print(f"   {'family':<12} {'model calls':>11} {'input tokens':>13} {'output tokens':>14}")
    for family, (prompt, replies) in family_scripts().items():
        llm = LLMPlanner(MeteredModel(replies=list(replies)), name="openai:scripted")
        result = ask(prompt, db=tmp / "unused.duckdb", planner=llm, backend=evidence_backend())
        u = result.trace.usage
        flag = "  (target <= 4: met)" if family == "eligibility" and u.model_calls <= 4 else ""
        print(f"   {family:<12} {u.model_calls:>11} {u.input_tokens:>13,} {u.output_tokens:>14,}{flag}")


def bench_graph_overhead(tmp: Path, repeat: int) -> None:
    from agent.catalog_planner import CatalogPlanner
    from warehouse.catalog import load_catalog

    catalog = load_catalog()
    planner = CatalogPlanner(catalog)
    backend = FakeBackend()
    runs = 20

    def direct() -> None:
        for _ in range(runs):
            intent = planner.classify(ELIGIBILITY_PROMPT, catalog)
            spec = planner.draft(ELIGIBILITY_PROMPT, intent, catalog, [])
            backend.validate(spec)  # type: ignore[arg-type]
            backend.preview(spec)  # type: ignore[arg-type]

    def through_graph() -> None:
        for _ in range(runs):
            ask(ELIGIBILITY_PROMPT, db=tmp / "unused.duckdb", planner=planner, backend=backend)

    steps = len(ask(ELIGIBILITY_PROMPT, db=tmp / "unused.duckdb", planner=planner, backend=backend).trace.steps)
    d, g = median_seconds(direct, repeat) / runs, median_seconds(through_graph, repeat) / runs
    print(f"\n3. Graph overhead (catalog planner, in-memory backend, {steps} steps per run)")
    print(f"   direct calls: {d * 1000:.2f} ms per prompt; through the graph: {g * 1000:.2f} ms")
    print(f"   overhead: {(g - d) * 1000 / steps:.2f} ms per step ({g / d:.1f}x the direct calls)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--path", type=Path, default=None, help="reuse (or build) the warehouse here")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        db = args.path or tmp / "bench_agent.duckdb"
        if not db.exists():
            from warehouse.build import build_warehouse

            start = time.perf_counter()
            build_warehouse(db, users=args.users, days=args.days)
            print(f"built {args.users:,} users x {args.days} days in {time.perf_counter() - start:.1f} s")
        bench_catalog_planner(db, args.repeat)
        bench_llm_planner(tmp)
        bench_graph_overhead(tmp, args.repeat)


if __name__ == "__main__":
    main()
