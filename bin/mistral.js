#!/bin/sh
":" //; export MALLOC_ARENA_MAX=1 GLIBC_TUNABLES=glibc.malloc.hugetlb=1${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}; node=; set -f; IFS=:; for d in $PATH; do [ -f "${d:-.}/node" ] && [ -x "${d:-.}/node" ] && node=${d:-.}/node && break; done; unset IFS; set +f
":" //; [ -n "$node" ] || { echo "mistral: node: not found on PATH" >&2; exit 127; }
":" //; case $#:$1 in 1:--version | 1:-h | 1:--help | 1:help | 1:bash-completion) exec "$node" -- "$0" "$1" ;; esac
":" //; self=$0; [ ! -L "$0" ] || self=$(readlink -f -- "$0" 2>/dev/null) || self=$0; case $self in /*) ;; *) self=$PWD/$self ;; esac; blob=${self%/*/*}/dist/snapshot/node-$(stat -L -c %d-%i-%s-%Y-%Z -- "$node" 2>/dev/null).blob
":" //; if [ -f "$blob" ]; then exec "$node" --snapshot-blob "$blob" -- "$self" "$@"; fi; exec "$node" -- "$self" "$@"
// The lines above are both shell and JavaScript (a string, then a comment): run as a command, /bin/sh
// starts node with the program's start-up snapshot (bin/snapshot.js) when the build made one for
// this very node binary (named by its device, inode, size, modification and change times: a
// reinstalled or upgraded node has other ones), else with this file, as node runs it when started
// as `node bin/mistral.js`. A snapshot is for one node binary only, and node cannot fall back from
// a blob that is not its own (it crashes before any of the program runs), hence the check here.
// The command lines answered from dist/answers.json (build/answers.mjs ANSWERED) skip it: they
// load nothing of the program, and the blob's 6.6 MB cost them 15 ms to deserialise. The lines run
// as few processes as they can, each fork costing 0.5 to 2 ms of CPU: the shell looks up node in
// PATH itself (as `command -v`, without the subshell), resolves $0 with readlink only when it is a
// symbolic link (as npm installs `mistral`), and runs one `stat`. A relative $0 (`bin/mistral.js`
// in the checkout) is made absolute with $PWD first: `${self%/*/*}` of a path with one `/` is the
// path itself, and such a command ran without its blob.
// MALLOC_ARENA_MAX=1: one glibc malloc arena for all of the process's threads. Left to itself,
// glibc gives each thread that allocates an arena of its own, and V8's background threads
// (TurboFan's concurrent compiles, the GC's helpers) do: the memory their jobs free stays resident
// in those arenas instead of serving the main thread's next allocations. With one arena a
// 10,000-row table peaked 2.4 to 4.2 MB lower (69.4-70.0 to 65.5-67.0 MB), yaml 3.2 to 4.1 MB, the
// other lists 0.8 MB, for the same CPU and wall time (README, Speed). It is set here, before node
// starts, because glibc reads it when the process starts; a MALLOC_ARENA_MAX of the caller's is
// overridden, and `node bin/mistral.js` runs without it (the same output, only the peak differs).
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1: glibc asks the kernel for transparent huge pages
// (madvise MADV_HUGEPAGE) for the large blocks it maps: the start-up snapshot's 6.6 MB that node
// reads into memory, the 16 MB scrypt takes for a token cache's verifier (src/auth/verifiers.ts),
// a long list's answer. Each is touched once, page by page: in 4 KB pages that is thousands of
// page faults, and a third of a command's CPU time was the kernel's (a one-row command 22 of 59
// ms, one scrypt 17 of 70). In 2 MB pages: 3.5 ms less CPU on workflow-list and a target
// execution-create, 8.7 on one with a warm token cache, 3 to 10 on a 10,000-row list, for 0.4 to
// 0.8 MB more peak (README, Speed). Where the kernel's THP setting is `never` it changes nothing,
// and where it is `always` those blocks have huge pages already. Tunables the caller sets come
// after this one, and glibc takes the last of a name: GLIBC_TUNABLES=glibc.malloc.hugetlb=0 turns
// it off (a host short of free memory may compact it to find a huge page: README, Install).
// `--` ends node's own options: Node 20 reads `--env-file` anywhere on its command line, even after
// the script, up to the first `--` (src/node_dotenv.cc GetPathFromArgs), and runs the NODE_OPTIONS
// such a file sets (`--require x.js`) before this file starts. So `mistral --env-file ci.env` is
// safe only through these lines or `node -- bin/mistral.js`; refuseEnvFileTakenByNode below catches
// the other ways. mistral's own spelling is --os-env-file, which Node does not know.
// The entry point. `mistral --version`, `help`, `--help`/`-h` and `bash-completion` print the text
// the build recorded from the tables (build/answers.mjs) before anything else is loaded; every
// other command line loads the program (dist/cli.js). This file is CommonJS (bin/package.json):
// node starts a CommonJS entry without setting up its ES module loader (`mistral --version` took
// 51 ms of CPU as an ES module, 42 as CommonJS; `node -e 0` takes 36).
'use strict';

