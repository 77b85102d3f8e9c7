"""What the registry returns: proposals, versions, audit entries and diffs."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from orchestrator.spec import Policy, Rule

# `retired` is read, never stored: a retired version is stored `superseded` with a `retire` review (store.py)
Status = Literal["proposed", "approved", "rejected", "withdrawn", "superseded", "retired"]


class Proposal(BaseModel):
    """The result of proposing a spec: which version it became and its review status."""

    rule_id: str
    version: int
    status: Status
    created: bool = Field(True, description="False when identical content already existed as this version")
    reopened: bool = Field(False, description="True when that version had been withdrawn and is proposed again")
    unreviewed: list[VersionInfo] = Field(
        default_factory=list, description="older proposals this approval superseded before anyone reviewed them")


class VersionInfo(BaseModel):
    """One version of a rule or policy and where it stands in review."""

    rule_id: str
    version: int
    kind: str
    status: Status
    content_hash: str
    author: str
    created_at: datetime
    reviewer: str | None = None
    decided_at: datetime | None = None
    comment: str | None = None
    description: str = ""
    retired_by: str | None = Field(None, description="who retired it, when its status is retired")
    retired_at: datetime | None = None
    retire_comment: str | None = Field(None, description="why it was retired")


class Review(BaseModel):
    reviewer: str
    decision: str
    comment: str | None
    reviewed_at: datetime
    version: int


class VersionDetail(BaseModel):
    """A version with its spec and the reviews of it."""

    info: VersionInfo
    spec: Rule | Policy
    reviews: list[Review] = Field(default_factory=list)
    active_version: int | None = None
    proposed_versions: list[int] = Field(default_factory=list, description="other versions waiting for review")


class ActiveVersion(BaseModel):
    """An approved, non-superseded version: what the executor may run."""

    rule_id: str
    version: int
    content_hash: str
    spec: Rule | Policy


class AuditEntry(BaseModel):
    audit_id: int
    acted_at: datetime
    actor: str
    action: str
    rule_id: str | None
    version: int | None
    from_version: int | None
    outcome: Literal["ok", "refused"]
    message: str | None


class AudienceDelta(BaseModel):
    """Users who enter and leave the audience between two versions, as of one time."""

    as_of: str | None
    users_before: int
    users_after: int
    added: int
    removed: int


class WinnerMove(BaseModel):
    """Users whose first choice (the highest-priority rule that can reach them) moves between two versions."""

    from_rule: str | None = Field(description="their first choice before; None: no rule reached them")
    to_rule: str | None = Field(description="their first choice after; None: no rule reaches them")
    users: int


class SpecDiff(BaseModel):
    """A semantic diff between two versions: each change in words, plus the audience delta."""

    rule_id: str
    from_version: int
    to_version: int
    changes: list[str]
    from_status: Status | None = Field(None, description="the review status of from_version (approved: it runs)")
    to_status: Status | None = Field(None, description="the review status of to_version")
    audience: dict[str, AudienceDelta] = Field(default_factory=dict)
    reach: dict[str, AudienceDelta] = Field(
        default_factory=dict,
        description="who each rule can reach (its audience less suppressions and stop conditions), where it changed",
    )
    first_choice: list[WinnerMove] = Field(
        default_factory=list,
        description="users whose highest-priority reachable rule, among every active rule, moves (largest first)",
    )
