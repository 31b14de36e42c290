"""The image: pinned base, non-root numeric user, health check, only the venv in the result."""

from __future__ import annotations

import json
import re

import pytest

from tests.deploy.deploytools import DOCKERFILE, REPO

Instruction = tuple[str, str]


def instructions() -> list[Instruction]:
    """(KEYWORD, arguments) per instruction, continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    parsed = []
    for line in logical:
        keyword, _, rest = line.partition(" ")
        parsed.append((keyword.upper(), rest.strip()))
    return parsed


def final_stage() -> list[Instruction]:
    items = instructions()
    last_from = max(i for i, (keyword, _) in enumerate(items) if keyword == "FROM")
    return items[last_from:]


def build_args() -> dict[str, str]:
    """Defaults of the ARGs declared before the first FROM (usable in FROM lines)."""
    args = {}
    for keyword, rest in instructions():
        if keyword == "FROM":
            break
        if keyword == "ARG" and "=" in rest:
            name, _, value = rest.partition("=")
            args[name] = value
    return args


def test_every_base_image_is_pinned_to_an_exact_version_and_digest() -> None:
    args = build_args()
    bases = [rest.split()[0] for keyword, rest in instructions() if keyword == "FROM"]
    assert len(bases) >= 2, "expected a multi-stage build"
    for written in bases:
        base = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], written)
        image, _, digest = base.partition("@")
        _, _, tag = image.partition(":")
        assert tag and tag != "latest", base
        assert re.fullmatch(r"\d+\.\d+\.\d+(-[a-z0-9.-]+)?", tag), f"{base}: tag is not X.Y.Z"
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", digest), f"{base}: not pinned by digest"
    labels = " ".join(rest for keyword, rest in final_stage() if keyword == "LABEL")
    assert f'org.opencontainers.image.base.digest="{args["BASE"].partition("@")[2]}"' in labels


def test_python_packages_come_from_the_hashed_lock_only() -> None:
    runs = [rest for keyword, rest in instructions() if keyword == "RUN" and "pip install" in rest]
    installs = [part for run in runs for part in run.split("&&") if "pip install" in part]
    locked = [i for i in installs if "-r requirements/worker.lock" in i]
    assert len(locked) == 1 and "--require-hashes" in locked[0]
    others = [i for i in installs if i not in locked and "--upgrade pip" not in i]
    assert others and all("--no-deps" in i for i in others), others


def test_final_user_is_numeric_and_not_root() -> None:
    users = [rest for keyword, rest in final_stage() if keyword == "USER"]
    assert users, "final stage sets no USER"
    match = re.fullmatch(r"(\d+)(?::(\d+))?", users[-1])
    assert match, f"USER {users[-1]!r} is not numeric"
    assert int(match.group(1)) != 0
    assert match.group(2) is None or int(match.group(2)) != 0


def test_healthcheck_probes_the_liveness_endpoint_without_curl() -> None:
    checks = [rest for keyword, rest in final_stage() if keyword == "HEALTHCHECK"]
    assert len(checks) == 1
    assert "/livez" in checks[0]
    command = json.loads(checks[0][checks[0].index("CMD") + 3 :].strip())
    assert command[0] == "python", "slim images have no curl or wget"


@pytest.mark.parametrize(("keyword", "expected"), [("ENTRYPOINT", ["khabar"]), ("CMD", ["worker"])])
def test_entrypoint_runs_the_khabar_cli(keyword: str, expected: list[str]) -> None:
    values = [json.loads(rest) for kw, rest in final_stage() if kw == keyword]
    assert values == [expected]


def test_final_stage_copies_only_the_venv_and_installs_nothing() -> None:
    stage = final_stage()
    copies = [rest for keyword, rest in stage if keyword == "COPY"]
    assert copies == [
        "--from=builder /opt/khabar /opt/khabar",
        "deploy/sbom/khabar-worker.cdx.json /opt/khabar/sbom.cdx.json",
        "LICENSE /opt/khabar/LICENSE",
    ]
    runs = " ".join(rest for keyword, rest in stage if keyword == "RUN")
    assert "apt-get" not in runs and "pip " not in runs


def test_data_dir_is_a_volume_owned_by_the_runtime_user() -> None:
    stage = final_stage()
    env = " ".join(rest for keyword, rest in stage if keyword == "ENV")
    assert "KHABAR_DATA_DIR=/var/lib/khabar" in env
    assert "KHABAR_WEB_HOST=0.0.0.0" in env
    volumes = [json.loads(rest) for keyword, rest in stage if keyword == "VOLUME"]
    assert volumes == [["/var/lib/khabar"]]
    runs = " ".join(rest for keyword, rest in stage if keyword == "RUN")
    assert "install -d -o 10001 -g 10001" in runs and "/var/lib/khabar" in runs


@pytest.mark.parametrize(
    "label",
    ["title", "description", "version", "revision", "created", "licenses", "base.name",
     "base.digest"],
)
def test_oci_labels(label: str) -> None:
    labels = " ".join(rest for keyword, rest in final_stage() if keyword == "LABEL")
    assert f"org.opencontainers.image.{label}=" in labels


def test_dockerignore_sends_only_the_package_sources() -> None:
    lines = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "**", "everything is excluded first"
    included = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    assert included == {"pyproject.toml", "README.md", "LICENSE", "workers",
                        "requirements/worker.lock", "deploy/sbom/khabar-worker.cdx.json"}
