// The working directory of CLI runs: the files the transcripts' commands read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WF_DEFINITION } from './mistral.js';
import { runSubdir } from './run-dir.js';

/** Files the transcripts' commands read, in a per-process working directory. */
export function workDir(): string {
  const dir = join(runSubdir('work'), String(process.pid));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'wf.yaml'), WF_DEFINITION);
  writeFileSync(join(dir, 'invalid.yaml'), 'invalid: yes\n');
  writeFileSync(join(dir, 'empty.yaml'), '');
  writeFileSync(join(dir, 'input.json'), '{"a": 1}\n');
  writeFileSync(join(dir, 'env_vars.json'), '{"k1": "v1"}\n');
  return dir;
}
