"""Kubernetes: every overlay renders with kustomize and validates strictly against the
Kubernetes schemas; the operator resources (KEDA, Strimzi, Prometheus Operator) are checked
field by field, since no schema for them ships offline."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
import yaml

import workers.settings
from tests.deploy.deploytools import (
    K8S,
    RULES,
    Doc,
    by_kind,
    kustomize,
    load_yaml,
    one,
    run,
    yaml_docs,
)

OVERLAYS = ("dev", "prod")
KUBERNETES_VERSIONS = ("1.31.0", "1.37.0")
OPERATOR_KINDS = {
    "ScaledObject",
    "TriggerAuthentication",
    "KafkaTopic",
    "ServiceMonitor",
    "PrometheusRule",
}


@cache
def rendered(overlay: str) -> str:
    text: str = kustomize(K8S / "overlays" / overlay)
    return text


def docs(overlay: str) -> list[Doc]:
    return list(yaml_docs(rendered(overlay)))


def with_components(tmp_path: Path, *components: str) -> list[Doc]:
    """Render base plus components, as an overlay that uses them would."""
    relative = [os.path.relpath(K8S / "components" / c, tmp_path) for c in components]
    (tmp_path / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        f"resources:\n  - {os.path.relpath(K8S / 'base', tmp_path)}\n"
        "components:\n" + "".join(f"  - {path}\n" for path in relative),
        encoding="utf-8",
    )
    return list(yaml_docs(kustomize(tmp_path)))


def config(items: list[Doc]) -> dict[str, str]:
    data: dict[str, str] = one(items, "ConfigMap")["data"]
    return data


def container(items: list[Doc]) -> Doc:
    containers: list[Doc] = one(items, "Deployment")["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_validates_strictly(overlay: str, version: str) -> None:
    result = run(["kubernetes-validate", "--strict", "-k", version, "-"], stdin=rendered(overlay))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed for resource deployment/khabar-worker" in result.stdout + result.stderr


def test_hpa_alternative_validates_strictly(tmp_path: Path) -> None:
    items = with_components(tmp_path, "hpa")
    hpa = one(items, "HorizontalPodAutoscaler")
    text = "---\n".join(yaml.safe_dump(item) for item in items)
    result = run(
        ["kubernetes-validate", "--strict", "-k", KUBERNETES_VERSIONS[-1], "-"], stdin=text
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert hpa["spec"]["scaleTargetRef"]["name"] == one(items, "Deployment")["metadata"]["name"]
    assert hpa["spec"]["maxReplicas"] == int(config(items)["KHABAR_PARTITIONS"])


def test_explore_component_validates_and_runs_the_explorer_locked_down(tmp_path: Path) -> None:
    items = with_components(tmp_path, "explore")
    text = "---\n".join(yaml.safe_dump(item) for item in items)
    result = run(
        ["kubernetes-validate", "--strict", "-k", KUBERNETES_VERSIONS[-1], "-"], stdin=text
    )
    assert result.returncode == 0, result.stdout + result.stderr
    explore = next(d for d in by_kind(items, "Deployment")
                   if d["metadata"]["name"] == "khabar-explore")
    pod = explore["spec"]["template"]["spec"]
    (box,) = pod["containers"]
    args = box["args"]
    assert args[0] == "explore" and args[args.index("--host") + 1] == "0.0.0.0"  # noqa: S104
    assert box["ports"][0]["containerPort"] == int(args[args.index("--port") + 1])
    assert box["readinessProbe"]["httpGet"]["path"] == "/status.json"
    assert box["securityContext"]["readOnlyRootFilesystem"] is True
    assert pod["automountServiceAccountToken"] is False
    mounts = {m["mountPath"]: m["name"] for m in box["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    database = Path(args[args.index("--db") + 1])
    claim = volumes[mounts[str(database.parent)]]["persistentVolumeClaim"]["claimName"]
    assert claim in {c["metadata"]["name"] for c in by_kind(items, "PersistentVolumeClaim")}
    assert explore["spec"]["replicas"] == 1 and explore["spec"]["strategy"]["type"] == "Recreate"
    service = next(s for s in by_kind(items, "Service")
                   if s["metadata"]["name"] == "khabar-explore")
    assert service["spec"]["selector"] == explore["spec"]["selector"]["matchLabels"]


def test_only_known_operator_kinds_are_left_unvalidated() -> None:
    validated = {
        "Namespace",
        "ServiceAccount",
        "ConfigMap",
        "Service",
        "Deployment",
        "PodDisruptionBudget",
        "NetworkPolicy",
    }
    kinds = {item["kind"] for overlay in OVERLAYS for item in docs(overlay)}
    assert kinds <= validated | OPERATOR_KINDS, kinds - validated - OPERATOR_KINDS


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_is_shipped(overlay: str) -> None:
    assert by_kind(docs(overlay), "Secret") == []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pod_runs_locked_down(overlay: str) -> None:
    pod = one(docs(overlay), "Deployment")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    security = container(docs(overlay))["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"] == {"drop": ["ALL"]}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_writable_paths_are_empty_dirs(overlay: str) -> None:
    items = docs(overlay)
    volumes = {
        v["name"]: v for v in one(items, "Deployment")["spec"]["template"]["spec"]["volumes"]
    }
    mounts = {m["mountPath"]: m["name"] for m in container(items)["volumeMounts"]}
    for path in (config(items)["KHABAR_DATA_DIR"], "/tmp"):  # noqa: S108 - checks the mount
        assert "emptyDir" in volumes[mounts[path]], path


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_probes_use_the_worker_endpoints(overlay: str) -> None:
    worker = container(docs(overlay))
    assert worker["livenessProbe"]["httpGet"]["path"] == "/livez"
    assert worker["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert worker["startupProbe"]["httpGet"]["path"] == "/startupz"
    ports = {port["name"]: port["containerPort"] for port in worker["ports"]}
    assert ports["metrics"] == int(config(docs(overlay))["KHABAR_WEB_PORT"])
    assert config(docs(overlay))["KHABAR_WEB_HOST"] == "0.0.0.0"  # noqa: S104 - pods listen on all


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_resources_have_requests_and_memory_limit(overlay: str) -> None:
    resources = container(docs(overlay))["resources"]
    assert {"cpu", "memory"} <= set(resources["requests"])
    assert "memory" in resources["limits"]
    # The measured peak of one worker (docs/PERFORMANCE.md, 302 MiB) fits under every limit.
    assert mebibytes(resources["limits"]["memory"]) >= MEASURED_PEAK_MIB


def test_production_requests_cover_the_measured_peak() -> None:
    resources = container(docs("prod"))["resources"]
    assert mebibytes(resources["requests"]["memory"]) >= MEASURED_PEAK_MIB


MEASURED_PEAK_MIB = 302


def mebibytes(quantity: str) -> float:
    units = {"Mi": 1.0, "Gi": 1024.0}
    return float(quantity[:-2]) * units[quantity[-2:]]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_worker_reads_the_generated_config(overlay: str) -> None:
    items = docs(overlay)
    refs = [source["configMapRef"]["name"] for source in container(items)["envFrom"]]
    assert refs == [one(items, "ConfigMap")["metadata"]["name"]]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_config_keys_are_settings(overlay: str) -> None:
    fields = workers.settings.Settings.model_fields
    aliases = {f"KHABAR_{name.upper()}" for name in fields}
    for info in fields.values():
        choices = getattr(info.validation_alias, "choices", [])
        aliases |= {str(choice) for choice in choices}
    assert set(config(docs(overlay))) <= aliases, set(config(docs(overlay))) - aliases


def test_prod_uses_sasl_ssl_with_files_from_the_secret() -> None:
    items = docs("prod")
    settings = config(items)
    assert settings["KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
    assert settings["KAFKA_SASL_MECHANISM"].startswith("SCRAM-")
    pod = one(items, "Deployment")["spec"]["template"]["spec"]
    secret_volumes = {
        v["name"] for v in pod["volumes"] if v.get("secret", {}).get("secretName") == "khabar-kafka"
    }
    mount = next(
        m["mountPath"] for m in container(items)["volumeMounts"] if m["name"] in secret_volumes
    )
    assert settings["KAFKA_SASL_PASSWORD_FILE"] == f"{mount}/password"
    assert settings["KAFKA_SSL_CAFILE"] == f"{mount}/ca.crt"


def test_service_selects_the_worker_pods() -> None:
    items = docs("prod")
    labels = one(items, "Deployment")["spec"]["template"]["metadata"]["labels"]
    service = one(items, "Service")
    assert service["spec"]["selector"].items() <= labels.items()
    assert (
        one(items, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"].items()
        <= labels.items()
    )
    assert (
        one(items, "NetworkPolicy")["spec"]["podSelector"]["matchLabels"].items() <= labels.items()
    )


def test_service_account_mounts_no_token() -> None:
    items = docs("prod")
    account = one(items, "ServiceAccount")
    assert account["automountServiceAccountToken"] is False
    pod = one(items, "Deployment")["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == account["metadata"]["name"]


def test_keda_scales_on_the_lag_of_every_topic_the_group_reads() -> None:
    items = docs("prod")
    settings = config(items)
    scaled = one(items, "ScaledObject")
    assert scaled["apiVersion"] == "keda.sh/v1alpha1"
    assert scaled["spec"]["scaleTargetRef"]["name"] == one(items, "Deployment")["metadata"]["name"]
    assert scaled["spec"]["maxReplicaCount"] == int(settings["KHABAR_PARTITIONS"])
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "kafka"
    meta = trigger["metadata"]
    assert meta["bootstrapServers"] == settings["KAFKA_BOOTSTRAP_SERVERS"]
    assert meta["consumerGroup"] == settings["KHABAR_APP_ID"]
    assert "topic" not in meta  # the whole group's lag, not khabar.raw's alone
    assert int(meta["lagThreshold"]) > 0
    assert (meta["sasl"], meta["tls"]) == ("scram_sha512", "enable")
    auth = one(items, "TriggerAuthentication")
    assert trigger["authenticationRef"]["name"] == auth["metadata"]["name"]
    assert {ref["parameter"] for ref in auth["spec"]["secretTargetRef"]} == {
        "username",
        "password",
        "ca",
    }


def test_dev_has_no_autoscaler() -> None:
    kinds = {item["kind"] for item in docs("dev")}
    assert not kinds & {"ScaledObject", "HorizontalPodAutoscaler"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_strimzi_topics_cover_every_topic(overlay: str) -> None:
    items = docs(overlay)
    settings = config(items)
    topics = {t["spec"]["topicName"]: t for t in by_kind(items, "KafkaTopic")}
    prefix = settings["KHABAR_TOPIC_PREFIX"]
    assert set(topics) == {prefix + suffix for suffix in workers.settings.TOPIC_SUFFIXES}
    for topic in topics.values():
        assert topic["apiVersion"] == "kafka.strimzi.io/v1beta2"
        assert topic["metadata"]["labels"]["strimzi.io/cluster"]
        assert topic["spec"]["partitions"] == int(settings["KHABAR_PARTITIONS"])
        assert topic["spec"]["replicas"] >= topic["spec"]["config"]["min.insync.replicas"]
        limit = topic["spec"]["config"]["max.message.bytes"]
        assert limit == workers.settings.Settings().max_message_bytes, topic["spec"]["topicName"]
    assert topics[prefix + "enriched"]["spec"]["config"]["cleanup.policy"] == "compact"
    assert topics[prefix + "clusters"]["spec"]["config"]["cleanup.policy"] == "compact"
    for internal in ("cluster-bands", "cluster-nodes"):  # replayed: the window and a day
        assert topics[prefix + internal]["spec"]["config"]["retention.ms"] == 8 * 24 * 3600 * 1000
    dlq = topics[prefix + "dlq"]["spec"]["config"]["retention.ms"]
    assert dlq > topics[prefix + "raw"]["spec"]["config"]["retention.ms"]


def test_strimzi_topics_live_beside_their_kafka_cluster() -> None:
    items = docs("prod")
    bootstrap = config(items)["KAFKA_BOOTSTRAP_SERVERS"]  # <cluster>-kafka-bootstrap.<ns>.svc
    cluster, namespace = bootstrap.split("-kafka-bootstrap.")[0], bootstrap.split(".")[1]
    for topic in by_kind(items, "KafkaTopic"):
        assert topic["metadata"]["namespace"] == namespace
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == cluster


def test_service_monitor_scrapes_the_metrics_port_as_job_khabar() -> None:
    items = docs("prod")
    monitor = one(items, "ServiceMonitor")
    service = one(items, "Service")
    assert (
        monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    )
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["port"] in {port["name"] for port in service["spec"]["ports"]}
    assert endpoint["path"] == "/metrics"
    assert service["metadata"]["labels"][monitor["spec"]["jobLabel"]] == "khabar"


def test_prometheus_rule_is_the_rules_file() -> None:
    rule = one(docs("prod"), "PrometheusRule")
    assert rule["apiVersion"] == "monitoring.coreos.com/v1"
    assert rule["spec"]["groups"] == load_yaml(RULES)["groups"]


def test_prometheus_rule_file_is_regenerated() -> None:
    result = run(["python", str(K8S / "gen_prometheusrule.py"), "--check"])
    assert result.returncode == 0, result.stderr


def test_rollout_never_surges_past_the_partition_count() -> None:
    strategy = one(docs("prod"), "Deployment")["spec"]["strategy"]
    assert strategy["rollingUpdate"]["maxSurge"] == 0


def test_not_ready_workers_are_still_scraped() -> None:
    assert one(docs("prod"), "Service")["spec"]["publishNotReadyAddresses"] is True


def test_autoscaled_deployment_leaves_replicas_to_keda() -> None:
    items = docs("prod")
    assert "replicas" not in one(items, "Deployment")["spec"]
    assert one(items, "ScaledObject")["spec"]["minReplicaCount"] >= 2


def test_strimzi_kafka_runs_the_tested_kafka_where_the_overlays_look(tmp_path: Path) -> None:
    """The optional Strimzi cluster: the Kafka version khabar's tests run on, the name and
    namespace the overlays' bootstrap addresses use, a listener per overlay with the security
    that overlay speaks, and a user allowed what the workers do."""
    from workers.brokers.kafka import kafka_version

    items = with_components(tmp_path, "strimzi-kafka", "strimzi-topics")
    kafka = one(items, "Kafka")
    assert kafka["spec"]["kafka"]["version"] == kafka_version()
    name, namespace = kafka["metadata"]["name"], kafka["metadata"]["namespace"]
    listeners = {listener["port"]: listener for listener in kafka["spec"]["kafka"]["listeners"]}
    for overlay in OVERLAYS:
        settings = config(docs(overlay))
        host, port = settings["KAFKA_BOOTSTRAP_SERVERS"].rsplit(":", 1)
        assert host == f"{name}-kafka-bootstrap.{namespace}.svc", overlay
        listener = listeners[int(port)]
        protocol = settings.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
        assert listener["tls"] == protocol.endswith("SSL"), overlay
        if protocol.startswith("SASL"):
            mechanism = settings["KAFKA_SASL_MECHANISM"].lower()
            assert listener["authentication"]["type"] == mechanism, overlay
    for item in by_kind(items, "KafkaNodePool") + by_kind(items, "KafkaUser") + by_kind(
            items, "KafkaTopic"):
        assert item["metadata"]["labels"]["strimzi.io/cluster"] == name
        assert item["metadata"]["namespace"] == namespace
    (user,) = by_kind(items, "KafkaUser")
    acls = {(acl["resource"]["type"], acl["resource"].get("name")): set(acl["operations"])
            for acl in user["spec"]["authorization"]["acls"]}
    app_id = workers.settings.Settings().app_id
    prefix = workers.settings.Settings().topic_prefix
    assert {"Create", "Read", "Write"} <= acls[("topic", prefix)]
    assert {"Create", "Read", "Write"} <= acls[("topic", f"{app_id}-")]
    assert "Read" in acls[("group", app_id)]
    assert "Write" in acls[("transactionalId", app_id)]
