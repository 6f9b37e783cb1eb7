#!/usr/bin/env -S node --max-semi-space-size=2
// The entry point. `mistral --version`, `help`, `--help`/`-h` and `bash-completion` print the text
// the build recorded from the tables (build/answers.mjs) before anything else is loaded; every
// other command line loads the program (dist/cli.js). This file is CommonJS (bin/package.json):
// node starts a CommonJS entry without setting up its ES module loader, a quarter of the time of
// `mistral --version` otherwise.
// The young generation is kept small (2 MB semi-spaces instead of up to 16): a command allocates its
// data once and keeps it to the end, so a large young generation only adds to the peak memory
// (10 MB for a 10,000-row list) while saving almost no collection time. V8 sizes it at start-up, hence
// the flag on the #! line (`node bin/mistral.js` runs with node's default).
'use strict';

// A closed pipe (mistral ... | head) ends quietly, as cliff's 141.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(141);
});

const argv = process.argv.slice(2);
const answers = argv.length === 1 ? require('../dist/answers.json') : {};
if (Object.hasOwn(answers, argv[0])) {
  process.stdout.write(answers[argv[0]]);
} else {
  // undici parses HTTP in WebAssembly (llhttp). V8 compiles it with its baseline compiler
  // (Liftoff), then again in the background with TurboFan: 35 MB of peak memory and tens of ms of
  // CPU for a process that lives a second. Liftoff's code is fast enough for any answer Mistral gives.
  require('node:v8').setFlagsFromString('--liftoff-only');
  import('../dist/cli.js').then((cli) => cli.run());
}
