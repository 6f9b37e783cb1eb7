#!/usr/bin/env bash
# Runs a command in private mount, network and PID namespaces that look like a fresh machine:
#  - /etc/keystone, /etc/mistral, /etc/rabbitmq, /etc/nginx, /etc/openstack and the packages' state and log
#    dirs under /var/lib and /var/log hold only the files that dpkg lists for the packages owning them,
#    unchanged (checked against the packages' md5sums): no fernet-keys, no keystone.conf.d, nothing an
#    earlier run, a colleague or a postinst script left. A stack that depends on such leftovers fails here.
#  - a loopback interface of its own: the stack's fixed ports never meet a stack running on the host
#    (the demo's) or in another namespace, and nothing here reaches the network.
#  - HOME and XDG_* point at an empty temporary directory; OS_*/TARGET_OS_* credentials are unset.
#  - every process started inside ends with the command (the command's shell is PID 1 of the namespace).
# If the namespaces cannot be made (not root, no unshare, a kernel or container that forbids them) it says
# so in one line and exits 3: it never runs the command without them.
#
# Usage: test/isolated.sh [--plant-leftovers] [--leave-leftovers] -- command [args...]
#   --plant-leftovers  first plant leftovers (fernet keys, conf.d files, a clouds.yaml, ...) into a
#                      throwaway overlay of /etc and /var (nothing on disk changes); for the proof in
#                      test/e2e/isolation.test.ts
#   --leave-leftovers  do not hide anything (the control case of that proof)
set -euo pipefail

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
plant=0
hide=1
args=("$@")
while [ $# -gt 0 ]; do
  case $1 in
    --plant-leftovers) plant=1 ;;
    --leave-leftovers) hide=0 ;;
    --) shift; break ;;
    *) echo "test/isolated.sh: unknown option $1 (usage: test/isolated.sh [--plant-leftovers] [--leave-leftovers] -- command...)" >&2; exit 2 ;;
  esac
  shift
done
[ $# -gt 0 ] || { echo "test/isolated.sh: no command given" >&2; exit 2; }

# The directories whose content must be exactly what the packages install.
HIDDEN_DIRS=(/etc/keystone /etc/mistral /etc/rabbitmq /etc/nginx /etc/openstack
             /var/lib/keystone /var/log/keystone /var/lib/mistral /var/log/mistral
             /var/lib/rabbitmq /var/log/rabbitmq /var/lib/nginx /var/log/nginx)

# --- outside: make the namespaces, and tell a failure to make them from the command's own failure ----------
if [ "${ISOLATED_INNER:-}" != 1 ]; then
  cannot() {
    echo "test/isolated.sh: cannot create private mount, network and PID namespaces ($1); the tests need them (root and unshare -mnp) and are not run without them" >&2
    exit 3
  }
  [ "$(id -u)" = 0 ] || cannot "not root"
  command -v unshare >/dev/null || cannot "unshare not found (util-linux)"
  command -v ip >/dev/null || cannot "ip not found (iproute2: stack/install.sh installs it)"
  marker=$(mktemp /tmp/isolated-marker.XXXXXX)
  status=0
  # --kill-child: if this script is killed, the namespace's PID 1 and with it everything inside is too.
  ISOLATED_INNER=1 ISOLATED_MARKER=$marker unshare --mount --net --pid --fork --mount-proc --kill-child \
    /bin/bash "$SELF" "${args[@]}" || status=$?
  entered=$(cat "$marker" 2>/dev/null || true)
  rm -f "$marker"
  case $entered in
    ready) exit "$status" ;;
    "") cannot "unshare --mount --net --pid --fork --mount-proc exited $status" ;;
    *) cannot "$entered" ;;
  esac
fi

# --- inside: PID 1 of the new namespaces -----------------------------------------------------------------
echo entered >"$ISOLATED_MARKER"
inner_fail() { echo "$1" >"$ISOLATED_MARKER"; exit 3; }
# Nothing mounted here may propagate back to the host.
mount --make-rprivate / || inner_fail "mount --make-rprivate / failed"
ip link set lo up || inner_fail "ip link set lo up failed"
# Scratch space in memory: staging copies and the private home vanish with the namespace.
scratch=$(mktemp -d /tmp/isolated.XXXXXX)
mount -t tmpfs isolated-scratch "$scratch" || inner_fail "mount -t tmpfs failed"

