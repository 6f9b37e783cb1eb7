// Bounded reads (src/files.ts): every file and standard input stops one byte past its limit, with
// one line naming it. /proc/self/io's rchar (bytes this process read) shows how much was read.
import { closeSync, mkdtempSync, openSync, readFileSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { FILE_LIMITS, FileTooLargeError, readFileLimited, readStreamLimited } from '../../src/files.js';

const dir = mkdtempSync(join(tmpdir(), 'mistral-files-'));
const MiB = 1024 * 1024;

function bytesRead(): number {
  return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
}

/** Bytes the process read while `run` ran (less the read of /proc/self/io itself, a few hundred bytes). */
function measure(run: () => unknown): { read: number; error: unknown } {
  const before = bytesRead();
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  return { read: bytesRead() - before, error };
}

describe('readFileLimited', () => {
  it('the limits: 1 MiB for settings files, 64 MiB for inputs', () => {
    expect(FILE_LIMITS).toEqual({ settings: MiB, input: 64 * MiB });
  });

  it('a file of exactly the limit is read whole', () => {
    const path = join(dir, 'exact');
    writeFileSync(path, Buffer.alloc(MiB, 'a'));
    expect(readFileLimited(path, 'settings', 'x').length).toBe(MiB);
  });

  it('/dev/zero: refused after reading the limit and one byte more, naming the file (exit 2)', () => {
    const { read, error } = measure(() => readFileLimited('/dev/zero', 'settings', "--os-cacert '/dev/zero'"));
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toBe("--os-cacert '/dev/zero' is larger than 1 MiB, the most a settings file may hold");
    expect(read).toBeGreaterThan(MiB);
    expect(read).toBeLessThan(MiB + 64 * 1024);
  });

  it('an input from /dev/zero stops at 64 MiB and says so', () => {
    const { read, error } = measure(() => readFileLimited('/dev/zero', 'input', "argument definition: '/dev/zero'"));
    expect((error as Error).message).toBe("argument definition: '/dev/zero' is larger than 64 MiB, the most an input file may hold");
    expect(read).toBeGreaterThan(64 * MiB);
    expect(read).toBeLessThan(65 * MiB);
  });

  it('a regular file larger than the limit is refused from its size, without reading it', () => {
    const path = join(dir, 'sparse');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 10 * 1024 * MiB);
    closeSync(fd);
    const { read, error } = measure(() => readFileLimited(path, 'input', path));
    expect((error as Error).message).toBe(`${path} is larger than 64 MiB, the most an input file may hold`);
    expect(read).toBeLessThan(64 * 1024);
  });

  it("a file that cannot be opened throws Node's own error for the caller to word", () => {
    expect(() => readFileLimited(join(dir, 'missing'), 'settings', 'x')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => readFileLimited(dir, 'settings', 'x')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
  });
});

describe('readStreamLimited', () => {
  /** An endless stream of 64 KiB chunks that counts how many were taken. */
  function endless() {
    const counter = { chunks: 0 };
    const stream = Readable.from((function* () {
      for (;;) {
        counter.chunks += 1;
        yield Buffer.alloc(64 * 1024);
      }
    })());
    return { stream, counter };
  }

  it('an endless standard input is refused within one chunk past the limit', async () => {
    const { stream, counter } = endless();
    await expect(readStreamLimited(stream, 'settings', 'standard input')).rejects.toThrow(new FileTooLargeError('standard input', 'settings'));
    expect(counter.chunks * 64 * 1024).toBeLessThanOrEqual(MiB + 2 * 64 * 1024);
    expect(stream.destroyed).toBe(true);
  });

  it('the message of an input', async () => {
    const { stream } = endless();
    await expect(readStreamLimited(stream, 'input', 'standard input')).rejects.toThrow('standard input is larger than 64 MiB, the most an input file may hold');
  });

  it('a stream within the limit is read whole; no stream is empty', async () => {
    expect((await readStreamLimited(Readable.from([Buffer.from('ab'), Buffer.from('c')]), 'input', 'x')).toString()).toBe('abc');
    expect((await readStreamLimited(undefined, 'input', 'x')).length).toBe(0);
  });
});
