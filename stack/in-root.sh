#!/usr/bin/env bash
# Runs a command inside a release's root (stack/root.sh), in a mount namespace of its own so that nothing
# mounted here outlives the command or shows outside it: each DIR given is bind-mounted at the same path
# inside the root (the stack's directory, the repository), TMP at /tmp, and a proc of its own at /proc;
# the command starts in the caller's directory.
# Every step execs the next, so the command keeps this script's PID (start.sh records it).
# Usage: stack/in-root.sh ROOT TMP [DIR...] -- command [args...]
set -euo pipefail
if [ "${IN_ROOT_NAMESPACE:-}" != "$$" ]; then
  IN_ROOT_NAMESPACE=$$ exec unshare --mount --propagation private /bin/bash "${BASH_SOURCE[0]}" "$@"
fi
unset IN_ROOT_NAMESPACE
root=$1 tmp=$2 cwd=$PWD
shift 2
[ -x "$root/usr/bin/python3" ] || { echo "stack/in-root.sh: $root is not a built root (stack/root.sh)" >&2; exit 2; }
# /tmp first: a DIR under /tmp is then mounted on top of it.
mount --rbind "$tmp" "$root/tmp"
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  mkdir -p "$root$1"
  mount --rbind "$1" "$root$1"
  shift
done
[ $# -gt 1 ] || { echo "stack/in-root.sh: no command given" >&2; exit 2; }
shift
mount -t proc proc "$root/proc"
exec chroot "$root" /usr/bin/env --chdir="$cwd" "$@"
