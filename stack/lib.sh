# Shared by start.sh, stop.sh, smoke.sh, root.sh, demo.sh, test/isolated.sh and .ci/run (sourced, not run): the stack's facts and process helpers.

STACK_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$STACK_HOME")

# Ports, URLs, releases and the service user, from the one facts source (stack/lib/facts.py): PORT_*,
# STACK_PORTS, RELEASES, RELEASE_DEFAULT, RELEASE_KIND_<release>, RELEASE_PATCH_<release>, CLOUD_<A|B>_*.
# Before stack/install.sh has run, a fresh machine may lack python3: only the process helpers are there then.
if [ -x /usr/bin/python3 ]; then
  eval "$(/usr/bin/python3 "$STACK_HOME/lib/facts.py" shell)"
fi

# The stack directory: first argument, else $STACK_DIR, else REPO/.stack. Printed as an absolute path.
resolve_stack_dir() {
  local dir=${1:-${STACK_DIR:-$REPO/.stack}}
  case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
  printf '%s\n' "${dir%/}"
}

# Unsets every setting of an OpenStack client the caller's environment holds: OS_* (OS_CLOUD and
# OS_TARGET_* among them), TARGET_OS_* and python-mistralclient's TARGET_MISTRALCLIENT_*. What runs
# against the stack sources the stack's own openrc files, and a variable of the caller's shell (a
# cloud of their own, a stray target) would be mixed in with them.
forget_openstack_settings() {
  local var
  while read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(OS_|TARGET_OS_|TARGET_MISTRALCLIENT_)' || true)
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Who listens on PORT, for error messages.
port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))$/\1/p' | head -1
  fi
}

# The PIDs of the processes listening on PORT, one per line; none without ss.
port_pids() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
  fi
}

# The kernel's start time of PID (clock ticks since boot): with the PID it identifies one process even
# after the PID has been reused.
proc_start() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*') '}   # the command name may contain spaces and parentheses; fields 3.. follow it
  local -a fields
  read -r -a fields <<<"$stat"
  printf '%s\n' "${fields[19]}"   # field 22: starttime
}

# All descendants of the given PIDs (children, grandchildren, ...), one per line.
descendants() {
  ps -e -o pid=,ppid= | awk -v roots="$*" '
    BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) want[r[i]] = 1 }
    { parent[$1] = $2; pids[++count] = $1 }
    END {
      changed = 1
      while (changed) {
        changed = 0
        for (i = 1; i <= count; i++) {
          p = pids[i]
          if (!(p in want) && (parent[p] in want)) { want[p] = 1; out[p] = 1; changed = 1 }
        }
      }
      for (p in out) print p
    }'
}

# Seconds since START (a $EPOCHREALTIME value), one decimal.
elapsed_since() {
  awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }'
}
