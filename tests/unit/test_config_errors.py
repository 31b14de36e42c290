"""Configuration mistakes as a user meets them: one clear line, never a traceback; typos named."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from workers.settings import ConfigError, load_settings, unknown_variables, variable_names


def khabar(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KHABAR_", "KAFKA_"))}
    return subprocess.run([sys.executable, "-m", "workers", *args], env=clean | env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)


def test_a_bad_value_is_one_line_naming_the_variable_and_what_it_accepts() -> None:
    result = khabar({"KHABAR_PARTITIONS": "four", "KAFKA_SECURITY_PROTOCOL": "TLS"}, "config")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "khabar: invalid KAFKA_SECURITY_PROTOCOL='TLS': expected 'PLAINTEXT', 'SSL', "
        "'SASL_PLAINTEXT' or 'SASL_SSL'",
        "khabar: invalid KHABAR_PARTITIONS='four': input should be a valid integer, unable to "
        "parse string as an integer",
    ]


def test_a_misspelled_variable_is_warned_about_with_the_name_meant() -> None:
    result = khabar({"KHABAR_PARTITON": "8"}, "config")
    assert result.returncode == 0, result.stderr
    assert "KHABAR_PARTITON is not a khabar setting and is ignored (did you mean " \
        "KHABAR_PARTITIONS?)" in result.stderr
    assert "partitions = 4" in result.stdout  # the default, as the warning says


def test_json_logs_are_one_object_per_line() -> None:
    result = khabar({"KHABAR_LOG_FORMAT": "json", "KHABAR_TYPO": "1"}, "config")
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    record = json.loads(line)
    assert record["level"] == "WARNING"
    assert record["logger"] == "workers.cli"
    assert record["message"] == "KHABAR_TYPO is not a khabar setting and is ignored"
    assert "time" in record


def test_levels_and_formats_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_LOG_LEVEL", "debug")
    monkeypatch.setenv("KHABAR_LOG_FORMAT", "JSON")
    settings = load_settings()
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")
    monkeypatch.setenv("KHABAR_LOG_LEVEL", "loud")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert caught.value.problems == [
        "invalid KHABAR_LOG_LEVEL='LOUD': expected 'DEBUG', 'INFO', 'WARNING', 'ERROR' or "
        "'CRITICAL'"
    ]


def test_every_setting_has_a_variable_and_deployment_variables_are_not_typos() -> None:
    names = variable_names()
    assert names["KAFKA_BOOTSTRAP_SERVERS"] == "bootstrap_servers"
    assert names["KHABAR_STALL_SECONDS"] == "stall_seconds"
    assert unknown_variables({"KHABAR_DLQ_RETENTION_MS": "1", "PATH": "/bin",
                              "KHABAR_BATCH_SIZE": "3"}) == []


def test_exactly_once_without_transactions_is_refused_before_anything_starts() -> None:
    """Tansu has no transactions: exactly-once there would fail inside Faust at the first
    commit; it is refused at start, naming the way out."""
    result = khabar({"KHABAR_PROCESSING_GUARANTEE": "exactly_once",
                     "KHABAR_EMBEDDED_BROKER": "true"}, "config")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "khabar: KHABAR_PROCESSING_GUARANTEE=exactly_once needs Kafka transactions, which the "
        "embedded broker (Tansu) does not have: use Apache Kafka (khabar broker --kafka) or "
        "at_least_once"
    ]
    # No KAFKA_BOOTSTRAP_SERVERS: the worker would start the embedded broker.
    result = khabar({"KHABAR_PROCESSING_GUARANTEE": "exactly_once"}, "worker")
    assert result.returncode == 2
    assert "exactly_once needs Kafka transactions" in result.stderr
    assert "Traceback" not in result.stderr
    result = khabar({"KHABAR_PROCESSING_GUARANTEE": "exactly_once"}, "config")
    assert result.returncode == 0 and "processing_guarantee = exactly_once" in result.stdout
