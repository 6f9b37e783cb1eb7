// What cannot hold on a release, and why: each end-to-end test listed here is skipped on that release
// (counted as skipped, with the reason as the skip's note in the report), by the hook that
// test/e2e/vitest.release.config.mjs adds to every e2e file. Everything else runs on every release.
// The facts behind each reason: stack/README.md, "Releases".
import { beforeEach } from 'vitest';
import { RELEASE } from './stack.js';

/** OSSN-0098 in Debian 13's mistral 20.0.0-2+deb13u1 (its debian/changelog). */
const TOKEN_STRIPPED =
  "trixie's Mistral (20.0.0-2+deb13u1) carries OSSN-0098 \"Strip sensitive info from workflow execution context\": " +
  "$.openstack.auth_token is '***' in every execution (mistral/workflow/data_flow.py add_openstack_data_to_context), " +
  "so stack/whoami.yaml's std.http calls to Keystone get 401 and the execution ends in ERROR";
const NO_ECHOED_TOKEN =
  "trixie's Mistral (20.0.0-2+deb13u1) carries OSSN-0098: an execution no longer holds the caller's token " +
  "($.openstack.auth_token is '***'), so there is no echoed token for the client to mask";

const NO_MAINTENANCE =
  "bookworm's Mistral 15.0.0 has no maintenance mode (no mistral/api/hooks/maintenance.py, no /maintenance: both came with Mistral 17), so nothing answers 423";

/** release -> file name -> [full test name (describe blocks and title) pattern, reason]. */
const CANNOT_HOLD: Record<string, Record<string, Array<[RegExp, string]>>> = {
  bookworm: {
    'newer-servers.test.ts': [[/^Mistral in maintenance mode /, NO_MAINTENANCE]],
  },
  trixie: {
    'target.test.ts': [[/^a workflow run against the home cloud or a target cloud /, TOKEN_STRIPPED]],
    'wait.test.ts': [
      [/^execution-create --wait /, TOKEN_STRIPPED],
      [/^execution-wait waits for executions started earlier/, TOKEN_STRIPPED],
      [/^one workflow on several target clouds at once /, TOKEN_STRIPPED],
      [/^progress on a real terminal /, TOKEN_STRIPPED],
    ],
    'cache.test.ts': [[/the execution started with cached tokens still runs on cloud B$/, TOKEN_STRIPPED]],
    // These prove the login by stack/whoami.yaml, which asks Keystone with the execution's token.
    'auth-methods.test.ts': [
      [/^application credentials against the real Keystones and Mistral (home: |target: B by its restricted|both clouds by application credential|fan-out to two application-credential targets|the blueprint's two concurrent executions)/, TOKEN_STRIPPED],
      [/^TOTP and multi-factor logins against the real Keystones the target cloud by v3totp after its receipt/, TOKEN_STRIPPED],
    ],
    // These start stack/whoami.yaml with --wait and read the execution that succeeded.
    'hints.test.ts': [
      [/^404 hints that fit what was not found /, TOKEN_STRIPPED],
      [/^settings errors that say where the fix goes --os-target-openrc given a file of TARGET_OS_\* lines/, TOKEN_STRIPPED],
    ],
    'clouds.test.ts': [
      [/^clouds\.yaml names the home and the target cloud (--os-cloud stack-a --os-target-cloud stack-b|OS_CLOUD and TARGET_OS_CLOUD|the files are found|the target over HTTPS)/, TOKEN_STRIPPED],
      [/^targets of one user at one Keystone .* whoami on each answers for its own project/, TOKEN_STRIPPED],
      [/^another cloud's openrc as the target (--os-target-openrc with the plain openrc of B|and accepted through the prompt)/, TOKEN_STRIPPED],
    ],
    'compare-python.test.ts': [[/execution-get of a target execution, each client given the target in its own spelling$/, TOKEN_STRIPPED]],
    'home-tls.test.ts': [[/execution-create whoami on target B over https/, TOKEN_STRIPPED]],
    'keystone-raw.test.ts': [[/whoami through it runs as tenantb on projb$/, TOKEN_STRIPPED]],
    'safe-output.test.ts': [
      [/^the premise /, NO_ECHOED_TOKEN],
      [/^an echoed token is masked on the real stack /, NO_ECHOED_TOKEN],
    ],
  },
};

/** Why the named test cannot hold on the release under test, or undefined. */
export function cannotHold(file: string, fullName: string, release: string = RELEASE): string | undefined {
  const base = file.split('/').pop() ?? file;
  return CANNOT_HOLD[release]?.[base]?.find(([pattern]) => pattern.test(fullName))?.[1];
}

beforeEach((context) => {
  const reason = cannotHold(context.task.file.name, (context.task.fullTestName ?? context.task.name).replaceAll(' > ', ' '));
  if (reason) context.skip(`on ${RELEASE}: ${reason}`);
});
