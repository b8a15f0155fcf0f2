#!/usr/bin/env bash
# Local/CI backing services for ShopVerse, without Docker.
#
#   scripts/services.sh up       start what is not running yet (idempotent)
#   scripts/services.sh down     stop only what this script started
#   scripts/services.sh status   one line per service; exit 1 if any is down
#   scripts/services.sh install  install what the selected services need (apt
#                                packages, Kafka jars) without starting them;
#                                used by npm run chaos, which runs its own
#   scripts/services.sh kafka-libs   print the Kafka jar dir (fetching it once);
#                                    used by scripts/kafka/kafka-tool.sh
#
# Services and endpoints (all loopback only):
#   postgres    127.0.0.1:5432  system cluster; databases shopverse, shopverse_test
#   redis       127.0.0.1:6379
#   clickhouse  http://127.0.0.1:8123, native 127.0.0.1:9000 (Debian's 18.16)
#   kafka       127.0.0.1:9092 (KRaft broker+controller, controller on 9093)
#
# Environment:
#   SERVICES                 subset to act on (default "postgres redis clickhouse kafka")
#   SHOPVERSE_SERVICES_DIR   state dir: pid markers, data, logs, Kafka jar cache
#                            (default /var/tmp/shopverse-services, outside the repo
#                            so it survives fresh clones)
#   SERVICES_TIMEOUT         readiness timeout per service in seconds (default 90)
#   KAFKA_VERSION            Kafka from Maven Central (default 4.3.1)
#   KAFKA_HEAP_OPTS          broker JVM heap (default "-Xms128m -Xmx512m")
#
# Ownership: a service counts as "started by services.sh" only while the pid
# recorded in $STATE_DIR/<service>.pid is alive and is that service's process.
# Anything else that already answers on the port is left alone ("external").
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
STATE_DIR=${SHOPVERSE_SERVICES_DIR:-/var/tmp/shopverse-services}
ALL_SERVICES="postgres redis clickhouse kafka"
TIMEOUT=${SERVICES_TIMEOUT:-90}
STOP_TIMEOUT=30
KAFKA_VERSION=${KAFKA_VERSION:-4.3.1}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}

PG_PORT=5432
REDIS_PORT=6379
CH_HTTP_PORT=8123
CH_TCP_PORT=9000
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093

CH_DIR=$STATE_DIR/clickhouse
KAFKA_DIR=$STATE_DIR/kafka

# ---------------------------------------------------------------- helpers

log() { printf 'services: %s\n' "$*" >&2; }
# Progress line in two halves: "services: kafka starting ... ready in 3.1s".
log_begin() { printf 'services: %s ... ' "$*" >&2; }
log_end() { printf '%s\n' "$*" >&2; }

die() {
  printf 'services: ERROR: %s\n' "$*" >&2
  exit 1
}

# die, showing the end of a log file first.
die_with_log() {
  local logfile=$1
  shift
  printf '\nservices: ERROR: %s\n' "$*" >&2
  if [[ -s $logfile ]]; then
    printf 'services: last lines of %s:\n' "$logfile" >&2
    tail -n 40 "$logfile" | sed 's/^/  | /' >&2
  fi
  exit 1
}

now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
# Seconds (one decimal) elapsed since a now_us timestamp.
since() { local d=$((($(now_us) - $1) / 100000)); echo "$((d / 10)).$((d % 10))s"; }

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Live and not a zombie (a child we launched lingers as one until bash reaps it).
alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

# True if $1 is a live pid whose command line contains $2.
pid_matches() {
  local pid=$1 pattern=$2 cmd
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$pattern"* ]]
}

# Prints the pid this script started for service $1 (process pattern $2) if it
# still runs; otherwise removes a stale marker and fails.
owned_pid() {
  local marker=$STATE_DIR/$1.pid pid
  [[ -f $marker ]] || return 1
  pid=$(<"$marker")
  if pid_matches "$pid" "$2"; then
    echo "$pid"
  else
    rm -f "$marker"
    return 1
  fi
}

# TERM, wait up to $3 seconds, then KILL.
stop_pid() {
  local name=$1 pid=$2 grace=$3 deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + grace))
  while alive "$pid"; do
    if ((SECONDS >= deadline)); then
      log_end "no exit after ${grace}s, killing"
      log_begin "$name killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
}

