// bin/code-cache.js: the dist files compile from V8's code cache of an earlier run, kept private
// (0700/0600) and never trusted when it does not match: an entry names the file it was made from
// by device, inode, size and times, and V8 checksums its data. Each case runs a small program of two
// CommonJS files (a stand-in for dist/) in a child process, as bin/mistral.js loads dist/, and looks
// at what it printed and at the cache files. The real program with a warm cache:
// test/unit/lazy-loading.test.ts.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/code-cache.js');
const { cacheDirectory, MAGIC } = createRequire(import.meta.url)(BIN) as { cacheDirectory: (dist: string, env: Record<string, string>) => string | undefined; MAGIC: string };

let root: string;
let dist: string;
let xdg: string;
let dir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mistral-code-cache-'));
  dist = join(root, 'dist');
  xdg = join(root, 'xdg');
  mkdirSync(dist);
  writeFileSync(join(dist, 'main.js'), "'use strict';\nconst { word } = require('./word.js');\nexports.greet = (name) => `${word} ${name} from ${require('node:path').basename(__filename)}`;\n");
  writeFileSync(join(dist, 'word.js'), "exports.word = 'hello';\n");
  writeFileSync(join(root, 'run.cjs'), `require(${JSON.stringify(BIN)}).useCodeCache(${JSON.stringify(dist)});\nconsole.log(require('./dist/main.js').greet('you'));\n`);
  dir = cacheDirectory(dist, { XDG_CACHE_HOME: xdg })!;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the program with `env` (default: the XDG cache of this test); returns what it printed. */
