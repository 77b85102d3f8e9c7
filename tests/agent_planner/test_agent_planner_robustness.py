"""Every catalog phrase, in several sentence shapes, gives a valid spec or a refusal: never an exception,
never a draft the validator rejects."""

from __future__ import annotations

import pytest

from agent.catalog_planner import CatalogPlanner
from agent.types import DebugPlan, QuestionPlan, Refusal
from orchestrator.validate import validate_spec
from tools.sql_guard import guard
from warehouse.catalog import load_catalog

_CATALOG = load_catalog()
PHRASES = sorted(
    {
        s
        for t in _CATALOG.traits
        if t.filterable
        for s in [t.name.replace("_", " "), *t.synonyms, *(t.values or [])]
    }
    | {s for e in _CATALOG.events for s in [e.name.replace("_", " "), *e.synonyms]}
)
SHAPES = [
    "Target users who {p}",
    "Create eligibility rules for users with at least 2 {p} in the last 14 days",
    "Build an audience of users who never {p} and are not on iOS",
    "Priority order for trial users: (1) {p} (2) upgrade messaging",
]


@pytest.mark.parametrize("shape", SHAPES)
def test_catalog_phrase_in_every_shape_drafts_valid_or_refuses(planner: CatalogPlanner, shape: str) -> None:
    problems: list[object] = []
    for phrase in PHRASES:
        prompt = shape.format(p=phrase)
        intent = planner.classify(prompt, planner.catalog)
        if intent not in ("decision", "eligibility"):
            problems.append((prompt, intent))
            continue
        spec = planner.draft(prompt, intent, planner.catalog, [])
        if isinstance(spec, Refusal):
            if not (spec.unmatched_phrases and spec.reason):
                problems.append((prompt, spec))
            continue
        report = validate_spec(spec, planner.catalog)
        if not report.ok:
            problems.append((prompt, [str(e) for e in report.errors]))
    assert problems == []


QUESTION_SHAPES = [
    "How many users {p}?",
    "What share of trial users have {p}?",
    "average momentum score for users who {p} by country",
]


@pytest.mark.parametrize("shape", QUESTION_SHAPES)
def test_catalog_phrase_in_questions_gives_guarded_sql_or_refuses(
    planner: CatalogPlanner, shape: str
) -> None:
    planned = 0
    for phrase in PHRASES:
        plan = planner.plan_question(shape.format(p=phrase), planner.catalog, [])
        assert isinstance(plan, QuestionPlan | Refusal)
        if isinstance(plan, QuestionPlan):
            guard(plan.sql)
            planned += 1
    assert planned > len(PHRASES) // 2, "most catalog phrases should make an answerable question"


@pytest.mark.parametrize(
    "metric", [s for m in _CATALOG.metrics for s in [m.name.replace("_", " "), *m.synonyms]]
)
def test_every_metric_synonym_plans_a_debug(planner: CatalogPlanner, metric: str) -> None:
    plan = planner.plan_debug(
        f"Why did {metric} drop on Android vs iOS in the last 14 days?", planner.catalog
    )
    assert isinstance(plan, DebugPlan)
    assert plan.metric in {m.name for m in _CATALOG.metrics}
    assert plan.segments == ["android", "ios"] and plan.window_days == 14


_DRAFT_SNIPPET = """
from agent.catalog_planner import CatalogPlanner
from warehouse.catalog import load_catalog
c = load_catalog(); p = CatalogPlanner(c)
for s in {prompts!r}:
    i = p.classify(s, c)
    print(p.plan_question(s, c, []).model_dump_json() if i == "question" else p.draft(s, i, c, []).model_dump_json())
"""


def test_specs_are_identical_across_hash_seeds() -> None:
    """Set iteration order changes with PYTHONHASHSEED; the drafts must not."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    prompts = [
        "Define a priority order for trial users: (1) help users complete a second workout, (2) handle support "
        "issues, (3) upgrade messaging.",
        "Audience for a trial-ending reminder: trial users with 3 or fewer days left, excluding opted out users",
        "Build an audience of at-risk users with high support risk or more than 2 open tickets",
        "what share of iOS users have push enabled",
    ]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _DRAFT_SNIPPET.format(prompts=prompts)],
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") == len(prompts)
