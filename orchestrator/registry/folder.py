"""Export the registry to a folder of YAML files (one per rule id) and read such a folder back."""

from __future__ import annotations

import os
from pathlib import Path

from orchestrator.registry.records import VersionInfo
from orchestrator.spec import Policy, Rule, load_spec_file, spec_to_yaml
from warehouse.errors import InputError, SpecError


def export_folder(path: Path) -> Path:
    """Return the folder to export into, made if missing; refuse a path that is a file or cannot be made."""
    if path.exists() and not path.is_dir():
        raise InputError(f"{path} is a file", where="FOLDER", accepted="a folder (made if missing), e.g. rules/")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot make the folder {path}: {exc.strerror}", where="FOLDER",
                         accepted="a folder that exists or can be made") from exc
    return path


def write_spec_file(folder: Path, info: VersionInfo, spec: Rule | Policy) -> Path:
    """Write `<rule_id>.yaml` with a header naming the version and its status.

    The text goes to a temporary file that then replaces the target, so an interrupted export leaves each
    file either as it was or whole, never cut short.
    """
    path = folder / f"{spec.id}.yaml"
    header = f"# {spec.id} version {info.version} ({info.status}), exported by mcc rules export\n"
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(header + spec_to_yaml(spec))
        os.replace(partial, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}", where="FOLDER", accepted="a writable folder") from exc
    finally:
        partial.unlink(missing_ok=True)  # gone after the replace; left by a failure or an interrupt otherwise
    return path


def read_spec_files(folder: Path) -> list[Rule | Policy]:
    """Parse every `*.yaml`/`*.yml`/`*.json` file in `folder`; all must parse before any is used."""
    if not folder.is_dir():
        raise InputError(f"{folder} is not a directory", accepted="a folder of rule YAML files")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    if not files:
        raise InputError(f"no .yaml, .yml or .json files in {folder}", accepted="a folder written by mcc rules export")
    specs = [load_spec_file(p) for p in files]
    for path, spec in zip(files, specs, strict=True):
        if path.stem != spec.id:
            raise SpecError(
                f"file {path.name} holds rule id {spec.id!r}",
                where=str(path),
                accepted=f"one file per rule id, named {spec.id}.yaml",
            )
    return specs
