// Command-line data arguments: JSON text or a JSON file (load_json), YAML-or-JSON text or file
// (load_content / load_file), and UUID detection, as python-mistralclient's utils do them.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { aliasBombError, FileTooLargeError, readFileLimited, YAML_OPTIONS } from '../files.js';
import { isMapping } from '../values.js';

/** The file's text when `value` names a readable file; a file beyond the input limit is an error (exit 2). */
function readIfFile(value: string, cwd: string, what: string): string | undefined {
  const path = resolve(cwd, value);
  try {
    // Not only regular files: /dev/stdin and named pipes carry input generated on the fly.
    const stat = existsSync(path) ? statSync(path) : undefined;
    return stat && !stat.isDirectory() ? readFileLimited(path, 'input', `${what}: file '${value}'`).toString('utf8') : undefined;
  } catch (error) {
    if (error instanceof FileTooLargeError) throw error;
    return undefined;
  }
}

function looksLikePath(value: string): boolean {
  return /^[^\s:{}[\]"',]+$/.test(value) && (/[/\\]/.test(value) || /\.[A-Za-z0-9]{1,5}$/.test(value));
}

/**
 * Standard input by any of its names. /dev/stdin is read through the same stream as '-': Node has
 * made fd 0 non-blocking by then, and reading the file directly would fail with EAGAIN.
 */
const STDIN_NAMES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** Where data arguments are read from: relative paths, and '-' (standard input). */
export interface InputSource {
  cwd: string;
  readStdin(): Promise<string>;
}

/**
 * JSON text, the path of a JSON file, or '-' for standard input. YAML is not accepted here, as in
 * the reference (which opens the path read-write, so a pipe or /dev/stdin fails there).
 */
export async function loadJson(value: string, what: string, source: InputSource): Promise<unknown> {
  const stdin = STDIN_NAMES.has(value);
  const fromFile = stdin ? await source.readStdin() : readIfFile(value, source.cwd, what);
  const text = fromFile ?? value;
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = stdin ? 'standard input' : fromFile !== undefined ? `file '${value}'` : undefined;
    // Not a file, not JSON, but shaped like a path (`in.json`, `./x`): most likely a missing file.
    if (!where && looksLikePath(value)) throw new InputError(`${what}: no such file '${value}' (and not JSON text either)`);
    const shown = where ?? `'${value.length > 40 ? `${value.slice(0, 40)}...` : value}'`;
    throw new InputError(`${what} must be JSON text or a JSON file: ${shown} is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * YAML or JSON text, as yaml.safe_load reads it (merge keys included): '' or undefined → {}.
 * `where` names the text's file in the error for an alias bomb.
 */
export async function loadContent(value: string | undefined, what: string, where = what): Promise<unknown> {
  if (value === undefined || value === '') return {};
  const { parse } = await import('yaml');
  try {
    return parse(value, YAML_OPTIONS);
  } catch (error) {
    throw aliasBombError(error, where) ?? new InputError(`${what} is neither YAML nor JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** `--env`: a file when such a file exists, else inline YAML/JSON text. */
export async function loadFileOrContent(value: string | undefined, what: string, cwd: string): Promise<unknown> {
  if (value === undefined || value === '') return {};
  const text = readIfFile(value, cwd, what);
  return text === undefined ? loadContent(value, what) : loadContent(text, what, `${what}: file '${value}'`);
}

/** A value that must be a mapping, or an error naming what it is instead. */
export function requireMapping(data: unknown, what: string): Record<string, unknown> {
  if (!isMapping(data)) throw new InputError(`${what} must hold a mapping (a YAML or JSON object), not ${describeValue(data)}`);
  return data;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty document';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

/**
 * `-e/--env` of task-rerun and execution-update: a mapping of variables, inline or in a file ({}
 * when not given). The reference sends any YAML scalar (`-e 'not json'` is the string `not json`),
 * which Mistral refuses with HTTP 400 after the request; here it is refused before.
 */
export async function loadEnvOption(value: string | undefined, cwd: string): Promise<Record<string, unknown>> {
  const data = await loadFileOrContent(value, 'environment', cwd);
  return isEmptyValue(data) ? {} : requireMapping(data, `-e/--env '${value && value.length > 40 ? `${value.slice(0, 40)}...` : value}'`);
}

/** oslo_utils.uuidutils.is_uuid_like: 32 hex digits once urn:/uuid:, outer braces and hyphens are removed. */
export function isUuidLike(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const stripped = value.replace('urn:', '').replace('uuid:', '').replace(/^\{+|\}+$/g, '').replace(/-/g, '');
  return /^[0-9a-fA-F]{32}$/.test(stripped);
}

/** Python truthiness of a parsed JSON/YAML value. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value as object).length === 0;
}