# wait_ready NAME CHECK_FN LOGFILE START [PID]: poll CHECK_FN until it succeeds;
# START (a now_us timestamp) is what "ready in" is measured from.
# If PID is given (a process we just launched) and it exits or the timeout
# passes, it is killed and we fail with the tail of LOGFILE.
wait_ready() {
  local name=$1 check=$2 logfile=$3 start=$4 pid=${5:-} deadline
  deadline=$((SECONDS + TIMEOUT))
  until "$check"; do
    if [[ -n $pid ]] && ! alive "$pid"; then
      rm -f "$STATE_DIR/$name.pid"
      die_with_log "$logfile" "$name exited during startup (pid $pid)"
    fi
    if ((SECONDS >= deadline)); then
      if [[ -n $pid ]]; then
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$STATE_DIR/$name.pid"
      fi
      die_with_log "$logfile" "$name not ready after ${TIMEOUT}s${pid:+ (killed pid $pid)}"
    fi
    sleep 0.2
  done
  log_end "ready in $(since "$start")"
}

# resume_owned NAME OWNED_FN READY_FN LOGFILE: succeeds once a server this script
# started earlier is ready (waiting for one still starting); fails if there is none.
resume_owned() {
  local name=$1 owned=$2 ready=$3 logfile=$4 pid
  pid=$("$owned") || return 1
  "$ready" && return 0
  log_begin "$name (pid $pid) still starting"
  wait_ready "$name" "$ready" "$logfile" "$(now_us)" "$pid"
}

# stop_owned NAME OWNED_FN: stops the server this script started, if it runs.
stop_owned() {
  local name=$1 owned=$2 pid
  pid=$("$owned") || return 0
  log_begin "$name stopping"
  stop_pid "$name" "$pid" "$STOP_TIMEOUT"
  rm -f "$STATE_DIR/$name.pid"
  log_end "stopped"
}

# Launch a long-running server detached from our session and stdio (so callers
# such as CI do not wait on it) and record it as ours. In a non-interactive
# shell the background child is not a process-group leader, so setsid execs in
# place and $! is the server's own pid. fd 9 (our lock) must not leak into it.
launch() {
  local name=$1 logfile=$2
  shift 2
  setsid nohup "$@" >"$logfile" 2>&1 </dev/null 9>&- &
  echo $! >"$STATE_DIR/$name.pid"
  LAUNCHED_PID=$!
}

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }

# apt-get install only the packages that are missing.
ensure_packages() {
  local missing=() pkg logfile=$STATE_DIR/apt.log start
  for pkg in "$@"; do is_installed "$pkg" || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  start=$(now_us)
  log_begin "installing ${missing[*]} (apt)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } \
    >"$logfile" 2>&1 </dev/null 9>&-; then
    die_with_log "$logfile" "apt-get install ${missing[*]} failed"
  fi
  log_end "done in $(since "$start")"
}

