// openrc and .env files, read with the `dotenv` package's pure parser (no banner, process.env left
// alone). `export` prefixes, quotes and comments work; shell logic (if, read -sr, echo, unset) has
// no `NAME=value` shape and is skipped by the parser.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * A value that is only a shell reference, like Horizon's `OS_PASSWORD=$OS_PASSWORD_INPUT`, would
 * be the literal text `$OS_PASSWORD_INPUT` to dotenv: it counts as not set.
 */
const SHELL_REFERENCE = /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

export interface EnvFile {
  path: string;
  variables: Record<string, string>;
}

export async function readEnvFile(file: string, cwd: string, givenBy: string): Promise<EnvFile> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${givenBy} '${file}': ${code === 'ENOENT' ? 'no such file' : code ?? (error as Error).message}`);
  }
  const { parse } = await import('dotenv');
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(parse(text))) {
    if (value !== '' && !SHELL_REFERENCE.test(value.trim())) variables[name] = value;
  }
  return { path, variables };
}