# A writable, throwaway view of /etc, /var/lib and /var/log with leftovers in it, as a machine would have
# after earlier runs of keystone-manage, the packages' own services, or a developer's experiments.
plant_leftovers() {
  local t=$scratch/plant dir
  grep -qw overlay /proc/filesystems || inner_fail "--plant-leftovers needs overlayfs"
  for dir in /etc /var/lib /var/log; do
    mkdir -p "$t/upper$dir" "$t/work$dir"
    mount -t overlay isolated-plant -o "lowerdir=$dir,upperdir=$t/upper$dir,workdir=$t/work$dir" "$dir"
  done
  local path
  declare -gA LEFTOVERS=(
    # Valid keys, as keystone-manage fernet_setup/credential_setup write them: Keystone would use them.
    [/etc/keystone/fernet-keys/0]=key [/etc/keystone/fernet-keys/1]=key [/etc/keystone/credential-keys/0]=key
    [/etc/keystone/keystone.conf.d/99-leftover.conf]=$'[DEFAULT]\ndebug = true'
    [/etc/mistral/mistral.conf.d/99-leftover.conf]=$'[DEFAULT]\ndebug = true'
    [/etc/mistral/event_definitions.yaml]='not YAML: ['
    [/etc/rabbitmq/conf.d/99-leftover.conf]='listeners.tcp.default = 127.0.0.1:5999'
    [/etc/openstack/clouds.yaml]=$'clouds:\n  leftover:\n    auth:\n      auth_url: http://192.0.2.1:5000/v3'
    [/var/lib/keystone/keystone.db]=leftover [/var/log/keystone/keystone.log]=leftover
    [/var/lib/mistral/mistral.db]=leftover [/var/lib/rabbitmq/mnesia/rabbit@localhost.pid]=leftover
    [/var/lib/nginx/body]=leftover [/var/lib/rabbitmq/.erlang.cookie]=leftover
  )
  for path in "${!LEFTOVERS[@]}"; do
    mkdir -p "$(dirname "$path")"
    if [ "${LEFTOVERS[$path]}" = key ]; then
      openssl rand -base64 32 | tr '+/' '-_' >"$path"
    else
      printf '%s\n' "${LEFTOVERS[$path]}" >"$path"
    fi
  done
  # For the command: which paths were planted.
  ISOLATED_LEFTOVERS=$(printf '%s\n' "${!LEFTOVERS[@]}" | sort | paste -sd' ' -)
  export ISOLATED_LEFTOVERS
}

# md5 sums of the files of the given packages, as dpkg recorded them: "md5 /path" lines.
package_md5sums() {
  local pkg sums
  for pkg in "$@"; do
    sums=$(dpkg-query --control-path "$pkg" md5sums 2>/dev/null || true)
    [ -z "$sums" ] || sed -E 's#^([0-9a-f]+) +#\1 /#' "$sums"
    # Conffiles are not in md5sums: " /etc/x 0123abcd" (maybe followed by "obsolete").
    dpkg-query -W -f='${Conffiles}\n' "$pkg" 2>/dev/null | awk 'NF >= 2 { print $2, $1 }'
  done
}

# Replaces DIR by a tmpfs holding only the unchanged files that dpkg lists under it.
show_only_package_files() {
  local dir=$1 stage pkgs path rel sum want hidden
  [ -d "$dir" ] || return 0   # absent: nothing to hide, and a mount point would have to be created
  mapfile -t pkgs < <(dpkg-query -S "$dir" 2>/dev/null | awk -F': ' -v d="$dir" '
    { n = split($1, p, ", "); path = substr($0, length($1) + 3)
      if (path == d || index(path, d "/") == 1) for (i = 1; i <= n; i++) print p[i] }' | sort -u)
  declare -A md5=()
  if [ ${#pkgs[@]} -gt 0 ]; then
    while read -r sum path; do md5[$path]=$sum; done < <(package_md5sums "${pkgs[@]}")
  fi
  stage=$(mktemp -d "$scratch/stage.XXXXXX")
  if [ ${#pkgs[@]} -gt 0 ]; then
    while read -r path; do
      rel=${path#"$dir"}
      if [ -d "$path" ] && [ ! -L "$path" ]; then
        mkdir -p "$stage$rel"
        chmod --reference="$path" "$stage$rel"
        chown --reference="$path" "$stage$rel"
      elif [ -e "$path" ] || [ -L "$path" ]; then
        want=${md5[$path]:-}
        if [ -n "$want" ] && [ "$(md5sum <"$path" | cut -d' ' -f1)" != "$want" ]; then
          echo "test/isolated.sh: left out $path: it differs from the file package ${pkgs[*]} installed" >&2
          continue
        fi
        mkdir -p "$(dirname "$stage$rel")"
        cp -a "$path" "$stage$rel"
      fi
    done < <(for pkg in "${pkgs[@]}"; do dpkg-query -L "$pkg"; done | awk -v d="$dir" 'index($0, d "/") == 1' | sort -u)
  fi
  hidden=$(comm -23 <(cd "$dir" && find . -mindepth 1 -maxdepth 1 | sort) <(cd "$stage" && find . -mindepth 1 -maxdepth 1 | sort) |
           sed 's#^\./##' | paste -sd' ' -)
  mount -t tmpfs -o "mode=$(stat -c %a "$dir"),uid=$(stat -c %u "$dir"),gid=$(stat -c %g "$dir")" isolated "$dir"
  cp -a "$stage/." "$dir/"
  rm -rf "$stage"
  [ -z "$hidden" ] || echo "test/isolated.sh: $dir: hidden (not from a package): $hidden" >&2
}

[ "$plant" = 0 ] || plant_leftovers
if [ "$hide" = 1 ]; then
  for dir in "${HIDDEN_DIRS[@]}"; do show_only_package_files "$dir"; done
fi

# An empty home for the command: the developer's ~/.config/openstack, ~/.cache, ~/.npmrc, ... stay unread.
private=$scratch/private
mkdir -p "$private"/{home,config,cache,data,state,runtime}
chmod 700 "$private"/runtime
export HOME=$private/home XDG_CONFIG_HOME=$private/config XDG_CACHE_HOME=$private/cache \
  XDG_DATA_HOME=$private/data XDG_STATE_HOME=$private/state XDG_RUNTIME_DIR=$private/runtime
# shellcheck source=../stack/lib.sh
source "$(dirname "$SELF")/../stack/lib.sh"
forget_openstack_settings

echo ready >"$ISOLATED_MARKER"
status=0
"$@" || status=$?
umount "$scratch" 2>/dev/null && rmdir "$scratch"
exit "$status"
