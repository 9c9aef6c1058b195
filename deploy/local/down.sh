#!/usr/bin/env bash
# Stops what deploy/local/up.sh started, by pid. RabbitMQ and PostgreSQL keep running (and keep
# the data); stop them with `rabbitmqctl stop` and `pg_ctlcluster 15 main stop` if you want.
# Graceful: SIGTERM first, then up to STOP_TIMEOUT_S (default 40 s: the bus waits up to 30 s for
# in-flight messages) for every process to exit; SIGKILL only for one still running after that.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN_DIR=${RUN_DIR:-$(pwd)/.run}
STOP_TIMEOUT_S=${STOP_TIMEOUT_S:-40}
[ -f "$RUN_DIR/pids" ] || { echo "Nothing to stop ($RUN_DIR/pids not found)."; exit 0; }
mapfile -t pids < "$RUN_DIR/pids"
for pid in "${pids[@]}"; do
  kill -TERM "$pid" 2>/dev/null && echo "stopping $pid" || true
done
deadline=$((SECONDS + STOP_TIMEOUT_S))
while [ "$SECONDS" -lt "$deadline" ]; do
  running=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running=1; done
  [ "$running" -eq 0 ] && break
  sleep 0.2
done
for pid in "${pids[@]}"; do
  if kill -0 "$pid" 2>/dev/null; then
    echo "$pid still running after ${STOP_TIMEOUT_S}s: SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
done
rm -f "$RUN_DIR/pids"
echo "stopped"
