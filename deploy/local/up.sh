#!/usr/bin/env bash
# Starts the whole platform on a Docker-less Debian host:
#   deploy/local/up.sh                                  one process per service
#   NORMALIZER_REPLICAS=2 LANGDETECT_REPLICAS=3 deploy/local/up.sh   competing consumers
# Installs and starts RabbitMQ and PostgreSQL when missing, builds the services, starts them in
# the background with logs and pids under .run/, and prints the inbox path.
# Stop with deploy/local/down.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

WATCHER_REPLICAS=${WATCHER_REPLICAS:-1}
NORMALIZER_REPLICAS=${NORMALIZER_REPLICAS:-1}
LANGDETECT_REPLICAS=${LANGDETECT_REPLICAS:-1}
STORAGE_REPLICAS=${STORAGE_REPLICAS:-1}
INBOX=${INBOX:-$repo/inbox}
RUN_DIR=${RUN_DIR:-$repo/.run}

if [ -f "$RUN_DIR/pids" ] && xargs -r ps -p < "$RUN_DIR/pids" >/dev/null 2>&1; then
  echo "Already running (pids in $RUN_DIR/pids); run deploy/local/down.sh first." >&2
  exit 1
fi

source deploy/local/servers.sh
ingest_start_servers

echo "Building..."
dotnet build IngestPlatform.sln -c Release -v quiet -nologo >/dev/null

mkdir -p "$RUN_DIR" "$INBOX"
: > "$RUN_DIR/pids"
export ConnectionStrings__Ingest=${ConnectionStrings__Ingest:-"Host=127.0.0.1;Port=5432;Username=ingest;Password=ingest;Database=ingest"}
export Watcher__InboxPath="$INBOX"
# Files over Payloads__InlineLimit wait for the next stage in the claim-check store, which every service must share.
# Left at the services' own default (a folder under the system temp directory) unless Payloads__Path is set: a
# service restarted by hand without this script's environment then still finds the same folder. (With ./payloads
# here, consumers restarted by ../shared/tools/chaos.sh read an empty default store and refused every big file.)
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Production}

# Ports: the API keeps API_PORT (5150); every service replica takes the next free port from PORT_BASE
# (5110) upwards, skipping API_PORT and any port something else already listens on, so no number of
# replicas collides. The assignment is written to $RUN_DIR/ports.
API_PORT=${API_PORT:-5150}
next_port=${PORT_BASE:-5110}
: > "$RUN_DIR/ports"
port_in_use() { ss -Htln "sport = :$1" 2>/dev/null | grep -q . ; }
take_port() {
  while [ "$next_port" -eq "$API_PORT" ] || port_in_use "$next_port"; do
    next_port=$((next_port + 1))
    [ "$next_port" -le 65535 ] || { echo "No free port left above ${PORT_BASE:-5110}." >&2; exit 1; }
  done
  port=$next_port
  next_port=$((next_port + 1))
}

start() { # start <service> <replicas> [fixed port]
  local name=$1 replicas=$2 fixed=${3:-}
  for i in $(seq 1 "$replicas"); do
    local log="$RUN_DIR/$name-$i.log"
    if [ -n "$fixed" ]; then
      port=$fixed
      port_in_use "$port" && { echo "Port $port for $name is already in use (set API_PORT)." >&2; exit 1; }
    else
      take_port
    fi
    ASPNETCORE_URLS="http://127.0.0.1:$port" \
      nohup dotnet "services/IngestPlatform.$name/bin/Release/net10.0/IngestPlatform.$name.dll" > "$log" 2>&1 &
    echo $! >> "$RUN_DIR/pids"
    echo "$name $i $port" >> "$RUN_DIR/ports"
    echo "  $name #$i: pid $!, health http://127.0.0.1:$port/health, log $log"
  done
}

echo "Starting services:"
# Storage first: it applies the database migrations.
start Storage "$STORAGE_REPLICAS"
start LanguageDetector "$LANGDETECT_REPLICAS"
start Normalizer "$NORMALIZER_REPLICAS"
start Watcher "$WATCHER_REPLICAS"
# The query API: read-only, one process is plenty; healthy once storage has created the tables. Its dashboard shows
# the inbox backlog that each watcher reports on its own port (GET /status).
n=0
while read -r name _ port; do
  [ "$name" = Watcher ] || continue
  export "Api__WatcherStatusUrls__$n=http://127.0.0.1:$port/status"
  n=$((n + 1))
done < "$RUN_DIR/ports"
start Api 1 "$API_PORT"

# Wait until every replica answers its health check (bus connected, database reachable).
while read -r name i port; do
  ingest_wait_for 90 "$name #$i on port $port" curl -sf "http://127.0.0.1:$port/health" \
    || { echo "See the logs in $RUN_DIR." >&2; exit 1; }
done < "$RUN_DIR/ports"

echo
echo "Ready. Drop files into: $INBOX   (service ports: $RUN_DIR/ports)"
echo "  e.g. cp seeds/* \"$INBOX\"/"
echo "Dashboard: http://127.0.0.1:$API_PORT/"
echo "Search: curl 'http://127.0.0.1:$API_PORT/documents?q=otan+russie'   (OpenAPI: http://127.0.0.1:$API_PORT/openapi/v1.json)"
echo "Query: PGPASSWORD=ingest psql -h 127.0.0.1 -U ingest -d ingest -c 'SELECT id, language, title FROM documents'"
