// The command table (COMMANDS in src/commands/index.ts) against the transcript cases
// (test/helpers/command-cases/) and the README: every command has a transcript case or a named
// reason for none, each group's cases are its table's and every transcript block of its commands,
// and the table in README "Commands" lists exactly the commands of the table.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/index.js';
import type { CommandSpec } from '../../../src/commands/spec.js';
import { CASE_GROUPS, WITHOUT_TRANSCRIPT } from '../../helpers/command-cases/index.js';
import { parseTranscripts, transcript } from '../../helpers/transcripts.js';

const repoFile = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const NAMES = COMMANDS.map((c) => c.name);
const commandsRun = (cases: Array<{ argv: string[] }>) => new Set(cases.map((c) => c.argv[0]));
const ALL_CASES = CASE_GROUPS.flatMap((g) => g.cases);
const sorted = (names: Iterable<string>) => [...names].sort();

/** The commands of src/commands/<group>.ts: the entries of COMMANDS its exported tables hold. */
async function groupTable(group: string): Promise<string[]> {
  const module = (await import(`../../../src/commands/${group}.ts`)) as Record<string, unknown>;
  const tables = Object.values(module).filter((v): v is CommandSpec[] => Array.isArray(v) && v.length > 0 && v.every((c) => COMMANDS.includes(c as CommandSpec)));
  return tables.flat().map((c) => c.name);
}

describe('the transcript cases cover the command table', () => {
  it('every command has a transcript case or a named reason for none, not both', () => {
    const covered = commandsRun(ALL_CASES);
    expect(NAMES.filter((name) => !covered.has(name) && !(name in WITHOUT_TRANSCRIPT))).toEqual([]);
    expect(NAMES.filter((name) => covered.has(name) && name in WITHOUT_TRANSCRIPT)).toEqual([]);
  });

  it('every case and every reason names a command of the table', () => {
    expect([...commandsRun(ALL_CASES), ...Object.keys(WITHOUT_TRANSCRIPT)].filter((name) => !NAMES.includes(name))).toEqual([]);
  });

  it('every reason says why and names a test file that runs the command', () => {
    for (const [name, { why, testedIn }] of Object.entries(WITHOUT_TRANSCRIPT)) {
      expect(why, name).not.toBe('');
      expect(existsSync(repoFile(testedIn)), `${name}: ${testedIn}`).toBe(true);
      expect(readFileSync(repoFile(testedIn), 'utf8'), `${name}: ${testedIn}`).toContain(`'${name}'`);
    }
  });

  it('each group runs every command of its src/commands/<group>.ts that has no reason, and no other, in test/unit/commands/<group>.test.ts', async () => {
    for (const group of CASE_GROUPS) {
      const table = (await groupTable(group.name)).filter((name) => !(name in WITHOUT_TRANSCRIPT));
      expect(sorted(commandsRun(group.cases)), group.name).toEqual(sorted(table));
      expect(readFileSync(repoFile(`test/unit/commands/${group.name}.test.ts`), 'utf8'), group.name).toContain(`transcriptSuite(`);
    }
  });

  it('no command line twice, and each one a block of the transcripts', () => {
    const lines = ALL_CASES.map((c) => c.argv.join(' '));
    expect(lines.filter((line, i) => lines.indexOf(line) !== i)).toEqual([]);
    for (const line of lines) expect(transcript(line).command).toBe(line);
  });

  it("every transcript block of a group's commands is one of its cases, but in the sections the group names with a reason", () => {
    const blocks = parseTranscripts(readFileSync(repoFile('test/helpers/fixtures/mistralclient-transcripts.txt'), 'utf8'));
    for (const group of CASE_GROUPS) {
      const mine = commandsRun(group.cases);
      const expected = blocks.filter((b) => mine.has(b.command.split(' ')[0]) && !(group.blocksNotCases && b.section in group.blocksNotCases));
      expect(sorted(group.cases.map((c) => c.argv.join(' '))), group.name).toEqual(sorted(expected.map((b) => b.command)));
    }
  });
});

/** The command names in the table of README "Commands" (the backquoted words of its second column). */
function readmeCommands(): string[] {
  const readme = readFileSync(repoFile('README.md'), 'utf8');
  const section = /^## Commands\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| group ') && !line.startsWith('| ---'));
  return rows.flatMap((row) => [...(row.split('|')[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

describe('README "Commands" lists the command table', () => {
  // `help` is commander's own command (src/help.ts), not an entry of the table.
  const listed = readmeCommands().filter((name) => name !== 'help');

  it('every command of the table, once', () => {
    expect(listed.length).toBeGreaterThan(0);
    expect(NAMES.filter((name) => !listed.includes(name))).toEqual([]);
    expect(listed.filter((name, i) => listed.indexOf(name) !== i)).toEqual([]);
  });

  it('no command the table lacks', () => {
    expect(listed.filter((name) => !NAMES.includes(name))).toEqual([]);
  });
});
