#!/usr/bin/env bash
# Stops the stack that stack/start.sh recorded in STACK_DIR/pids: exactly those processes (checked by PID
# and start time, so a reused PID is never hit) and their descendants, then waits for the ports to close.
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

# Recorded processes that are still the ones recorded. Recorded children matter: RabbitMQ's
# erl_child_setup and inet_gethost leave the session and are reparented when beam.smp ends.
targets=()
while read -r name pid start; do
  [ -n "${pid:-}" ] || continue
  now=$(proc_start "$pid") || continue
  [ "$now" = "$start" ] && targets+=("$pid")
done <"$PIDS"
# Their descendants born since start-up are ours too.
if [ ${#targets[@]} -gt 0 ]; then
  while read -r pid; do targets+=("$pid"); done < <(descendants "${targets[@]}")
fi

running() { # prints the targets that still run (zombies count as ended)
  local pid stat
  for pid in "${targets[@]}"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*') '}
    [ "${stat:0:1}" = Z ] || echo "$pid"
  done
}

if [ ${#targets[@]} -gt 0 ]; then
  kill -TERM "${targets[@]}" 2>/dev/null || true
  deadline=$((EPOCHSECONDS + GRACE))
  while left=$(running) && [ -n "$left" ]; do
    if ((EPOCHSECONDS >= deadline)); then
      echo "stop.sh: still running after ${GRACE}s, sending SIGKILL to:" $left >&2
      kill -KILL $left 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
fi

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
printf 'stack stopped in %s s (%d processes)\n' "$(elapsed_since "$T0")" "${#targets[@]}"
