#!/usr/bin/env bash
# Soak scenarios: fault tests too long for CI, run by hand before a release (or nightly):
#   tests/soak.sh [extra dotnet test arguments]
#
# It runs every test marked [Trait("Category", "Soak")] (tests/run.sh excludes them) against what tests/run.sh
# sets up (INGEST_TEST_SERVERS, deploy/local/servers.sh): the servers named by INGEST_TEST_RABBITMQ /
# INGEST_TEST_POSTGRES, else local RabbitMQ and PostgreSQL from Debian packages. Fault tests never stop those shared servers:
# each stops a server of its own (a PostgreSQL cluster made with pg_createcluster, a RabbitMQ node).
#
# Scenarios:
#   When_postgresql_is_down_for_minutes_mid_burst   PostgreSQL stopped (pg_ctlcluster ... stop -m fast) for
#       INGEST_SOAK_PG_OUTAGE_S seconds (default 300) a moment into a burst of INGEST_SOAK_FILES files
#       (default 1000); asserts every file stored once, no ingest_failures row, nothing in any _error queue,
#       nothing left in the inbox, and prints the recovery time (PostgreSQL back -> last document stored).
#   When_the_broker_is_stopped_mid_burst (Watcher.Tests)   the RabbitMQ node fully stopped for
#       INGEST_SOAK_BROKER_OUTAGE (1 = 3 minutes, or a duration such as 00:05:00) mid-burst; every file delivered
#       once after it is back, /alive answering 200 and /health 503 during the outage.
#   When_the_network_to_the_broker_is_cut_for_minutes   every packet to and from a RabbitMQ node's port dropped
#       (iptables; root only, else skipped) for INGEST_SOAK_BROKER_CUT_S seconds (default 180) while the normalizer,
#       the detector and storage work through 1,000 messages; every file stored once, nothing dead-lettered.
#   When_big_files_flood_the_inbox   INGEST_BIGFILES_COUNT files of 25 MB (default here 40; CI drops 6) at once;
#       every file stored once, peak resident memory of each service printed and asserted under 1 GB.
#   When_the_platform_runs_under_docker_compose (Compose.Tests)   the shipped docker-compose.yml and Dockerfile built
#       and run with docker-compose (up --build, healthy, seeds stored as the inbox owner, --scale, down -v) on
#       Docker, or podman with local stand-in images (deploy/local/containers.sh); 10-18 minutes on a new 2-core
#       machine, 3-6 once images are cached. INGEST_SOAK_COMPOSE=0 leaves it out.
# Add a scenario: a test class with [Trait("Category", "Soak")] reading its duration from an INGEST_SOAK_*
# variable, and a line above.
#
# Example: INGEST_SOAK_PG_OUTAGE_S=600 tests/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../deploy/local/servers.sh
source deploy/local/servers.sh

ingest_test_servers

export INGEST_SOAK_PG_OUTAGE_S="${INGEST_SOAK_PG_OUTAGE_S:-300}"
export INGEST_SOAK_FILES="${INGEST_SOAK_FILES:-1000}"
export INGEST_SOAK_BROKER_OUTAGE="${INGEST_SOAK_BROKER_OUTAGE:-1}"
export INGEST_SOAK_BROKER_CUT_S="${INGEST_SOAK_BROKER_CUT_S:-180}"
export INGEST_BIGFILES_COUNT="${INGEST_BIGFILES_COUNT:-40}"
echo "Soak: PostgreSQL outage ${INGEST_SOAK_PG_OUTAGE_S} s, burst of ${INGEST_SOAK_FILES} files;" \
  "broker outage ${INGEST_SOAK_BROKER_OUTAGE} (1 = 3 min), network to it cut ${INGEST_SOAK_BROKER_CUT_S} s; ${INGEST_BIGFILES_COUNT} big files."

dotnet build IngestPlatform.sln -c Release
# Detailed console logging: the tests print their measured recovery times and memory peaks.
status=0
dotnet test tests/IngestPlatform.EndToEnd.Tests -c Release --no-build \
  --filter "Category=Soak|FullyQualifiedName~When_big_files_flood_the_inbox" \
  --logger "console;verbosity=detailed" "$@" || status=$?
dotnet test tests/IngestPlatform.Watcher.Tests -c Release --no-build --filter "Category=Soak" \
  --logger "console;verbosity=detailed" "$@" || status=$?
if [ "${INGEST_SOAK_COMPOSE:-1}" = 1 ]; then
  (
    # shellcheck source=../deploy/local/containers.sh
    source deploy/local/containers.sh
    ingest_container_tests_env
    dotnet test tests/IngestPlatform.Compose.Tests -c Release --no-build --blame-hang-timeout 40m \
      --filter "FullyQualifiedName~When_the_platform_runs_under_docker_compose" --logger "console;verbosity=detailed" "$@"
  ) || status=$?
fi
exit "$status"
