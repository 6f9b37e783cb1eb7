// Every file the client reads goes through readFileLimited (standard input through
// readStreamLimited): a settings file or an input pointing at /dev/zero, a FIFO that never ends or a
// huge file must end in one line naming it, not in an out-of-memory crash. Reading stops one byte
// past the limit, so the limit is known to be exceeded without reading the rest.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from './errors.js';

const MiB = 1024 * 1024;

/**
 * settings: clouds.yaml, secure.yaml, env and openrc files, CA bundles and client certificates (the
 * Mozilla CA bundle is about 0.2 MiB). input: workflow, workbook and action definitions, JSON and
 * YAML inputs, standard input.
 */
export const FILE_LIMITS = { settings: 1 * MiB, input: 64 * MiB } as const;

export type FileKind = keyof typeof FILE_LIMITS;

const KIND_NAMES: Record<FileKind, string> = { settings: 'a settings file', input: 'an input file' };

/** Bytes read per call: small enough that a file at the limit costs no large spare buffer. */
const CHUNK = 64 * 1024;

export class FileTooLargeError extends UsageError {
  constructor(label: string, kind: FileKind) {
    super(`${label} is larger than ${FILE_LIMITS[kind] / MiB} MiB, the most ${KIND_NAMES[kind]} may hold`);
  }
}

/**
 * The whole file, at most FILE_LIMITS[kind] bytes; `label` names it in the error for a larger one
 * (e.g. "--os-cacert '/dev/zero'"). Failures to open or read throw Node's own error (with its
 * `code`) for the caller to word; a file too large throws FileTooLargeError, a UsageError (exit 2).
 */
export function readFileLimited(path: string, kind: FileKind, label: string): Buffer {
  const limit = FILE_LIMITS[kind];
  const fd = openSync(path, 'r');
  try {
    // A regular file says its size: refused without reading a byte.
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > limit) throw new FileTooLargeError(label, kind);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > limit) throw new FileTooLargeError(label, kind);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A stream (standard input) to its end, at most FILE_LIMITS[kind] bytes. A stream hands over a
 * chunk at a time (64 KiB for a pipe), so it stops within one chunk past the limit.
 */
export async function readStreamLimited(stream: NodeJS.ReadableStream | undefined, kind: FileKind, label: string): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const limit = FILE_LIMITS[kind];
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the loop early (the throw) destroys the stream: nothing more is read.
  for await (const chunk of stream) {
    const bytes = Buffer.from(chunk as Buffer);
    total += bytes.length;
    if (total > limit) throw new FileTooLargeError(label, kind);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

/** Node's error code for a failed read (ENOENT, EACCES, EISDIR...), else its message. */
export function readFailure(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * yaml's options for files from users: merge keys (`<<: *common`) honoured as PyYAML's safe_load
 * (and so openstacksdk and python-mistralclient) honours them, and yaml's guard against alias
 * bombs ("billion laughs") at its default of 100.
 */
export const YAML_OPTIONS = { merge: true, maxAliasCount: 100 } as const;

/** yaml's alias-bomb guard throws a bare ReferenceError; as a usage error naming where the text came from. */
export function aliasBombError(error: unknown, where: string): UsageError | undefined {
  if (!(error instanceof ReferenceError) || !/excessive alias count/i.test(error.message)) return undefined;
  return new UsageError(`${where}: its YAML aliases expand too far (an alias bomb?); not read`);
}
