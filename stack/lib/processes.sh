# Processes (sourced by start.sh and stop.sh): starting a server in a session of its own and recording
# it in STACK_DIR/pids (name, PID, kernel start time), waiting for it, showing its logs when it fails,
# and stopping exactly the recorded processes. Needs D (the stack directory) and PIDS.

declare -A SVC_PID=() SERVICE_LOGS=()
LAUNCHED=0
HELPERS=()

note() { printf '[%5ss] %s\n' "$(elapsed_since "$T0")" "$*"; }
die() { printf 'start.sh: %s\n' "$*" >&2; exit 1; }

fail() { # service message: the message and the last lines of the service's logs, then exit 1
  local service=$1 file
  printf 'start.sh: %s: %s\n' "$service" "$2" >&2
  for file in ${SERVICE_LOGS[$service]:-}; do
    [ -s "$file" ] || continue
    printf -- '--- last 30 lines of %s ---\n' "$file" >&2
    tail -n 30 "$file" >&2
  done
  exit 1
}

# Stops whatever was started when start-up fails (unless STACK_KEEP_ON_FAILURE=1).
processes_on_exit() {
  local rc=$?
  [ "$rc" -eq 0 ] && return
  local pid
  for pid in "${HELPERS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "$LAUNCHED" = 1 ]; then
    if [ "${STACK_KEEP_ON_FAILURE:-0}" = 1 ]; then
      echo "start.sh: STACK_KEEP_ON_FAILURE=1: leaving the started processes; stop them with stack/stop.sh $D" >&2
    else
      echo "start.sh: stopping what was started (STACK_KEEP_ON_FAILURE=1 keeps it)" >&2
      "$STACK_HOME/stop.sh" "$D" >&2 || true
    fi
  fi
  exit "$rc"
}

# Starts a server in a session of its own, in its own directory, and records it. The command must not
# fork itself away. (The subshell execs setsid, which execs the command: $! is the server's PID.)
launch() { # name directory logfile command...
  local name=$1 dir=$2 log=$3
  shift 3
  (cd "$dir" && exec setsid "$@" </dev/null >>"$log" 2>&1) &
  local pid=$!
  SVC_PID[$name]=$pid
  LAUNCHED=1
  printf '%s %s %s\n' "$name" "$pid" "$(proc_start "$pid" || echo 0)" >>"$PIDS"
}

alive() { # service: its recorded process exists and is not a zombie
  local pid=${SVC_PID[$1]:-} stat
  [ -n "$pid" ] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*') '}
  [ "${stat:0:1}" != Z ]
}

wait_for() { # service description command...
  local service=$1 what=$2
  shift 2
  until "$@"; do
    alive "$service" || fail "$service" "$what: the server exited"
    ((EPOCHSECONDS < DEADLINE)) || fail "$service" "$what: no answer within ${TIMEOUT}s"
    sleep 0.2
  done
}

http_status_is() { # code url [curl options]
  local want=$1 url=$2
  shift 2
  [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" "$url" 2>/dev/null)" = "$want" ]
}

# Children that leave the session (RabbitMQ's erl_child_setup, inet_gethost) are recorded for stop.sh.
record_children() {
  local name pid
  for name in "${!SVC_PID[@]}"; do
    for pid in $(descendants "${SVC_PID[$name]}"); do
      printf '%s %s %s\n' "$name/child" "$pid" "$(proc_start "$pid" || echo 0)" >>"$PIDS"
    done
  done
}

# Every port of the stack is held by the stack's own processes (those recorded in PIDS and their
# children). The check before start-up finds a port taken then; a program that binds one later, while
# the servers start, answers the waits in their place while the server it displaced exits, and the
# stack would report itself up with another program behind a port. Without ss (iproute2) port_pids
# names no one and nothing is checked: the waits' answers decide alone, as before.
ports_held_by_stack() {
  local recorded ours port pid
  recorded=$(cut -d' ' -f2 "$PIDS")
  # shellcheck disable=SC2086 # one PID per word
  ours=" $(echo $recorded $(descendants $recorded)) "
  for port in "${STACK_PORTS[@]}"; do
    for pid in $(port_pids "$port"); do
      [[ $ours == *" $pid "* ]] ||
        die "127.0.0.1:$port is held by $(port_owner "$port"), not by this stack's servers: something took it while they started; stop it and run start.sh again"
    done
  done
}

# --- stopping -------------------------------------------------------------------------------------------

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

# Stops the recorded servers of the given names: those still the processes recorded (PID and start time,
# so a reused PID is never hit), each server first (it ends its own workers), then what is left of its
# recorded children and of the descendants born since start-up. RabbitMQ's erl_child_setup and
# inet_gethost leave the session and are reparented when beam.smp ends: they are recorded children.
processes_stop() { # name...
  local -A want=()
  local name pid start now roots=() children=()
  for name in "$@"; do want[$name]=1; done
  while read -r name pid start; do
    [ -n "${pid:-}" ] || continue
    [ -n "${want[${name%/child}]:-}" ] || continue
    now=$(proc_start "$pid") || continue
    [ "$now" = "$start" ] || continue
    case $name in */child) children+=("$pid") ;; *) roots+=("$pid") ;; esac
  done <"$PIDS"
  if [ ${#roots[@]} -gt 0 ]; then
    while read -r pid; do children+=("$pid"); done < <(descendants "${roots[@]}" "${children[@]}")
  fi
  end_processes "$GRACE" "${roots[@]}"
  mapfile -t children < <(running "${children[@]}")
  end_processes 3 "${children[@]}"
}
