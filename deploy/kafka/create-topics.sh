#!/bin/sh
# One-shot topic setup for the docker-compose Kafka: creates khabar's topics with their
# partition counts and per-topic configs, then re-applies the configs so a rerun also repairs
# a topic that was created by hand. Idempotent: safe on every `docker compose up`.
set -eu

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
PREFIX="${KHABAR_TOPIC_PREFIX:-khabar.}"
PARTITIONS="${KHABAR_PARTITIONS:-4}"
REPLICATION="${KHABAR_REPLICATION_FACTOR:-1}"
DLQ_RETENTION_MS="${KHABAR_DLQ_RETENTION_MS:-2592000000}"  # 30 days: time to inspect and replay
# The story-cluster agents rebuild their state by replaying their internal topics: keep them for
# the cluster window (7 days by default) plus a day.
CLUSTER_RETENTION_MS="${KHABAR_CLUSTER_RETENTION_MS:-691200000}"
# Twice KHABAR_MAX_FILE_BYTES (8 MiB): Kafka refuses messages over 1 MiB unless the topic says
# otherwise, and a raw file travels whole to khabar.raw and, when refused, to khabar.dlq.
MAX_MESSAGE_BYTES="${KHABAR_MAX_MESSAGE_BYTES:-16777216}"
BIN="${KAFKA_BIN:-/opt/kafka/bin}"

create() {
    topic="$1"
    shift
    "$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
        --topic "$topic" --partitions "$PARTITIONS" --replication-factor "$REPLICATION" "$@"
}

configure() {
    topic="$1"
    configs="$2"
    "$BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP" --alter \
        --entity-type topics --entity-name "$topic" --add-config "$configs"
}

# topic SUFFIX [CONFIGS]: create the topic if missing, then set max.message.bytes and CONFIGS
# (kafka-configs syntax: comma-separated, a list value in brackets), also on a topic that existed.
topic() {
    create "${PREFIX}$1"
    configure "${PREFIX}$1" "max.message.bytes=${MAX_MESSAGE_BYTES}${2:+,$2}"
}

for stage in raw articles tagged dated; do
    topic "$stage"
done
# Latest record per article_id is all a consumer needs: compaction keeps it, redeliveries vanish.
topic enriched "cleanup.policy=compact"
topic clusters "cleanup.policy=compact"
topic cluster-bands "retention.ms=${CLUSTER_RETENTION_MS}"
topic cluster-nodes "retention.ms=${CLUSTER_RETENTION_MS}"
topic dlq "retention.ms=${DLQ_RETENTION_MS}"
# Which dead letters `khabar dlq replay` has sent: one mark per letter, kept as long as the letters.
topic dlq-replayed "cleanup.policy=[compact,delete],retention.ms=${DLQ_RETENTION_MS}"

"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe --topic "${PREFIX}.*" \
    | grep -E '^Topic:' || true
