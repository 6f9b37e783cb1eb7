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

# Recorded processes that are still the ones recorded: the servers (roots) and the children recorded at
# start-up. Those matter: RabbitMQ's erl_child_setup and inet_gethost leave the session and are
# reparented when beam.smp ends.
roots=()
children=()
while read -r name pid start; do
  [ -n "${pid:-}" ] || continue
  now=$(proc_start "$pid") || continue
  [ "$now" = "$start" ] || continue
  case $name in */child) children+=("$pid") ;; *) roots+=("$pid") ;; esac
done <"$PIDS"
# Descendants born since start-up are ours too.
if [ ${#roots[@]} -gt 0 ]; then
  while read -r pid; do children+=("$pid"); done < <(descendants "${roots[@]}" "${children[@]}")
fi

running() { # prints those of the given PIDs that still run (zombies count as ended)
  local pid stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*') '}
    [ "${stat:0:1}" = Z ] || echo "$pid"
  done
}

# Signals the PIDs and waits up to SECONDS for them to end; then SIGKILL.
end_processes() { # seconds pid...
  local seconds=$1 left deadline
  shift
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  deadline=$((EPOCHSECONDS + seconds))
  while left=$(running "$@") && [ -n "$left" ]; do
    if ((EPOCHSECONDS >= deadline)); then
      echo "stop.sh: still running after ${seconds}s, sending SIGKILL to:" $left >&2
      kill -KILL $left 2>/dev/null || true
      sleep 0.3
      return 0
    fi
    sleep 0.1
  done
}

# Each server first (it ends its own workers), then whatever is left of the recorded children.
end_processes "$GRACE" "${roots[@]}"
mapfile -t children < <(running "${children[@]}")
end_processes 3 "${children[@]}"

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
