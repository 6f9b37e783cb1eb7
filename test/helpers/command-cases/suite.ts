// The one transcript check, for vitest: a command group's cases run through the whole CLI
// in-process, unauthenticated against the fake Mistral as the transcripts were made, in the
// group's working directory and with TZ=UTC as the transcripts ran; each must send exactly the
// transcript's requests (method, path, raw query, content type, body), exit with its code and
// print its stdout and stderr byte for byte (as far as the case says: case.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../cli.js';
import { referenceWire, useMistral, type FakeMistral } from '../mistral.js';
import { transcript } from '../transcripts.js';
import { caseWorkDir, comparedAsIs, type CaseGroup, type StreamExpectation, type TranscriptCase } from './case.js';

export interface TranscriptSuite {
  mistral: FakeMistral;
  /** The CLI against the fake Mistral in the group's working directory; nothing may reach the real process streams. */
  run(argv: string[], stdin?: string): Promise<CliResult>;
  workDir(): string;
}

function expectStream(ours: string, expectation: StreamExpectation | undefined, reference: string): void {
  if (expectation === 'not compared') return;
  expect(ours).toBe(expectation ? expectation(reference) : reference);
}

/** The title of a case's test: the command line, and where it differs on purpose what is compared and why. */
export function caseTitle(c: TranscriptCase): string {
  return `mistral ${c.argv.join(' ')}${c.why ? ` (${comparedAsIs(c)}; ${c.why})` : ''}`;
}

/** Registers the group's fake Mistral, working directory and time zone, and a test per case; returns what the group's other tests need. */
export function transcriptSuite(group: CaseGroup): TranscriptSuite {
  const mistral = useMistral();
  let cwd: string;
  const savedTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'UTC';
    cwd = caseWorkDir(group);
  });
  afterAll(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  async function run(argv: string[], stdin?: string): Promise<CliResult> {
    const result = await runCli(['--os-mistral-url', mistral.apiUrl, ...argv], {}, { cwd, stdin });
    expect(result.stray).toBe('');
    return result;
  }

  describe(`the ${group.noun} commands match the transcripts`, () => {
    for (const c of group.cases) {
      it(caseTitle(c), async () => {
        const block = transcript(c.argv.join(' '));
        const result = await run(c.argv);
        expect(mistral.requests.map(referenceWire)).toEqual(block.requests.flatMap((r) => Array<typeof r>(c.tries ?? 1).fill(r)));
        expect(result.code).toBe(c.rc ?? block.rc);
        expectStream(result.stdout, c.stdout, block.stdout);
        expectStream(result.stderr, c.stderr, block.stderr);
      });
    }
  });

  return { mistral, run, workDir: () => cwd };
}
