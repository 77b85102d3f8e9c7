"""The rule registry (schema `mcc`): versions, proposals, reviews, audit log; see `Registry`."""

from __future__ import annotations

from orchestrator.registry.diff import spec_changes
from orchestrator.registry.records import (
    ActiveVersion,
    AudienceDelta,
    AuditEntry,
    Proposal,
    Review,
    SpecDiff,
    VersionDetail,
    VersionInfo,
)
from orchestrator.registry.registry import Registry

__all__ = [
    "ActiveVersion",
    "AudienceDelta",
    "AuditEntry",
    "Proposal",
    "Registry",
    "Review",
    "SpecDiff",
    "VersionDetail",
    "VersionInfo",
    "spec_changes",
]
