#!/usr/bin/env bash
# Stops the stack that stack/start.sh recorded in STACK_DIR/pids: exactly those processes (checked by PID
# and start time, so a reused PID is never hit) and their descendants, through each service's stop
# function (stack/lib/<service>.sh), then waits for the ports to close.
# Idempotent. Usage: stack/stop.sh [STACK_DIR]   Env: STACK_STOP_TIMEOUT (s before SIGKILL, default 15)
set -euo pipefail

T0=$EPOCHREALTIME
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D=$(resolve_stack_dir "${1:-}")
PIDS=$D/pids
GRACE=${STACK_STOP_TIMEOUT:-15}

if [ ! -s "$PIDS" ]; then
  rm -f "$PIDS"
  echo "stop.sh: no stack recorded in $D: nothing to stop"
  exit 0
fi

source "$STACK_HOME/lib/processes.sh"
for service in rabbitmq keystone nginx mistral; do
  source "$STACK_HOME/lib/$service.sh"
done
# Each service's own stop, all at once (each waits for its servers, then their children).
stops=()
for service in mistral nginx keystone rabbitmq; do
  "${service}_stop" &
  stops+=($!)
done
for pid in "${stops[@]}"; do wait "$pid" || true; done

deadline=$((EPOCHSECONDS + 10))
for port in "${STACK_PORTS[@]}"; do
  while port_open "$port"; do
    if ((EPOCHSECONDS >= deadline)); then
      echo "stop.sh: warning: 127.0.0.1:$port is still open, held by something not recorded in $PIDS:" \
        "$(port_owner "$port")" >&2
      break
    fi
    sleep 0.2
  done
done

mv -f "$PIDS" "$PIDS.stopped"
printf 'stack stopped in %s s\n' "$(elapsed_since "$T0")"
