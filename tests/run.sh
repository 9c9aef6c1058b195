#!/usr/bin/env bash
# The whole test suite, as CI runs it: `tests/run.sh [extra dotnet test arguments]`.
#
# 1. The main suite, against a real RabbitMQ and PostgreSQL chosen by INGEST_TEST_SERVERS (deploy/local/servers.sh):
#    - local (default): the servers named by INGEST_TEST_RABBITMQ / INGEST_TEST_POSTGRES when set, else local
#      servers installed from Debian packages, started, and exported here;
#    - containers: every fixture starts a Testcontainer, on the engine DOCKER_HOST names, else Docker's, else
#      podman with local stand-in images (deploy/local/containers.sh).
# 2. The container tests (INGEST_TEST_CONTAINER_TESTS=on|testcontainers|off; default testcontainers, off when the
#    caller passes a --filter): the fixtures' Testcontainers path and one end-to-end test on Testcontainers, and
#    (on only) the shipped docker-compose.yml built and run with docker-compose (tests/IngestPlatform.Compose.Tests;
#    10-18 minutes on a new 2-core machine, so CI leaves it to tests/soak.sh), on the engine DOCKER_HOST names,
#    else Docker's, else podman with the stand-ins (installed and built here on the first run; cached afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../deploy/local/servers.sh
source deploy/local/servers.sh

ingest_test_servers

# Debian's docker-compose checks the compose files statically, without an engine (the container tests run them).
if ! command -v docker-compose >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  ingest_apt_install docker-compose
fi
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose --env-file .env.example -f docker-compose.yml config --quiet
  docker-compose --env-file .env.example -f docker-compose.yml -f docker-compose.override.example.yml config --quiet
  echo "docker-compose.yml, docker-compose.override.example.yml: valid"
fi

# The Kubernetes manifests are rendered by `kubectl kustomize` (no cluster needed) in IngestPlatform.Deploy.Tests.
# shellcheck source=../deploy/local/kubectl.sh
source deploy/local/kubectl.sh
# Not fatal: without it only the manifest tests fail (each saying so), not the whole run.
ingest_kubectl || echo "kubectl 1.21+ could not be installed: IngestPlatform.Deploy.Tests will fail to render the manifests." >&2
# The dashboard test drives Debian's chromium through Playwright (whose own browser download is not reachable).
if command -v apt-get >/dev/null 2>&1; then ingest_apt_install chromium; fi
# The network-cut test drops the packets of a RabbitMQ node's port with iptables (root only; skipped otherwise).
if [ "$(id -u)" = 0 ] && ! [ -x /usr/sbin/iptables ] && command -v apt-get >/dev/null 2>&1; then ingest_apt_install iptables; fi

dotnet build IngestPlatform.sln -c Release
# A test that waits without a bound fails with a dump after 20 minutes instead of hanging CI.
hang=(--blame-hang-timeout 20m)
status=0
container_tests=${INGEST_TEST_CONTAINER_TESTS:-testcontainers}
# Soak scenarios (minutes-long outages) run from tests/soak.sh, and the container tests in their own step below,
# unless a filter of the caller's says otherwise.
case " $* " in
  *" --filter "*)
    container_tests=${INGEST_TEST_CONTAINER_TESTS:-off}
    dotnet test IngestPlatform.sln -c Release --no-build "${hang[@]}" "$@" || status=$? ;;
  *) dotnet test IngestPlatform.sln -c Release --no-build "${hang[@]}" --filter "Category!=Soak&Category!=Containers" "$@" || status=$? ;;
esac

if [ "$container_tests" = on ] || [ "$container_tests" = testcontainers ]; then
  started=$SECONDS
  (
    # shellcheck source=../deploy/local/containers.sh
    source deploy/local/containers.sh
    # Testcontainers needs only the server stand-ins; the .NET ones are for the compose build.
    [ "$container_tests" = testcontainers ] && export INGEST_STANDINS_SET=servers
    ingest_container_tests_env
    echo "Container tests on $([ -n "${DOCKER_HOST:-}" ] && echo "$DOCKER_HOST" || echo "Docker")..."
    result=0
    # testcontainers: the fixtures' tests only, not the compose build and run (the minutes-long part on a new machine).
    compose_filter=()
    [ "$container_tests" = testcontainers ] && compose_filter=(--filter "FullyQualifiedName!~When_the_platform_runs_under_docker_compose")
    dotnet test tests/IngestPlatform.Compose.Tests -c Release --no-build "${hang[@]}" "${compose_filter[@]}" "$@" || result=$?
    dotnet test tests/IngestPlatform.EndToEnd.Tests -c Release --no-build "${hang[@]}" \
      --filter "FullyQualifiedName~When_the_seed_articles_are_dropped_into_the_inbox" "$@" || result=$?
    exit $result
  ) || status=$?
  echo "Container tests: $((SECONDS - started)) s (images included)."
fi
exit "$status"
