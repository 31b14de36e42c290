from __future__ import annotations

from pathlib import Path

import pytest

from workers.settings import Settings


def test_defaults_mean_embedded_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    settings = Settings()
    assert settings.bootstrap_servers is None
    assert settings.topic("raw") == "khabar.raw"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092")
    monkeypatch.setenv("KHABAR_TOPIC_PREFIX", "news.")
    monkeypatch.setenv("KHABAR_PARTITIONS", "12")
    settings = Settings()
    assert settings.bootstrap_servers == "k1:9092,k2:9092"
    assert settings.topics["enriched"] == "news.enriched"
    assert settings.partitions == 12


def test_password_from_file_is_secret(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "khabar")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD_FILE", str(secret))
    settings = Settings()
    options = settings.kafka_python_security()
    assert options["sasl_plain_password"] == "s3cret"  # noqa: S105 - a test value
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert "s3cret" not in repr(settings)
    assert "s3cret" not in str(settings.redacted())


def test_unknown_topic_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown topic"):
        Settings().topic("everything")


@pytest.mark.parametrize(
    ("value", "milliseconds"),
    [("P7D", 7 * 86_400_000), ("P1DT12H", 129_600_000), ("3600", 3_600_000)],
)
def test_cluster_window_takes_iso_durations_and_seconds(
    monkeypatch: pytest.MonkeyPatch, value: str, milliseconds: int
) -> None:
    monkeypatch.setenv("KHABAR_CLUSTER_WINDOW", value)
    assert Settings().cluster_window_ms == milliseconds


def test_a_non_positive_cluster_window_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_CLUSTER_WINDOW", "0")
    with pytest.raises(ValueError, match="cluster_window"):
        Settings()


def test_internal_cluster_topics_keep_the_window_and_a_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workers.topics import topic_configs

    monkeypatch.setenv("KHABAR_CLUSTER_WINDOW", "P2D")
    settings = Settings()
    limit = {"max.message.bytes": str(16 * 1024 * 1024)}
    for suffix in ("cluster-bands", "cluster-nodes"):
        assert topic_configs(settings, suffix) == limit | {"retention.ms": str(3 * 86_400_000)}
    assert topic_configs(settings, "clusters") == limit | {"cleanup.policy": "compact"}
    assert topic_configs(settings, "raw") == limit


def test_every_topic_takes_a_raw_file_of_the_largest_accepted_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workers.settings import TOPIC_SUFFIXES
    from workers.topics import topic_configs

    monkeypatch.setenv("KHABAR_MAX_FILE_BYTES", str(20_000_000))
    settings = Settings()
    for suffix in TOPIC_SUFFIXES:
        assert int(topic_configs(settings, suffix)["max.message.bytes"]) >= 20_000_000 + 65_536