function run(env: Record<string, string> = { XDG_CACHE_HOME: xdg }): string {
  return execFileSync(process.execPath, [join(root, 'run.cjs')], { cwd: root, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
}

const entry = (name: string) => join(dir, `${name}.cache`);
/** What identifies a file on disk: a rewrite (temporary file renamed over it) changes the inode. */
const identity = (file: string) => `${lstatSync(file).ino}`;

/** The line an entry starts with after MAGIC: what the dist file it was made from is on disk. */
function identityLine(file: string): string {
  const stat = statSync(file, { bigint: true });
  return `${stat.dev} ${stat.ino} ${stat.size} ${stat.mtimeNs} ${stat.ctimeNs}\n`;
}
const header = (file: string) => `${MAGIC}${identityLine(file)}`;

/** V8's cached data for a CommonJS file, compiled as the cache compiles it. */
function cachedDataOf(source: string): Buffer {
  const script = new Script(Module.wrap(source));
  script.runInThisContext();
  return script.createCachedData();
}

describe('a cold cache', () => {
  it('the first run prints what node prints and writes one 0600 file per loaded dist file in a 0700 directory', () => {
    const plain = execFileSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(join(dist, 'main.js'))}).greet('you'))`], { encoding: 'utf8' });
    expect(plain).toBe('hello you from main.js\n');
    expect(run()).toBe(plain);
    expect(dir.startsWith(join(xdg, 'mistral', 'code'))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['main.js.cache', 'word.js.cache']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(xdg, 'mistral')).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).mode & 0o777, name).toBe(0o600);
    expect(readFileSync(entry('main.js')).subarray(0, MAGIC.length).toString('latin1')).toBe(MAGIC);
  });

  it('the next run uses the files and rewrites none', () => {
    run();
    const before = identity(entry('main.js'));
    expect(run()).toBe('hello you from main.js\n');
    expect(identity(entry('main.js'))).toBe(before);
  });

  it('without an absolute XDG_CACHE_HOME or HOME there is no cache, and nothing is written in the current directory', () => {
    expect(run({ HOME: 'relative', XDG_CACHE_HOME: 'also-relative' })).toBe('hello you from main.js\n');
    expect(readdirSync(root).sort()).toEqual(['dist', 'run.cjs']);
    expect(cacheDirectory(dist, { HOME: 'relative' })).toBeUndefined();
    expect(cacheDirectory(dist, { HOME: '/home/u' })).toMatch(/^\/home\/u\/\.cache\/mistral\/code\/[0-9a-f]{16}$/);
  });

  it('files of dist files that are gone (an earlier build) are removed when the cache writes', () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(entry('chunk-OLD.js'), 'stale', { mode: 0o600 });
    writeFileSync(join(dir, 'notes.txt'), 'not the cache\'s', { mode: 0o600 });
    run();
    expect(readdirSync(dir).sort()).toEqual(['main.js.cache', 'notes.txt', 'word.js.cache']);
  });
});

describe('a cache that does not match is never used', () => {
  it('control: V8 itself takes the cached data of another source of the same length, and runs the other code', () => {
    const a = "exports.word = 'hello';\n";
    const b = "exports.word = 'HELLO';\n";
    const script = new Script(Module.wrap(b), { cachedData: cachedDataOf(a) });
    expect(script.cachedDataRejected).toBe(false);
    const exports: { word?: string } = {};
    script.runInThisContext()(exports);
    expect(exports.word).toBe('hello');
  });

  it('an entry made from the same file before it was rewritten with text of the same length is not handed to V8, and is replaced', () => {
    writeFileSync(join(dist, 'word.js'), "exports.word = 'HELLO';\n");
    expect(run()).toBe('HELLO you from main.js\n');
    const old = readFileSync(entry('word.js'));
    writeFileSync(join(dist, 'word.js'), "exports.word = 'hello';\n");
    expect(run()).toBe('hello you from main.js\n');
    const rewritten = readFileSync(entry('word.js'));
    expect(rewritten.equals(old)).toBe(false);
    expect(rewritten.toString('latin1', 0, header(join(dist, 'word.js')).length)).toBe(header(join(dist, 'word.js')));
  });

  it('an entry of a file replaced by another one (a reinstall: same text, same times, new inode) is replaced', () => {
    run();
    const before = readFileSync(entry('word.js'));
    const file = join(dist, 'word.js');
    const { atime, mtime } = statSync(file);
    writeFileSync(`${file}.new`, readFileSync(file));
    utimesSync(`${file}.new`, atime, mtime);
    renameSync(`${file}.new`, file);
    expect(run()).toBe('hello you from main.js\n');
    expect(readFileSync(entry('word.js')).equals(before)).toBe(false);
    expect(readFileSync(entry('word.js')).toString('latin1', 0, header(file).length)).toBe(header(file));
  });

  it('the identity line is checked whole: an entry of the same file with another identity is not used', () => {
    run();
    const good = readFileSync(entry('word.js'));
    const line = header(join(dist, 'word.js'));
    const forged = Buffer.concat([Buffer.from(line.replace(/ (\d+)\n$/, (_, ns: string) => ` ${BigInt(ns) + 1n}\n`), 'latin1'), good.subarray(line.length)]);
    writeFileSync(entry('word.js'), forged);
    expect(run()).toBe('hello you from main.js\n');
    // Rewritten, so not used (a used entry is left as it is: 'the next run uses the files and rewrites none').
    expect(readFileSync(entry('word.js')).equals(forged)).toBe(false);
    expect(readFileSync(entry('word.js')).toString('latin1', 0, line.length)).toBe(line);
  });

  it('a spoiled entry (payload bytes changed, or cut short) is refused by V8\'s checksum and replaced', () => {
    run();
    const good = readFileSync(entry('main.js'));
    const flipped = Buffer.from(good);
    for (let at = header(join(dist, 'main.js')).length + 64; at < flipped.length; at += 97) flipped[at] ^= 0x55;
    writeFileSync(entry('main.js'), flipped);
    const whole = readFileSync(entry('word.js'));
    const cut = whole.subarray(0, whole.length - 20);
    writeFileSync(entry('word.js'), cut);
    expect(run()).toBe('hello you from main.js\n');
    expect(readFileSync(entry('main.js')).equals(flipped)).toBe(false);
    expect(readFileSync(entry('main.js')).toString('latin1', 0, header(join(dist, 'main.js')).length)).toBe(header(join(dist, 'main.js')));
    expect(readFileSync(entry('word.js')).length).toBeGreaterThan(cut.length);
  });

  it('garbage in place of an entry is ignored and replaced', () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(entry('main.js'), 'not a cache file', { mode: 0o600 });
    expect(run()).toBe('hello you from main.js\n');
    expect(readFileSync(entry('main.js')).subarray(0, MAGIC.length).toString('latin1')).toBe(MAGIC);
  });
});

describe('only private files are used', () => {
  it('an entry open to others, or owned by someone else, is not used and is replaced by a private one', () => {
    run();
    const other = (process.getuid?.() ?? 0) === 65534 ? 65533 : 65534;
    chmodSync(entry('main.js'), 0o644);
    const openToOthers = identity(entry('main.js'));
    let owned = false;
    try {
      chownSync(entry('word.js'), other, other);
      owned = true;
    } catch {
      // not root: only the mode case applies
    }
    const ownedBefore = identity(entry('word.js'));
    expect(run()).toBe('hello you from main.js\n');
    expect(identity(entry('main.js'))).not.toBe(openToOthers);
    expect(statSync(entry('main.js')).mode & 0o777).toBe(0o600);
    if (owned) {
      expect(identity(entry('word.js'))).not.toBe(ownedBefore);
      expect(statSync(entry('word.js')).uid).toBe(process.getuid?.());
    }
  });

  it('a symbolic link in place of an entry is not followed: the link is replaced, its target untouched', () => {
    run();
    const target = join(root, 'elsewhere');
    writeFileSync(target, readFileSync(entry('main.js')), { mode: 0o600 });
    rmSync(entry('main.js'));
    symlinkSync(target, entry('main.js'));
    const before = readFileSync(target);
    expect(run()).toBe('hello you from main.js\n');
    expect(lstatSync(entry('main.js')).isSymbolicLink()).toBe(false);
    expect(readFileSync(target).equals(before)).toBe(true);
  });

  it('a cache directory open to others, or a symbolic link, is not used at all: nothing is read or written there', () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o755);
    expect(run()).toBe('hello you from main.js\n');
    expect(readdirSync(dir)).toEqual([]);

    rmSync(dir, { recursive: true });
    const elsewhere = join(root, 'elsewhere-dir');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, dir);
    expect(run()).toBe('hello you from main.js\n');
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(existsSync(join(xdg, 'mistral'))).toBe(true);
  });
});
