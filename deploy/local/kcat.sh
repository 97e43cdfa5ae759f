#!/usr/bin/env bash
# kcat against the local (or configured) Kafka: installs Debian's kcat when missing.
#
#   deploy/local/kcat.sh -L                       # cluster metadata
#   deploy/local/kcat.sh -C -t TOPIC -e           # consume to the end
#   echo 'key:value' | deploy/local/kcat.sh -P -t TOPIC -K:
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh source-path=SCRIPTDIR
source "${SCRIPT_DIR}/env.sh"

die() {
  echo "kcat.sh: $*" >&2
  exit 1
}

install_kcat() {
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 \
      || die "kcat is missing; install it with: apt-get install kcat"
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null 2>&1 || die "kcat missing and apt-get not available"
  local out
  out="$(mktemp)"
  # Retry once with fresh package lists when the first attempt fails.
  if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q kcat \
    >"${out}" 2>&1; then
    if ! { DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q \
      && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q kcat; } \
      >"${out}" 2>&1; then
      tail -n 20 "${out}" >&2
      rm -f "${out}"
      die "installing kcat with apt-get failed"
    fi
  fi
  rm -f "${out}"
}

command -v kcat >/dev/null 2>&1 || install_kcat
exec kcat -b "${KAFKA_BOOTSTRAP_SERVERS}" "$@"
