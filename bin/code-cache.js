// V8's code cache for the program's own files (dist/*.js). Without it every command parses and
// compiles the same 750 KB of JavaScript again (the bundle, commander, the part of undici it uses):
// Node 20 has no compile cache of its own for user code (module.enableCompileCache is Node 22).
// Each dist file is compiled as a vm.Script with the cached data of an earlier run; at the end of a
// run whose files had none (or whose data V8 refused), the compiled code, the functions the run
// used included, is written for the next one.
//
// The cache is private and never trusted blindly:
// - one directory per installed program, $XDG_CACHE_HOME/mistral/code/<hash of its dist path>
//   (default ~/.cache/mistral/...; none when neither is an absolute path, the rule of
//   src/settings/paths.ts), made 0700; a directory that is a symbolic link, someone else's or open
//   to others is not used at all;
// - one file per dist file, 0600, written to a temporary name and renamed; a file that is a
//   symbolic link, someone else's, open to others, too big or not in this format is replaced;
// - a file names the dist file it was made from by what no copy, edit or reinstall keeps: its
//   device, inode, size, and modification and change times in nanoseconds (as Python's .pyc
//   records its source's mtime and size; the change time cannot be set back by touch or cp -p,
//   and a rewritten or replaced file has a new one). Data of another build is never handed to V8,
//   which itself checks only the source's length;
// - V8 checksums the data it makes and refuses data that fails the sum (--verify-snapshot-checksum,
//   set below; off by default in release builds), so a file spoiled on disk is recompiled and
//   replaced;
// - when it writes, the files of dist files that no longer exist (an earlier build) are removed.
// Neither check needs node:crypto: loading it and hashing the 1.5 MB a command loads cost about
// 9 ms of a 180 ms workflow-list (the SHA-256 checks of the cache's format 1).
// A missing, refused or unreadable cache costs only the time it would have saved; nothing here
// ever prints or fails the command.
'use strict';

const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const MAGIC = 'mistral code cache 2\n';
/** The program's largest file compiles to about 2 MB of cached data; more is not a file this wrote. */
const MAX_FILE_BYTES = 64 << 20;
/** The longest identity line: five decimal numbers of at most 20 digits, their spaces and a newline. */
const MAX_IDENTITY = 5 * 21;

/**
 * 64-bit FNV-1a of a path, in hex: the directory's name only keeps installs apart (entries are
 * checked by what they were made from), so it needs to spread, not to resist anyone.
 */
function pathKey(text) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

/** $XDG_CACHE_HOME/mistral/code/<key of distDir>, or undefined when neither XDG_CACHE_HOME nor HOME is absolute. */
function cacheDirectory(distDir, env) {
  const key = pathKey(distDir);
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'mistral', 'code', key);
  if (env.HOME && path.isAbsolute(env.HOME)) return path.join(env.HOME, '.cache', 'mistral', 'code', key);
  return undefined;
}

/** A real directory or file of this user, closed to others. */
function trusted(stat, kind) {
  if (kind === 'directory' ? !stat.isDirectory() : !stat.isFile()) return false;
  const uid = process.getuid?.();
  return (uid === undefined || stat.uid === uid) && (stat.mode & 0o077) === 0;
}

/** The cache directory, made if missing, or undefined when it cannot be made or is not to be trusted. */
function openDirectory(dir) {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return trusted(fs.lstatSync(dir), 'directory') ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** What a dist file is on disk (a bigint fs.Stats): the line an entry made from it starts with. */
const identityOf = (stat) => `${stat.dev} ${stat.ino} ${stat.size} ${stat.mtimeNs} ${stat.ctimeNs}\n`;

/** The whole of an open file, or undefined when it is not the size fstat gave. */
function readAll(fd, size) {
  const bytes = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = fs.readSync(fd, bytes, read, size - read, read);
    if (n === 0) return undefined;
    read += n;
  }
  return bytes;
}

