"""The Grafana dashboard: well-formed, generated, every query parsed by promtool and every
metric one the workers export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.catalogue import KHABAR, SERIES
from tests.deploy.dashboard import iter_panels, metric_names, panel_queries, substitute
from tests.deploy.deploytools import COMPOSE, DASHBOARD, DEPLOY, load_yaml, run


def dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return data


def panels() -> list[dict[str, Any]]:
    return list(iter_panels(dashboard()["panels"]))


def graph_panels() -> list[dict[str, Any]]:
    return [panel for panel in panels() if panel["type"] != "row"]


def test_committed_json_is_what_the_generator_writes() -> None:
    result = run(["python", str(DEPLOY / "grafana" / "build_dashboard.py"), "--check"])
    assert result.returncode == 0, result.stderr


def test_current_schema_and_stable_uid() -> None:
    data = dashboard()
    assert data["schemaVersion"] >= 39
    assert data["uid"] == "khabar-overview"


def test_datasource_is_a_template_variable() -> None:
    variables = {v["name"]: v for v in dashboard()["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    for panel in graph_panels():
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${datasource}", panel["title"]


def test_panel_ids_are_unique() -> None:
    ids = [panel["id"] for panel in panels()]
    assert len(ids) == len(set(ids))


def test_panels_fit_the_grid_without_overlapping() -> None:
    taken: set[tuple[int, int]] = set()
    for panel in panels():
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        cells = {
            (x, y)
            for x in range(grid["x"], grid["x"] + grid["w"])
            for y in range(grid["y"], grid["y"] + grid["h"])
        }
        assert not cells & taken, f"{panel['title']} overlaps another panel"
        taken |= cells


def test_every_panel_has_queries_with_expr_and_unique_ref_ids() -> None:
    for panel in graph_panels():
        targets = panel["targets"]
        assert targets, panel["title"]
        assert all(target["expr"].strip() for target in targets), panel["title"]
        refs = [target["refId"] for target in targets]
        assert len(refs) == len(set(refs)), panel["title"]


def test_every_panel_has_a_unique_title_and_a_description() -> None:
    titles = [panel["title"] for panel in graph_panels()]
    assert len(titles) == len(set(titles))
    assert all(panel["description"] for panel in graph_panels())


def test_promtool_parses_every_query(tmp_path: Path) -> None:
    queries = panel_queries(DASHBOARD)
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:query_{i}", "expr": expr}
                    for i, (_, expr) in enumerate(queries)
                ],
            }
        ]
    }
    path = tmp_path / "dashboard.rules.yml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    result = run(["promtool", "check", "rules", str(path)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(queries)} rules found" in result.stdout


def test_queries_have_no_unresolved_variables() -> None:
    for title, expr in panel_queries(DASHBOARD):
        assert "$" not in expr, title


@pytest.mark.parametrize(("title", "expr"), panel_queries(DASHBOARD))
def test_query_uses_only_catalogued_metrics(title: str, expr: str) -> None:
    names = metric_names(expr)
    assert names, title
    assert names <= SERIES, f"{title}: {names - SERIES}"


def test_dashboard_shows_every_khabar_metric() -> None:
    used = {name for _, expr in panel_queries(DASHBOARD) for name in metric_names(expr)}
    shown = {
        name.removesuffix("_bucket").removesuffix("_sum").removesuffix("_count") for name in used
    }
    assert shown >= KHABAR, KHABAR - shown


def test_metric_name_extraction_finds_unknown_names() -> None:
    names = metric_names('sum by (le) (rate(made_up_total{stage="x"}[5m])) / other_series')
    assert names == {"made_up_total", "other_series"}


def test_variable_substitution_matches_grafana_all() -> None:
    values = {"__rate_interval": "1m", "instance": ".*"}
    expr = 'rate(x{instance=~"$instance"}[$__rate_interval]) + y{instance=~"${instance:regex}"}'
    assert substitute(expr, values) == 'rate(x{instance=~".*"}[1m]) + y{instance=~".*"}'


def test_grafana_provisioning_points_at_the_mounted_dashboard_folder() -> None:
    provider = load_yaml(DEPLOY / "grafana" / "provisioning" / "dashboards" / "khabar.yml")
    path = provider["providers"][0]["options"]["path"]
    grafana = load_yaml(COMPOSE)["services"]["grafana"]
    mounts = dict(volume.split(":")[:2] for volume in grafana["volumes"])
    assert mounts["./grafana/dashboards"] == path
    assert (DEPLOY / "grafana" / "dashboards" / DASHBOARD.name).exists()
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == f"{path}/{DASHBOARD.name}"


def test_grafana_datasource_is_the_compose_prometheus() -> None:
    config = load_yaml(DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml")
    (source,) = config["datasources"]
    assert source["type"] == "prometheus"
    assert source["url"] == "http://prometheus:9090"
    assert "prometheus" in load_yaml(COMPOSE)["services"]
