"""What an audience preview returns (pydantic, so the CLI and the agent's tool print it as JSON)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class HoldoutSplit(BaseModel):
    """Expected split of the eligible users: global control group first, then the rule's holdout."""

    control_group_share: float
    holdout_share: float
    expected_control: int
    expected_holdout: int
    expected_treatment: int


class Overlap(BaseModel):
    """Users of this audience who are also in an approved rule's audience."""

    rule_id: str
    version: int
    users: int
    share: float = Field(description="overlap / this audience's size")


class SendEstimate(BaseModel):
    """Estimated sends per day: treatment users x steps per day, limited by the tightest frequency cap."""

    users: int
    sends_per_user_per_day: float
    sends_per_day: float
    basis: str


class RulePreview(BaseModel):
    rule_id: str
    description: str
    priority: int
    size: int = Field(description="users in the audience")
    share: float = Field(description="size / base")
    eligible: int = Field(description="audience minus suppressed and stopped users")
    holdout: HoldoutSplit
    breakdown: dict[str, dict[str, int]] = Field(description="audience size by device_os, country, activation_state")
    sample_user_ids: list[str]
    overlaps: list[Overlap]
    sends: SendEstimate
    audience_sql: str


class Preview(BaseModel):
    """The audience of a rule, or of each rule of a policy, as of one time."""

    spec_id: str
    kind: str
    version: int | None = None
    as_of: str
    base: int = Field(description="users in user_traits")
    rules: list[RulePreview]
    audience_sql: str = Field(description="SELECT of the user ids in any rule's audience, as-of time inlined")
