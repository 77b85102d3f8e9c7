"""The rule registry: propose, review, activate, roll back, diff, export and import versions.

Only approved, non-superseded versions are active and executable. Every action is written to
`mcc.audit_log`; a refused action is rolled back and its refusal is written in its own transaction, so
the record survives the refusal.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NoReturn

import duckdb

from orchestrator.compile.as_of import AsOf, resolve_as_of
from orchestrator.control_schema import ensure_control_tables
from orchestrator.registry import store
from orchestrator.registry.actor_names import person, same_person
from orchestrator.registry.audience_delta import spec_audience_deltas
from orchestrator.registry.diff import spec_changes
from orchestrator.registry.folder import export_folder, read_spec_files, write_spec_file
from orchestrator.registry.records import (
    ActiveVersion,
    AuditEntry,
    Proposal,
    SpecDiff,
    VersionDetail,
    VersionInfo,
)
from orchestrator.registry.winner_delta import winner_moves
from orchestrator.spec import Policy, Rule, content_hash
from orchestrator.suggest import did_you_mean
from orchestrator.validate import validate_spec
from warehouse.catalog import Catalog
from warehouse.errors import InputError, RegistryError, SpecError
from warehouse.sqlutil import table_exists


def rule_ids(spec: Rule | Policy) -> set[str]:
    """Return the ids of the rules a spec runs: its own, or its policy's rules'."""
    return {r.id for r in spec.rules} if isinstance(spec, Policy) else {spec.id}


class Registry:
    """Versions of rules and policies in the warehouse's `mcc` schema, and their review flow."""

    def __init__(self, con: duckdb.DuckDBPyConnection, create: bool = True) -> None:
        """Open the registry, creating the control tables unless `create` is False (read-only connections)."""
        self.con = con
        if create:
            ensure_control_tables(con)
        elif not table_exists(con, "mcc", "rule_versions"):
            raise RegistryError("this warehouse has no rule registry yet", accepted="propose a rule first")

    # --- reading -----------------------------------------------------------------------------------
    def list(self) -> builtins.list[VersionInfo]:
        """Return every version of every rule and policy."""
        return store.versions(self.con)

    def versions(self, rule_id: str) -> builtins.list[VersionInfo]:
        """Return the versions of one rule, raising when there are none."""
        found = store.versions(self.con, rule_id)
        if not found:
            owner = next((a.rule_id for a in self.active() if rule_id in rule_ids(a.spec)), None)
            if owner is not None:  # a rule inside a policy: the policy is what has versions and reviews
                raise RegistryError(f"{rule_id} is a rule of policy {owner}, which is versioned and reviewed whole",
                                    accepted=f"the policy id {owner}; to change or drop {rule_id}, propose a new "
                                    f"version of {owner}")
            known = sorted({v.rule_id for v in store.versions(self.con)})
            raise RegistryError(
                f"no rule or policy {rule_id!r} in the registry{did_you_mean(rule_id, known)}",
                accepted=", ".join(known) or "propose one first: mcc rules propose FILE",
            )
        return found

    def version_info(self, rule_id: str, version: int) -> VersionInfo:
        """Return one version's info, raising with the existing version numbers when it is missing."""
        for info in self.versions(rule_id):
            if info.version == version:
                return info
        numbers = ", ".join(str(v.version) for v in self.versions(rule_id))
        raise RegistryError(f"{rule_id} has no version {version}", accepted=f"one of {numbers}")

    def active_version(self, rule_id: str) -> int | None:
        """Return the approved, active version number of a rule, or None."""
        approved = [v.version for v in store.versions(self.con, rule_id) if v.status == "approved"]
        return approved[-1] if approved else None

    def show(self, rule_id: str, version: int | None = None) -> VersionDetail:
        """Return a version (default: the active one, else the latest) with its spec and reviews."""
        versions = self.versions(rule_id)
        active = self.active_version(rule_id)
        number = version if version is not None else (active or versions[-1].version)
        info = self.version_info(rule_id, number)
        reviews = [r for r in store.reviews(self.con, rule_id) if r.version == number]
        waiting = [v.version for v in versions if v.status == "proposed" and v.version != number]
        return VersionDetail(
            info=info, spec=store.load_spec(self.con, rule_id, number), reviews=reviews, active_version=active,
            proposed_versions=waiting,
        )

    def active(self) -> builtins.list[ActiveVersion]:
        """Return the approved, non-superseded version of each rule and policy, by id."""
        return [
            ActiveVersion(
                rule_id=v.rule_id, version=v.version, content_hash=v.content_hash,
                spec=store.load_spec(self.con, v.rule_id, v.version),
            )
            for v in store.versions(self.con)
            if v.status == "approved"
        ]

    def active_specs(self) -> builtins.list[Rule | Policy]:
        """Return the specs that may execute: the active version of each rule and policy."""
        return [a.spec for a in self.active()]

    def audit(self, rule_id: str | None = None) -> builtins.list[AuditEntry]:
        """Return the audit log (of one rule, or all), oldest first."""
        return store.audit_entries(self.con, rule_id)

    def diff(self, rule_id: str, a: int | None = None, b: int | None = None, as_of: AsOf = None) -> SpecDiff:
        """Diff version `a` (default: the active version if older than `b`, else the one before `b`) against `b`
        (default: the latest), with audience delta.

        The audience delta, and the delta of who each rule can reach (less suppressions and stops: what a new
        suppression changes), are computed when the warehouse has `user_traits` and a time to count at
        (`as_of`, else its `data_end`).
        """
        known = self.versions(rule_id)
        numbers = [v.version for v in known]
        b = numbers[-1] if b is None else self.version_info(rule_id, b).version
        if a is None:
            earlier = [n for n in numbers if n < b]
            if not earlier:
                # a new rule's first version is reviewed whole: say where, not only that there is nothing to diff
                raise RegistryError(
                    f"{rule_id} has only version {b}, its first: there is no earlier version to diff against",
                    accepted=f"mcc rules show {rule_id} --version {b} (the spec), mcc preview {rule_id} --version {b} "
                    "(whom it reaches), or two version numbers of a rule with more than one",
                )
            # against what runs now when that is older (a rejected version in between changes nothing live)
            active = self.active_version(rule_id)
            a = active if active is not None and active < b else earlier[-1]
        if a == b:
            raise RegistryError(f"{rule_id} v{a} against itself: there is nothing to compare", where="diff",
                                accepted=f"two different versions of {rule_id} ({', '.join(f'v{n}' for n in numbers)})")
        old, new = self._spec(rule_id, a), self._spec(rule_id, b)
        moment = resolve_as_of(self.con, as_of)
        counted = bool(moment and self._has_traits())
        audience = spec_audience_deltas(self.con, old, new, moment) if counted else {}
        reach = spec_audience_deltas(self.con, old, new, moment, reach=True) if counted else {}
        others = [active.spec for active in self.active() if active.rule_id != rule_id]
        moves = winner_moves(self.con, others, old, new, moment) if counted and old != new else []
        status = {v.version: v.status for v in known}
        return SpecDiff(rule_id=rule_id, from_version=a, to_version=b, changes=spec_changes(old, new),
                        audience=audience, reach=reach, first_choice=moves, from_status=status.get(a),
                        to_status=status.get(b))

    # --- writing -----------------------------------------------------------------------------------
    def propose(self, spec: Rule | Policy, actor: str, comment: str = "") -> Proposal:
        """Store `spec` as a new proposed version; identical content returns the existing version."""
        actor = self._person(actor, "propose", spec.id, None)
        digest = content_hash(spec)
        existing = store.versions(self.con, spec.id)
        for info in existing:
            if info.content_hash == digest and info.status == "withdrawn":
                # its author took it back before review: proposing the same content again puts it back up
                with self._audited("propose", actor, spec.id, info.version, comment or "proposed again after withdrawal"):
                    store.set_status(self.con, spec.id, info.version, "proposed")
                return Proposal(rule_id=spec.id, version=info.version, status="proposed", created=False, reopened=True)
            if info.content_hash == digest:
                return Proposal(rule_id=spec.id, version=info.version, status=info.status, created=False)
        if existing and existing[0].kind != spec.kind:
            return self._refuse(
                "propose", actor, spec.id, None,
                f"{spec.id} is a {existing[0].kind}; a {spec.kind} cannot reuse its id",
                accepted=f"another id, or a {existing[0].kind}",
            )
        version = (existing[-1].version + 1) if existing else 1
        self._refuse_shared_rule_ids("propose", actor, spec, None)
        with self._audited("propose", actor, spec.id, version):
            store.insert_version(self.con, spec, version, digest, actor, comment)
        return Proposal(rule_id=spec.id, version=version, status="proposed")

    def approve(self, rule_id: str, actor: str, version: int | None = None, comment: str = "") -> Proposal:
        """Approve a proposed version (default: the latest proposed); it becomes active."""
        actor = self._person(actor, "approve", rule_id, version)
        info = self._reviewable(rule_id, actor, version, "approve")
        self._refuse_shared_rule_ids("approve", actor, store.load_spec(self.con, rule_id, info.version), info.version)
        unreviewed = []
        with self._audited("approve", actor, rule_id, info.version, comment):
            for other in store.versions(self.con, rule_id):
                stale_proposal = other.status == "proposed" and other.version < info.version
                if other.status == "approved" or stale_proposal:
                    store.set_status(self.con, rule_id, other.version, "superseded")
                unreviewed += [other] if stale_proposal else []
            store.set_status(self.con, rule_id, info.version, "approved", actor)
            store.insert_review(self.con, rule_id, info.version, actor, "approve", comment)
        return Proposal(rule_id=rule_id, version=info.version, status="approved", unreviewed=unreviewed)

    def reject(self, rule_id: str, actor: str, comment: str, version: int | None = None) -> Proposal:
        """Reject a proposed version (default: the latest proposed) with a comment saying why."""
        actor = self._person(actor, "reject", rule_id, version)
        if not comment.strip():
            return self._refuse("reject", actor, rule_id, version, "a rejection needs a comment saying why",
                                accepted="--comment TEXT")
        info = self._reviewable(rule_id, actor, version, "reject")
        with self._audited("reject", actor, rule_id, info.version, comment):
            store.set_status(self.con, rule_id, info.version, "rejected", actor)
            store.insert_review(self.con, rule_id, info.version, actor, "reject", comment)
        return Proposal(rule_id=rule_id, version=info.version, status="rejected")

    def withdraw(self, rule_id: str, actor: str, comment: str = "", version: int | None = None) -> Proposal:
        """Take back one's own proposed version (default: the latest proposed) before anyone reviews it.

        Only the author may withdraw (a reviewer rejects, with a comment for the author); the version stays in
        the history as `withdrawn`, and proposing the same content again puts it back up for review.
        """
        actor = self._person(actor, "withdraw", rule_id, version)
        if version is None:  # the actor's own latest proposal, when another author's is newer
            with suppress(RegistryError):
                own = [v.version for v in self.versions(rule_id) if v.status == "proposed" and same_person(v.author, actor)]
                version = own[-1] if own else None
        info = self._pending(rule_id, actor, version, "withdraw")
        if not same_person(info.author, actor):
            return self._refuse(
                "withdraw", actor, rule_id, info.version,
                f"{info.author} proposed {rule_id} v{info.version}; only the author can withdraw it",
                accepted=f"as a reviewer: mcc rules reject {rule_id} --version {info.version} --comment WHY",
            )
        with self._audited("withdraw", actor, rule_id, info.version, comment):
            store.set_status(self.con, rule_id, info.version, "withdrawn")  # nobody decided: the review row says who
            store.insert_review(self.con, rule_id, info.version, actor, "withdraw", comment)
        return Proposal(rule_id=rule_id, version=info.version, status="withdrawn")

    def rollback(self, rule_id: str, version: int, actor: str, comment: str = "") -> Proposal:
        """Make an earlier approved version active again; the current active version is superseded."""
        actor = self._person(actor, "rollback", rule_id, version)
        target = self._existing(rule_id, version, actor, "rollback")
        active = self.active_version(rule_id)
        was_approved = any(r.decision in ("approve", "rollback") and r.version == version
                           for r in store.reviews(self.con, rule_id))
        if target.status == "approved":
            self._refuse("rollback", actor, rule_id, version, f"{rule_id} v{version} is already the active version",
                         accepted=self._restorable(rule_id, active))
        if not was_approved:
            self._refuse(
                "rollback", actor, rule_id, version,
                f"{rule_id} v{version} was never approved ({target.status}); only approved versions can be restored",
                accepted=self._restorable(rule_id, active),
            )
        self._refuse_shared_rule_ids("rollback", actor, store.load_spec(self.con, rule_id, version), version)
        with self._audited("rollback", actor, rule_id, version, comment):
            if active is not None:
                store.set_status(self.con, rule_id, active, "superseded")
            store.set_status(self.con, rule_id, version, "approved", actor)
            store.insert_review(self.con, rule_id, version, actor, "rollback",
                                comment or (f"rolled back from v{active}" if active else "restored after retirement"))
        return Proposal(rule_id=rule_id, version=version, status="approved")

    def retire(self, rule_id: str, actor: str, comment: str) -> Proposal:
        """Stop running a rule or policy: its active version is superseded and none takes its place.

        Anyone may retire, the author included (stopping is the safe direction); a comment says why, and the
        audit log keeps it. Messages it queued and not yet sent are skipped by `deliver`. `rollback` brings
        an earlier approved version back.
        """
        actor = self._person(actor, "retire", rule_id, None)
        if not comment.strip():
            self._refuse("retire", actor, rule_id, None, "retiring needs a comment saying why",
                         accepted="--comment TEXT")
        try:
            self.versions(rule_id)
        except RegistryError as exc:
            self._refuse("retire", actor, rule_id, None, exc.message, accepted=exc.accepted)
        active = self.active_version(rule_id)
        if active is None:
            self._refuse("retire", actor, rule_id, None, f"nothing of {rule_id} runs: it has no active version",
                         accepted="a rule or policy with an active version (see `mcc rules list`)")
        with self._audited("retire", actor, rule_id, active, comment):
            # decided_by keeps the approver: the retire review says who retired it (read back as `retired`)
            store.set_status(self.con, rule_id, active, "superseded")
            store.insert_review(self.con, rule_id, active, actor, "retire", comment)
        return Proposal(rule_id=rule_id, version=active, status="retired")

    def live_rule_ids(self) -> set[str] | None:
        """Return the rule ids the active versions run, or None when nothing was ever approved here."""
        if not any(v.status in ("approved", "superseded", "retired") for v in store.versions(self.con)):
            return None  # runs here were given their plan directly (tests, benchmarks): nothing to go by
        return {rule for a in self.active() for rule in rule_ids(a.spec)}

    def require_active(self, rule_id: str, version: int, actor: str) -> None:
        """Refuse (and audit) executing a version that is not the approved, active one."""
        actor = self._person(actor, "execute", rule_id, version)
        info = self._existing(rule_id, version, actor, "execute")
        if info.status != "approved":
            self._refuse(
                "execute", actor, rule_id, version,
                f"{rule_id} v{version} is {info.status}, not approved: only the active approved version executes",
                accepted=self._approved_numbers(rule_id, active_only=True),
            )

    def export_dir(self, path: str | Path) -> builtins.list[Path]:
        """Write one YAML file per rule id (its active version, else its latest) into `path`."""
        folder = export_folder(Path(path))
        latest: dict[str, VersionInfo] = {}
        for info in store.versions(self.con):
            current = latest.get(info.rule_id)
            if current is None or current.status != "approved" or info.status == "approved":
                latest[info.rule_id] = info
        return [write_spec_file(folder, info, self._spec(info.rule_id, info.version)) for info in latest.values()]

    def import_dir(
        self, path: str | Path, actor: str, comment: str = "", catalog: Catalog | None = None
    ) -> builtins.list[Proposal]:
        """Propose every spec in a folder as `actor`; unchanged files return their existing versions.

        Every file is parsed (and, given a catalog, validated) before anything is written, so one bad file
        leaves the registry untouched.
        """
        specs = read_spec_files(Path(path))
        if catalog is not None:
            for spec in specs:
                report = validate_spec(spec, catalog)
                if not report.ok:
                    raise SpecError(
                        f"{spec.id}: {len(report.errors)} validation error(s), first: {report.errors[0]}",
                        where=str(Path(path) / f"{spec.id}.yaml"),
                        accepted="files that pass `mcc rules validate`; nothing was imported",
                        details={"errors": [e.model_dump() for e in report.errors]},
                    )
        for spec in specs:  # refused before the first proposal, so a folder is imported whole or not at all
            self._refuse_shared_rule_ids("propose", self._person(actor, "propose", spec.id, None), spec, None)
        return [self.propose(spec, actor, comment or f"imported from {Path(path).name}") for spec in specs]

    # --- helpers -----------------------------------------------------------------------------------
    def _refuse_shared_rule_ids(self, action: str, actor: str, spec: Rule | Policy, version: int | None) -> None:
        """Refuse a spec with a rule id that an active version of another rule or policy already runs.

        A rule id names one program in decisions, the outbox and measurement: two of them would collide,
        and the run would keep only one, silently switching the other off.
        """
        for active in self.active():
            if active.rule_id == spec.id:
                continue  # its own earlier version: replaced on approval
            shared = sorted(rule_ids(spec) & rule_ids(active.spec))
            if shared:
                self._refuse(
                    action, actor, spec.id, version,
                    f"rule id {shared[0]} is already run by {active.spec.kind} {active.rule_id} "
                    f"(active v{active.version}); a rule id names one program",
                    accepted=f"another id for {shared[0]} in {spec.id}",
                )

    def _spec(self, rule_id: str, version: int) -> Rule | Policy:
        self.version_info(rule_id, version)
        return store.load_spec(self.con, rule_id, version)

    def _has_traits(self) -> bool:
        return table_exists(self.con, "main", "user_traits")

    def _restorable(self, rule_id: str, active: int | None) -> str:
        """Say which versions a rollback can restore: approved once, and not the one running now."""
        approved = {r.version for r in store.reviews(self.con, rule_id) if r.decision in ("approve", "rollback")}
        others = sorted(approved - {active} if active is not None else approved)
        if others:
            return f"an earlier approved version: {', '.join(f'v{n}' for n in others)}"
        running = f"v{active} runs and " if active is not None else ""
        return f"none: {running}no other version of {rule_id} was ever approved"

    def _approved_numbers(self, rule_id: str, active_only: bool = False) -> str:
        approved = {r.version for r in store.reviews(self.con, rule_id) if r.decision in ("approve", "rollback")}
        if active_only:
            active = self.active_version(rule_id)
            approved = {active} if active is not None else set()
        return ", ".join(f"v{n}" for n in sorted(approved)) or "none approved yet"

    def _existing(self, rule_id: str, version: int | None, actor: str, action: str) -> VersionInfo:
        """Return a version's info, refusing (audited) when the rule or version does not exist."""
        try:
            if version is None:
                raise InputError("no version given")
            return self.version_info(rule_id, version)
        except RegistryError as exc:
            return self._refuse(action, actor, rule_id, version, exc.message, accepted=exc.accepted)

    def _reviewable(self, rule_id: str, actor: str, version: int | None, action: str) -> VersionInfo:
        """Return the version to review, refusing missing, non-proposed and self-authored versions."""
        info = self._pending(rule_id, actor, version, action)
        if same_person(info.author, actor):
            return self._refuse(
                action, actor, rule_id, info.version,
                f"{info.author} proposed {rule_id} v{info.version} and cannot {action} it: a reviewer must not be "
                "the author",
                accepted=f"a reviewer other than the author (--as NAME); the author can take it back with "
                f"mcc rules withdraw {rule_id}",
            )
        return info

    def _pending(self, rule_id: str, actor: str, version: int | None, action: str) -> VersionInfo:
        """Return the proposed version an action is about (default: the latest), refusing any other."""
        if version is None:
            try:
                known = self.versions(rule_id)
            except RegistryError as exc:
                self._refuse(action, actor, rule_id, None, exc.message, accepted=exc.accepted)
            proposed = [v for v in known if v.status == "proposed"]
            if not proposed:
                states = ", ".join(f"v{v.version} {v.status}" for v in known)
                return self._refuse(action, actor, rule_id, None, f"{rule_id} has no proposed version ({states})",
                                    accepted="propose a new version first")
            version = proposed[-1].version
        info = self._existing(rule_id, version, actor, action)
        if info.status != "proposed":
            done = "withdrawn" if action == "withdraw" else f"{action}d"
            return self._refuse(
                action, actor, rule_id, version,
                f"{rule_id} v{version} is {info.status}; only a proposed version can be {done}",
                accepted=self._instead_of_reviewing(info, action),
            )
        return info

    def _person(self, actor: str, action: str, rule_id: str, version: int | None) -> str:
        """Return the actor's stored name; a name refused (blank, mixed scripts) is audited before the refusal."""
        try:
            return person(actor)
        except InputError as exc:
            # who tried to pass for whom is worth keeping, under the name as typed with every letter outside ASCII
            # escaped ("m\\u0430ya"): shown as typed, the log would read as if maya herself had been refused
            typed = actor.encode("ascii", "backslashreplace").decode("ascii").strip() or "(blank)"
            with store.transaction(self.con):
                store.write_audit(self.con, actor=typed, action=action, rule_id=rule_id, version=version,
                                  from_version=self.active_version(rule_id), outcome="refused", message=exc.message)
            raise

    def _instead_of_reviewing(self, info: VersionInfo, action: str) -> str:
        """Return what to do about a version that is not proposed: the one waiting, or how to run it again."""
        waiting = [v.version for v in self.versions(info.rule_id) if v.status == "proposed"]
        if waiting:
            return f"the version waiting for review: mcc rules {action} {info.rule_id} --version {waiting[-1]}"
        if info.status == "approved":
            return f"nothing of {info.rule_id} waits for review; v{info.version} already runs"
        if info.status in ("superseded", "retired") and info.reviewer is not None:
            return f"to run v{info.version} again: mcc rules rollback {info.rule_id} --to {info.version} --as NAME"
        return "propose the content again as a new version (mcc rules propose FILE --as NAME)"

    @contextmanager
    def _audited(self, action: str, actor: str, rule_id: str, version: int, comment: str = "") -> Iterator[None]:
        """Run the writes of one action and its audit row in one transaction."""
        from_version = self.active_version(rule_id)
        with store.transaction(self.con):
            yield
            store.write_audit(
                self.con, actor=actor, action=action, rule_id=rule_id, version=version,
                from_version=from_version, outcome="ok", message=comment or f"{action} {rule_id} v{version}",
            )

    def _refuse(
        self, action: str, actor: str, rule_id: str, version: int | None, message: str, accepted: str | None = None
    ) -> NoReturn:
        """Write the refusal to the audit log in its own committed write, then raise RegistryError."""
        with store.transaction(self.con):
            store.write_audit(
                self.con, actor=actor, action=action, rule_id=rule_id, version=version,
                from_version=self.active_version(rule_id), outcome="refused", message=message,
            )
        raise RegistryError(message, where=f"{rule_id} v{version}" if version else rule_id, accepted=accepted)