/** The cached data in `file` made from the dist file whose identity line is `identity`, or undefined. */
function readEntry(file, identity) {
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const stat = fs.fstatSync(fd);
    if (!trusted(stat, 'file') || stat.size > MAX_FILE_BYTES) return undefined;
    const bytes = readAll(fd, stat.size);
    if (!bytes || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const end = bytes.indexOf(10, MAGIC.length);
    if (end < 0 || end > MAGIC.length + MAX_IDENTITY || bytes.toString('latin1', MAGIC.length, end + 1) !== identity) return undefined;
    return bytes.subarray(end + 1);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * A dist file's text and its identity line, both of the one open file. A file that changed while
 * it was read (a build writing it) is read again as Node reads it, and no entry is used or kept.
 */
function readSource(filename) {
  const fd = fs.openSync(filename, 'r');
  try {
    const stat = fs.fstatSync(fd, { bigint: true });
    const identity = identityOf(stat);
    const bytes = readAll(fd, Number(stat.size));
    if (bytes && identityOf(fs.fstatSync(fd, { bigint: true })) === identity) return { source: bytes.toString('utf8'), identity };
    return { source: fs.readFileSync(filename, 'utf8'), identity: undefined };
  } finally {
    fs.closeSync(fd);
  }
}

/** The cache file of a dist file, and back. */
const entryOf = (dir, distFile) => path.join(dir, `${path.basename(distFile)}.cache`);
const ENTRY = /^(.+\.js)\.cache$/;

/** Removes the entries of dist files that are gone (an earlier build's chunks). */
function removeStale(dir, distDir) {
  try {
    for (const name of fs.readdirSync(dir)) {
      const distFile = ENTRY.exec(name)?.[1];
      if (distFile && !fs.existsSync(path.join(distDir, distFile))) fs.unlinkSync(path.join(dir, name));
    }
  } catch {
    // only space is lost
  }
}

/** Writes the entry under a temporary name and renames it over `file` (which it replaces, whatever it was). */
function writeEntry(file, identity, payload) {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${MAGIC}${identity}`, 'latin1'), payload]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // never made
    }
  }
}

/**
 * require() as Node gives it to a CommonJS module, for the modules compiled here. A dist file's
 * `require('./chunk-….js')` names a file beside it, which `load` compiles at once: Node's resolver
 * would look for it on disk (stat, realpath of every directory above), 5 to 10 ms of CPU for the
 * two dozen files a command loads. Anything else goes to Node.
 */
function requireFor(module, distDir, load) {
  const require = (id) => {
    if (!id.startsWith('./') || id.includes('/', 2)) return module.require(id);
    const filename = path.join(distDir, id.slice(2));
    const loaded = Module._cache[filename];
    if (loaded) return loaded.exports;
    // What Module._load does for a file: cached before it runs (so that a cycle sees its partial
    // exports), forgotten if it throws.
    const child = new Module(filename, module);
    child.filename = filename;
    child.paths = module.paths;
    Module._cache[filename] = child;
    try {
      load(child, filename);
    } catch (error) {
      delete Module._cache[filename];
      throw error;
    }
    child.loaded = true;
    return child.exports;
  };
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.cache = Module._cache;
  require.main = process.mainModule;
  return require;
}

/**
 * From now on, the files directly in `distDir` load through the code cache of `env`'s cache
 * directory (if there is one to trust); every other file loads as Node loads it.
 */
function useCodeCache(distDir, env = process.env) {
  const where = cacheDirectory(distDir, env);
  const dir = where && openDirectory(where);
  if (!dir) return;
  require('node:v8').setFlagsFromString('--verify-snapshot-checksum');
  const compileAsNode = Module._extensions['.js'];
  const toWrite = [];
  const compileCached = (module, filename) => {
    const { source, identity } = readSource(filename);
    const file = entryOf(dir, filename);
    const cachedData = identity && readEntry(file, identity);
    const script = new vm.Script(Module.wrap(source), { filename, cachedData });
    if (identity && (cachedData === undefined || script.cachedDataRejected)) toWrite.push({ script, file, identity });
    const body = script.runInThisContext({ displayErrors: true });
    return body.call(module.exports, module.exports, requireFor(module, distDir, compileCached), module, filename, distDir);
  };
  Module._extensions['.js'] = function compileDistFile(module, filename) {
    return path.dirname(filename) === distDir ? compileCached(module, filename) : compileAsNode.call(this, module, filename);
  };
  process.once('exit', () => {
    if (toWrite.length === 0) return;
    for (const { script, file, identity } of toWrite) writeEntry(file, identity, script.createCachedData());
    removeStale(dir, distDir);
  });
}

module.exports = { useCodeCache, cacheDirectory, readEntry, identityOf, MAGIC };
