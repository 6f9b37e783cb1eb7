// README "Errors, exit codes, --debug" (secrets): no token or password appears in any output of the whole test run, --debug included.
// vitest.config.ts runs this file after every other one (project 'secrets-scan', groupOrder 1);
// the harness has appended every issued token, every password and token handed to the CLI, and
// every byte the CLI printed to the run's capture files. This file adds runs of its own (a Mistral
// that echoes the token in its 401, with and without --debug) so the scan has material even when
// run alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startWorld, type World } from '../helpers/clouds.js';
import { runDirIsShared } from '../helpers/run-dir.js';
import { findLeaks, readCapture, STACK_FRAME, type Capture, type OutputRecord, type SecretRecord } from '../helpers/secrets.js';

let world: World;
let capture: Capture;

beforeAll(async () => {
  world = await startWorld();
  const env = { ...world.homeEnv(), ...world.targetEnv() };
  world.mistral.acceptToken = () => false;
  await runCli(['workflow-list'], env);
  await runCli(['execution-create', 'wf1', '{"a": 1}', '--debug'], env);
  world.mistral.acceptToken = undefined;
  await runCli(['workflow-get', 'wf1', '--debug'], env);
  capture = readCapture();
});
afterAll(async () => {
  await world?.close();
});

describe('the secrets scan', () => {
  it('catches a planted leak (the scan is real)', () => {
    const secret: SecretRecord = { kind: 'secret', value: 'gAAAAAB-planted-token-0123456789', label: 'planted', file: 'x' };
    const clean: OutputRecord = { kind: 'output', stream: 'stderr', text: 'DEBUG REQ: GET http://h/v2 {"X-Auth-Token":"<redacted>"}', argv: [], debug: true, file: 'x' };
    const leaky: OutputRecord = { ...clean, text: `ERROR (app) Auth token is invalid: ${secret.value}` };
    expect(findLeaks([secret], [clean])).toEqual([]);
    expect(findLeaks([secret], [clean, leaky])).toEqual([{ secret, output: leaky }]);
  });

  it('has material: tokens from both Keystones, passwords, and the output of --debug runs', () => {
    const labels = new Set(capture.secrets.map((s) => s.label));
    expect(labels).toContain('home-keystone token');
    expect(labels).toContain('target-keystone token');
    expect(labels).toContain('home-password');
    expect(labels).toContain('target-password');
    expect(capture.outputs.some((o) => o.debug && o.text.includes('DEBUG REQ: POST'))).toBe(true);
    // The Mistral 401 above echoed the home token, and the CLI redacted it.
    expect(capture.outputs.some((o) => o.text.includes('Auth token is invalid: <redacted>'))).toBe(true);
    if (runDirIsShared()) {
      // Run with the project config: every test file's output is here, not only this file's.
      expect(new Set(capture.outputs.map((o) => o.file)).size).toBeGreaterThan(1);
    }
  });

  it('finds no token or password in any stdout or stderr of the whole run', () => {
    // `configuration-show --unmask` prints passwords because the user asked for exactly that.
    const unmasked = (o: OutputRecord) => o.argv.includes('configuration-show') && o.argv.includes('--unmask') && o.stream === 'stdout';
    const leaks = findLeaks(capture.secrets, capture.outputs.filter((o) => !unmasked(o))).map(
      ({ secret, output }) => `${secret.label} (issued in ${secret.file}) printed on ${output.stream} by \`mistral ${output.argv.join(' ')}\` in ${output.file}`,
    );
    expect(leaks).toEqual([]);
  });

  it('finds no stack trace in any stderr of a run without --debug', () => {
    const traces = capture.outputs.filter((o) => o.stream === 'stderr' && !o.debug && STACK_FRAME.test(o.text)).map((o) => `\`mistral ${o.argv.join(' ')}\` in ${o.file}`);
    expect(traces).toEqual([]);
  });
});
