#!/usr/bin/env bash
# Run a Kafka CLI tool with the jars scripts/services.sh fetched (no Kafka
# distribution needed). First argument: a short name or a main class.
#
#   scripts/kafka/kafka-tool.sh topics --bootstrap-server 127.0.0.1:9092 \
#       --create --topic orders --partitions 3
#   scripts/kafka/kafka-tool.sh consumer-groups --bootstrap-server 127.0.0.1:9092 --list
#   scripts/kafka/kafka-tool.sh org.apache.kafka.tools.GetOffsetShell --help
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

if (($# == 0)); then
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
  echo "short names: topics consumer-groups console-producer console-consumer configs get-offsets metadata-quorum" >&2
  exit 2
fi

tool=$1
shift
case $tool in
  topics) main=org.apache.kafka.tools.TopicCommand ;;
  consumer-groups) main=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  console-producer) main=org.apache.kafka.tools.ConsoleProducer ;;
  console-consumer) main=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  configs) main=kafka.admin.ConfigCommand ;;
  get-offsets) main=org.apache.kafka.tools.GetOffsetShell ;;
  metadata-quorum) main=org.apache.kafka.tools.MetadataQuorumCommand ;;
  *.*) main=$tool ;;
  *) echo "kafka-tool: unknown tool '$tool'" >&2; exit 2 ;;
esac

libs=$(bash "$SCRIPT_DIR/../services.sh" kafka-libs)
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m -XX:TieredStopAtLevel=1 \
  -Dlog4j2.configurationFile="$SCRIPT_DIR/tools-log4j2.properties" \
  -cp "$libs/*" "$main" "$@"
