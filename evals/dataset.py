"""Typed eval cases and the loader that reads them from YAML files.

A dataset file is a mapping `{family: NAME, cases: [...]}`; every case is checked by pydantic, and a
malformed case raises one `InputError` line naming the file and the case id. Teams add their own files in
`evals/datasets/` or in a directory passed as `mcc eval --dataset-dir DIR`, without touching code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from orchestrator.spec import Condition
from warehouse.errors import InputError

DATASETS_DIR = Path(__file__).with_name("datasets")
Family = Literal["eligibility", "decision", "debug", "redteam"]
TrajectoryMode = Literal["strict", "unordered", "subset", "superset"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Trajectory(_Model):
    """Tools the agent is expected to call, compared with its trace in one of agentevals' modes."""

    tools: list[str]
    mode: TrajectoryMode = "superset"


class _Case(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,80}$")
    prompt: str = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    known_failure: bool = False
    reason: str | None = Field(None, description="one line: why the case is a known failure")
    trajectory: Trajectory | None = None

    @model_validator(mode="after")
    def _known_failure_has_reason(self) -> _Case:
        if self.known_failure and not self.reason:
            raise ValueError("a known_failure case needs a one-line reason")
        return self


class EligibilityGold(_Model):
    """The audience the prompt means (a spec condition or SQL selecting user_id), or a refusal."""

    condition: Condition | None = None
    sql: str | None = None
    refusal: bool = False
    required_traits: list[str] = Field(default_factory=list)
    required_events: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _exactly_one_answer(self) -> EligibilityGold:
        given = sum([self.condition is not None, self.sql is not None, self.refusal])
        if given != 1:
            raise ValueError("gold needs exactly one of condition, sql or refusal: true")
        return self


class EligibilityCase(_Case):
    family: Literal["eligibility"] = "eligibility"
    gold: EligibilityGold


class Requirement(_Model):
    """Something a policy must contain: a condition that uses one of `uses_any` (trait or event names),
    or, when `condition` is given, one whose audience equals it by execution."""

    uses_any: list[str] = Field(default_factory=list)
    condition: Condition | None = None
    label: str = ""

    @model_validator(mode="after")
    def _has_a_test(self) -> Requirement:
        if not self.uses_any and self.condition is None:
            raise ValueError("a requirement needs uses_any or condition")
        return self

    def describe(self) -> str:
        return self.label or ("uses one of " + ", ".join(self.uses_any) if self.uses_any else "a gold condition")


class DecisionGold(_Model):
    """Priority order (position 1 first), required suppressions and stop conditions, edge-case keywords."""

    order: list[Requirement] = Field(min_length=1)
    suppressions: list[Requirement] = Field(default_factory=list)
    stop_conditions: list[Requirement] = Field(default_factory=list)
    edge_cases: list[list[str]] = Field(
        default_factory=list, description="each item: alternative keywords, one of which must be mentioned"
    )


class DecisionCase(_Case):
    family: Literal["decision"] = "decision"
    gold: DecisionGold


class WarehouseSpec(_Model):
    """A generated warehouse (B's `build_warehouse`), built once per run and shared by cases."""

    scenarios: list[str] = Field(
        default_factory=lambda: ["ios_push_collapse", "android_email_volume_drop", "web_tracking_change", "support_heavy_cohort"]
    )
    seed: int = 7
    users: int = Field(3000, ge=100, le=5000)  # the upper end of 1-3k: planted drops stay significant per seed
    days: int = Field(42, ge=14, le=120)

    def key(self) -> str:
        return f"{'+'.join(self.scenarios)}-s{self.seed}-u{self.users}-d{self.days}"


class DebugGold(_Model):
    """The planted cause. With `from_scenarios` the step, channel and segment are read from `mcc.scenarios`."""

    scenario: str
    from_scenarios: bool = True
    no_change: bool = False
    step: str | None = None
    channel: str | None = None
    segment: str | None = None


class DebugCase(_Case):
    family: Literal["debug"] = "debug"
    warehouse: WarehouseSpec
    gold: DebugGold


class RedTeamGold(_Model):
    refused: bool = True
    allow_proposal: bool = False
    forbidden_output: list[str] = Field(
        default_factory=list, description="text that must not appear anywhere in the result"
    )
    forbidden_paths: list[str] = Field(
        default_factory=list, description="files that must not exist after the case (an exfiltration target)"
    )


class RedTeamCase(_Case):
    family: Literal["redteam"] = "redteam"
    warehouse: Literal["fixture", "generated"] = "fixture"
    propose: bool = Field(True, description="ask with propose=True: even then nothing may be approved or applied")
    gold: RedTeamGold = Field(default_factory=RedTeamGold)


AnyCase = EligibilityCase | DecisionCase | DebugCase | RedTeamCase
_CASE_TYPES: dict[str, type[_Case]] = {
    "eligibility": EligibilityCase,
    "decision": DecisionCase,
    "debug": DebugCase,
    "redteam": RedTeamCase,
}


class Dataset(_Model):
    family: Family
    description: str = ""
    cases: list[Any]


def _first_problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    path = ".".join(str(p) for p in first["loc"]) or "(top)"
    return f"{first['msg']} at {path}"


def load_file(path: Path) -> list[AnyCase]:
    """Load one dataset file, raising InputError naming the file and the case id of the first bad case."""
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read dataset: {exc}", where=str(path), accepted="a YAML file") from exc
    try:
        dataset = Dataset.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            f"not a dataset: {_first_problem(exc)}", where=str(path), accepted="{family: NAME, cases: [...]}"
        ) from exc
    model = _CASE_TYPES[dataset.family]
    cases = []
    for index, raw in enumerate(dataset.cases):
        case_id = raw.get("id", f"#{index}") if isinstance(raw, dict) else f"#{index}"
        body = {**raw, "family": dataset.family} if isinstance(raw, dict) else raw
        try:
            cases.append(model.model_validate(body))
        except ValidationError as exc:
            raise InputError(
                f"case {case_id}: {_first_problem(exc)}",
                where=str(path),
                accepted=f"a {dataset.family} case as in evals/datasets/",
            ) from exc
    return cases  # type: ignore[return-value]


def load_cases(
    dirs: list[Path] | None = None, families: list[str] | None = None, *, include_builtin: bool = True
) -> list[AnyCase]:
    """Load every *.yaml under the built-in datasets and the given dirs; case ids must be unique per family."""
    paths: list[Path] = []
    for d in [*([DATASETS_DIR] if include_builtin else []), *(dirs or [])]:
        if not d.is_dir():
            raise InputError(f"dataset directory {d} does not exist", accepted="a directory of *.yaml files")
        paths += sorted(d.glob("*.yaml"))
    seen: dict[tuple[str, str], Path] = {}
    cases = []
    for path in paths:
        for case in load_file(path):
            key = (case.family, case.id)
            if key in seen:
                raise InputError(
                    f"case {case.id}: duplicate id in family {case.family} (also in {seen[key]})",
                    where=str(path),
                    accepted="unique case ids per family",
                )
            seen[key] = path
            if families is None or case.family in families:
                cases.append(case)
    return cases
