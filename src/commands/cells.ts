// How python-mistralclient turns resource fields into table cells (commands/v2/base.py).
import type { Item, Json } from '../api/client.js';
import type { Cell } from '../output/types.js';
import type { ColumnSpec } from './spec.js';
import { wrap } from '../output/wrap.js';
import { isEmptyValue } from './input.js';

/**
 * A JSON value as a cell, as the resource attribute python-mistralclient hands cliff: a missing
 * field is None, objects and arrays stay nested (a dict or list, which the formatters print as
 * Python would: its repr in table/value/shell/csv, nested in json/yaml).
 */
export function cell(value: Json | undefined): Cell {
  return value === undefined ? null : value;
}

/** `cut()`: longer than `length` → the first `length` characters plus `...`. */
export function cut(value: Cell, length = 25): Cell {
  return typeof value === 'string' && value.length > length ? `${value.slice(0, length)}...` : value;
}

/** `wrap()` of commands/v2/base.py: textwrap.fill at 25 when longer than that. */
export function fill(text: string, width = 25): string {
  return text.length > width ? wrap(text, width).join('\n') : text;
}

/** Tags: joined with ", ", wrapped at 25, `<none>` when there are none. */
export function tags(item: Item): Cell {
  const list = Array.isArray(item.tags) ? item.tags.map(String) : [];
  const joined = list.join(', ');
  return joined ? fill(joined) : '<none>';
}

/** `value or '<none>'`: Python truthiness of a field. */
export function orNone(value: Json | undefined): Cell {
  return isEmptyValue(value) ? '<none>' : cell(value);
}

const UTC_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

// Straight-line reads in place, with no closure or loop: a list computes two times per row, each
// row once, mostly before V8 optimises this code, and slicing would make six strings each time.
const ZERO = 48;
const twoDigits = (text: string, at: number): number => text.charCodeAt(at) * 10 + text.charCodeAt(at + 1) - ZERO * 11;

function parseUtc(text: string): number {
  if (!UTC_TIME.test(text)) throw new Error(`time data '${text}' does not match format '%Y-%m-%d %H:%M:%S'`);
  return Date.UTC(twoDigits(text, 0) * 100 + twoDigits(text, 2), twoDigits(text, 5) - 1, twoDigits(text, 8), twoDigits(text, 11), twoDigits(text, 14), twoDigits(text, 17));
}

/** 00 to 59, the minutes and seconds of a clock. */
const PADDED = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));

/** Python's str(timedelta) for whole seconds: `0:00:09`, `1 day, 1:02:03`, `-1 day, 23:59:59`. */
export function timedelta(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  const clock = `${Math.floor(rest / 3600)}:${PADDED[Math.floor((rest % 3600) / 60)]}:${PADDED[rest % 60]}`;
  return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}` : clock;
}

/** `get_duration_str`: finished → the span; running → time since start plus `...`. */
export function duration(start: Json | undefined, end: Json | undefined, now: Date): string {
  if (typeof start !== 'string' || !start) return '';
  const startMs = parseUtc(start);
  if (typeof end === 'string' && end) return timedelta(Math.round((parseUtc(end) - startMs) / 1000));
  const elapsedMs = now.getTime() - startMs;
  if (elapsedMs < 2000) return '...';
  return `${timedelta(Math.floor(elapsedMs / 1000))}...`;
}

/** An execution's Duration: only SUCCESS and ERROR count as finished (CANCELLED keeps growing, as in the reference). */
export function executionDuration(execution: Item, now: Date): string {
  return duration(execution.created_at, execution.state === 'SUCCESS' || execution.state === 'ERROR' ? execution.updated_at : '', now);
}

/** A column that shows one field as the API gives it. */
export function field(heading: string, name: string): ColumnSpec {
  return { heading, value: (item) => cell(item[name]) };
}

/** A column cut to 25 characters in list output and shown whole in show output. */
export function cutInList(heading: string, name: string): ColumnSpec {
  return { heading, value: (item, view) => (view.listing ? cut(cell(item[name])) : cell(item[name])) };
}
