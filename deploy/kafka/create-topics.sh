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
BIN=/opt/kafka/bin

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

for stage in raw articles tagged dated; do
    create "${PREFIX}${stage}"
done
# Latest record per article_id is all a consumer needs: compaction keeps it, redeliveries vanish.
create "${PREFIX}enriched" --config "cleanup.policy=compact"
configure "${PREFIX}enriched" "cleanup.policy=compact"
create "${PREFIX}clusters" --config "cleanup.policy=compact"
configure "${PREFIX}clusters" "cleanup.policy=compact"
create "${PREFIX}cluster-bands" --config "retention.ms=${CLUSTER_RETENTION_MS}"
configure "${PREFIX}cluster-bands" "retention.ms=${CLUSTER_RETENTION_MS}"
create "${PREFIX}cluster-nodes" --config "retention.ms=${CLUSTER_RETENTION_MS}"
configure "${PREFIX}cluster-nodes" "retention.ms=${CLUSTER_RETENTION_MS}"
create "${PREFIX}dlq" --config "retention.ms=${DLQ_RETENTION_MS}"
configure "${PREFIX}dlq" "retention.ms=${DLQ_RETENTION_MS}"
# Which dead letters `khabar dlq replay` has sent: one mark per letter, kept as long as the letters.
create "${PREFIX}dlq-replayed" --config "cleanup.policy=compact,delete" \
    --config "retention.ms=${DLQ_RETENTION_MS}"
configure "${PREFIX}dlq-replayed" "cleanup.policy=[compact,delete],retention.ms=${DLQ_RETENTION_MS}"

"$BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe --topic "${PREFIX}.*" \
    | grep -E '^Topic:' || true