# Substitute @NAME@ placeholders in a template: render SRC DEST NAME=VALUE...
render() {
  local src=$1 dest=$2 text kv key val
  shift 2
  text=$(<"$src")
  for kv in "$@"; do
    key=@${kv%%=*}@ val=${kv#*=}
    text=${text//"$key"/"$val"} # quoted: no '&' expansion (bash 5.2)
  done
  printf '%s\n' "$text" >"$dest.tmp"
  mv -f "$dest.tmp" "$dest"
}

# ---------------------------------------------------------------- postgres

PG_VER='' PG_NAME='' PG_DATADIR='' PG_LOGFILE=''
pg_cluster() {
  [[ -n $PG_VER ]] && return 0
  command -v pg_lsclusters >/dev/null || die "postgres: pg_lsclusters not found (PostgreSQL is not installed)"
  local _port _status _owner
  read -r PG_VER PG_NAME _port _status _owner PG_DATADIR PG_LOGFILE \
    < <(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p' | head -n 1) || true
  [[ -n $PG_VER ]] || die "postgres: no cluster configured on port $PG_PORT (pg_lsclusters)"
}
postgres_ready() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1; }
postgres_owned() { owned_pid postgres "bin/postgres"; }

postgres_up() {
  local start
  if ! postgres_ready; then
    pg_cluster
    start=$(now_us)
    log_begin "postgres ($PG_VER/$PG_NAME) starting"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VER" "$PG_NAME" start </dev/null >>"$STATE_DIR/postgres-start.log" 2>&1 9>&- ||
      die_with_log "$PG_LOGFILE" "postgres: pg_ctlcluster start failed (see also $STATE_DIR/postgres-start.log)"
    head -n 1 "$PG_DATADIR/postmaster.pid" >"$STATE_DIR/postgres.pid"
    wait_ready postgres postgres_ready "$PG_LOGFILE" "$start"
  fi
  local db
  for db in shopverse shopverse_test; do
    if [[ -z $(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
      createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db"
      log "postgres: created database $db"
    fi
  done
}

postgres_down() {
  local pid
  pid=$(postgres_owned) || return 0
  pg_cluster
  log_begin "postgres stopping"
  pg_ctlcluster --skip-systemctl-redirect "$PG_VER" "$PG_NAME" stop </dev/null >/dev/null 2>&1 9>&- ||
    stop_pid postgres "$pid" "$STOP_TIMEOUT"
  rm -f "$STATE_DIR/postgres.pid"
  log_end "stopped"
}

# ---------------------------------------------------------------- redis

redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }
redis_owned() { owned_pid redis "redis-server"; }

redis_up() {
  redis_ready && return 0
  command -v redis-server >/dev/null || die "redis: redis-server not found (Redis is not installed)"
  local start pid
  start=$(now_us)
  log_begin "redis starting"
  mkdir -p /var/lib/redis /var/log/redis
  # Same flags as the machine's own start command: loopback, no persistence.
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log </dev/null >/dev/null 2>&1 9>&- ||
    die_with_log /var/log/redis/ci.log "redis: redis-server failed to start"
  wait_ready redis redis_ready /var/log/redis/ci.log "$start"
  pid=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info server | tr -d '\r' | awk -F: '$1 == "process_id" {print $2}')
  echo "$pid" >"$STATE_DIR/redis.pid"
}

redis_down() { stop_owned redis redis_owned; } # SIGTERM = SHUTDOWN; nothing to save (--save "")

# ---------------------------------------------------------------- clickhouse

clickhouse_ready() { [[ $(curl -fsS -m 2 "http://127.0.0.1:$CH_HTTP_PORT/ping" 2>/dev/null) == Ok.* ]]; }
clickhouse_owned() { owned_pid clickhouse "clickhouse-server"; }

clickhouse_up() {
  local pid start
  resume_owned clickhouse clickhouse_owned clickhouse_ready "$CH_DIR/log/clickhouse-server.log" && return 0
  clickhouse_ready && return 0 # someone else's server: use it, never stop it
  tcp_open "$CH_HTTP_PORT" && die "clickhouse: port $CH_HTTP_PORT is taken by something that is not ClickHouse"
  tcp_open "$CH_TCP_PORT" && die "clickhouse: port $CH_TCP_PORT is taken by another process"

  mkdir -p "$CH_DIR/log" "$CH_DIR/data" "$CH_DIR/tmp" "$CH_DIR/user_files" "$CH_DIR/format_schemas"
  # The server wants absolute paths, so the repo configs are templates.
  render "$SCRIPT_DIR/clickhouse/config.xml" "$CH_DIR/config.xml" "CH_DIR=$CH_DIR"
  cp -f "$SCRIPT_DIR/clickhouse/users.xml" "$CH_DIR/users.xml"

  start=$(now_us)
  log_begin "clickhouse starting"
  local bin
  bin=$(PATH=$PATH:/usr/sbin command -v clickhouse-server) || die "clickhouse: clickhouse-server not found"
  launch clickhouse "$CH_DIR/log/stdout.log" "$bin" --config-file="$CH_DIR/config.xml"
  pid=$LAUNCHED_PID
  wait_ready clickhouse clickhouse_ready "$CH_DIR/log/clickhouse-server.log" "$start" "$pid"
}

clickhouse_down() { stop_owned clickhouse clickhouse_owned; }

# ---------------------------------------------------------------- kafka

kafka_java() { echo "${JAVA_HOME:+$JAVA_HOME/bin/}java"; }

# Jar cache keyed by Kafka version and pom content; filled once, atomically.
kafka_libs() {
  local key
  key=$(sha256sum "$SCRIPT_DIR/kafka/pom.xml" | cut -c1-12)
  echo "$KAFKA_DIR/dist/$KAFKA_VERSION-$key"
}

kafka_fetch() {
  local dist logfile=$KAFKA_DIR/mvn.log start
  dist=$(kafka_libs)
  [[ -f $dist/.complete ]] && return 0
  command -v mvn >/dev/null || die "kafka: mvn not found (needed once to fetch Kafka jars)"
  start=$(now_us)
  log_begin "kafka fetching Kafka $KAFKA_VERSION jars (Maven Central, once)"
  rm -rf "$dist.tmp"
  mkdir -p "$dist.tmp"
  if ! mvn -B -q -f "$SCRIPT_DIR/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dist.tmp/libs" \
    >"$logfile" 2>&1 </dev/null 9>&-; then
    die_with_log "$logfile" "kafka: fetching jars with mvn failed"
  fi
  touch "$dist.tmp/.complete"
  rm -rf "$dist"
  mv "$dist.tmp" "$dist"
  log_end "done in $(since "$start")"
}

# Listener answers and returns metadata with at least one broker.
kafka_ready() {
  tcp_open "$KAFKA_PORT" || return 1
  command -v kcat >/dev/null || return 0
  kcat -b "127.0.0.1:$KAFKA_PORT" -L -m 2 2>/dev/null | grep -Eq '^ *[1-9][0-9]* brokers:'
}
kafka_owned() { owned_pid kafka "kafka.Kafka"; }

kafka_up() {
  local pid start java heap
  resume_owned kafka kafka_owned kafka_ready "$KAFKA_DIR/kafka.log" && return 0
  kafka_ready && return 0 # someone else's broker: use it, never stop it
  tcp_open "$KAFKA_PORT" && die "kafka: port $KAFKA_PORT is taken by a process that does not answer as a Kafka broker"
  tcp_open "$KAFKA_CONTROLLER_PORT" && die "kafka: controller port $KAFKA_CONTROLLER_PORT is taken by another process"

  kafka_fetch
  java=$(kafka_java)
  command -v "$java" >/dev/null || die "kafka: java not found (Kafka 4 needs Java 17+)"
  mkdir -p "$KAFKA_DIR/data"
  render "$SCRIPT_DIR/kafka/server.properties" "$KAFKA_DIR/server.properties" "KAFKA_DIR=$KAFKA_DIR"
  cp -f "$SCRIPT_DIR/kafka/log4j2.properties" "$KAFKA_DIR/log4j2.properties"
  local cp log4j="-Dlog4j2.configurationFile=$KAFKA_DIR/log4j2.properties"
  cp="$(kafka_libs)/libs/*"

  # KRaft needs its storage formatted once (single-node "standalone" quorum).
  if [[ ! -f $KAFKA_DIR/data/meta.properties ]]; then
    local cluster_id
    # A Kafka cluster id is 16 random bytes in URL-safe base64 without padding.
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    start=$(now_us)
    log_begin "kafka formatting KRaft storage"
    "$java" -Xmx256m "$log4j" -cp "$cp" kafka.tools.StorageTool format --standalone \
      --cluster-id "$cluster_id" --config "$KAFKA_DIR/server.properties" \
      >"$KAFKA_DIR/format.log" 2>&1 </dev/null 9>&- ||
      die_with_log "$KAFKA_DIR/format.log" "kafka: formatting KRaft storage failed"
    log_end "done in $(since "$start")"
  fi

  [[ -f $KAFKA_DIR/kafka.log ]] && mv -f "$KAFKA_DIR/kafka.log" "$KAFKA_DIR/kafka.log.1"
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  start=$(now_us)
  log_begin "kafka starting"
  launch kafka "$KAFKA_DIR/kafka.log" "$java" "${heap[@]}" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true "$log4j" -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties"
  pid=$LAUNCHED_PID
  wait_ready kafka kafka_ready "$KAFKA_DIR/kafka.log" "$start" "$pid"
}

kafka_down() { stop_owned kafka kafka_owned; } # SIGTERM = controlled shutdown

# ---------------------------------------------------------------- main

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2
  exit 2
}

selected=()
for svc in ${SERVICES:-$ALL_SERVICES}; do
  [[ " $ALL_SERVICES " == *" $svc "* ]] || die "unknown service '$svc' in SERVICES (known: $ALL_SERVICES)"
  selected+=("$svc")
done
is_selected() { [[ " ${selected[*]} " == *" $1 "* ]]; }

# One apt run for everything missing (kcat: Kafka readiness probe and test client).
ensure_selected_packages() {
  local pkgs=()
  # redis-server only for install: up uses a Redis that already answers, installed or not.
  if [[ ${1:-} == with-redis ]] && is_selected redis; then pkgs+=(redis-server); fi
  if is_selected clickhouse; then pkgs+=(clickhouse-server clickhouse-client); fi
  if is_selected kafka; then pkgs+=(kcat); fi
  ensure_packages "${pkgs[@]}"
}

lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/lock"
  flock -w 600 9 || die "another services.sh is still running (lock $STATE_DIR/lock)"
}

cmd=${1:-}
case $cmd in
  up)
    lock
    start_all=$(now_us)
    ensure_selected_packages
    for svc in $ALL_SERVICES; do
      if is_selected "$svc"; then "${svc}_up"; fi
    done
    log "up: ${selected[*]} (in $(since "$start_all"))"
    ;;
  down)
    lock
    for svc in kafka clickhouse redis postgres; do
      if is_selected "$svc"; then "${svc}_down"; fi
    done
    log "down: done (services not started by services.sh were left alone)"
    ;;
  install)
    lock
    ensure_selected_packages with-redis
    if is_selected kafka; then kafka_fetch; fi
    ;;
  kafka-libs)
    lock
    kafka_fetch
    echo "$(kafka_libs)/libs"
    ;;
  status)
    rc=0
    for svc in $ALL_SERVICES; do
      is_selected "$svc" || continue
      if "${svc}_ready"; then state=up; else state=down rc=1; fi
      if pid=$("${svc}_owned" 2>/dev/null); then
        owner="started by services.sh (pid $pid)"
      elif [[ $state == up ]]; then
        owner="not started by services.sh"
      else
        owner="-"
      fi
      printf '%-10s %-4s %s\n' "$svc" "$state" "$owner"
    done
    exit "$rc"
    ;;
  *) usage ;;
esac
