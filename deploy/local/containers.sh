#!/usr/bin/env bash
# A Docker-compatible container engine on a Debian host without Docker: podman, its API socket, and local
# stand-ins for the images the project names (no registry is needed, nothing is pulled).
#
#   deploy/local/containers.sh            installs, starts the socket, builds the stand-ins, prints DOCKER_HOST
#   source deploy/local/containers.sh     then ingest_containers_up: the same, and exports DOCKER_HOST
#
# Sourced by tests/run.sh for the container tests (INGEST_TEST_CONTAINER_TESTS) and for
# INGEST_TEST_SERVERS=containers. Idempotent: an image whose inputs have not changed is not rebuilt,
# so a machine pays for the builds once. The stand-ins and what they do and do not reproduce of the
# official images: deploy/docker/standins/README.md.

# shellcheck source=servers.sh
declare -F ingest_apt_install >/dev/null || source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"

INGEST_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INGEST_PODMAN_SOCKET="${INGEST_PODMAN_SOCKET:-/run/podman/podman.sock}"
INGEST_STANDINS="$INGEST_REPO_ROOT/deploy/docker/standins"
# The base every stand-in is built on: Debian 12 from the apt mirror, imported (no registry).
INGEST_BASE_IMAGE="localhost/ingestplatform/debian:bookworm"

# The images the project names, read from the files that name them, so a changed tag cannot drift.
ingest_image_from() { # ingest_image_from <file> <grep -o pattern>
  grep -oE "$2" "$INGEST_REPO_ROOT/$1" | head -n 1
}

ingest_podman_install() {
  # runc: crun refuses hybrid cgroup hierarchies (v1 controllers + a v2 mount) such as CI sandboxes have.
  ingest_apt_install podman runc debootstrap docker-compose curl ca-certificates
  # Root podman in a sandbox: runc, cgroupfs (no systemd to delegate to), no default ulimits (setting
  # RLIMIT_NPROC is refused here). A drop-in, so an administrator's containers.conf stays theirs.
  local conf=/etc/containers/containers.conf.d/50-ingestplatform.conf
  if [ ! -f "$conf" ]; then
    ingest_as_root mkdir -p "$(dirname "$conf")"
    ingest_as_root tee "$conf" >/dev/null <<'CONF'
# Written by IngestPlatform's deploy/local/containers.sh.
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  fi
}

ingest_podman_socket() {
  if curl -sf --unix-socket "$INGEST_PODMAN_SOCKET" http://d/_ping >/dev/null 2>&1; then return 0; fi
  echo "Starting podman's Docker-compatible API on $INGEST_PODMAN_SOCKET..."
  ingest_as_root mkdir -p "$(dirname "$INGEST_PODMAN_SOCKET")"
  # --time=0: serve until stopped (the default ends after 5 s idle, between two test runs). The service outlives the
  # clone that started it, so it runs from / and logs beside its socket: started from a clone that was then deleted,
  # it kept answering /_ping but every container start failed with "write child: broken pipe".
  ingest_as_root sh -c "cd / && nohup podman system service --time=0 'unix://$INGEST_PODMAN_SOCKET' \
    >'$(dirname "$INGEST_PODMAN_SOCKET")/ingest-podman-service.log' 2>&1 &"
  ingest_wait_for 30 "podman API socket" curl -sf --unix-socket "$INGEST_PODMAN_SOCKET" http://d/_ping
}

# Health checks: podman runs a container's HEALTHCHECK from a systemd timer, and there is no systemd here,
# so every check would stay "starting" and compose's `condition: service_healthy` would wait forever. This
# loop stands in for the timers: every 5 s it runs the checks of the running containers that have one
# (`podman healthcheck run` applies their retries and start period). Docker's daemon needs nothing of the kind.
ingest_podman_health_ticker() {
  local pidfile=/run/podman/ingest-health-ticker.pid
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then return 0; fi
  ingest_as_root mkdir -p "$(dirname "$pidfile")"
  ingest_as_root sh -c "cd / && nohup sh -c 'while :; do
      for id in \$(podman ps -q --filter health=starting --filter health=healthy --filter health=unhealthy); do
        podman healthcheck run \$id >/dev/null 2>&1 &
      done
      wait; sleep 5
    done' >/dev/null 2>&1 & echo \$! > $pidfile"
}

