"""Prometheus: config and rules accepted by promtool, every alert unit-tested both ways."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from tests.deploy.catalogue import SERIES
from tests.deploy.dashboard import metric_names
from tests.deploy.deploytools import COMPOSE, PROMETHEUS_CONFIG, RULE_TESTS, RULES, load_yaml, run
from workers.errors import FAULT_REASONS, REASONS

OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def alerts() -> list[dict[str, Any]]:
    return [rule for group in load_yaml(RULES)["groups"] for rule in group["rules"]]


ALERT_NAMES = [rule["alert"] for rule in alerts()]


def test_promtool_accepts_the_config() -> None:
    result = run(["promtool", "check", "config", str(PROMETHEUS_CONFIG)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "khabar.rules.yml" in result.stdout, "the config must load the khabar rules"


def test_promtool_accepts_the_rules() -> None:
    result = run(["promtool", "check", "rules", str(RULES)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_rule_unit_tests_pass() -> None:
    result = run(["promtool", "test", "rules", str(RULE_TESTS)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_unit_tests_load_the_shipped_rules_file() -> None:
    rule_files = load_yaml(RULE_TESTS)["rule_files"]
    assert [(RULE_TESTS.parent / path).resolve() for path in rule_files] == [RULES.resolve()]


def test_alert_names_are_unique() -> None:
    assert len(ALERT_NAMES) == len(set(ALERT_NAMES))


def expectations() -> dict[str, set[bool]]:
    """For each alert, whether the unit tests expect it firing (True) and not firing (False)."""
    seen: dict[str, set[bool]] = {}
    for test in load_yaml(RULE_TESTS)["tests"]:
        for case in test.get("alert_rule_test", []):
            seen.setdefault(case["alertname"], set()).add(bool(case.get("exp_alerts")))
    return seen


@pytest.mark.parametrize("alert", ALERT_NAMES)
def test_every_alert_is_tested_firing_and_not_firing(alert: str) -> None:
    assert expectations().get(alert) == {True, False}


@pytest.mark.parametrize("rule", alerts(), ids=ALERT_NAMES)
def test_alert_has_severity_and_actionable_annotations(rule: dict[str, Any]) -> None:
    assert rule["labels"]["severity"] in {"warning", "critical"}
    annotations = rule["annotations"]
    assert set(annotations) == {"summary", "description", "runbook_url"}
    assert len(annotations["description"].split()) >= 15, "say what to do, not only what broke"


@pytest.mark.parametrize("rule", alerts(), ids=ALERT_NAMES)
def test_every_alert_links_its_runbook_section(rule: dict[str, Any]) -> None:
    path, _, anchor = rule["annotations"]["runbook_url"].partition("#")
    assert path == "docs/operations.md"
    assert anchor == rule["alert"].lower()
    headings = [line for line in OPERATIONS.read_text().splitlines() if line.startswith("### ")]
    assert f"### {rule['alert']}" in headings, f"no runbook section for {rule['alert']}"
    section = OPERATIONS.read_text().split(f"### {rule['alert']}\n", 1)[1].split("\n### ")[0]
    for part in ("**What it means**", "**Confirm**", "**Act**"):
        assert part in section, f"{rule['alert']}: the runbook says nothing under {part}"


def test_the_two_error_alerts_split_reasons_by_cause() -> None:
    """Bad input and khabar's own failures: disjoint reason sets, so one dead letter raises at
    most one alert, and every reason khabar emits belongs to one of them."""
    by_name = {rule["alert"]: rule["expr"] for rule in alerts()}
    faults = "|".join(sorted(FAULT_REASONS))
    assert f'reason!~"{faults}"' in by_name["KhabarInputRejected"]
    assert f'reason=~"{faults}"' in by_name["KhabarStageFailing"]
    assert FAULT_REASONS < REASONS


@pytest.mark.parametrize("rule", alerts(), ids=ALERT_NAMES)
def test_alert_uses_only_catalogued_metrics(rule: dict[str, Any]) -> None:
    names = metric_names(rule["expr"])
    assert names, "no metric found in the expression"
    assert names <= SERIES, names - SERIES


def test_config_discovers_every_compose_worker_by_dns() -> None:
    config = load_yaml(PROMETHEUS_CONFIG)
    job = next(job for job in config["scrape_configs"] if job["job_name"] == "khabar")
    (sd,) = job["dns_sd_configs"]
    compose = load_yaml(COMPOSE)
    assert sd["names"] == ["worker"] and "worker" in compose["services"]
    port = compose["services"]["worker"]["environment"]["KHABAR_WEB_PORT"]
    assert sd["port"] == int(port)


def test_alert_rules_select_the_scrape_job() -> None:
    config = load_yaml(PROMETHEUS_CONFIG)
    jobs = {job["job_name"] for job in config["scrape_configs"]}
    selected = {
        rule["expr"].split('job="')[1].split('"')[0] for rule in alerts() if 'job="' in rule["expr"]
    }
    assert selected and selected <= jobs


def test_config_loads_rules_from_the_mounted_folder() -> None:
    config = load_yaml(PROMETHEUS_CONFIG)
    folders = {Path(pattern).parent for pattern in config["rule_files"]}
    assert (PROMETHEUS_CONFIG.parent / next(iter(folders))).resolve() == RULES.parent.resolve()


def test_compose_prometheus_runs_the_tested_config_and_rules() -> None:
    service = load_yaml(COMPOSE)["services"]["prometheus"]
    mounts = {}
    for volume in service["volumes"]:
        source, target = volume.split(":")[:2]
        if source.startswith("./"):
            mounts[target] = (COMPOSE.parent / source).resolve()
    config_target = next(
        arg.split("=", 1)[1] for arg in service["command"] if arg.startswith("--config.file=")
    )
    assert mounts[config_target] == PROMETHEUS_CONFIG.resolve()
    (pattern,) = load_yaml(PROMETHEUS_CONFIG)["rule_files"]
    rules_target = str(PurePosixPath(config_target).parent / PurePosixPath(pattern).parent)
    assert mounts[rules_target] == RULES.parent.resolve()
