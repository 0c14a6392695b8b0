#!/usr/bin/env bash
# Start (or reuse) a single-node Apache Kafka 4.x broker in KRaft combined mode (broker+controller)
# built from Maven Central jars: no Docker, no tarball download. Needs Java 17+ and Maven.
# Idempotent: if something already accepts on 127.0.0.1:$KAFKA_PORT it is reused.
# Env: KAFKA_VERSION (4.4.0)  LOG4J_VERSION (2.26.1)  KAFKA_PORT (9092)  KAFKA_CONTROLLER_PORT (9093)
#      KAFKA_HOME (~/.cache/civic/kafka-$KAFKA_VERSION; jars cached here)  KAFKA_HEAP_OPTS (-Xms256m -Xmx512m)
#      KAFKA_FRESH (1 = wipe the data dir before a fresh start; 0 keeps topics across restarts)
#      CIVIC_RUN_DIR (~/.cache/civic/run; pid files read by stop-all.sh)
#      KAFKA_STATE_DIR ($KAFKA_HOME; data/, config/ and server.log of this broker: set it, with other
#      ports and CIVIC_RUN_DIR, to run a second broker beside the default one on the cached jars)
set -euo pipefail
t0=$(date +%s.%N)
KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
SCALA_BINARY="${SCALA_BINARY:-2.13}"
LOG4J_VERSION="${LOG4J_VERSION:-2.26.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
CACHE="${CIVIC_CACHE_DIR:-$HOME/.cache/civic}"
KAFKA_HOME="${KAFKA_HOME:-$CACHE/kafka-$KAFKA_VERSION}"
RUN_DIR="${CIVIC_RUN_DIR:-$CACHE/run}"
HEAP="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
STATE="${KAFKA_STATE_DIR:-$KAFKA_HOME}"
LIBS="$KAFKA_HOME/libs"; DATA="$STATE/data"; CONF="$STATE/config"
PID_FILE="$RUN_DIR/kafka.pid"
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
log() { echo "[kafka] $*" >&2; }
elapsed() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if port_open "$KAFKA_PORT"; then
  log "reusing broker already accepting on 127.0.0.1:$KAFKA_PORT (${KAFKA_PORT} open; $(elapsed) s)"; exit 0
fi
if port_open "$CONTROLLER_PORT"; then
  log "controller port 127.0.0.1:$CONTROLLER_PORT is taken but $KAFKA_PORT is not; refusing to start"; exit 1
fi

command -v java >/dev/null || { log "Java 17+ required (apt-get install openjdk-17-jre-headless)"; exit 1; }
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || { log "Java 17+ required (found: ${java_major:-none})"; exit 1; }
mkdir -p "$LIBS" "$DATA" "$CONF" "$RUN_DIR"

# 1) Collect kafka_2.13 + its runtime deps once (cached). The broker POM brings slf4j-api 1.7.x but no
#    logging backend (the binary tarball ships log4j2 itself), so add log4j-core plus the slf4j-1.x
#    binding (log4j-slf4j-impl; the slf4j2 binding would be ignored by slf4j-api 1.7 -> no logs).
stamp="$LIBS/.complete-$KAFKA_VERSION-$LOG4J_VERSION"
if [ ! -f "$stamp" ]; then
  command -v mvn >/dev/null || { log "Maven (mvn) required (apt-get install maven)"; exit 1; }
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  cat > "$tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.civic</groupId><artifactId>kafka-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_${SCALA_BINARY}</artifactId><version>${KAFKA_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>${LOG4J_VERSION}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>${LOG4J_VERSION}</version></dependency>
  </dependencies>
</project>
POM
  log "resolving org.apache.kafka:kafka_${SCALA_BINARY}:${KAFKA_VERSION} (+ log4j ${LOG4J_VERSION}) from Maven Central"
  rm -f "$LIBS"/*.jar
  mvn -B -q -Dstyle.color=never -f "$tmp/pom.xml" "$DEP_PLUGIN:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$LIBS" -Dmdep.overWriteReleases=true >&2
  rm -rf "$tmp"; trap - EXIT
  touch "$stamp"
  log "jars cached in $LIBS ($(ls "$LIBS"/*.jar | wc -l) jars, $(elapsed) s)"
fi
CP="$LIBS/*"

cat > "$CONF/log4j2.properties" <<'L4J'
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.org.name = org.apache.kafka
logger.org.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
L4J

# 2) Minimal KRaft combined-mode config for a single node on loopback.
cat > "$CONF/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${DATA}
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
# single node: internal topics must not ask for 3 replicas (defaults are RF 3 / 50 partitions)
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1
# tests: no 3 s wait before the first consumer-group rebalance
group.initial.rebalance.delay.ms=0
PROPS

JAVA_OPTS=(-Dlog4j2.configurationFile="$CONF/log4j2.properties" -Djava.awt.headless=true)

# 3) Format storage (KRaft needs meta.properties with a cluster id). The cluster id is a random
#    16-byte base64url Uuid, made in bash to save a JVM start.
if [ "${KAFKA_FRESH:-1}" = 1 ]; then rm -rf "${DATA:?}"; mkdir -p "$DATA"; fi
if [ ! -f "$DATA/meta.properties" ]; then
  storage_tool=kafka.tools.StorageTool
  for jar in "$LIBS"/kafka_*.jar "$LIBS"/kafka-tools-*.jar; do
    [ -f "$jar" ] || continue
    if unzip -l "$jar" 2>/dev/null | grep -q 'org/apache/kafka/tools/StorageTool.class'; then storage_tool=org.apache.kafka.tools.StorageTool; fi
  done
  cluster_id=$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  # an id that starts with '-' would be read by the tool as an option (1 run in 64 failed): the first
  # character only sets the top 6 bits, so replacing it keeps a valid random 16-byte Uuid
  case "$cluster_id" in -*) cluster_id="A${cluster_id:1}" ;; esac
  log "formatting $DATA (cluster id $cluster_id, $storage_tool)"
  java -Xmx256m -cp "$CP" "${JAVA_OPTS[@]}" "$storage_tool" format -t "$cluster_id" \
       -c "$CONF/server.properties" --ignore-formatted > "$STATE/format.log" 2>&1 \
    || { log "storage format failed:"; tail -20 "$STATE/format.log" >&2; exit 1; }
fi

# 4) Start the broker (main class kafka.Kafka, as bin/kafka-server-start.sh does), detached, and wait.
log "starting Kafka ${KAFKA_VERSION} on 127.0.0.1:${KAFKA_PORT} (controller ${CONTROLLER_PORT})"
: > "$STATE/server.log"
# shellcheck disable=SC2086
setsid nohup java $HEAP -XX:+UseG1GC -cp "$CP" "${JAVA_OPTS[@]}" kafka.Kafka "$CONF/server.properties" \
  < /dev/null > "$STATE/server.log" 2>&1 &
pid=$!
echo "$pid" > "$PID_FILE"
for _ in $(seq 1 240); do
  if port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$STATE/server.log"; then
    log "ready in $(elapsed) s (pid $pid, log $STATE/server.log)"; exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { log "broker exited:"; tail -40 "$STATE/server.log" >&2; rm -f "$PID_FILE"; exit 1; }
  sleep 0.5
done
log "broker not ready after 120 s"; tail -40 "$STATE/server.log" >&2; exit 1
