// One execution a wait follows (src/commands/wait.ts polls, wait-progress.ts reports), and what
// both read of it.
import type { Item } from '../api/client.js';
import { duration } from './cells.js';
import type { CloudRef } from './spec.js';

export const FINAL_STATES = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

/** A task of a waited execution, as its task list last answered. */
export interface TaskSeen {
  id: string;
  name: string;
  state: string;
  /** How long it ran, when it has ended ('' when the server's times say nothing). */
  took: string;
}

/** One execution being waited for, on the cloud it belongs to. */
export interface Tracked {
  cloud: CloudRef;
  id: string;
  /** The execution as Mistral last answered. */
  item?: Item;
  /** Why it could not be started; it counts as failed. */
  error?: string;
  /** Why it could no longer be read while waiting (it may still run); it counts as failed. */
  lost?: string;
  /** Cancelled by --cancel-on-timeout. */
  cancelled?: boolean;
  /** The last state reported on stderr. */
  reported?: string;
  /** Its tasks, for the progress lines (not fetched with -q). */
  tasks?: TaskSeen[];
  /** Ids of the tasks whose end was reported. */
  reportedTasks?: Set<string>;
}

export const stateOf = (t: Tracked): string => String(t.item?.state ?? (t.error ? 'NOT STARTED' : 'UNKNOWN'));
export const isOver = (t: Tracked): boolean => Boolean(t.error || t.lost) || FINAL_STATES.has(stateOf(t));

/** "execution 1234 on target cloud 'stack-b'" (the cloud only when there is a target). */
export function named(t: Tracked): string {
  return `execution ${t.id || '(none)'}${t.cloud.index >= 0 ? ` on the ${t.cloud.label}` : ''}`;
}

/** How long the execution itself ran (its own times, not the wait's): '' when they say nothing. */
export function ranFor(item: Item | undefined, now: Date): string {
  try {
    return duration(item?.created_at, item?.updated_at, now).replace(/\.\.\.$/, '');
  } catch {
    return '';
  }
}

/** A server's text cut to `max` characters (a CI log line stays readable), `…` marking the cut. */
export function cutShort(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
