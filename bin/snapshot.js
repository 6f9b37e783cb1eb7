// The builder of dist/snapshot/node-<id>.blob, V8's start-up snapshot of the program (`node
// --build-snapshot`, run by build.mjs), and what the blob runs when bin/mistral.js starts node with
// it. A snapshot holds the heap as the builder left it: the program evaluated, and the code V8
// compiled for every function the builder ran, so the builder also runs commands once: a
// workflow-list and a target execution-create (against a server of its own that never answers)
// and configuration-show in each list format. A command started from the blob does not compile or
// run the program's top level again, nor deserialise the code cache for what the warm-up ran:
// workflow-list against a local server took 55 ms of CPU against the code cache's 71 (README,
// Install).
//
// What the builder cannot do, and what follows from it:
// - require() a file (Node 20 allows only builtins): each file is evaluated here in a CommonJS
//   wrapper of its own (`load`);
// - WebAssembly is missing, so every warm-up request stops where undici compiles its llhttp parser
//   ("WebAssembly is not defined"; undici builds it on the next connection, so a command started
//   from the blob compiles it as every command does). A warm-up that fails any other way fails
//   the build: it would have warmed something else;
// - what the warm-up leaves in module-level state is in every later command. The program reads the
//   world only through the Io it is given (src/io.ts), and the warm-up's Io has no environment, no
//   home and writes nowhere; undici's connection pools belong to the sessions the commands closed.
//
// At run time the blob is trusted only for the files it was made from: dist files are checked by
// their identity (device, inode, size, modification and change times, as bin/code-cache.js checks
// its entries), bin's files by their text. A rebuilt, edited or moved program is started the way
// node starts bin/mistral.js without a blob, so a stale blob only costs time. Chunks the warm-up
// did not load come from the code cache (bin/code-cache.js), as without a blob.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const [distDir, binDir] = process.argv.slice(2).map((dir) => fs.realpathSync(dir));

/** Each file the builder evaluated: its module, and how to tell at run time that it is unchanged. */
const loaded = new Map();
/** How a module evaluated here requires a file it has not: `load` while building, Node's at run time. */
let requireMissing = load;

/** A module record of `filename` (what Module._cache holds), kept in `loaded` with its check. */
function record(filename, exports, check) {
  const module = { exports, filename, loaded: false, children: [], paths: [] };
  loaded.set(filename, { module, check });
  return module;
}

