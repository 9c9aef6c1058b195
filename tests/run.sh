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

ingest_test_servers

# The compose file cannot run without a Docker engine; at least check it statically
# (Debian's docker-compose validates the file without an engine).
if ! command -v docker-compose >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  ingest_apt_install docker-compose
fi
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config --quiet
  echo "docker-compose.yml: valid"
fi

# The Kubernetes manifests are rendered by `kubectl kustomize` (no cluster needed) in IngestPlatform.Deploy.Tests.
# shellcheck source=../deploy/local/kubectl.sh
source deploy/local/kubectl.sh
# Not fatal: without it only the manifest tests fail (each saying so), not the whole run.
ingest_kubectl || echo "kubectl 1.21+ could not be installed: IngestPlatform.Deploy.Tests will fail to render the manifests." >&2
# The dashboard test drives Debian's chromium through Playwright (whose own browser download is not reachable).
if command -v apt-get >/dev/null 2>&1; then ingest_apt_install chromium; fi

dotnet build IngestPlatform.sln -c Release
# A test that waits without a bound fails with a dump after 20 minutes instead of hanging CI.
hang=(--blame-hang-timeout 20m)
# Soak scenarios (minutes-long outages) run from tests/soak.sh, not here, unless a filter of the caller's says otherwise.
case " $* " in
  *" --filter "*) dotnet test IngestPlatform.sln -c Release --no-build "${hang[@]}" "$@" ;;
  *) dotnet test IngestPlatform.sln -c Release --no-build "${hang[@]}" --filter "Category!=Soak" "$@" ;;
esac
