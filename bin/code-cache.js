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
// - a file holds the SHA-256 of the source it was made from and of its payload: data of another
//   build, or spoiled on disk, is never handed to V8, which checks only the source's length;
// - when it writes, the files of dist files that no longer exist (an earlier build) are removed.
// A missing, refused or unreadable cache costs only the time it would have saved; nothing here
// ever prints or fails the command.
'use strict';

const { createHash } = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const MAGIC = 'mistral code cache 1\n';
/** The program's largest file compiles to about 2 MB of cached data; more is not a file this wrote. */
const MAX_FILE_BYTES = 64 << 20;
const HASH_HEX = 64;

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** $XDG_CACHE_HOME/mistral/code/<key of distDir>, or undefined when neither XDG_CACHE_HOME nor HOME is absolute. */
function cacheDirectory(distDir, env) {
  const key = sha256(distDir).slice(0, 16);
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

/** The cached data in `file` made from a source with hash `sourceHash`, or undefined. */
function readEntry(file, sourceHash) {
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const stat = fs.fstatSync(fd);
    if (!trusted(stat, 'file') || stat.size > MAX_FILE_BYTES) return undefined;
    const bytes = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = fs.readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) return undefined;
      read += n;
    }
    const header = MAGIC.length + 2 * (HASH_HEX + 1);
    if (bytes.length <= header || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const hashes = bytes.toString('latin1', MAGIC.length, header);
    const payload = bytes.subarray(header);
    if (hashes !== `${sourceHash}\n${sha256(payload)}\n`) return undefined;
    return payload;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
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
function writeEntry(file, sourceHash, payload) {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${MAGIC}${sourceHash}\n${sha256(payload)}\n`, 'latin1'), payload]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.unlinkSync(temporary);
    } catch {
      // never made
    }
  }
}

/** require() as Node gives it to a CommonJS module, for the modules compiled here. */
function requireFor(module) {
  const require = (id) => module.require(id);
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
  const compileAsNode = Module._extensions['.js'];
  const toWrite = [];
  Module._extensions['.js'] = function compileCached(module, filename) {
    if (path.dirname(filename) !== distDir) return compileAsNode.call(this, module, filename);
    const bytes = fs.readFileSync(filename);
    const sourceHash = sha256(bytes);
    const source = bytes.toString('utf8');
    const file = entryOf(dir, filename);
    const cachedData = readEntry(file, sourceHash);
    const script = new vm.Script(Module.wrap(source), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ script, file, sourceHash });
    const body = script.runInThisContext({ displayErrors: true });
    return body.call(module.exports, module.exports, requireFor(module), module, filename, distDir);
  };
  process.once('exit', () => {
    if (toWrite.length === 0) return;
    for (const { script, file, sourceHash } of toWrite) writeEntry(file, sourceHash, script.createCachedData());
    removeStale(dir, distDir);
  });
}

module.exports = { useCodeCache, cacheDirectory, readEntry, MAGIC };
