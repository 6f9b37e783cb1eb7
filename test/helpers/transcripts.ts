// Reads the reference transcripts (python-mistralclient 4.5.0 run against a recording fake Mistral;
// a verbatim copy of ../shared/reference/mistralclient-transcripts.txt lives in fixtures/) and the
// extra reference recordings in the same format (fixtures/reference-formats.txt, made by
// record-reference.ts with the real /usr/bin/mistral against our fake Mistral).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WireRequest } from './mistral.js';

export interface TranscriptBlock {
  section: string;
  /** The command line after `$ mistral `, words joined by single spaces. */
  command: string;
  stdout: string;
  stderr: string;
  rc: number;
  requests: WireRequest[];
}

export function parseTranscripts(text: string): TranscriptBlock[] {
  const blocks: TranscriptBlock[] = [];
  let section = '';
  let block: TranscriptBlock | undefined;
  let mode: 'stdout' | 'stderr' | 'requests' | 'none' = 'none';
  let out: string[] = [];
  let err: string[] = [];
  const finish = () => {
    if (!block) return;
    block.stdout = out.length ? `${out.join('\n')}\n` : '';
    block.stderr = err.length ? `${err.join('\n')}\n` : '';
    blocks.push(block);
    block = undefined;
  };
  for (const line of text.split('\n')) {
    const heading = /^################ (\S+) ################$/.exec(line);
    if (heading) {
      finish();
      section = heading[1];
      mode = 'none';
      continue;
    }
    if (line.startsWith('$ mistral')) {
      finish();
      block = { section, command: line.slice('$ mistral'.length).trim(), stdout: '', stderr: '', rc: -1, requests: [] };
      out = [];
      err = [];
      mode = 'stdout';
      continue;
    }
    if (!block) continue;
    if (line === '--- stderr:') {
      mode = 'stderr';
      continue;
    }
    const rc = /^--- rc=(-?\d+)$/.exec(line);
    if (rc) {
      block.rc = Number(rc[1]);
      mode = 'none';
      continue;
    }
    if (line === '--- requests:') {
      mode = 'requests';
      continue;
    }
    if (mode === 'stdout') out.push(line);
    else if (mode === 'stderr') err.push(line);
    else if (mode === 'requests' && line.startsWith('{')) {
      const r = JSON.parse(line) as WireRequest & { hdr?: unknown };
      block.requests.push({ m: r.m, path: r.path, q: r.q, ct: r.ct, body: r.body });
    }
  }
  finish();
  return blocks;
}

function load(name: string): TranscriptBlock[] {
  const here = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  // record-reference.ts runs bundled from elsewhere, with the repository root as working directory.
  const path = existsSync(here) ? here : join('test/helpers/fixtures', name);
  return parseTranscripts(readFileSync(path, 'utf8'));
}

let reference: TranscriptBlock[] | undefined;

/** The block of the reference transcripts for a command line (first match; `section` narrows it). */
export function transcript(command: string, section?: string): TranscriptBlock {
  reference ??= [...load('mistralclient-transcripts.txt'), ...load('reference-formats.txt')];
  const found = reference.find((b) => b.command === command && (section === undefined || b.section === section));
  if (!found) throw new Error(`no transcript block for 'mistral ${command}'${section ? ` in ${section}` : ''}`);
  return found;
}
