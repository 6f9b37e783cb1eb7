# The releases the stack can run (sourced after stack/lib.sh, whose facts come from stack/lib/facts.py):
# bookworm runs from the host's Debian 12 packages (stack/install.sh), trixie from a Debian 13 root that
# stack/root.sh builds; RabbitMQ and nginx are the host's for both.

release_names() { echo "${RELEASES[*]}"; }
release_known() { local r; for r in "${RELEASES[@]}"; do [ "$r" = "${1:-}" ] && return 0; done; return 1; }
# host: runs from the host's packages; root: from stack/root.sh's root.
release_kind() { local var=RELEASE_KIND_$1; echo "${!var}"; }
# start.sh's default bound on a whole start (s).
release_start_timeout() { local var=RELEASE_START_TIMEOUT_$1; echo "${!var}"; }
# The run-time patch the release's Mistral needs (empty: none).
release_patch() { local var=RELEASE_PATCH_$1; echo "${!var}"; }
# The packages of a root (their dependencies come along).
release_root_packages() { /usr/bin/python3 "$STACK_HOME/lib/facts.py" root-packages; }

# debconf answers, on the host (stack/install.sh) and in a root: no database configured, nothing
# registered, no RabbitMQ or Keystone set up by the packages' postinst scripts.
release_debconf() {
  cat <<'SEL'
keystone keystone/configure_db boolean false
keystone keystone/create-admin-tenant boolean false
keystone keystone/register-endpoint boolean false
mistral-common mistral/configure_db boolean false
mistral-common mistral/configure_rabbit boolean false
mistral-common mistral/configure_ksat boolean false
mistral-api mistral/configure_api-endpoint boolean false
mistral-api mistral/register-endpoint boolean false
SEL
}

# Sets STACK_RELEASE (from $STACK_RELEASE, default RELEASE_DEFAULT), STACK_ROOT (the root's path; empty
# for the host's packages) and IN_RELEASE, the prefix that runs a command from the release's packages:
# nothing for the host, stack/in-root.sh for a root (STACK_DIR and stack/ at their own paths inside it,
# STACK_DIR/tmp as its /tmp). Builds the root when it is missing or stale (that needs the network).
release_select() { # stack-dir
  STACK_RELEASE=${STACK_RELEASE:-$RELEASE_DEFAULT}
  release_known "$STACK_RELEASE" || die "STACK_RELEASE=$STACK_RELEASE is not a release of this stack (known: $(release_names))"
  STACK_ROOT=
  IN_RELEASE=()
  if [ "$(release_kind "$STACK_RELEASE")" = root ]; then
    STACK_ROOT=$("$STACK_HOME/root.sh" "$STACK_RELEASE") || die "the $STACK_RELEASE root could not be built (stack/root.sh, above)"
    IN_RELEASE=(/bin/bash "$STACK_HOME/in-root.sh" "$STACK_ROOT" "$1/tmp" "$1" "$STACK_HOME" --)
  fi
}
