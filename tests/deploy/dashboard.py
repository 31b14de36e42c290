"""Read the PromQL out of a Grafana dashboard so it can be checked or run outside Grafana.

`panel_queries` gives every panel's queries with Grafana's variables replaced by what Grafana
would send for "All" ($__rate_interval → 1m), so the expressions can be parsed by promtool here
or run against a real Prometheus that scraped real workers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Grafana's built-in interval variables, with the values used outside Grafana.
BUILTINS = {"__rate_interval": "1m", "__interval": "1m", "__range": "1h"}
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_LABELS = re.compile(r"\{[^{}]*\}")
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
_SELECTOR = re.compile(
    r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=[{\[]|\)|$|\s*[-+*/<>=!]|\s+(?:and|or|unless)\b)"
)
_KEYWORDS = frozenset(
    {"and", "or", "unless", "by", "without", "on", "ignoring", "offset", "bool", "inf", "nan"}
)


def iter_panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every panel, including those nested in collapsed rows."""
    for panel in panels:
        yield panel
        yield from iter_panels(panel.get("panels", []))


def variable_values(dashboard: dict[str, Any]) -> dict[str, str]:
    """Each template variable's "All" value (a query variable without one matches all: .*)."""
    values = dict(BUILTINS)
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") == "datasource":
            continue
        values[variable["name"]] = variable.get("allValue") or ".*"
    return values


def substitute(expr: str, values: dict[str, str]) -> str:
    """Replace $name, ${name} and ${name:format} the way Grafana does, longest names first."""
    for name in sorted(values, key=len, reverse=True):
        literal = values[name].replace("\\", "\\\\")  # a replacement template, not a regex
        expr = re.sub(r"\$\{" + re.escape(name) + r"(?::[a-z]+)?\}", literal, expr)
        expr = re.sub(r"\$" + re.escape(name) + r"\b", literal, expr)
    return expr


def panel_queries(path: Path | str) -> list[tuple[str, str]]:
    """(panel title, PromQL expression) for every query target of every panel, in order."""
    dashboard = json.loads(Path(path).read_text(encoding="utf-8"))
    values = variable_values(dashboard)
    queries: list[tuple[str, str]] = []
    for panel in iter_panels(dashboard.get("panels", [])):
        for target in panel.get("targets", []):
            if target.get("expr"):
                queries.append((panel.get("title", ""), substitute(target["expr"], values)))
    return queries


def metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression selects (strings, label matchers and groupings removed).

    Good enough for the expressions this project writes; promtool checks the syntax itself.
    """
    text = _STRING.sub('""', expr)
    text = _LABELS.sub("{}", text)
    text = _GROUPING.sub(" ", text)
    names = set()
    for match in _SELECTOR.finditer(text):
        name = match.group(1)
        before = text[: match.start()].rstrip()
        # A number, keyword or function argument such as histogram_quantile's φ is not a name.
        if name.lower() in _KEYWORDS or before.endswith(("[", ":")):
            continue
        names.add(name)
    return names
