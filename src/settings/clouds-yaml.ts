// clouds.yaml and secure.yaml as openstacksdk finds and merges them (openstack/config/loader.py):
// the first clouds file found wins, secure.yaml is found on its own and deep-merged over it (maps
// merge, scalars and lists replace). Parsed with the `yaml` package, which reads JSON as well, with
// merge keys as PyYAML reads them. Entries are looked up by own property only: a cloud named
// `constructor` or `__proto__` is one the file defines, or none.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, UsageError } from '../errors.js';
import { aliasBombError, readFailure, readFileLimited, YAML_OPTIONS } from '../files.js';
import { isMapping } from '../values.js';

export type Entry = Record<string, unknown>;

export interface CloudsFiles {
  /** The clouds.yaml (or .yml/.json) read, if one was found. */
  cloudsFile?: string;
  secureFile?: string;
  /**
   * Those of the two that were found by looking in the current directory (not named by
   * OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE): a checked-out repository may have put them there.
   */
  foundInCwd: string[];
  /** Every directory looked in, in order, for messages. */
  searched: string[];
  clouds: Record<string, Entry>;
  secure: Record<string, Entry>;
}

export interface SearchContext {
  env: (name: string) => string | undefined;
  cwd: string;
  homeDir: string;
  /** The site directories (tests point them elsewhere). */
  systemDirs?: string[];
}

export const SYSTEM_CONFIG_DIRS = ['/etc/xdg/openstack', '/etc/openstack'];

const EXTENSIONS = ['yaml', 'yml', 'json'];

/** ./, $XDG_CONFIG_HOME/openstack (default ~/.config/openstack), ~/.config/openstack, /etc/xdg/openstack, /etc/openstack. */
export function configDirectories(context: SearchContext): string[] {
  const userDefault = join(context.homeDir, '.config', 'openstack');
  const xdg = context.env('XDG_CONFIG_HOME');
  const dirs = [context.cwd, xdg ? join(xdg, 'openstack') : userDefault, userDefault, ...(context.systemDirs ?? SYSTEM_CONFIG_DIRS)];
  return [...new Set(dirs)];
}

interface Found {
  path: string;
  inCwd: boolean;
}

function findFile(base: string, explicitVariable: string, context: SearchContext, searched: string[]): Found | undefined {
  const explicit = context.env(explicitVariable);
  if (explicit) {
    const path = resolve(context.cwd, explicit);
    // openstacksdk skips a missing file silently; an explicit name that points nowhere is a mistake worth saying.
    if (!existsSync(path)) throw new UsageError(`${explicitVariable} names ${path}, which does not exist`);
    return { path, inCwd: false };
  }
  for (const dir of configDirectories(context)) {
    if (!searched.includes(dir)) searched.push(dir);
    for (const ext of EXTENSIONS) {
      const path = join(dir, `${base}.${ext}`);
      if (existsSync(path)) return { path, inCwd: dir === context.cwd };
    }
  }
  return undefined;
}

/** The `clouds:` map of one file; a file that is not YAML/JSON or not a mapping is an error. */
async function readClouds(path: string): Promise<Record<string, Entry>> {
  let text: string;
  try {
    text = readFileLimited(path, 'settings', path).toString('utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new UsageError(`cannot read ${path}: ${readFailure(error)}`);
  }
  const kind = path.endsWith('.json') ? 'JSON' : 'YAML';
  const { LineCounter, parseDocument } = await import('yaml');
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter: lines, merge: YAML_OPTIONS.merge });
  const [error] = document.errors;
  if (error) {
    const position = lines.linePos(error.pos[0]);
    throw new UsageError(`${path}:${position.line}:${position.col}: not valid ${kind}: ${error.message.split('\n')[0]}`);
  }
  let content: unknown;
  try {
    content = document.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount });
  } catch (error) {
    // An alias bomb, or an alias to an anchor defined later.
    throw aliasBombError(error, path) ?? new UsageError(`${path}: not valid ${kind}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isMapping(content)) throw new UsageError(`Configuration file ${path} is empty or not a valid mapping`);
  const clouds = own(content, 'clouds') ?? {};
  if (!isMapping(clouds)) throw new UsageError(`'clouds' in ${path} is not a mapping`);
  for (const [name, entry] of Object.entries(clouds)) {
    if (!isMapping(entry)) throw new UsageError(`cloud '${name}' in ${path} is not a mapping`);
  }
  return clouds as Record<string, Entry>;
}

/** `map[key]` if the map itself has it: never a value inherited from Object.prototype (`constructor`, `toString`). */
export function own(map: Record<string, unknown> | undefined, key: string): unknown {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Finds and reads both files (only called when a cloud is named, so a broken file elsewhere costs nothing). */
export async function loadCloudsFiles(context: SearchContext): Promise<CloudsFiles> {
  const searched: string[] = [];
  const clouds = findFile('clouds', 'OS_CLIENT_CONFIG_FILE', context, searched);
  const secure = findFile('secure', 'OS_CLIENT_SECURE_FILE', context, []);
  return {
    cloudsFile: clouds?.path,
    secureFile: secure?.path,
    foundInCwd: [clouds, secure].filter((f): f is Found => f?.inCwd === true).map((f) => f.path),
    searched,
    clouds: clouds ? await readClouds(clouds.path) : {},
    secure: secure ? await readClouds(secure.path) : {},
  };
}

/** The names of the clouds in the clouds.yaml found (shell completion): secure.yaml is not read. */
export async function cloudNamesFound(context: SearchContext): Promise<string[]> {
  const clouds = findFile('clouds', 'OS_CLIENT_CONFIG_FILE', context, []);
  return clouds ? Object.keys(await readClouds(clouds.path)) : [];
}

/**
 * `_util.merge_clouds`: maps merge recursively, anything else in `over` replaces. Keys are defined,
 * not assigned, so a `__proto__` key stays a key and never becomes the prototype of the result.
 */
export function deepMerge(base: Entry, over: Entry): Entry {
  const out: Entry = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = own(out, key);
    const merged = isMapping(value) && isMapping(current) ? deepMerge(current, value) : value;
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The named entry, or a one-line error listing what exists and where it looked. */
export function findCloud(files: CloudsFiles, name: string): { clouds?: Entry; secure?: Entry } {
  const clouds = own(files.clouds, name) as Entry | undefined;
  const secure = own(files.secure, name) as Entry | undefined;
  if (clouds || secure) return { clouds, secure };
  if (!files.cloudsFile && !files.secureFile) {
    throw new UsageError(`cloud '${name}' was not found: no clouds.yaml in ${files.searched.join(', ')} (or set OS_CLIENT_CONFIG_FILE)`);
  }
  const names = Object.keys(files.clouds);
  const read = [files.cloudsFile, files.secureFile].filter(Boolean).join(' and ');
  throw new UsageError(`cloud '${name}' was not found in ${read}; ${names.length ? `clouds there: ${names.join(', ')}` : 'it names no clouds'}`);
}
