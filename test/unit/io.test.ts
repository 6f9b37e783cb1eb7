// The process's own world (src/io.ts processIo): a wait asks for Ctrl-C, SIGTERM (how CI runners
// stop a job) and SIGHUP (a closed terminal), each named to its handler, and gives them back.
import { describe, expect, it } from 'vitest';
import { processIo } from '../../src/io.js';

describe('processIo().onInterrupt', () => {
  it('hands SIGINT, SIGTERM and SIGHUP to the handler by name, and stops listening once released', () => {
    const before = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s));
    const seen: Array<string | undefined> = [];
    const release = processIo().onInterrupt!((signal) => seen.push(signal));
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.emit(signal, signal);
    expect(seen).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP']);
    release();
    expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s))).toEqual(before);
  });
});
