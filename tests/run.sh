#!/usr/bin/env bash
# The whole test suite, as CI runs it: `tests/run.sh [extra dotnet test arguments]`.
# Tests talk to a real RabbitMQ and PostgreSQL:
#   - INGEST_TEST_RABBITMQ / INGEST_TEST_POSTGRES set: those servers are used;
#   - else, with a Docker engine: the fixtures start Testcontainers;
#   - else (a Docker-less Debian host, CI): local servers are installed from Debian packages,
#     started, and exported here.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../deploy/local/servers.sh
source deploy/local/servers.sh

if [ -z "${INGEST_TEST_RABBITMQ:-}" ] || [ -z "${INGEST_TEST_POSTGRES:-}" ]; then
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo "Docker engine found: the test fixtures will start Testcontainers."
  else
    echo "No Docker engine: using local RabbitMQ and PostgreSQL from Debian packages."
    ingest_start_servers
    export INGEST_TEST_RABBITMQ="${INGEST_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672}"
    export INGEST_TEST_RABBITMQ_MANAGEMENT="${INGEST_TEST_RABBITMQ_MANAGEMENT:-http://127.0.0.1:15672}"
    export INGEST_TEST_POSTGRES="${INGEST_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=ingest;Password=ingest;Database=postgres}"
  fi
fi

# The compose file cannot run without a Docker engine; at least check it statically
# (Debian's docker-compose validates the file without an engine).
if ! command -v docker-compose >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  ingest_apt_install docker-compose
fi
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config --quiet
  echo "docker-compose.yml: valid"
fi

dotnet build IngestPlatform.sln -c Release
# Soak scenarios (minutes-long outages) run from tests/soak.sh, not here, unless a filter of the caller's says otherwise.
case " $* " in
  *" --filter "*) dotnet test IngestPlatform.sln -c Release --no-build "$@" ;;
  *) dotnet test IngestPlatform.sln -c Release --no-build --filter "Category!=Soak" "$@" ;;
esac
