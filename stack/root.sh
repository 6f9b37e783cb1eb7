#!/usr/bin/env bash
# Builds, or reuses, the Debian root that a release other than the host's runs from (stack/README.md,
# "Releases"): `bash stack/root.sh trixie` prints the root's path on stdout, progress on stderr.
# The root is made by mmdebstrap from Debian's own packages, in a cache directory outside the repo
# ($STACK_ROOT_CACHE, default /var/cache/mistral-stack), and reused while what built it (this script,
# the package list and the debconf answers) is unchanged: the root's directory is named after their hash,
# so a changed list builds a new root beside the old one instead of replacing a root that a running
# stack (another STACK_DIR, another namespace) still uses. Nothing is installed into the host's own
# system: the packages go into the root only. The mirror is the host's: the first Debian URI of its apt
# sources, read here at run time, with the release's suite.
set -euo pipefail
umask 022   # the root's files are read by the stack's servers
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # STACK_HOME
source "$STACK_HOME/lib/releases.sh"

release=${1:-}
release_known "$release" || { echo "stack/root.sh: unknown release '$release' (known: $(release_names))" >&2; exit 2; }
[ "$(release_kind "$release")" = root ] || { echo "stack/root.sh: $release runs from the host's packages, it has no root" >&2; exit 2; }

cache=${STACK_ROOT_CACHE:-/var/cache/mistral-stack}
mapfile -t packages < <(release_root_packages "$release")
stamp=$( { cat "${BASH_SOURCE[0]}"; printf '%s\n' "${packages[@]}"; release_debconf; } | sha256sum | cut -d' ' -f1)
root=$cache/$release-${stamp:0:16}

# The stamp is written last, once the root is complete.
if [ -f "$root.stamp" ] && [ "$(cat "$root.stamp")" = "$stamp" ] && [ -x "$root/usr/bin/python3" ]; then
  echo "stack/root.sh: reusing the $release root $root (stamp $stamp)" >&2
  printf '%s\n' "$root"
  exit 0
fi

fail() { echo "stack/root.sh: $*" >&2; exit 3; }
[ "$(id -u)" = 0 ] || fail "building the $release root needs root (mmdebstrap in root mode, chroot)"
command -v mmdebstrap >/dev/null || fail "mmdebstrap not found: stack/install.sh installs it"

# The host's Debian mirror: deb822 .sources files first, then one-line sources.list entries.
host_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }' "$f"
  done
}
mirror=$(host_mirror | grep -v -- '-security' | head -1)
[ -n "$mirror" ] || fail "no Debian mirror in the host's apt sources (/etc/apt/sources.list.d/*.sources, /etc/apt/sources.list)"

# Answers for the packages' questions, as stack/install.sh gives them on the host: no database set up,
# nothing registered (also the templates' defaults, which apply where debconf is not yet in the root when
# the hook runs).
selections=$(mktemp)
trap 'rm -f "$selections"' EXIT
release_debconf >"$selections"

echo "stack/root.sh: building the $release root in $root from the host's mirror (${#packages[@]} packages and their dependencies)" >&2
start=$EPOCHREALTIME
mkdir -p "$cache"
new=$(mktemp -d "$root.new.XXXXXX")
rmdir "$new"
mmdebstrap --variant=apt --mode=root --format=directory \
  --aptopt='APT::Install-Recommends "false"' --aptopt='Acquire::Retries "3"' \
  --essential-hook="[ ! -x \"\$1/usr/bin/debconf-set-selections\" ] || chroot \"\$1\" debconf-set-selections <'$selections'" \
  --include="$(IFS=,; echo "${packages[*]}")" \
  "$release" "$new" "deb $mirror $release main" >&2 || { rm -rf "$new"; fail "mmdebstrap failed (above)"; }
# Two builds at once (two namespaces): the first one in place wins, the other is dropped.
rm -f "$root.stamp"
if ! mv -T "$new" "$root" 2>/dev/null; then rm -rf "$new"; fi
printf '%s\n' "$stamp" >"$root.stamp"
echo "stack/root.sh: $release root built in $(elapsed_since "$start") s: $(du -sh "$root" | cut -f1)" >&2
printf '%s\n' "$root"
