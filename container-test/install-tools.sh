#!/usr/bin/env bash
# Installs podman, buildah, runc and debootstrap when any is missing (Debian/Ubuntu, as root). No Docker engine is
# needed: rootful podman builds the Dockerfiles and runs the containers.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

missing=()
for tool in podman buildah runc debootstrap unzip; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]} == 0)); then
  log "tools present: $(podman --version), $(buildah --version | cut -d' ' -f1-3), runc $(runc --version | head -1 | awk '{print $3}')"
  exit 0
fi

[[ $(id -u) == 0 ]] || die "missing ${missing[*]}; installing them needs root"
command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq podman buildah runc debootstrap containernetworking-plugins unzip >/dev/null
log "installed: $(podman --version)"
