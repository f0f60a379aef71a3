"""environment.yml and pyproject.toml must name the same packages in the same ranges."""

from __future__ import annotations

import re
import tomllib

import yaml

from .conftest import REPO

# conda-forge spells a few packages differently.
CONDA_NAMES = {"matplotlib-base": "matplotlib", "psycopg": "psycopg"}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", req)
    assert m, req
    return m.group(1).lower().replace("_", "-"), m.group(3).replace(" ", "")


def test_environment_matches_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = dict(
        _split(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]
    )
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    got: dict[str, str] = {}
    for dep in env["dependencies"]:
        for item in dep["pip"] if isinstance(dep, dict) else [dep]:
            if item.startswith("-e") or item.split(">")[0].split("=")[0] in ("python", "pip"):
                continue
            name, spec = _split(item)
            got[CONDA_NAMES.get(name, name)] = spec
    assert got == wanted
