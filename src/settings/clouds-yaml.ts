// clouds.yaml and secure.yaml as openstacksdk finds and merges them (openstack/config/loader.py):
// the first clouds file found wins, secure.yaml is found on its own and deep-merged over it (maps
// merge, scalars and lists replace). Parsed with the `yaml` package, which reads JSON as well.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

export type Entry = Record<string, unknown>;

export interface CloudsFiles {
  /** The clouds.yaml (or .yml/.json) read, if one was found. */
  cloudsFile?: string;
  secureFile?: string;
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

function findFile(base: string, explicitVariable: string, context: SearchContext, searched: string[]): string | undefined {
  const explicit = context.env(explicitVariable);
  if (explicit) {
    const path = resolve(context.cwd, explicit);
    // openstacksdk skips a missing file silently; an explicit name that points nowhere is a mistake worth saying.
    if (!existsSync(path)) throw new UsageError(`${explicitVariable} names ${path}, which does not exist`);
    return path;
  }
  for (const dir of configDirectories(context)) {
    if (!searched.includes(dir)) searched.push(dir);
    for (const ext of EXTENSIONS) {
      const path = join(dir, `${base}.${ext}`);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

/** The `clouds:` map of one file; a file that is not YAML/JSON or not a mapping is an error. */
async function readClouds(path: string): Promise<Record<string, Entry>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { LineCounter, parseDocument } = await import('yaml');
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  const [error] = document.errors;
  if (error) {
    const position = lines.linePos(error.pos[0]);
    const where = `${path}:${position.line}:${position.col}`;
    throw new UsageError(`${where}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${error.message.split('\n')[0]}`);
  }
  const content = document.toJS() as unknown;
  if (!isMapping(content)) throw new UsageError(`Configuration file ${path} is empty or not a valid mapping`);
  const clouds = content.clouds ?? {};
  if (!isMapping(clouds)) throw new UsageError(`'clouds' in ${path} is not a mapping`);
  for (const [name, entry] of Object.entries(clouds)) {
    if (!isMapping(entry)) throw new UsageError(`cloud '${name}' in ${path} is not a mapping`);
  }
  return clouds as Record<string, Entry>;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Finds and reads both files (only called when a cloud is named, so a broken file elsewhere costs nothing). */
export async function loadCloudsFiles(context: SearchContext): Promise<CloudsFiles> {
  const searched: string[] = [];
  const cloudsFile = findFile('clouds', 'OS_CLIENT_CONFIG_FILE', context, searched);
  const secureFile = findFile('secure', 'OS_CLIENT_SECURE_FILE', context, []);
  return {
    cloudsFile,
    secureFile,
    searched,
    clouds: cloudsFile ? await readClouds(cloudsFile) : {},
    secure: secureFile ? await readClouds(secureFile) : {},
  };
}

/** `_util.merge_clouds`: maps merge recursively, anything else in `over` replaces. */
export function deepMerge(base: Entry, over: Entry): Entry {
  const out: Entry = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isMapping(value) && isMapping(out[key]) ? deepMerge(out[key] as Entry, value) : value;
  }
  return out;
}

/** The named entry, or a one-line error listing what exists and where it looked. */
export function findCloud(files: CloudsFiles, name: string): { clouds?: Entry; secure?: Entry } {
  const clouds = files.clouds[name];
  const secure = files.secure[name];
  if (clouds || secure) return { clouds, secure };
  if (!files.cloudsFile && !files.secureFile) {
    throw new UsageError(`cloud '${name}' was not found: no clouds.yaml in ${files.searched.join(', ')} (or set OS_CLIENT_CONFIG_FILE)`);
  }
  const names = Object.keys(files.clouds);
  const read = [files.cloudsFile, files.secureFile].filter(Boolean).join(' and ');
  throw new UsageError(`cloud '${name}' was not found in ${read}; ${names.length ? `clouds there: ${names.join(', ')}` : 'it names no clouds'}`);
}
