#!/usr/bin/env bash
# Diagnostic: runs start.sh under `strace -f -e trace=%file` in private mount, network and PID
# namespaces (test/isolated.sh) and lists every path that the stack's tools and servers touched outside
# STACK_DIR and outside Debian's package files (/usr, /lib, /proc, /sys, /dev), with the system calls
# and whether the path existed. Used to find the options that stack/README.md lists; not run by CI.
# Usage: stack/trace-paths.sh [OUT_DIR]   (default /tmp/stack-trace; needs root and strace)
# STACK_RELEASE=trixie traces that release's stack; strace shows the paths of a server in the root as the
# server sees them, so there /etc/... is the root's own /etc (stack/README.md, "Releases").
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-/tmp/stack-trace}
command -v strace >/dev/null || { echo "trace-paths.sh: strace is not installed (apt-get install strace)" >&2; exit 2; }
rm -rf "$OUT" && mkdir -p "$OUT"

# The servers run until stop.sh; strace follows them, so it is ended once start.sh has returned. stop.sh
# then runs untraced, and the namespace takes whatever is left with it.
bash "$REPO/test/isolated.sh" -- bash -c '
  strace -ff -qq -e trace=%file -o "$1/trace" bash "$2/stack/start.sh" "$1/stack" >"$1/start.log" 2>&1 &
  tracer=$!
  until grep -qE "^stack up in|^start.sh: " "$1/start.log" 2>/dev/null || ! kill -0 "$tracer" 2>/dev/null; do sleep 1; done
  sleep 1
  kill -KILL "$tracer" 2>/dev/null || true
  bash "$2/stack/stop.sh" "$1/stack" >/dev/null 2>&1 || true
  tail -n 1 "$1/start.log"' _ "$OUT" "$REPO"

# "path syscall result" for every absolute path outside the stack dir and the package trees.
# -ff: one file per process, so no call is split into "unfinished" and "resumed" halves.
cat "$OUT"/trace.* | grep -oE '^[a-z0-9_]+\([^"]*"[^"]+"[^=]*= -?[0-9]+( [A-Z]+)?' |
  sed -E 's/^([a-z0-9_]+)\([^"]*"([^"]+)".*= (-?[0-9]+)( ([A-Z]+))?$/\2 \1 \5/' |
  awk -v d="$OUT/stack" 'index($1, d) != 1 && $1 ~ /^\// && $1 !~ /^\/(usr|lib|lib64|bin|sbin|proc|sys|dev)\// { print }' |
  awk '{ key = $1; r = ($3 == "" ? "found" : $3); seen[key] = seen[key] (index(seen[key], $2 ":" r) ? "" : " " $2 ":" r) }
       END { for (k in seen) print k seen[k] }' | sort >"$OUT/paths.txt"
echo "trace-paths.sh: $(wc -l <"$OUT/paths.txt") paths outside $OUT/stack and the package trees: $OUT/paths.txt"
