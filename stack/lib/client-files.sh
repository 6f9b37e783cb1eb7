# The client files (sourced by start.sh): env files (openrc-*.sh, target-*.sh), clouds.yaml + secure.yaml
# and stack.json, all generated from the facts (stack/lib/facts.py) and the ids the seeding recorded.

client_files_write() {
  local release
  release=$(/usr/bin/python3 "$STACK_HOME/lib/facts.py" client-files "$D" "$STACK_RELEASE" "$STACK_ROOT") ||
    die "writing the env files, clouds.yaml and stack.json failed (stack/lib/facts.py, above)"
  CLIENT_RELEASE_SUMMARY=$(/usr/bin/python3 -c '
import json, sys
r = json.loads(sys.argv[1])
print("%s (Debian %s): Mistral %s, Keystone %s, python-mistralclient %s%s" % (r["name"], r["debian"],
      r["mistral_version"], r["keystone_version"], r["python_mistralclient_version"],
      ", root " + r["root"] if r["root"] else ""))' "$release")
}
