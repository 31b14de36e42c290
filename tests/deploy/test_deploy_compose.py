"""docker-compose: accepted by the tool and the Compose Specification, scalable, hardened."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import workers.settings
from tests.deploy.deploytools import COMPOSE, DEPLOY, load_yaml, run

COMPOSE_ENV = {"COMPOSE_PROJECT_NAME": "khabar-test"}
KHABAR_SERVICES = ("worker", "publisher", "explore")


def compose() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(COMPOSE)
    return data


def rendered(env: dict[str, str] | None = None) -> dict[str, Any]:
    """The file as docker-compose resolves it (anchors, interpolation, defaults)."""
    result = run(
        ["docker-compose", "-f", str(COMPOSE), "config"],
        cwd=DEPLOY,
        env={**COMPOSE_ENV, **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = yaml.safe_load(result.stdout)
    return data


def test_docker_compose_accepts_the_file() -> None:
    result = run(
        ["docker-compose", "-f", str(COMPOSE), "config", "-q"], cwd=DEPLOY, env=COMPOSE_ENV
    )
    assert result.returncode == 0, result.stderr


def test_file_matches_the_compose_specification() -> None:
    result = run(["check-jsonschema", "--builtin-schema", "vendor.compose-spec", str(COMPOSE)])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("service", KHABAR_SERVICES)
def test_kafka_security_settings_pass_through_from_the_environment(service: str) -> None:
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": "broker-1.example:9093",
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KAFKA_SASL_USERNAME": "khabar",
        "KAFKA_SSL_CAFILE": "/etc/khabar/tls/ca.crt",
    }
    environment = rendered(env)["services"][service]["environment"]
    for key, value in env.items():
        assert environment[key] == value
    secret_path = "/run/secrets/kafka_sasl_password"  # noqa: S105 - a path, not a password
    assert environment["KAFKA_SASL_PASSWORD_FILE"] == secret_path


def test_sasl_password_is_a_secret_read_from_a_file() -> None:
    data = rendered({"KAFKA_SASL_PASSWORD_HOST_FILE": "/srv/khabar/sasl-password"})
    assert data["secrets"]["kafka_sasl_password"]["file"] == "/srv/khabar/sasl-password"
    for service in KHABAR_SERVICES:
        sources = [secret["source"] for secret in data["services"][service]["secrets"]]
        assert "kafka_sasl_password" in sources


def test_no_password_appears_as_a_literal_value() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for match in re.finditer(
        r"^\s*([A-Z0-9_]*(PASSWORD|SECRET|TOKEN)[A-Z0-9_]*):\s*(.*)$", text, re.M
    ):
        key, _, value = match.groups()
        assert key.endswith("_FILE") or value.startswith("${"), f"{key} has a literal value"


def test_default_secret_file_is_empty() -> None:
    assert (DEPLOY / "secrets" / "kafka_sasl_password.empty").read_bytes() == b""


def test_worker_can_be_scaled() -> None:
    worker = compose()["services"]["worker"]
    assert "container_name" not in worker
    assert "ports" not in worker, "host ports collide when several workers run"


@pytest.mark.parametrize("service", KHABAR_SERVICES)
def test_khabar_services_wait_for_kafka_and_topics(service: str) -> None:
    depends = rendered()["services"][service]["depends_on"]
    assert depends["kafka"]["condition"] == "service_healthy"
    assert depends["topics"]["condition"] == "service_completed_successfully"


def test_grafana_waits_for_a_healthy_prometheus() -> None:
    services = rendered()["services"]
    assert services["grafana"]["depends_on"]["prometheus"]["condition"] == "service_healthy"
    assert "healthcheck" in services["prometheus"]


def test_kafka_runs_in_kraft_mode_with_a_healthcheck() -> None:
    kafka = compose()["services"]["kafka"]
    env = kafka["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert "CONTROLLER" in env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert "kafka-broker-api-versions.sh" in " ".join(kafka["healthcheck"]["test"])


def test_every_pulled_image_is_pinned() -> None:
    for name, service in compose()["services"].items():
        image = service["image"]
        if image.startswith("${KHABAR_IMAGE"):
            assert "build" in service, f"{name} runs the local khabar image without building it"
            continue
        repository, _, tag = image.rpartition(":")
        assert repository and tag != "latest", image
        assert re.fullmatch(r"v?\d+\.\d+\.\d+", tag), f"{name}: {image} is not X.Y.Z"


@pytest.mark.parametrize("service", KHABAR_SERVICES)
def test_khabar_containers_are_hardened(service: str) -> None:
    spec = rendered()["services"][service]
    assert spec["read_only"] is True
    assert spec["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in spec["security_opt"]
    assert any(mount.startswith("/tmp") for mount in spec["tmpfs"])  # noqa: S108 - checks the tmpfs


def test_worker_listens_on_all_interfaces_for_prometheus() -> None:
    env = rendered()["services"]["worker"]["environment"]
    assert env["KHABAR_WEB_HOST"] == "0.0.0.0"  # noqa: S104 - containers must listen on all
    assert str(env["KHABAR_WEB_PORT"]) == "6066"


def test_publisher_watches_the_inbox_folder() -> None:
    publisher = rendered()["services"]["publisher"]
    assert publisher["command"][:3] == ["publish", "--watch", "/inbox"]
    assert any(str(volume).endswith("/deploy/inbox:/inbox:ro") for volume in publisher["volumes"])
    # The image's /livez check is for workers; the publisher serves only /metrics.
    assert publisher["healthcheck"]["test"] == ["NONE"]


def test_named_volumes_keep_broker_publisher_and_monitoring_state() -> None:
    assert set(compose()["volumes"]) == {
        "kafka-data", "prometheus-data", "grafana-data", "publisher-state", "explore-data"}
    publisher = compose()["services"]["publisher"]
    data_dir = publisher["environment"].get("KHABAR_DATA_DIR", "/var/lib/khabar")
    assert f"publisher-state:{data_dir}" in publisher["volumes"]


def test_the_explorer_keeps_its_store_and_is_reachable_from_this_host_only() -> None:
    explore = rendered()["services"]["explore"]
    command = explore["command"]
    assert command[0] == "explore"
    database = command[command.index("--db") + 1]
    assert database.startswith("/var/lib/khabar/")
    assert any(str(v).startswith("explore-data:/var/lib/khabar") for v in explore["volumes"])
    port = command[command.index("--port") + 1]
    assert compose()["services"]["explore"]["ports"] == [f"127.0.0.1:{port}:{port}"]
    assert f"127.0.0.1:{port}/status.json" in " ".join(explore["healthcheck"]["test"])


def test_topic_script_is_valid_shell() -> None:
    result = run(["sh", "-n", str(DEPLOY / "kafka" / "create-topics.sh")])
    assert result.returncode == 0, result.stderr


def test_topic_script_creates_every_topic_of_the_settings() -> None:
    """What each topic gets is checked on a real Kafka (tests/integration/test_kafka_tools.py);
    here, that none is forgotten."""
    script = (DEPLOY / "kafka" / "create-topics.sh").read_text(encoding="utf-8")
    loop = re.search(r"^for stage in (.+); do$", script, re.M)
    assert loop
    created = set(loop.group(1).split())
    created |= set(re.findall(r"^topic ([\w-]+)", script, re.M))
    assert created == set(workers.settings.TOPIC_SUFFIXES)


def test_kafka_images_are_the_version_the_tests_run_on() -> None:
    from workers.brokers.kafka import kafka_version

    images = {name: service["image"] for name, service in rendered()["services"].items()
              if service["image"].startswith("apache/kafka:")}
    assert set(images) == {"kafka", "topics"}
    assert set(images.values()) == {f"apache/kafka:{kafka_version()}"}


def test_topic_script_default_message_limit_is_khabars() -> None:
    script = (DEPLOY / "kafka" / "create-topics.sh").read_text(encoding="utf-8")
    limit = re.search(r'MAX_MESSAGE_BYTES="\$\{KHABAR_MAX_MESSAGE_BYTES:-(\d+)\}"', script)
    assert limit
    assert int(limit.group(1)) == workers.settings.Settings().max_message_bytes


def test_publisher_metrics_are_scraped() -> None:
    publisher = rendered()["services"]["publisher"]
    command = publisher["command"]
    port = int(command[command.index("--metrics-port") + 1])
    assert publisher["environment"]["KHABAR_WEB_HOST"] == "0.0.0.0"  # noqa: S104 - see above
    config = load_yaml(DEPLOY / "prometheus" / "prometheus.yml")
    job = next(j for j in config["scrape_configs"] if j["job_name"] == "khabar-publisher")
    assert job["dns_sd_configs"] == [
        {"names": ["publisher"], "type": "A", "port": port, "refresh_interval": "15s"}
    ]


def example_env() -> dict[str, str]:
    """Every setting in deploy/.env.example, commented out or not."""
    values = {}
    for line in (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"#?\s*([A-Z][A-Z0-9_]*)=(\S*)", line.strip())
        if match:
            values[match.group(1)] = match.group(2)
    return values


def test_env_example_names_only_variables_the_file_reads() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    for key in example_env():
        assert "${" + key + ":-" in text, f"{key} is documented but never read"


def test_env_example_with_everything_enabled_is_accepted(tmp_path: Path) -> None:
    env = example_env()
    (tmp_path / "secret").write_text("", encoding="utf-8")
    env["KAFKA_SASL_PASSWORD_HOST_FILE"] = str(tmp_path / "secret")
    env_file = tmp_path / "example.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()), encoding="utf-8")
    result = run(
        ["docker-compose", "--env-file", str(env_file), "-f", str(COMPOSE), "config"],
        cwd=DEPLOY,
        env=COMPOSE_ENV,
    )
    assert result.returncode == 0, result.stderr
    worker = yaml.safe_load(result.stdout)["services"]["worker"]["environment"]
    assert worker["KAFKA_SASL_MECHANISM"] == env["KAFKA_SASL_MECHANISM"]
    assert worker["KAFKA_SSL_CAFILE"] == env["KAFKA_SSL_CAFILE"]


@pytest.mark.parametrize("key", ["KAFKA_SSL_CAFILE", "KAFKA_SSL_CERTFILE", "KAFKA_SSL_KEYFILE"])
def test_unset_compose_variable_reaches_the_worker_as_unset(key: str) -> None:
    """Compose passes `${VAR:-}` as an empty string; the worker must read that as "not set",
    or SASL_SSL with only a CA file would load a client certificate from '.'."""
    environment = rendered({"KAFKA_SECURITY_PROTOCOL": "SSL"})["services"]["worker"]["environment"]
    assert environment[key] == ""
    env = {k: str(v) for k, v in environment.items() if k.startswith("KAFKA_SSL_")}
    env["KAFKA_SECURITY_PROTOCOL"] = "SSL"
    code = (
        "from workers.settings import Settings; "
        "import json; print(json.dumps(Settings().kafka_python_security()))"
    )
    result = run(["python", "-c", code], env=env)
    assert result.returncode == 0, result.stderr
    options = yaml.safe_load(result.stdout)
    assert options[key.removeprefix("KAFKA_").lower()] is None
