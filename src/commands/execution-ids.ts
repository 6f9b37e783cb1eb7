// Execution ids chosen by the client. Mistral (since 15, mistral/api/controllers/v2/execution.py
// post()) answers a POST /v2/executions whose id already exists in the caller's project with that
// execution and starts nothing, so a POST carrying an id may be sent again (README "Token cache,
// timeouts and retries") and a CI job that gives its own id (--id) can run again safely.
import { closeSync, openSync, readSync } from 'node:fs';
import { nodeCrypto } from '../builtins.js';
import { UsageError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The --id value: a UUID in its usual 8-4-4-4-12 form, in lower case (Mistral compares ids as
 * text, and uuidgen on macOS prints upper case).
 */
export function parseExecutionId(value: string): string {
  if (!UUID.test(value)) throw new UsageError(`--id must be a UUID such as 123e4567-e89b-12d3-a456-426655440000, not '${value}'`);
  return value.toLowerCase();
}

/**
 * A random UUID (RFC 9562 version 4) from 16 bytes of the kernel's random source, as OpenSSL's
 * RAND_bytes (node:crypto's randomUUID) would draw them: loading node:crypto for its randomUUID
 * alone took about 8 ms of an execution-create's 180 ms of CPU (bench/RESULTS.md). Where `source`
 * cannot be read, node:crypto makes it.
 */
export function newExecutionId(source = '/dev/urandom'): string {
  const bytes = Buffer.alloc(16);
  try {
    const fd = openSync(source, 'r');
    try {
      for (let read = 0; read < bytes.length; ) {
        const n = readSync(fd, bytes, read, bytes.length - read, null);
        if (n === 0) throw new Error(`${source} ended`);
        read += n;
      }
    } finally {
      closeSync(fd);
    }
  } catch {
    return nodeCrypto().randomUUID();
  }
  return uuidText(bytes, 4);
}

/** The 8-4-4-4-12 text of the first 16 bytes, with the version and RFC 9562's variant set. */
function uuidText(bytes: Buffer, version: number): string {
  bytes[6] = (bytes[6] & 0x0f) | (version << 4);
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of the execution on one of several target clouds for a given --id: a name-based UUID
 * (RFC 9562 version 5) of the cloud's name in the namespace of the given id, so the same command
 * line finds the same execution on every cloud again. The same as Python's
 * uuid.uuid5(uuid.UUID(id), name).
 */
export function perCloudExecutionId(id: string, cloudName: string): string {
  return uuidText(nodeCrypto().createHash('sha1').update(Buffer.from(id.replace(/-/g, ''), 'hex')).update(cloudName, 'utf8').digest(), 5);
}
