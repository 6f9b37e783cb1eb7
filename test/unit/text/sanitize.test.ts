// src/text/sanitize.ts: which characters are shown as escapes and how (README "Output formats"),
// the outputs main() wraps with it, and that nothing but the live progress line gets around it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { safeOutput, showControls } from '../../../src/text/sanitize.js';
import { HOSTILE_CASES } from '../../helpers/hostile-text.js';

describe('showControls', () => {
  it.each(HOSTILE_CASES)('$key: shown as Python repr() shows it', ({ raw, shown }) => {
    expect(showControls(raw)).toBe(shown);
  });

  it('every C0 control but tab and newline, DEL and every C1 control, as \\xhh (\\r as \\r)', () => {
    const expected: Record<number, string> = { 0x00: '\\x00', 0x07: '\\x07', 0x08: '\\x08', 0x0b: '\\x0b', 0x0c: '\\x0c', 0x0d: '\\r', 0x1b: '\\x1b', 0x1f: '\\x1f', 0x7f: '\\x7f', 0x80: '\\x80', 0x85: '\\x85', 0x9b: '\\x9b', 0x9f: '\\x9f' };
    for (const [cp, text] of Object.entries(expected)) expect(showControls(`<${String.fromCharCode(Number(cp))}>`)).toBe(`<${text}>`);
    let escaped = 0;
    for (let cp = 0; cp < 0x100; cp++) {
      const ch = String.fromCharCode(cp);
      const isControl = (cp < 0x20 && cp !== 0x09 && cp !== 0x0a) || (cp >= 0x7f && cp <= 0x9f);
      expect(showControls(ch), `U+${cp.toString(16)}`).toBe(isControl ? (cp === 0x0d ? '\\r' : `\\x${cp.toString(16).padStart(2, '0')}`) : ch);
      if (isControl) escaped++;
    }
    expect(escaped).toBe(30 + 1 + 32);
  });

  it('keeps tab, newline, U+00A0 and above, U+FFFD, astral characters and text without controls as they are', () => {
    const plain = 'a\tb\nc \u00a0 é 日本 \ufffd 😀 \u2028';
    expect(showControls(plain)).toBe(plain);
  });

  it('never touches a surrogate pair, even cut in two by a chunk boundary', () => {
    const [high, low] = ['😀'.charAt(0), '😀'.charAt(1)];
    let written = '';
    const out = safeOutput({ write: (t: string) => (written += t) });
    out.write(`\x1bx${high}`);
    out.write(`${low}\x7f`);
    expect(written).toBe('\\x1bx😀\\x7f');
  });

  it('costs one regex test on a 64 kB chunk without controls: the same string comes back', () => {
    const chunk = '| 11111111-2222-3333-4444-555555555555 | wf1 | a, b=2 | 2024-01-01 10:00:00 |\n'.repeat(800);
    expect(showControls(chunk)).toBe(chunk);
    const started = performance.now();
    for (let i = 0; i < 160; i++) showControls(chunk); // a 10,000-row table is about this many chunks
    // Measured at well under 10 ms on this 2-core machine; the bound only catches a pathological change.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('safeOutput', () => {
  it('shows controls in what is written, passes the client control sequences through writeTerminalControl, reads isTTY and columns live', () => {
    const writes: string[] = [];
    const target = { write: (t: string) => writes.push(t), isTTY: true, columns: 80 };
    const out = safeOutput(target);
    out.write('a\x1b[2Jb\n');
    out.writeTerminalControl('\r\x1b[2Kline');
    target.columns = 120;
    expect(writes).toEqual(['a\\x1b[2Jb\n', '\r\x1b[2Kline']);
    expect(out.isTTY).toBe(true);
    expect(out.columns).toBe(120);
  });

  it('wrapping twice changes nothing: the control path still reaches the terminal as is', () => {
    const writes: string[] = [];
    const twice = safeOutput(safeOutput({ write: (t: string) => writes.push(t) }));
    twice.writeTerminalControl('\x1b[36mRUNNING\x1b[39m');
    twice.write('\x07');
    expect(writes).toEqual(['\x1b[36mRUNNING\x1b[39m', '\\x07']);
  });
});

describe('the way around the sanitiser', () => {
  it('is used only by src/context.ts (the live progress line, whose bytes src/terminal/terminal.ts makes)', () => {
    const src = join(import.meta.dirname, '../../../src');
    const users = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && f !== join('text', 'sanitize.ts'))
      .filter((f) => readFileSync(join(src, f), 'utf8').includes('.writeTerminalControl('))
      .map((f) => relative(src, join(src, f)));
    expect(users).toEqual(['context.ts']);
  });
});
