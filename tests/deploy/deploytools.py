"""Shared helpers for the deployment checks: repository paths, tool runs, YAML loading.

The checks run the real tools (docker-compose, promtool, kubectl kustomize, check-jsonschema,
kubernetes-validate); a missing tool is a failed check, never a skip, so `make test` must
install them (Debian: docker-compose prometheus kubectl; PyPI: check-jsonschema,
kubernetes-validate).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
DOCKERFILE = DEPLOY / "Dockerfile"
PROMETHEUS_CONFIG = DEPLOY / "prometheus" / "prometheus.yml"
RULES = DEPLOY / "prometheus" / "rules" / "khabar.rules.yml"
RULE_TESTS = DEPLOY / "prometheus" / "tests" / "khabar.rules.test.yml"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "khabar.json"
K8S = DEPLOY / "k8s"
VENV_BIN = Path(sys.executable).parent

Doc = dict[str, Any]


def tool(name: str) -> str:
    """Absolute path of a command-line tool, from the virtualenv first, then PATH."""
    local = VENV_BIN / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    assert found, f"{name} is not installed (see tests/deploy/deploytools.py for the list)"
    return found


def run(
    args: list[str],
    *,
    stdin: str | None = None,
    cwd: Path = REPO,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a tool and return its result; callers assert on the return code and output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [tool(args[0]), *args[1:]],
        input=stdin,
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def yaml_docs(text: str) -> Iterator[Doc]:
    for doc in yaml.safe_load_all(text):
        if doc:
            yield doc


def kustomize(directory: Path) -> str:
    """Render a kustomization with `kubectl kustomize` (kustomize v5 built into kubectl)."""
    result = run(["kubectl", "kustomize", str(directory)])
    assert result.returncode == 0, result.stderr
    return result.stdout


def by_kind(docs: list[Doc], kind: str) -> list[Doc]:
    return [doc for doc in docs if doc.get("kind") == kind]


def one(docs: list[Doc], kind: str) -> Doc:
    found = by_kind(docs, kind)
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]