function evaluate(filename, requireFrom, check) {
  const module = record(filename, {}, check);
  // A #! line is a comment only at the start of a script; in the wrapper it becomes one.
  const source = fs.readFileSync(filename, 'utf8').replace(/^#!/, '//');
  const body = (0, eval)(`(function (exports, require, module, __filename, __dirname) {${source}\n})`);
  body.call(module.exports, module.exports, requireFrom, module, filename, path.dirname(filename));
  module.loaded = true;
  return module;
}

/** require() for dist files: a file beside it by `./name.js`, anything else is a builtin. */
function load(id) {
  if (!id.startsWith('./')) return require(id);
  const filename = path.join(distDir, id.slice(2));
  const done = loaded.get(filename);
  if (done) return done.module.exports;
  if (requireMissing !== load) return requireMissing(id);
  return evaluate(filename, load, { identity: identityOf(filename) }).exports;
}

/** dist/answers.json, read once (as require() reads a JSON file) and checked as the dist files are. */
function answers() {
  const filename = path.join(distDir, 'answers.json');
  if (!loaded.has(filename)) record(filename, JSON.parse(fs.readFileSync(filename, 'utf8')), { identity: identityOf(filename) }).loaded = true;
  return loaded.get(filename).module.exports;
}

/** A bin file, its require() limited to dist/answers.json and builtins. */
function evaluateBin(name) {
  const filename = path.join(binDir, name);
  const requireFromBin = (id) => (id === '../dist/answers.json' ? answers() : require(id));
  return evaluate(filename, requireFromBin, { text: fs.readFileSync(filename, 'utf8') }).exports;
}

const { useCodeCache, identityOf: identityOfStat } = evaluateBin('code-cache.js');
/** What a dist file is on disk, as bin/code-cache.js names it in its entries. */
const identityOf = (filename) => identityOfStat(fs.statSync(filename, { bigint: true }));
const { start } = evaluateBin('mistral.js');
const cli = load('./cli.js');
answers();

/** An Io that reaches nothing: no environment, no home, no input; stdout is dropped. */
function quietIo(writeStderr) {
  return { stdout: { write: () => true }, stderr: { write: writeStderr }, env: {}, cwd: '/', homeDir: '/nonexistent', now: () => new Date(0) };
}

/** The two warm-up commands, each against `url`'s server with an Io that reaches nothing. */
async function warmUp(url) {
  const target = ['--os-target-auth-url', `${url}/target/v3`, '--os-target-username', 'u', '--os-target-password', 'p', '--os-target-project-name', 'p', '--os-target-user-domain-name', 'Default', '--os-target-project-domain-name', 'Default'];
  const home = ['--os-auth-url', `${url}/v3`, '--os-username', 'u', '--os-password', 'p', '--os-project-name', 'p', '--os-user-domain-name', 'Default', '--os-project-domain-name', 'Default'];
  const commands = [
    ['workflow-list', '--os-mistral-url', `${url}/v2`],
    ['execution-create', 'wf', '{"x": 1}', ...home, ...target],
  ];
  // Rows are printed without the network by one command only: the settings' list, in each of its formats.
  for (const format of ['table', 'json', 'yaml', 'value', 'csv']) {
    const code = await cli.main(['configuration-show', '-f', format, ...home], quietIo(() => {}));
    if (code !== 0) throw new Error(`the warm-up of configuration-show -f ${format} failed (exit ${code})`);
  }
  for (const argv of commands) {
    let stderr = '';
    const code = await cli.main(argv, quietIo((text) => (stderr += text)));
    if (code === 0 || !stderr.includes('WebAssembly is not defined')) {
      throw new Error(`the warm-up of ${argv[0]} ended otherwise than at undici's parser (exit ${code}): ${stderr}`);
    }
  }
}

function realPath(file) {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** Whether every file the blob holds is still the one it was made from. */
function unchanged() {
  for (const [filename, { check }] of loaded) {
    try {
      if (check.identity !== undefined ? identityOf(filename) !== check.identity : fs.readFileSync(filename, 'utf8') !== check.text) return false;
    } catch {
      return false;
    }
  }
  return true;
}

// The warm-up's server takes connections and never answers; its sockets are closed after it. The
// snapshot is taken once nothing of the warm-up is left running: undici's clock (its "fast timers",
// lib/util/timers.js) ticks every 499 ms while a timer is pending and stops at the next tick once
// none is, so the builder waits for that tick before it ends.
const sockets = new Set();
const server = require('node:net').createServer((socket) => {
  sockets.add(socket);
  socket.on('error', () => {}).resume();
});
function closeServer() {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  server.close();
}
server.listen(0, '127.0.0.1', () => {
  warmUp(`http://127.0.0.1:${server.address().port}`).then(
    () => {
      closeServer();
      setTimeout(() => {
        // Besides this timer, and stderr's pipe or terminal (Node's warnings above opened it).
        const left = process.getActiveResourcesInfo().filter((name) => !/^(PipeWrap|TTYWrap)$/.test(name));
        left.splice(left.indexOf('Timeout'), 1);
        if (left.length > 0) fail(new Error(`the warm-up left ${left.join(', ')} running`));
      }, 600);
    },
    (error) => {
      closeServer();
      fail(error);
    },
  );
});

/** The builder's error (its stack, in a builder, is undefined): the build fails. */
function fail(error) {
  process.exitCode = 1;
  fs.writeSync(2, `${error instanceof Error ? error.message : error}\n`);
}

require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {
  const Module = require('node:module');
  // bin/mistral.js's own path, which the launcher passes first (node --snapshot-blob B -- BIN ...),
  // as typed (the launcher resolves only a symbolic link).
  // Absolute, as node makes the path of the script it runs.
  const bin = (process.argv[1] = path.resolve(process.argv[1]));
  if (path.dirname(realPath(bin)) !== binDir || !unchanged()) {
    Module.runMain(bin);
    return;
  }
  start(() => {
    for (const [filename, { module }] of loaded) if (filename.startsWith(distDir + path.sep)) Module._cache[filename] = module;
    // A chunk the blob does not hold comes from the code cache, set up when the first is required
    // (most commands need none: the cache's directory is not even looked at).
    requireMissing = (id) => {
      useCodeCache(distDir);
      requireMissing = Module.createRequire(path.join(distDir, 'cli.js'));
      return requireMissing(id);
    };
    return cli;
  });
});
