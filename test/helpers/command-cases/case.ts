// What a transcript case is: one command line of the reference transcripts
// (../fixtures/mistralclient-transcripts.txt: python-mistralclient 4.5.0 run against a recording
// fake Mistral), whose stdout, stderr, exit code and exact requests our client must reproduce.
// The transcripts print the words joined by spaces, so a case gives its command line as an argv
// array (JSON and multi-word values need their boundaries); `transcript(argv.join(' '))` finds its
// block. Each command group (as src/commands/<group>.ts) lists its cases in a file of this folder,
// with the files its command lines read; index.ts lists the groups.
// Plain data, no vitest: record-reference.ts --verify runs the same cases with the real client.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSubdir } from '../run-dir.js';

/**
 * How one of our streams relates to the transcript's. Absent: the same bytes. A function: the
 * transcript's text → ours (compared byte for byte). 'not compared': our text differs on purpose
 * and a test of its own checks it.
 */
export type StreamExpectation = ((reference: string) => string) | 'not compared';

export interface TranscriptCase {
  argv: string[];
  stdout?: StreamExpectation;
  stderr?: StreamExpectation;
  /** Why our output differs from the reference's, when it does. */
  why?: string;
  /**
   * Each request is sent this many times: a 502/503/504 to an idempotent request is tried again
   * (README "Timeouts and retries"); 0: none is sent, as -c is checked before the request
   * (README "Differences").
   */
  tries?: number;
  /** Our exit code, where it differs on purpose (a usage error, 2, where the reference exits 1). */
  rc?: number;
}

/** A case whose stdout and stderr are the transcript's exactly. */
export const same = (...argv: string[]): TranscriptCase => ({ argv });

export interface CaseGroup {
  /** As src/commands/<name>.ts and test/unit/commands/<name>.test.ts. */
  name: string;
  /** The commands' noun in test titles: "the <noun> commands match the transcripts". */
  noun: string;
  cases: TranscriptCase[];
  /** The files the group's command lines read (besides COMMON_FILES), by name. */
  files?: Record<string, string>;
  /** Transcript sections whose blocks of this group's commands are no cases, and why. */
  blocksNotCases?: Record<string, string>;
}

/** Why several groups' cases or blocks differ. */
export const JSON_WHY = "our message names the argument instead of printing Python's JSON error alone";
export const FORMATTER_BLOCKS = 'test/unit/formatters.test.ts replays the formatter blocks';
export const ERROR_BLOCKS = 'our messages for these errors differ on purpose (README "Errors, exit codes, --debug"); test/unit/errors.test.ts checks ours';

/** Files several groups' command lines read. */
const COMMON_FILES: Record<string, string> = {
  'invalid.yaml': 'invalid: yes\n',
  'empty.yaml': '',
  'empty.py': '',
  'input.json': '{"a": 1}\n',
};

/** The group's working directory (the transcripts' one, with the files its commands read), one per process. */
export function caseWorkDir(group: CaseGroup): string {
  const dir = join(runSubdir(`work-${group.name}`), String(process.pid));
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries({ ...COMMON_FILES, ...group.files })) writeFileSync(join(dir, name), text);
  return dir;
}

/** What a case compares with the transcript as it is, for its test's title. */
export function comparedAsIs(c: TranscriptCase): string {
  const streams = (['stdout', 'stderr'] as const).filter((s) => c[s] === undefined);
  return ['requests', 'exit code', ...streams].join(', ').replace(/, ([^,]+)$/, ' and $1');
}
