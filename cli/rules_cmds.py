"""`mcc rules validate|propose|list|history|show|diff|approve|reject|withdraw|retire|rollback|export|import|schema|sql`,
`mcc preview`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import typer

from cli import rules_render as render
from cli.common import console, default_actor, globals_of, json_option, plain, print_json
from warehouse.connection import connect
from warehouse.errors import InputError, SpecError

if TYPE_CHECKING:
    from orchestrator.spec import Policy, Rule
    from orchestrator.validate import ValidationReport

ACTOR_HELP = "Who acts (default: the OS user)."
AS_OF_HELP = ("Count the audience as of this time, YYYY-MM-DD or YYYY-MM-DDTHH:MM "
              "(default: the end of the data).")
SPEC_FILE_HELP = "A rule or policy spec, YAML or JSON (see examples/ and `mcc rules schema`)."
RULE_ID_HELP = "A rule or policy id, as `mcc rules list` shows it."


def _actor_option() -> str:
    return typer.Option(None, "--as", help=ACTOR_HELP, show_default=False)  # type: ignore[no-any-return]


@contextmanager
def _warehouse(ctx: typer.Context, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse named by --db / $MCC_DB and close it afterwards."""
    con = connect(globals_of(ctx).db, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def register(app: typer.Typer) -> None:
    """Add `mcc rules ...` and `mcc preview`."""
    rules = typer.Typer(help="Rules and policies: validate, propose, review, roll back, export.", no_args_is_help=True)
    app.add_typer(rules, name="rules")

    @rules.command("validate")
    def validate_cmd(ctx: typer.Context, file: Path = typer.Argument(..., help=SPEC_FILE_HELP),
                     as_of: str = typer.Option(None, "--as-of", help=AS_OF_HELP),
                     json_out: bool = json_option()) -> None:
        """Check a spec file against the catalog (and the warehouse's data when it exists)."""
        from orchestrator.spec import load_spec_file
        from orchestrator.validate import ValidationReport, validate_spec
        from warehouse.catalog import load_catalog

        try:
            spec = load_spec_file(file)
        except SpecError as exc:
            if not exc.details.get("problems"):  # unreadable, or not YAML: one line is the whole story
                raise
            # a spec of the wrong shape: every problem at once, like the catalog checks below
            report = ValidationReport()
            for problem in exc.details["problems"]:
                report.error(problem["path"], "shape", problem["message"], SHAPE_HELP)
            _print_report(str(file), report, json_out)
            raise typer.Exit(1) from exc
        if globals_of(ctx).db.exists():
            with _warehouse(ctx, read_only=True) as con:
                report = validate_spec(spec, load_catalog(), con, as_of)
        else:
            report = validate_spec(spec, load_catalog(), as_of=as_of)
        _print_report(str(file), report, json_out)
        if not report.ok:
            raise typer.Exit(1)

    @rules.command("propose")
    def propose_cmd(ctx: typer.Context, file: Path = typer.Argument(..., help=SPEC_FILE_HELP),
                    actor: str = _actor_option(),
                    comment: str = typer.Option("", "--comment", help="A note for the reviewer, kept in the history."),
                    json_out: bool = json_option()) -> None:
        """Propose a spec file as a new version (identical content returns the existing version)."""
        from orchestrator.registry import Registry
        from orchestrator.spec import load_spec_file
        from orchestrator.validate import validate_spec
        from warehouse.catalog import load_catalog

        spec = load_spec_file(file)
        report = validate_spec(spec, load_catalog())
        if not report.ok:
            first = report.errors[0]
            raise SpecError(f"{len(report.errors)} validation error(s), first: {first}", where=str(file),
                            accepted="a spec that passes `mcc rules validate`",
                            details={"errors": [e.model_dump() for e in report.errors]})
        with _warehouse(ctx) as con:
            registry = Registry(con)
            proposal = registry.propose(spec, actor or default_actor(), comment)
            same = None if proposal.created else registry.show(proposal.rule_id, proposal.version)
            # the warnings `rules validate` gives on this warehouse (an empty audience, a contradiction) go with it
            warnings = validate_spec(spec, load_catalog(), con).warnings if same is None else []
        if json_out:
            print_json({"rule_id": proposal.rule_id, "version": proposal.version, "status": proposal.status,
                        "created": proposal.created, "reopened": proposal.reopened, "warnings": warnings})
        elif proposal.reopened:
            console.print(plain(f"{proposal.rule_id} v{proposal.version} had this content and was withdrawn: it is "
                                "proposed again and waits for review"))
        elif same is None:
            console.print(plain(f"{proposal.rule_id} proposed as v{proposal.version} ({proposal.status})"
                                + (f", with {len(warnings)} warning(s) (`mcc rules validate` says the same):" if warnings else "")))
            for issue in warnings:
                console.print(plain(f"  {issue.path}: {issue.message} ({issue.suggestion})"))
        else:
            console.print(plain(render.unchanged_proposal(same)))

    @rules.command("list")
    def list_cmd(ctx: typer.Context, json_out: bool = json_option()) -> None:
        """List every version of every rule and policy with its review status."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            versions = Registry(con).list()
        if json_out:
            print_json({"versions": versions})
        else:
            render.show_versions(versions)

    @rules.command("history")
    def history_cmd(ctx: typer.Context, rule_id: str = typer.Argument(None, help="Only this rule or policy."),
                    json_out: bool = json_option()) -> None:
        """Who proposed, approved, rejected, rolled back or was refused what, and when (the audit log)."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            registry = Registry(con)
            entries = registry.audit(rule_id)
            if rule_id is not None and not entries:
                registry.versions(rule_id)  # an id never seen: the error names the closest known one
        if json_out:
            print_json({"rule_id": rule_id, "entries": entries})
        else:
            render.show_history(entries)

    @rules.command("show")
    def show_cmd(ctx: typer.Context, rule_id: str = typer.Argument(..., help=RULE_ID_HELP),
                 version: int = typer.Option(None, "--version", help="This version number (see `mcc rules list`)."),
                 json_out: bool = json_option()) -> None:
        """Show a version (default: the active one, else the latest) with its spec and reviews."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            detail = Registry(con).show(rule_id, version)
        if json_out:
            print_json(detail)
        else:
            render.show_detail(detail)

    @rules.command("diff")
    def diff_cmd(ctx: typer.Context, rule_id: str = typer.Argument(..., help=RULE_ID_HELP),
                 a: int = typer.Argument(None, metavar="A", help="The older version number (default: the active "
                                         "version when it is older than B, else the one before B)."),
                 b: int = typer.Argument(None, metavar="B", help="The newer version number (default: the latest)."),
                 as_of: str = typer.Option(None, "--as-of", help=AS_OF_HELP), json_out: bool = json_option()) -> None:
        """Diff two versions in words, with whom the change adds and removes (default: the latest against the active one)."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            diff = Registry(con).diff(rule_id, a, b, as_of=as_of)
        if json_out:
            print_json(diff)
        else:
            render.show_diff(diff)

    @rules.command("approve")
    def approve_cmd(ctx: typer.Context, rule_id: str = typer.Argument(..., help=RULE_ID_HELP),
                    actor: str = _actor_option(),
                    version: int = typer.Option(None, "--version", help="Default: the latest proposed version."),
                    comment: str = typer.Option("", "--comment", help="Why, kept in the history."),
                    json_out: bool = json_option()) -> None:
        """Approve a proposed version; it becomes the active one. The author cannot approve."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            result = Registry(con).approve(rule_id, actor or default_actor(), version, comment)
        _print_proposal(result.model_dump(exclude={"created", "reopened"}, mode="json"), json_out,
                        "approved and active: the next `mcc run` applies it")
        if not json_out:
            # an older proposal this approval set aside unread: its author should know it will never run
            for old in result.unreviewed:
                console.print(plain(f"  v{old.version}, proposed by {old.author}, was waiting too and is now superseded "
                                    f"unreviewed: it will not run (mcc rules diff {rule_id} {old.version} "
                                    f"{result.version} shows what it had)"))

    @rules.command("reject")
    def reject_cmd(ctx: typer.Context, rule_id: str = typer.Argument(..., help=RULE_ID_HELP),
                   comment: str = typer.Option(..., "--comment", help="Why, for the author (kept in the history)."),
                   actor: str = _actor_option(),
                   version: int = typer.Option(None, "--version", help="Default: the latest proposed version."),
                   json_out: bool = json_option()) -> None:
        """Reject a proposed version, saying why."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            result = Registry(con).reject(rule_id, actor or default_actor(), comment, version)
        _print_proposal(result.model_dump(exclude={"created", "reopened"}), json_out, "rejected")

    @rules.command("withdraw")
    def withdraw_cmd(ctx: typer.Context, rule_id: str = typer.Argument(..., help=RULE_ID_HELP),
                     actor: str = _actor_option(),
                     version: int = typer.Option(None, "--version", help="Default: your latest proposed version."),
                     comment: str = typer.Option("", "--comment", help="Why, kept in the history."),
                     json_out: bool = json_option()) -> None:
        """Take back your own proposal before it is reviewed (a reviewer rejects instead)."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            result = Registry(con).withdraw(rule_id, actor or default_actor(), comment, version)
        _print_proposal(result.model_dump(exclude={"created", "reopened"}), json_out,
                        "withdrawn: nobody can approve it now; proposing the same content again puts it back up")

    @rules.command("retire")
    def retire_cmd(ctx: typer.Context, rule_id: str = typer.Argument(..., help=RULE_ID_HELP),
                   comment: str = typer.Option(..., "--comment", help="Why."),
                   actor: str = _actor_option(), json_out: bool = json_option()) -> None:
        """Stop running a rule or policy now: no version stays active; its queued, unsent messages are skipped."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            result = Registry(con).retire(rule_id, actor or default_actor(), comment)
        if json_out:
            print_json(result.model_dump(exclude={"created", "reopened"}))
        else:
            console.print(plain(f"{rule_id} v{result.version} retired: the next run leaves it out and deliver skips "
                                f"what it queued; bring it back with `mcc rules rollback {rule_id} "
                                f"--to {result.version}`"))

    @rules.command("rollback")
    def rollback_cmd(ctx: typer.Context, rule_id: str = typer.Argument(..., help=RULE_ID_HELP),
                     to: int = typer.Option(..., "--to", help="The approved version number to make active again."),
                     actor: str = _actor_option(), comment: str = typer.Option("", "--comment", help="Why."),
                     json_out: bool = json_option()) -> None:
        """Make an earlier approved version active again."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            result = Registry(con).rollback(rule_id, to, actor or default_actor(), comment)
        _print_proposal(result.model_dump(exclude={"created", "reopened"}), json_out,
                        "active again: the next `mcc run` applies it")

    @rules.command("export")
    def export_cmd(ctx: typer.Context, folder: Path, json_out: bool = json_option()) -> None:
        """Write one YAML file per rule id (its active version, else its latest) into FOLDER."""
        from orchestrator.registry import Registry

        with _warehouse(ctx) as con:
            paths = Registry(con).export_dir(folder)
        if json_out:
            print_json({"folder": str(folder), "files": [str(p) for p in paths]})
        else:
            console.print(plain(f"wrote {len(paths)} file(s) to {folder}"))

    @rules.command("import")
    def import_cmd(ctx: typer.Context, folder: Path, actor: str = _actor_option(),
                   json_out: bool = json_option()) -> None:
        """Propose every spec file in FOLDER as new versions by the actor (unchanged files are skipped)."""
        from orchestrator.registry import Registry
        from warehouse.catalog import load_catalog

        with _warehouse(ctx) as con:
            proposals = Registry(con).import_dir(folder, actor or default_actor(), catalog=load_catalog())
        if json_out:
            print_json({"proposals": proposals})
        else:
            for p in proposals:
                console.print(plain(f"{p.rule_id}: v{p.version} {p.status}" + ("" if p.created else " (unchanged)")))

    @rules.command("schema")
    def schema_cmd(json_out: bool = json_option()) -> None:
        """Print the JSON Schema of a rule or policy spec (for structured output; always JSON)."""
        from orchestrator.spec import spec_json_schema

        print_json(spec_json_schema())

    @rules.command("sql")
    def sql_cmd(ctx: typer.Context,
                target: str = typer.Argument(..., metavar="FILE_OR_RULE_ID",
                                             help="A spec file (YAML or JSON), or the id of a stored rule or policy."),
                dialect: str = typer.Option("duckdb", "--dialect", help="duckdb, snowflake, bigquery, spark or postgres."),
                as_of: str = typer.Option(None, "--as-of", help="End the event windows at this time, YYYY-MM-DD or "
                                          "YYYY-MM-DDTHH:MM (default: the warehouse's data end, read in the SQL from "
                                          "mcc.meta)."),
                version: int = typer.Option(None, "--version", help="Of a stored rule id (default: the active "
                                            "version, else the latest)."),
                json_out: bool = json_option()) -> None:
        """Print the SQL that selects each rule's audience in your warehouse's dialect (over user_traits and fct_events)."""
        from cli.execute_cmds import parse_timestamp
        from orchestrator.compile import DIALECTS, audience_sql
        from orchestrator.registry import Registry
        from orchestrator.spec import Policy
        from orchestrator.validate.names import require_names
        from warehouse.catalog import load_catalog

        if dialect not in DIALECTS:
            raise InputError(f"unknown dialect {dialect!r}", where="--dialect", accepted=", ".join(DIALECTS))
        when = parse_timestamp(as_of, "--as-of")
        spec = _file_or_id(target, version, "compiled")
        if isinstance(spec, str):
            with _warehouse(ctx, read_only=True) as con:
                spec = Registry(con, create=False).show(spec, version).spec
        require_names(spec, load_catalog(), "compile")
        rules = spec.rules if isinstance(spec, Policy) else [spec]
        compiled = [{"rule_id": r.id, "sql": audience_sql(r.audience, dialect, as_of=when, pretty=not json_out)}
                    for r in rules]
        if json_out:
            print_json({"id": spec.id, "dialect": dialect, "as_of": when, "rules": compiled})
            return
        for item in compiled:
            console.print(plain(f"-- {item['rule_id']}: the user ids its audience selects ({dialect})"), soft_wrap=True)
            console.print(plain(f"{item['sql']};\n"), soft_wrap=True)

    @app.command("preview")
    def preview_cmd(ctx: typer.Context,
                    target: str = typer.Argument(..., metavar="FILE_OR_RULE_ID",
                                                 help="A spec file (YAML or JSON), or the id of a stored rule or "
                                                 "policy."),
                    as_of: str = typer.Option(None, "--as-of", help=AS_OF_HELP),
                    version: int = typer.Option(None, "--version", help="Of a stored rule id (default: the active "
                                                "version, else the latest)."),
                    steps: bool = typer.Option(False, "--steps", help="Also count each audience condition alone and "
                                               "with the ones before it: which one makes the audience small."),
                    json_out: bool = json_option()) -> None:
        """Preview the audience of a spec file or a stored rule id."""
        from orchestrator.narrowing import spec_narrowing
        from orchestrator.preview import preview
        from orchestrator.registry import Registry
        from warehouse.catalog import load_catalog

        subject = _file_or_id(target, version, "previewed")
        is_file = not isinstance(subject, str)
        with _warehouse(ctx, read_only=True) as con:
            result = preview(con, subject, load_catalog(), as_of, version=version)
            registry = None if is_file else Registry(con, create=False)
            newer = [] if registry is None else [v.version for v in registry.versions(target)
                                                 if v.status == "proposed" and v.version > (result.version or 0)]
            narrowed = []
            if steps:  # the very version previewed: a file's spec, or the stored version shown
                spec = subject if registry is None else registry.show(target, result.version).spec
                assert not isinstance(spec, str)
                narrowed = spec_narrowing(con, spec, as_of=result.as_of)
        if json_out:
            print_json({**result.model_dump(mode="json"), "narrowing": [n.model_dump(mode="json") for n in narrowed]}
                       if steps else result)
        else:
            render.show_preview(result)
            if narrowed:
                render.show_narrowing(narrowed)
            if newer:  # a reviewer previewing by id most likely came for the proposal
                console.print(plain(f"{target} v{newer[-1]} is proposed: preview it with --version {newer[-1]}"))


SHAPE_HELP = "see examples/ and `mcc rules schema`"


def _print_report(source: str, report: ValidationReport, json_out: bool) -> None:
    """Print a validation report as JSON or as a table."""
    if json_out:
        print_json({"file": source, "ok": report.ok, "errors": report.errors, "warnings": report.warnings})
    else:
        render.show_report(source, report)


def _file_or_id(target: str, version: int | None, done: str) -> Rule | Policy | str:
    """Return the spec a file argument holds, or the stored rule id as given; --version only goes with an id."""
    if not _names_a_file(target):
        return target
    if version is not None:
        raise InputError(f"--version picks a stored version; a file is {done} as written",
                         where="--version", accepted="a rule id with --version, or a file without it")
    from orchestrator.spec import load_spec_file

    return load_spec_file(target)


def _names_a_file(target: str) -> bool:
    """Return whether preview's argument is a spec file: one that exists, or a path or spec file name (so a
    mistyped path says it cannot be read instead of looking for a rule with that id)."""
    path = Path(target)
    try:
        exists = path.is_file()
    except OSError:  # a name longer than the file system allows is no file here: read as a rule id
        exists = False
    return exists or len(path.parts) > 1 or path.suffix.lower() in {".yaml", ".yml", ".json"}


def _print_proposal(fields: dict[str, object], json_out: bool, words: str) -> None:
    if json_out:
        print_json(fields)
    else:
        console.print(plain(f"{fields['rule_id']} v{fields['version']} {words}"))
