#!/usr/bin/env bash
# Sourced by tests/run.sh after servers.sh: a kubectl whose built-in Kustomize reads deploy/kubernetes (components,
# labels, patches with targets: Kustomize v4+, i.e. kubectl 1.21 or later). No cluster is used: the manifests are only
# rendered (`kubectl kustomize`) and checked by IngestPlatform.Deploy.Tests.
# Debian 12's own kubectl (package kubernetes-client) is 1.20, whose Kustomize is v2.0.3 and cannot read them; then
# kubectl comes from the Kubernetes project's apt repository (pkgs.k8s.io), pinned to one minor version.

INGEST_KUBECTL_MINOR=v1.32

ingest_kubectl_is_recent() {
  command -v kubectl >/dev/null 2>&1 || return 1
  local minor
  minor=$(kubectl version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -1)
  [ -n "$minor" ] && [ "$minor" -ge 21 ]
}

ingest_kubectl() {
  ingest_kubectl_is_recent && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "kubectl 1.21+ is needed to render deploy/kubernetes" >&2; return 1; }
  ingest_apt_install curl ca-certificates gnupg
  echo "Installing kubectl ${INGEST_KUBECTL_MINOR} from pkgs.k8s.io..."
  ingest_as_root mkdir -p /etc/apt/keyrings
  curl -fsSL "https://pkgs.k8s.io/core:/stable:/${INGEST_KUBECTL_MINOR}/deb/Release.key" \
    | ingest_as_root gpg --batch --yes --dearmor -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg
  echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/${INGEST_KUBECTL_MINOR}/deb/ /" \
    | ingest_as_root tee /etc/apt/sources.list.d/kubernetes.list >/dev/null
  ingest_as_root apt-get update -qq
  ingest_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubectl >/dev/null
  ingest_kubectl_is_recent
}
