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
# Files over Payloads__InlineLimit wait here for the next stage (the claim check); every service shares it.
export Payloads__Path=${Payloads__Path:-$repo/payloads}
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Production}

start() { # start <service> <replicas> <first port>
  local name=$1 replicas=$2 port=$3
  for i in $(seq 1 "$replicas"); do
    local log="$RUN_DIR/$name-$i.log"
    ASPNETCORE_URLS="http://127.0.0.1:$((port + i - 1))" \
      nohup dotnet "services/IngestPlatform.$name/bin/Release/net10.0/IngestPlatform.$name.dll" > "$log" 2>&1 &
    echo $! >> "$RUN_DIR/pids"
    echo "  $name #$i: pid $!, health http://127.0.0.1:$((port + i - 1))/health, log $log"
  done
}

echo "Starting services:"
# Storage first: it applies the database migrations.
start Storage "$STORAGE_REPLICAS" 5140
start LanguageDetector "$LANGDETECT_REPLICAS" 5130
start Normalizer "$NORMALIZER_REPLICAS" 5120
start Watcher "$WATCHER_REPLICAS" 5110
# The query API: read-only, one process is plenty; healthy once storage has created the tables.
start Api 1 5150

# Wait until every replica answers its health check (bus connected, database reachable).
for port_base in 5140:$STORAGE_REPLICAS 5130:$LANGDETECT_REPLICAS 5120:$NORMALIZER_REPLICAS 5110:$WATCHER_REPLICAS 5150:1; do
  base=${port_base%%:*}; n=${port_base##*:}
  for i in $(seq 1 "$n"); do
    ingest_wait_for 90 "service on port $((base + i - 1))" curl -sf "http://127.0.0.1:$((base + i - 1))/health" \
      || { echo "See the logs in $RUN_DIR." >&2; exit 1; }
  done
done

echo
echo "Ready. Drop files into: $INBOX"
echo "  e.g. cp seeds/* \"$INBOX\"/"
echo "Search: curl 'http://127.0.0.1:5150/documents?q=otan+russie'   (OpenAPI: http://127.0.0.1:5150/openapi/v1.json)"
echo "Query: PGPASSWORD=ingest psql -h 127.0.0.1 -U ingest -d ingest -c 'SELECT id, language, title FROM documents'"
