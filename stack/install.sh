#!/usr/bin/env bash
# Installs Debian's Keystone, Mistral, RabbitMQ, nginx and python-mistralclient without starting
# any of the packages' own services. A no-op when everything is already present.
set -euo pipefail

# python3-openstackclient comes with keystone anyway; listed for the openrc files' `openstack` use.
# procps (ps) and iproute2 (ss, ip) are used by start.sh/stop.sh and test/isolated.sh and are absent from
# slim Debian images. bash-completion, zsh and fish: the completion tests run the client's scripts in
# the real shells (`script`, for a terminal, is in bsdutils, which every Debian has). mmdebstrap builds the
# root of the trixie release (stack/root.sh; its packages go into that root only, never into this system).
PACKAGES=(keystone mistral-api mistral-engine mistral-executor python3-mistralclient python3-openstackclient
          rabbitmq-server nginx-light sqlite3 openssl curl procps iproute2 bash-completion zsh fish mmdebstrap)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "stack/install.sh: all packages present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "stack/install.sh: needs apt-get (Debian 12 or Ubuntu) to install: ${missing[*]}" >&2
  exit 3
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "stack/install.sh: needs root to install: ${missing[*]} (run as root or with sudo)" >&2
  exit 3
fi

# The packages' postinst scripts would start daemons and configure databases; this stack runs its own
# copies on 127.0.0.1, so deny service starts and answer every debconf question with "no".
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi
source "$(dirname "${BASH_SOURCE[0]}")/lib/releases.sh"   # release_debconf (needs no python3 yet)
release_debconf | debconf-set-selections

start=$(date +%s.%N)
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v p="${missing[*]}" 'BEGIN{printf "stack/install.sh: installed %s in %.1f s\n", p, e-s}'
