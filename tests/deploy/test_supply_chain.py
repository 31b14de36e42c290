"""Supply chain: locked, hashed dependencies used by the image and CI, an SBOM generated from the
lock and kept in step with it, and the licence the image label names."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.deploytools import REPO

LOCKS = REPO / "requirements"
SBOM = REPO / "deploy" / "sbom" / "khabar-worker.cdx.json"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)")


def locked(name: str) -> dict[str, tuple[str, int]]:
    """Package -> (version, number of hashes) of one lock file."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in (LOCKS / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), 0)
        elif current and "--hash=sha256:" in line:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(("lock", "extras"), [("worker.lock", ()),
                                              ("run.lock", ("embedded",)),
                                              ("dev.lock", ("embedded", "dev"))])
def test_each_lock_pins_every_declared_dependency_within_its_range_with_hashes(
    lock: str, extras: tuple[str, ...]
) -> None:
    pins = locked(lock)
    assert pins, f"{lock} pins nothing"
    for package, (version, hashes) in pins.items():
        assert hashes >= 1, f"{lock}: {package}=={version} has no hash"
    for requirement in declared(*extras):
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock} lacks {requirement}"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (
            f"{lock}: {name}=={pins[name][0]} is outside {requirement.specifier}; run make lock")


def test_the_runtime_locks_agree_with_each_other() -> None:
    worker, run, dev = locked("worker.lock"), locked("run.lock"), locked("dev.lock")
    for package, (version, _) in worker.items():
        assert run[package][0] == version, package
        assert dev.get(package, (version, 0))[0] == version, f"dev.lock moves {package}"


def test_ci_and_the_image_install_from_the_locks() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert "--require-hashes -r requirements/dev.lock" in makefile
    assert "--require-hashes -r requirements/run.lock" in makefile
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    assert "--require-hashes --no-deps -r requirements/worker.lock" in dockerfile


def test_the_sbom_is_what_the_lock_generates(tmp_path: Path) -> None:
    """Regenerated from the worker lock (reproducible output), it is byte for byte the one
    committed and copied into the image: `make sbom` after every `make lock`."""
    fresh = tmp_path / "sbom.json"
    subprocess.run(
        [str(Path(sys.executable).parent / "cyclonedx-py"), "requirements",
         str(LOCKS / "worker.lock"), "--pyproject", str(REPO / "pyproject.toml"),
         "--output-reproducible", "-o", str(fresh)],
        check=True, capture_output=True, cwd=REPO, timeout=120,
    )
    assert fresh.read_bytes() == SBOM.read_bytes(), "the SBOM is stale: run make sbom"


def test_the_licence_is_the_one_the_image_names() -> None:
    text = (REPO / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert 'org.opencontainers.image.licenses="Apache-2.0"' in (
        REPO / "deploy" / "Dockerfile").read_text()
    assert tomllib.loads((REPO / "pyproject.toml").read_text())["project"].get(
        "license") in ("Apache-2.0", {"text": "Apache-2.0"}, {"file": "LICENSE"})