/** One line on stderr and the exit code, without setting up process.stderr. */
function fail(line, code) {
  try {
    require('node:fs').writeSync(2, `mistral: ${line}\n`);
  } catch {
    // stderr is gone too: the exit code says it.
  }
  process.exit(code);
}

/**
 * A closed pipe (mistral ... | head) ends quietly, as cliff's 141; any other failure to write (a
 * full disk: >/dev/full) is one line and exit 1 instead of a stack trace.
 */
function endOnClosedPipe(error) {
  if (error.code === 'EPIPE') process.exit(141);
  // libuv's text, as strerror has it: ENOSPC → "No space left on device".
  const text = require('node:util').getSystemErrorMap().get(error.errno)?.[1] ?? error.message;
  fail(`cannot write to standard output: ${text.charAt(0).toUpperCase()}${text.slice(1)}`, 1);
}

const ENV_FILE_OPTION = /^--env-file(-if-exists)?(=|$)/;

/**
 * `node bin/mistral.js --env-file F` (or an `npx` that runs it so): Node took F for its own env file
 * before this file started, which the program cannot undo (a NODE_OPTIONS in F has already run).
 * Node's own command line (/proc/self/cmdline; process.argv has lost the `--`) tells whether Node
 * saw the option before a `--`, as Node looks for it. Where there is no /proc, nothing is refused.
 */
function refuseEnvFileTakenByNode(argv) {
  if (!argv.some((arg) => ENV_FILE_OPTION.test(arg))) return;
  let nodeArgv;
  try {
    nodeArgv = require('node:fs').readFileSync('/proc/self/cmdline', 'utf8').split('\0').slice(1, -1);
  } catch {
    return;
  }
  const end = nodeArgv.indexOf('--');
  // Node's options before the script (process.execArgv) were meant for Node: only the rest counts.
  const scanned = (end < 0 ? nodeArgv : nodeArgv.slice(0, end)).slice(process.execArgv.length);
  const taken = scanned.findIndex((arg) => ENV_FILE_OPTION.test(arg));
  if (taken < 0) return;
  const option = scanned[taken].includes('=') ? scanned[taken] : `${scanned[taken]} ${scanned[taken + 1] ?? ''}`;
  fail(
    `error: node read '${option}' as its own option before mistral started (Node 20 looks for it anywhere before a '--', and runs a NODE_OPTIONS the file sets); ` +
      "use --os-env-file, or start mistral as 'mistral ...' or 'node -- bin/mistral.js ...'",
    2,
  );
}

/**
 * Writes to stdout without setting up process.stdout (3 to 5 ms, a tenth of the whole run): a
 * blocking write of every byte. A stdout that is non-blocking and full gets the rest through
 * process.stdout, which waits for it.
 */
function print(text) {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += require('node:fs').writeSync(1, bytes, written);
  } catch (error) {
    if (error.code !== 'EAGAIN') endOnClosedPipe(error);
    process.stdout.on('error', endOnClosedPipe).write(bytes.subarray(written));
  }
}

/**
 * Runs the command line: an answer of the build's, or the program `program()` returns (dist/cli.js,
 * loaded here through the code cache, or the snapshot's own: bin/snapshot.js).
 */
function start(program) {
  const argv = process.argv.slice(2);
  refuseEnvFileTakenByNode(argv);
  const answers = argv.length === 1 ? require('../dist/answers.json') : {};
  if (Object.hasOwn(answers, argv[0])) {
    print(answers[argv[0]]);
    return;
  }
  process.stdout.on('error', endOnClosedPipe);
  // Two V8 settings for a process that lives about a second, made before the program loads:
  // - undici parses HTTP in WebAssembly (llhttp). V8 compiles it with its baseline compiler
  //   (Liftoff), then again in the background with TurboFan: 35 MB of peak memory and about 100 ms
  //   of CPU per command. Liftoff's code is fast enough for any answer Mistral gives.
  // - The young generation stays at its first size instead of doubling up to 16 MB semi-spaces: a
  //   command keeps what it allocates (a list's rows) to the end, which V8 reads as a reason to grow
  //   it, adding 10 to 13 MB to the peak of a 10,000-row list and saving no collection time.
  // - TurboFan does not inline: the few functions hot enough to reach it in a process this short
  //   (a list's row loop, the JSON and YAML writers) run in it only briefly, while inlining grows
  //   each background compile and its zone memory. Measured on 10,000-row lists: 15-20% less CPU,
  //   4-5 MB less peak memory, the same or less wall time (README, Speed).
  require('node:v8').setFlagsFromString('--liftoff-only --semi-space-growth-factor=1 --no-turbo-inlining');
  program().run();
}

// Run by node as its script (with or without the launcher above), or evaluated by bin/snapshot.js,
// which takes start() into the snapshot.
if (require.main === module) {
  start(() => {
    // The program compiled from the code cache of an earlier run (bin/code-cache.js).
    require('./code-cache.js').useCodeCache(require('node:path').join(__dirname, '..', 'dist'));
    return require('../dist/cli.js');
  });
} else {
  module.exports = { start };
}
