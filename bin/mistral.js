#!/usr/bin/env -S node --
// `--` ends node's own options: Node 20 reads `--env-file` anywhere on its command line, even after
// the script, so `mistral --env-file ci.env ...` would be taken by node (which exits 9 on a file it
// cannot find) instead of by mistral.
// The entry point. `mistral --version`, `help`, `--help`/`-h` and `bash-completion` print the text
// the build recorded from the tables (build/answers.mjs) before anything else is loaded; every
// other command line loads the program (dist/cli.js). This file is CommonJS (bin/package.json):
// node starts a CommonJS entry without setting up its ES module loader (`mistral --version` took
// 51 ms of CPU as an ES module, 42 as CommonJS; `node -e 0` takes 36).
'use strict';

/** A closed pipe (mistral ... | head) ends quietly, as cliff's 141. */
function endOnClosedPipe(error) {
  if (error.code === 'EPIPE') process.exit(141);
  throw error;
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

const argv = process.argv.slice(2);
const answers = argv.length === 1 ? require('../dist/answers.json') : {};
if (Object.hasOwn(answers, argv[0])) {
  print(answers[argv[0]]);
} else {
  process.stdout.on('error', endOnClosedPipe);
  // Two V8 settings for a process that lives about a second, made before the program loads:
  // - undici parses HTTP in WebAssembly (llhttp). V8 compiles it with its baseline compiler
  //   (Liftoff), then again in the background with TurboFan: 35 MB of peak memory and about 100 ms
  //   of CPU per command. Liftoff's code is fast enough for any answer Mistral gives.
  // - The young generation stays at its first size instead of doubling up to 16 MB semi-spaces: a
  //   command keeps what it allocates (a list's rows) to the end, which V8 reads as a reason to grow
  //   it, adding 10 to 13 MB to the peak of a 10,000-row list and saving no collection time.
  require('node:v8').setFlagsFromString('--liftoff-only --semi-space-growth-factor=1');
  // The program compiled from the code cache of an earlier run (bin/code-cache.js).
  require('./code-cache.js').useCodeCache(require('node:path').join(__dirname, '..', 'dist'));
  require('../dist/cli.js').run();
}
