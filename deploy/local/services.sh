#!/usr/bin/env bash
# Runs every stage as its own process in distributed mode (PostgreSQL + Kafka):
#   services.sh start [NAME...]   start (all by default) and wait until ready
#   services.sh stop [NAME...]    stop gracefully (SIGTERM)
#   services.sh kill NAME...      stop at once (SIGKILL), as a crash would
#   services.sh status            which are running, on which port
# Ports are LTC_PORT_BASE (8101) and up, in the order above. Logs and pid
# files go to LTC_SERVICES_DIR (.local/services/). Start the servers first:
# deploy/local/postgres.sh up && deploy/local/kafka.sh up (or `make up`).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
run="${LTC_SERVICES_DIR:-$root/.local/services}"
mkdir -p "$run"
# shellcheck source=env.sh
source "$root/deploy/local/env.sh"
export LTC_MODE=distributed LTC_LOG_FORMAT="${LTC_LOG_FORMAT:-json}"
export LTC_PORT_BASE="${LTC_PORT_BASE:-8101}"
all=(lead opportunity bid contract finance reporting)

port_of() {
  local i
  for i in "${!all[@]}"; do
    [[ "${all[$i]}" == "$1" ]] && { echo $((LTC_PORT_BASE + i)); return; }
  done
  echo "unknown service: $1" >&2
  exit 2
}

alive() { [[ -f "$run/$1.pid" ]] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

start_one() {
  local name=$1 port
  port=$(port_of "$name")
  if alive "$name"; then return; fi
  nohup "$root/.venv/bin/ltc" service "$name" --port "$port" \
    >>"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
}

wait_ready() {
  local name=$1 port tries=0
  port=$(port_of "$name")
  until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if ((tries > 120)) || ! alive "$name"; then
      echo "$name did not become ready; last lines of $run/$name.log:" >&2
      tail -n 20 "$run/$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

stop_one() {
  local name=$1 signal=$2 pid tries=0
  alive "$name" || { rm -f "$run/$name.pid"; return; }
  pid=$(cat "$run/$name.pid")
  kill "-$signal" "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((tries < 100)); do
    sleep 0.1
    tries=$((tries + 1))
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$run/$name.pid"
}

command=${1:-status}
shift || true
names=("$@")
((${#names[@]})) || names=("${all[@]}")
case "$command" in
  start)
    for name in "${names[@]}"; do start_one "$name"; done
    for name in "${names[@]}"; do wait_ready "$name"; done
    ;;
  stop) for name in "${names[@]}"; do stop_one "$name" TERM; done ;;
  kill) for name in "${names[@]}"; do stop_one "$name" KILL; done ;;
  status)
    for name in "${all[@]}"; do
      if alive "$name"; then state=running; else state=stopped; fi
      echo "$name $(port_of "$name") $state"
    done
    ;;
  *) echo "usage: $0 start|stop|kill|status [NAME...]" >&2; exit 2 ;;
esac
