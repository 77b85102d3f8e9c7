"""Export the registry to a folder of YAML files (one per rule id) and read such a folder back."""

from __future__ import annotations

from pathlib import Path

from orchestrator.registry.records import VersionInfo
from orchestrator.spec import Policy, Rule, load_spec_file, spec_to_yaml
from warehouse.errors import InputError, SpecError


def write_spec_file(folder: Path, info: VersionInfo, spec: Rule | Policy) -> Path:
    """Write `<rule_id>.yaml` with a header naming the version and its status."""
    path = folder / f"{spec.id}.yaml"
    header = f"# {spec.id} version {info.version} ({info.status}), exported by mcc rules export\n"
    path.write_text(header + spec_to_yaml(spec))
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
