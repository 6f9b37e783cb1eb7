// The checks python-mistralclient makes before any request, with its messages: a field that must
// not be empty (`ResourceManager._ensure_not_empty`) and a definition file that must not be empty.
import { CliError } from '../errors.js';
import type { CommandSpec, ResourceSpec, Values } from './spec.js';

/**
 * `ResourceManager._ensure_not_empty`: a None or '' field fails before any request with
 * `<Class> is missing field "<field>"` (Class as python-mistralclient names its resource class).
 */
export function ensureNotEmpty(resourceClass: string, fields: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') throw new CliError(`${resourceClass} is missing field "${name}"`);
  }
}

/** A built command whose argument `arg` must not be empty (the manager's check of `field`). */
export function ensuringArg(spec: CommandSpec, resourceClass: string, arg: string, field: string = arg): CommandSpec {
  return {
    ...spec,
    run(ctx, values: Values) {
      ensureNotEmpty(resourceClass, { [field]: values[arg] });
      return spec.run(ctx, values);
    },
  };
}

/** A definition file must not be empty: `<Resource> is missing field "definition"`, before any request. */
export function requireText(text: string | undefined, resource: ResourceSpec, field: string): string {
  if (!text) throw new CliError(`${resource.noun[0].toUpperCase()}${resource.noun.slice(1)} is missing field "${field}"`);
  return text;
}
