#!/usr/bin/env bash
# Sourced by deploy/local/up.sh and tests/run.sh: makes sure a local RabbitMQ and PostgreSQL run
# on a Docker-less Debian host, installing them from Debian's packages when missing.
# Idempotent: a server that already answers is left as it is.

ingest_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ingest_apt_install() {
  # apt-get update only when a package is really missing: it is the slow part.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing ${missing[*]} from Debian packages..."
  ingest_as_root apt-get update -qq
  # Debian's postinst scripts try to start the servers through init; RUNLEVEL=1 and policy-rc.d
  # keep them from doing so in containers and CI sandboxes, where we start them ourselves below.
  ingest_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ingest_wait_for() { # ingest_wait_for <seconds> <description> <command...>
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 "$seconds"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "$what did not come up within ${seconds}s" >&2
  return 1
}

ingest_start_rabbitmq() {
  ingest_apt_install rabbitmq-server
  # The management API is what the tests use to create one virtual host per test.
  ingest_as_root rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
  if ! ingest_as_root rabbitmqctl -q status >/dev/null 2>&1; then
    echo "Starting RabbitMQ..."
    ingest_as_root rabbitmq-server -detached
  fi
  ingest_wait_for 90 "RabbitMQ" ingest_as_root rabbitmqctl -q await_startup
  ingest_wait_for 30 "RabbitMQ management API" curl -sf -u guest:guest http://127.0.0.1:15672/api/overview
}

ingest_start_postgres() {
  ingest_apt_install postgresql postgresql-contrib
  local version cluster
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  cluster=main
  if [ ! -d "/etc/postgresql/$version/$cluster" ]; then
    ingest_as_root pg_createcluster "$version" "$cluster" >/dev/null
  fi
  if ! ingest_as_root pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1; then
    echo "Starting PostgreSQL $version..."
    ingest_as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
  fi
  ingest_wait_for 60 "PostgreSQL" ingest_as_root su postgres -c "psql -qtAc 'select 1'"
  # The role the services use; CREATEDB so the test suite can give each test its own database.
  ingest_as_root su postgres -c "psql -qtAc \"DO \\\$\\\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ingest') THEN
        CREATE ROLE ingest LOGIN PASSWORD 'ingest' CREATEDB;
      END IF; END \\\$\\\$;\"" >/dev/null
  # pg_signal_backend lets a test drop its database WITH (FORCE) even while autovacuum is working on it.
  ingest_as_root su postgres -c "psql -qtAc 'GRANT pg_signal_backend TO ingest'" >/dev/null
  if [ "$(ingest_as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'ingest'\"")" != "1" ]; then
    ingest_as_root su postgres -c "createdb -O ingest ingest"
  fi
}

ingest_start_servers() {
  ingest_apt_install curl ca-certificates
  ingest_start_rabbitmq
  ingest_start_postgres
}

# For tests/run.sh and tests/soak.sh: where the fixtures find RabbitMQ and PostgreSQL, an explicit choice
# (INGEST_TEST_SERVERS), never a side effect of a Docker engine happening to answer:
#   local (default)  the servers named by INGEST_TEST_RABBITMQ / INGEST_TEST_POSTGRES when set, else the local
#                    Debian servers, installed when missing, started and exported here;
#   containers       no configured server: each fixture starts a Testcontainer, on the engine DOCKER_HOST names,
#                    else Docker's, else podman with local stand-in images (deploy/local/containers.sh).
ingest_test_servers() {
  case "${INGEST_TEST_SERVERS:-local}" in
    local)
      if [ -z "${INGEST_TEST_RABBITMQ:-}" ] || [ -z "${INGEST_TEST_POSTGRES:-}" ]; then
        echo "INGEST_TEST_SERVERS=local: using local RabbitMQ and PostgreSQL from Debian packages."
        ingest_start_servers
        export INGEST_TEST_RABBITMQ="${INGEST_TEST_RABBITMQ:-amqp://guest:guest@127.0.0.1:5672}"
        export INGEST_TEST_RABBITMQ_MANAGEMENT="${INGEST_TEST_RABBITMQ_MANAGEMENT:-http://127.0.0.1:15672}"
        export INGEST_TEST_POSTGRES="${INGEST_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=ingest;Password=ingest;Database=postgres}"
      fi
      ;;
    containers)
      echo "INGEST_TEST_SERVERS=containers: the test fixtures will start Testcontainers."
      # shellcheck source=containers.sh
      source "$(dirname "${BASH_SOURCE[0]}")/containers.sh"
      ingest_container_engine
      unset INGEST_TEST_RABBITMQ INGEST_TEST_RABBITMQ_MANAGEMENT INGEST_TEST_POSTGRES
      ;;
    *)
      echo "INGEST_TEST_SERVERS must be local or containers (was '${INGEST_TEST_SERVERS}')" >&2
      return 1
      ;;
  esac
}
