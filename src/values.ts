// Values a user types (flags, variables, settings files, command options), checked the same way
// wherever they are read: a wrong one is a usage error that names where it came from.
import { UsageError } from './errors.js';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Strict boolean: the reference took any non-empty string (even "false") as true. */
export function parseBoolean(value: string, source: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new UsageError(`${source} must be true/false/1/0/yes/no, not '${value}'`);
}

/** A duration given in seconds (fractions allowed), as milliseconds; anything but a positive number is a usage error. */
export function parseSeconds(value: string | number, source: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`${source} must be a number of seconds greater than 0, not '${String(value)}'`);
  return Math.round(seconds * 1000);
}

/** A JSON or YAML mapping (an object, not an array or null): what settings files, Mistral's answers and input documents are checked to be. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
