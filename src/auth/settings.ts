// Turns flags and environment into one settings object. Flag beats environment; several
// environment spellings of one setting must agree; booleans are strict.
import { UsageError } from '../errors.js';
import { GLOBAL_OPTIONS, type GlobalOption } from './options.js';

export type Settings = Record<string, string | undefined> & { readonly __brand?: 'settings' };

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Strict boolean: the reference took any non-empty string (even "false") as true. */
export function parseBoolean(value: string, source: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new UsageError(`${source} must be true/false/1/0/yes/no, not '${value}'`);
}

/** The value and the variable that gave it (for messages), or undefined when none is set. */
function fromEnvironment(option: GlobalOption, env: Record<string, string | undefined>): { value: string; name: string } | undefined {
  // An empty variable counts as unset, as in python-mistralclient's env().
  const given = option.env.filter((name) => env[name] !== undefined && env[name] !== '');
  const value = (name: string) => env[name]!.trim();
  // Booleans compare by meaning: TARGET_OS_INSECURE=1 and OS_TARGET_INSECURE=true agree.
  const meaning = (name: string) => (option.kind === 'flag' ? String(parseBoolean(value(name), name)) : value(name));
  const conflicting = given.find((name) => meaning(name) !== meaning(given[0]));
  if (conflicting) {
    const [first, second] = [given[0], conflicting];
    throw new UsageError(`${first} and ${second} both set ${option.flags[0]} but to different values; unset one of them`);
  }
  return given.length ? { value: value(given[0]), name: given[0] } : undefined;
}

/** `source` names the variable the value came from, so a bad boolean is blamed on the right one. */
function normaliseFlag(option: GlobalOption, value: string, source: string): string | undefined {
  if (option.kind !== 'flag') return value;
  return parseBoolean(value, source) ? 'true' : undefined;
}

/**
 * `flagValues` maps a setting key to what the command line gave (a string, or true for a flag).
 * Returns every setting as a string; a boolean setting is 'true' or undefined.
 */
export function resolveSettings(
  flagValues: Record<string, string | boolean | undefined>,
  env: Record<string, string | undefined>,
): Settings {
  const settings: Record<string, string | undefined> = {};
  for (const option of GLOBAL_OPTIONS) {
    const flag = flagValues[option.key];
    if (flag !== undefined && flag !== false) {
      settings[option.key] = flag === true ? 'true' : flag;
      continue;
    }
    const fromEnv = fromEnvironment(option, env);
    settings[option.key] = fromEnv !== undefined ? normaliseFlag(option, fromEnv.value, fromEnv.name) : option.default;
  }
  return settings;
}

export function isTrue(value: string | undefined): boolean {
  return value === 'true';
}
