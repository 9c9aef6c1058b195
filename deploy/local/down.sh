#!/usr/bin/env bash
# Stops what deploy/local/up.sh started, by pid. RabbitMQ and PostgreSQL keep running (and keep
# the data); stop them with `rabbitmqctl stop` and `pg_ctlcluster 15 main stop` if you want.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN_DIR=${RUN_DIR:-$(pwd)/.run}
[ -f "$RUN_DIR/pids" ] || { echo "Nothing to stop ($RUN_DIR/pids not found)."; exit 0; }
while read -r pid; do
  kill "$pid" 2>/dev/null && echo "stopped $pid" || true
done < "$RUN_DIR/pids"
# Give each a moment to finish its in-flight message, then make sure.
sleep 2
while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done < "$RUN_DIR/pids"
rm -f "$RUN_DIR/pids"