ingest_image_label() { # ingest_image_label <image> <label>
  ingest_as_root podman image inspect --format "{{index .Labels \"$2\"}}" "$1" 2>/dev/null || true
}

ingest_build_base() {
  local mirror suite=bookworm inputs
  # The mirror apt already uses, so a machine behind a mirror builds behind it too.
  mirror=$(grep -hoE '^(URIs:|deb) *https?://[^ ]+/debian/?' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -v security | head -n 1 | grep -oE 'https?://[^ ]+' || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  # The build machine's own certificate authorities (a TLS-intercepting proxy's, say) go into the base, so
  # `dotnet restore` in the sdk stand-in reaches NuGet as the machine does. The official images trust only
  # Debian's/Ubuntu's list.
  local cas=(/usr/local/share/ca-certificates/*.crt)
  [ -e "${cas[0]}" ] || cas=()
  inputs=$( (echo "$mirror $suite minbase v2"; cat "${cas[@]}" /dev/null) | sha256sum | cut -c1-16)
  [ "$(ingest_image_label "$INGEST_BASE_IMAGE" org.ingestplatform.inputs)" = "$inputs" ] && return 0
  echo "Building $INGEST_BASE_IMAGE with debootstrap from $mirror (about a minute)..."
  local root
  root=$(mktemp -d /var/tmp/ingest-debootstrap.XXXXXX)
  ingest_as_root debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" "$mirror" >/dev/null
  if [ ${#cas[@]} -gt 0 ]; then
    ingest_as_root cp "${cas[@]}" "$root/usr/local/share/ca-certificates/"
    ingest_as_root chroot "$root" update-ca-certificates >/dev/null 2>&1
  fi
  # As in Docker's debian images: no init in a container, so package scripts must not start services.
  printf '#!/bin/sh\nexit 101\n' | ingest_as_root tee "$root/usr/sbin/policy-rc.d" >/dev/null
  ingest_as_root chmod 755 "$root/usr/sbin/policy-rc.d"
  printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$suite" "$mirror" "$suite" \
    | ingest_as_root tee "$root/etc/apt/sources.list" >/dev/null
  ingest_as_root rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  ingest_as_root tar -C "$root" -c . | ingest_as_root podman import --quiet \
    --change "LABEL org.ingestplatform.inputs=$inputs" \
    --change 'LABEL org.ingestplatform.contents="Debian 12 (bookworm) minbase from debootstrap"' \
    --change 'CMD ["bash"]' - "$INGEST_BASE_IMAGE" >/dev/null
  ingest_as_root rm -rf "$root"
}

# The name Docker gives a short name (rabbitmq:3 -> docker.io/library/rabbitmq:3). podman's Docker API
# resolves short names the same way, whereas `podman build -t rabbitmq:3` would store localhost/rabbitmq:3.
ingest_qualified_name() {
  local name=$1 first=${1%%/*}
  if [ "$first" = "$name" ]; then echo "docker.io/library/$name"
  elif [[ "$first" == *.* || "$first" == *:* || "$first" == localhost ]]; then echo "$name"
  else echo "docker.io/$name"
  fi
}

# ingest_build_standin <image> <stand-in folder> <context> [build args...]
ingest_build_standin() {
  local image folder=$INGEST_STANDINS/$2 context=$3
  image=$(ingest_qualified_name "$1"); shift 3
  local inputs
  inputs=$( (cat "$folder"/*; echo "$*"; ingest_as_root podman image inspect --format '{{.Id}}' "$INGEST_BASE_IMAGE") \
    | sha256sum | cut -c1-16)
  if [ "$(ingest_image_label "$image" org.ingestplatform.inputs)" = "$inputs" ]; then
    echo "Stand-in $image: up to date."
    return 0
  fi
  echo "Building stand-in $image..."
  local started=$SECONDS
  ingest_as_root podman build --quiet --layers=false -f "$folder/Containerfile" \
    --build-arg BASE="$INGEST_BASE_IMAGE" "$@" \
    --label org.ingestplatform.inputs="$inputs" -t "$image" "$context" >/dev/null
  echo "Stand-in $image: built in $((SECONDS - started)) s."
}

# ingest_build_standins [all|servers]: servers builds only RabbitMQ and PostgreSQL (what Testcontainers needs),
# not the .NET images the compose build uses.
ingest_build_standins() {
  local which=${1:-all}
  local sdk aspnet rabbitmq postgres dotnet_root dotnet_runtime dotnet_sdk
  sdk=$(ingest_image_from deploy/docker/Dockerfile 'mcr\.microsoft\.com/dotnet/sdk:[^ ]+')
  aspnet=$(ingest_image_from deploy/docker/Dockerfile 'mcr\.microsoft\.com/dotnet/aspnet:[^ ]+')
  rabbitmq=$(ingest_image_from tests/IngestPlatform.TestSupport/TestImages.cs 'rabbitmq:[^"]+')
  postgres=$(ingest_image_from tests/IngestPlatform.TestSupport/TestImages.cs 'postgres:[^"]+')
  for image in "$rabbitmq" "$postgres"; do
    grep -q "image: $image\$" "$INGEST_REPO_ROOT/docker-compose.yml" \
      || { echo "docker-compose.yml and TestImages.cs name different images ($image)" >&2; return 1; }
  done
  # This machine's .NET (the same SDK and runtime the tests build with): copied, not downloaded.
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  dotnet_sdk=$(dotnet --version)
  dotnet_runtime=$(dotnet --list-runtimes | awk '/^Microsoft.AspNetCore.App/ {v=$2} END {print v}')
  ingest_build_base
  # Independent builds, in parallel: most of their time is apt downloading and unpacking.
  local pids=() status=0
  if [ "$which" = all ]; then
    ingest_build_standin "$sdk" dotnet-sdk "$dotnet_root" \
      --build-arg DOTNET_SDK_VERSION="$dotnet_sdk" --build-arg DOTNET_VERSION="$dotnet_runtime" & pids+=($!)
    ingest_build_standin "$aspnet" dotnet-aspnet "$dotnet_root" --build-arg DOTNET_VERSION="$dotnet_runtime" & pids+=($!)
  fi
  ingest_build_standin "$rabbitmq" rabbitmq "$INGEST_STANDINS/rabbitmq" & pids+=($!)
  ingest_build_standin "$postgres" postgres "$INGEST_STANDINS/postgres" & pids+=($!)
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  return $status
}

# Everything (or, with INGEST_STANDINS=servers, only the server images), then DOCKER_HOST for docker-compose and
# Testcontainers.
ingest_containers_up() {
  ingest_podman_install
  ingest_podman_socket
  ingest_podman_health_ticker
  ingest_build_standins "${INGEST_STANDINS_SET:-all}"
  export DOCKER_HOST="unix://$INGEST_PODMAN_SOCKET"
  # Ryuk (Testcontainers' reaper) is an image from Docker Hub: not available; the fixtures dispose their containers.
  export TESTCONTAINERS_RYUK_DISABLED=true
}

# The engine the container tests and INGEST_TEST_SERVERS=containers use: the one DOCKER_HOST names when it
# answers, else a Docker engine (official images, pulled), else podman with the stand-ins (ingest_containers_up).
ingest_container_engine() {
  if [ -n "${DOCKER_HOST:-}" ] && [[ "$DOCKER_HOST" == unix://* ]] \
      && curl -sf --unix-socket "${DOCKER_HOST#unix://}" http://d/_ping >/dev/null 2>&1; then
    echo "Container engine: $DOCKER_HOST."
    # Our podman socket, started earlier: its health checks still need the ticker.
    [ "${DOCKER_HOST#unix://}" = "$INGEST_PODMAN_SOCKET" ] && ingest_podman_health_ticker
  elif [ -z "${DOCKER_HOST:-}" ] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    echo "Container engine: Docker (official images)."
  else
    echo "Container engine: podman with local stand-in images."
    ingest_containers_up
  fi
  # Ryuk (Testcontainers' reaper) is an image from Docker Hub, which no stand-in replaces; the fixtures
  # dispose their containers themselves.
  export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
}

# For the container tests: an engine, and no configured server, so the fixtures must take their Testcontainers path
# (and fail rather than skip). Used by tests/run.sh and tests/soak.sh, in a subshell of theirs.
ingest_container_tests_env() {
  ingest_container_engine
  unset INGEST_TEST_RABBITMQ INGEST_TEST_RABBITMQ_MANAGEMENT INGEST_TEST_POSTGRES
  export INGEST_TEST_CONTAINERS_REQUIRED=1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  ingest_containers_up
  echo "export DOCKER_HOST=$DOCKER_HOST TESTCONTAINERS_RYUK_DISABLED=true"
fi
