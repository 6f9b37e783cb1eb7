#!/usr/bin/env node
// Speed and memory of this client against python-mistralclient 4.5.0 and against the floor, in one
// run on one machine and stack, written to bench/RESULTS.md with the machine's facts:
// - start-up: --version, help, bash-completion; the floor is `node -e 0`;
// - authenticated commands on the real stack: workflow-list, and execution-create with a target
//   cloud, uncached and (when the build has it) with --os-cache; the floor is curl sending the same
//   requests (the token requests in parallel, as both clients do);
// - execution-list --limit -1 of 10,000 executions in every list format: the rows are seeded into
//   the stack's Mistral database, Mistral's answer is recorded once and served by a local server to
//   both clients (unauthenticated, --os-mistral-url), so the numbers are the clients' own; both
//   outputs must be identical; the floor is curl fetching the same answer.
// Each client runs as installed (bin/mistral.js as a command, through its launcher lines; /usr/bin/mistral), the cases
// of a group interleaved round after round; wall time, CPU time (user+sys) and peak RSS of each run
// come from wait4 (bench/rusage.py). Medians with the middle half (p25-p75).
// Usage, inside the private namespace the stack runs in (see README, Tests):
//   node bench/compare.mjs [--rounds 15] [--list-rounds 5] [--fan-out-rounds 7] [--baseline DIR --baseline-label NAME] [--only GROUPS] [--output FILE]
// --baseline: a built checkout of an earlier version, measured alongside as "before".
// - fan-out: one execution-create to 1, 4, 8 and 16 target clouds (clouds.yaml entries over Keystone B,
//   one project each, made by the bench), without and with a warm token cache; this client and the
//   baseline (python-mistralclient takes one target).
// --only startup,auth,cached,fanout,list: run some groups and print them; bench/RESULTS.md is written
// only by a full run. --output FILE: write the run's results there instead (any groups), as
// bench/RESULTS-keystone-cost.md holds the fan-out on a Keystone at its own bcrypt cost.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { snapshotBlobName } from '../build/snapshot-name.mjs';

const repo = resolve(import.meta.dirname, '..');
const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    'list-rounds': { type: 'string', default: '5' },
    'fan-out-rounds': { type: 'string', default: '7' },
    baseline: { type: 'string' },
    'baseline-label': { type: 'string', default: 'before' },
    only: { type: 'string' },
    output: { type: 'string' },
  },
});
// "ours" runs as installed, through its start-up snapshot (README, Install), only when the build
// made a blob for this very node binary, named as the launcher lines of bin/mistral.js name it. A
// node whose change time moved since the build (a chmod; `perf record` hard-links every binary it
// profiled into its build-id cache) gets none, and the bench would measure the code cache alone.
const blob = join(repo, 'dist', 'snapshot', snapshotBlobName(process.execPath));
if (!existsSync(blob)) {
  console.error(`bench: no start-up snapshot for this node (${blob}): run npm run build first`);
  process.exit(1);
}

const ROUNDS = Number(opts.rounds);
const LIST_ROUNDS = Number(opts['list-rounds']);
const ALL_GROUPS = ['startup', 'auth', 'cached', 'fanout', 'list'];
const GROUPS = opts.only ? opts.only.split(',') : ALL_GROUPS;
const stackDir = process.env.STACK_DIR ?? join(repo, '.stack');
const stack = JSON.parse(readFileSync(join(stackDir, 'stack.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'mistral-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// --- clients and environments ---------------------------------------------------------------------

function openrc(...files) {
  const env = {};
  for (const file of files) {
    for (const line of readFileSync(join(stackDir, file), 'utf8').split('\n')) {
      const m = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) env[m[1]] = m[2];
    }
  }
  return env;
}

// No clouds.yaml, no caches of the person running the bench; `node` on PATH is this node.
const base = { PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: join(work, 'home'), LANG: 'C.UTF-8' };
const home = { ...base, ...openrc('openrc-a.sh') };
// python-mistralclient reads only the OS_TARGET_* spelling; this client reads it too.
const target = { ...home, ...openrc('target-b-legacy.sh') };
const cached = { ...target, OS_CACHE: '1', XDG_CACHE_HOME: join(work, 'cache') };

const clients = {
  ours: (args) => [join(repo, 'bin/mistral.js'), ...args],
  python: (args) => ['/usr/bin/mistral', ...args],
  ...(opts.baseline ? { [opts['baseline-label']]: (args) => [join(resolve(opts.baseline), 'bin/mistral.js'), ...args] } : {}),
};

function run(argv, env, input) {
  const r = spawnSync(argv[0], argv.slice(1), { env, input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** run() without blocking this process, which may be serving the command's answer. */
function runAsync(argv, env) {
  return new Promise((done, fail) => {
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(Buffer.concat(out)) : fail(new Error(`${argv.join(' ')} failed (${code}): ${err}`))));
  });
}

// --- measuring -----------------------------------------------------------------------------------

/**
 * Runs the cases interleaved for `rounds` rounds (asynchronously: the local server keeps answering);
 * with `watch` (process ids), each run also reports those processes' CPU time during it.
 */
function measure(cases, rounds, watch = []) {
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/python3', [join(repo, 'bench/rusage.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`rusage.py exited ${code}`));
      const samples = JSON.parse(out);
      for (const [id, runs] of Object.entries(samples)) {
        const failed = runs.find((r) => r.status !== 0);
        if (failed) return fail(new Error(`${id} failed (${failed.status}): ${failed.stderr}`));
      }
      done(samples);
    });
    child.stdin.end(JSON.stringify({ rounds, cases, watch }));
  });
}

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

function summary(runs) {
  const of = (f) => {
    const xs = runs.map(f).sort((a, b) => a - b);
    return { median: quantile(xs, 0.5), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75) };
  };
  return { wall: of((r) => r.wall_ms), cpu: of((r) => r.user_ms + r.sys_ms), rss: of((r) => r.maxrss_kb / 1024), servers: of((r) => r.watched_cpu_ms ?? 0), n: runs.length };
}

const ms = (s) => `${s.median.toFixed(0)} (${s.p25.toFixed(0)}–${s.p75.toFixed(0)})`;
const mb = (s) => `${s.median.toFixed(1)} (${s.p25.toFixed(1)}–${s.p75.toFixed(1)})`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

const sections = [];
/** Every measured row, for the summary. */
const measured = [];
const log = (line) => console.error(line);

/**
 * One table: a row per case and client, with the ratios that matter: each client's wall time
 * against the floor's, and python's against ours (above 1: this client is faster).
 */
function table(title, intro, rows) {
  const lines = [`## ${title}`, '', ...intro, '', '| command | client | wall ms | CPU ms (user+sys) | peak RSS MB | ÷ floor | python ÷ ours |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const vsFloor = row.floor && row.client !== 'floor' ? ratio(row.s.wall.median, row.floor.wall.median) : '';
    const vsPython = row.python && row.client === 'ours' ? ratio(row.python.wall.median, row.s.wall.median) : '';
    lines.push(`| ${row.name} | ${row.client} | ${ms(row.s.wall)} | ${ms(row.s.cpu)} | ${mb(row.s.rss)} | ${vsFloor} | ${vsPython} |`);
  }
  sections.push([...lines, ''].join('\n'));
  measured.push(...rows);
  console.log(sections.at(-1));
}

/** The summary figures (start-up, authenticated commands, the 10,000-row list), read from the tables. */
function keyFigures() {
  const get = (name, client) => measured.find((r) => r.name === name && r.client === client)?.s;
  const range = (xs, digits = 2) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  const lines = ['## Summary', ''];
  const starts = measured.filter((r) => r.name.startsWith('mistral ') && r.client === 'ours');
  if (starts.length) {
    lines.push(`- Start-up (\`--version\`, \`help\`, \`bash-completion\`): ${range(starts.map((r) => r.s.wall.median), 0)} ms, ${range(starts.map((r) => r.s.wall.median / r.floor.wall.median))}x \`node -e 0\`; python-mistralclient ${range(starts.map((r) => r.python.wall.median / r.s.wall.median), 1)}x slower.`);
  }
  for (const r of measured.filter((row) => row.client === 'ours' && !row.name.startsWith('mistral ') && !row.name.startsWith('execution-list'))) {
    const before = get(r.name, opts['baseline-label']);
    const noSnapshot = get(r.name, NO_SNAPSHOT);
    const verifiers = get(r.name, VERIFIER_ONLY);
    const cold = get(r.name, COLD_CACHE);
    const others = [
      before && `${opts['baseline-label']}: ${before.cpu.median.toFixed(0)}`,
      noSnapshot && `without the snapshot: ${noSnapshot.cpu.median.toFixed(0)}`,
      verifiers && `one scrypt verifier alone, node's start-up included: ${verifiers.cpu.median.toFixed(0)}`,
      cold && `the first run, with an empty cache: ${cold.cpu.median.toFixed(0)}`,
    ].filter(Boolean);
    const cpu = `client CPU ${r.s.cpu.median.toFixed(0)} ms${others.length ? ` (${others.join('; ')})` : ''}${before ? `, ${(r.s.cpu.median / before.cpu.median).toFixed(2)}x ${opts['baseline-label']}'s` : ''}, python ${r.python.cpu.median.toFixed(0)}`;
    const rss = `peak RSS ${r.s.rss.median.toFixed(0)} MB${before ? ` (${before.rss.median.toFixed(0)})` : ''}, python ${r.python.rss.median.toFixed(0)}`;
    lines.push(`- ${r.name}: ${r.s.wall.median.toFixed(0)} ms, python ${(r.python.wall.median / r.s.wall.median).toFixed(2)}x slower, ${(r.s.wall.median / r.floor.wall.median).toFixed(2)}x the floor; ${cpu}; ${rss}.`);
  }
  for (const cache of ['cold', 'warm']) {
    const at16 = fanOutFigures.find((f) => f.cache === cache && f.n === 16 && f.client === 'ours');
    const before = fanOutFigures.find((f) => f.cache === cache && f.n === 16 && f.client !== 'ours');
    if (at16) {
      const earlier = before ? ` (${opts['baseline-label']}: ${before.s.wall.median.toFixed(0)} ms, ${(before.s.wall.median / before.one.wall.median).toFixed(2)}x its one target's; servers' CPU ${before.s.servers.median.toFixed(0)} ms)` : '';
      lines.push(`- execution-create on 16 target clouds${cache === 'warm' ? ', warm token cache' : ''}: ${at16.s.wall.median.toFixed(0)} ms, ${(at16.s.wall.median / at16.one.wall.median).toFixed(2)}x one target's ${at16.one.wall.median.toFixed(0)}; peak RSS ${at16.s.rss.median.toFixed(0)} MB, ${(at16.s.rss.median / at16.one.rss.median).toFixed(2)}x one's; client CPU ${at16.s.cpu.median.toFixed(0)} ms (one: ${at16.one.cpu.median.toFixed(0)}); the servers' CPU ${at16.s.servers.median.toFixed(0)} ms (one: ${at16.one.servers.median.toFixed(0)}), so on ${cpus().length} cores at least ${((at16.s.cpu.median + at16.s.servers.median) / cpus().length).toFixed(0)} ms${earlier}.`);
    }
  }
  const lists = measured.filter((r) => r.name.startsWith('execution-list') && r.client === 'ours');
  if (lists.length) {
    lines.push(
      `- 10,000-row lists: python-mistralclient ${range(lists.map((r) => r.python.wall.median / r.s.wall.median))}x slower; peak RSS ${lists.map((r) => `${r.name.split(' ').at(-1)} ${r.s.rss.median.toFixed(0)} MB against ${r.python.rss.median.toFixed(0)}`).join(', ')}.`,
    );
    const bounds = lists.map((r) => ({ format: r.name.split(' ').at(-1), bound: get(r.name, LIST_BOUND), one: get(r.name, ONE_ROW), python: r.python }));
    if (bounds.every((b) => b.bound && b.one)) {
      lines.push(
        `- The same lists by the least node program (${LIST_BOUND}): python ${range(bounds.map((b) => b.python.wall.median / b.bound.wall.median))}x slower (${bounds.map((b) => `${b.format} ${b.bound.wall.median.toFixed(0)} ms`).join(', ')}); this client on one row: ${range(bounds.map((b) => b.one.wall.median), 0)} ms.`,
      );
    }
  }
  return [...lines, ''].join('\n');
}

/**
 * Measures each command ({name, args, env, floor}) with every client and its floor, interleaved;
 * returns the table rows.
 */
async function compare(commands, rounds, variants = {}) {
  const cases = [];
  for (const { name, args, env, floor } of commands) {
    for (const [client, argv] of Object.entries(clients)) cases.push({ id: `${name}\t${client}`, argv: argv(args), env });
    for (const [client, variant] of Object.entries(variants)) cases.push({ id: `${name}\t${client}`, ...variant(args, env) });
    cases.push({ id: `${name}\tfloor`, argv: floor, env });
  }
  const samples = await measure(cases, rounds);
  const rows = [];
  for (const { name } of commands) {
    const get = (client) => (samples[`${name}\t${client}`] ? summary(samples[`${name}\t${client}`]) : undefined);
    const floorStats = get('floor');
    for (const client of [...Object.keys(clients), ...Object.keys(variants), 'floor']) {
      const s = get(client);
      if (s) rows.push({ name, client, s, floor: floorStats, python: get('python') });
    }
  }
  return rows;
}

// --- the stack: a workflow to run, tokens and the floor's scripts ------------------------------------

const A = stack.clouds.a.auth_url;
const B = stack.clouds.b.auth_url;
const MISTRAL = stack.mistral.url;
const demo = stack.clouds.a.users.demo;
const tenantb = stack.clouds.b.users.tenantb;

function passwordAuth(user, domain = 'Default') {
  return JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: user.name, domain: { name: domain }, password: user.password } } }, scope: { project: { name: user.project, domain: { name: domain } } } } });
}
writeFileSync(join(work, 'auth-a.json'), passwordAuth(demo));
writeFileSync(join(work, 'auth-b.json'), passwordAuth(tenantb));

async function token(authUrl, file) {
  const res = await fetch(`${authUrl}/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: readFileSync(join(work, file), 'utf8') });
  if (res.status !== 201) throw new Error(`token from ${authUrl}: HTTP ${res.status}`);
  return res.headers.get('x-subject-token');
}

function script(name, body) {
  const file = join(work, name);
  writeFileSync(file, `#!/bin/bash\nset -euo pipefail\nD=${work}\n${body}\n`);
  chmodSync(file, 0o755);
  return [file];
}

const SUBJECT_TOKEN = "tr -d '\\r' | sed -n 's/^x-subject-token: //Ip'";
const JSON_POST = "-H 'Content-Type: application/json' -H 'Accept: application/json'";
const WORKFLOW_FIELDS = 'id%2Cname%2Cnamespace%2Cproject_id%2Ctags%2Cinput%2Cscope%2Ccreated_at%2Cupdated_at';
const EXECUTION_FIELDS = 'id,workflow_id,workflow_name,workflow_namespace,description,task_execution_id,root_execution_id,state,state_info,created_at,updated_at';
const targetHeaders = (a, b) =>
  `-H "X-Auth-Token: ${a}" -H 'X-Region-Name: RegionOne' -H "X-Target-Auth-Token: ${b}" -H 'X-Target-Auth-Uri: ${B}/' -H 'X-Target-Project-Id: ${tenantb.project_id}' -H 'X-Target-User-Id: ${tenantb.id}' -H 'X-Target-Region-Name: RegionTwo' -H 'X-Target-User-Domain-Name: Default' -H 'X-Target-Project-Domain-Name: Default'`;
const CREATE_BODY = `-d '{"description": "", "workflow_name": "bench_noop"}'`;

const floorWorkflowList = script(
  'floor-workflow-list.sh',
  `t=$(curl -sf -D - -o /dev/null ${JSON_POST} --data-binary @$D/auth-a.json ${A}/auth/tokens | ${SUBJECT_TOKEN})
curl -sf -o /dev/null -H "X-Auth-Token: $t" -H 'X-Region-Name: RegionOne' '${MISTRAL}/workflows?sort_keys=created_at&sort_dirs=asc&fields=${WORKFLOW_FIELDS}'`,
);
const floorExecutionCreate = script(
  'floor-execution-create.sh',
  `h=$(mktemp -d)
curl -sf --parallel -D $h/a -o /dev/null ${JSON_POST} --data-binary @$D/auth-a.json ${A}/auth/tokens --next -sf -D $h/b -o /dev/null ${JSON_POST} --data-binary @$D/auth-b.json ${B}/auth/tokens
a=$(<$h/a ${SUBJECT_TOKEN}); b=$(<$h/b ${SUBJECT_TOKEN}); rm -r $h
curl -sf -o /dev/null ${targetHeaders('$a', '$b')} -H 'Content-Type: application/json' ${CREATE_BODY} ${MISTRAL}/executions`,
);

/** The public no-op workflow the execution-create cases run (made once, by admin@A). */
function ensureWorkflow() {
  const admin = { ...base, ...openrc('openrc-a-admin.sh') };
  const [file, ...args] = clients.ours(['workflow-get', 'bench_noop']);
  if (spawnSync(file, args, { env: admin }).status === 0) return;
  writeFileSync(join(work, 'bench_noop.yaml'), '---\nversion: "2.0"\nbench_noop:\n  tasks:\n    t1:\n      action: std.noop\n');
  run(clients.ours(['workflow-create', join(work, 'bench_noop.yaml'), '--public']), admin);
}

// --- 10,000 executions ------------------------------------------------------------------------------

const LIST_SIZE = 10_000;

/** A statement on Mistral's database while Mistral runs: wait for its writes (up to 30 s) rather than fail. */
function sql(statement) {
  return run(['sqlite3', '-cmd', '.timeout 30000', join(stackDir, 'mistral/mistral.db'), statement], base).trim();
}

/**
 * Seeds demo@A's project up to LIST_SIZE executions: copies of one real execution of bench_noop
 * (the engine's own row, so every column is what Mistral writes), each with a new id and start
 * time, a duration of 0 s to 9:59, every 7th one failed with a two-line state info and every 3rd
 * one with a description, so every column and the list formatters' quoting and cutting are used.
 */
function seedExecutions() {
  const project = demo.project_id;
  const count = () => Number(sql(`SELECT count(*) FROM workflow_executions_v2 WHERE project_id = '${project}'`));
  if (count() === 0) {
    ensureWorkflow();
    run(clients.ours(['execution-create', 'bench_noop']), home);
    spawnSync('sleep', ['3']);
  }
  const missing = LIST_SIZE - count();
  if (missing > 0) {
    sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${missing}),
      src AS (SELECT * FROM workflow_executions_v2 WHERE project_id = '${project}' AND workflow_name = 'bench_noop' AND state = 'SUCCESS' ORDER BY created_at DESC LIMIT 1)
      INSERT INTO workflow_executions_v2 (created_at, updated_at, scope, project_id, id, name, description, workflow_name, workflow_namespace, workflow_id, state, state_info, tags, runtime_context, spec, accepted, input, output, params, context, task_execution_id, root_execution_id)
      SELECT strftime('%Y-%m-%d %H:%M:%S', src.created_at, printf('-%d seconds', n.i * 37)) || '.000000',
             strftime('%Y-%m-%d %H:%M:%S', src.created_at, printf('-%d seconds', n.i * 37 - n.i % 600)) || '.000000',
             scope, project_id,
             lower(printf('%s-%s-4%s-a%s-%s', hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2), substr(hex(randomblob(2)), 2), hex(randomblob(6)))),
             name, CASE WHEN n.i % 3 = 0 THEN printf('nightly run #%d', n.i) ELSE description END,
             workflow_name, workflow_namespace, workflow_id,
             CASE WHEN n.i % 7 = 0 THEN 'ERROR' ELSE state END,
             CASE WHEN n.i % 7 = 0 THEN printf('Failure caused by error in tasks: t1%s  t1 [task_ex_id=%d] -> boom', char(10, 10), n.i) ELSE state_info END,
             tags, runtime_context, spec, accepted, input, output, params, context, task_execution_id, root_execution_id
      FROM n, src`);
  }
  return count();
}

/** Mistral's own answer to the list request both clients send (newest first; they reverse it). */
async function recordExecutions() {
  const t = await token(A, 'auth-a.json');
  const path = `/v2/executions?sort_keys=created_at&sort_dirs=desc&fields=${encodeURIComponent(EXECUTION_FIELDS)}`;
  const res = await fetch(`${new URL(MISTRAL).origin}${path}`, { headers: { 'X-Auth-Token': t } });
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return { path, token: t, body: Buffer.from(await res.arrayBuffer()) };
}

/** Serves the recorded answer to whoever asks for the same path, and remembers what was asked. */
function serve(recorded) {
  const asked = new Set();
  const server = createServer((req, res) => {
    asked.add(req.url);
    if (req.url === recorded.path) res.writeHead(200, { 'Content-Type': 'application/json' }).end(recorded.body);
    else res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"faultstring": "not recorded"}');
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready({ url: `http://127.0.0.1:${server.address().port}`, asked, close: () => server.close() })));
}

// --- the groups -------------------------------------------------------------------------------------

async function startup() {
  const floor = [process.execPath, '-e', '0'];
  const rows = await compare(
    ['--version', 'help', 'bash-completion'].map((arg) => ({ name: `mistral ${arg}`, args: [arg], env: base, floor })),
    ROUNDS * 3,
  );
  table('Start-up', ['No network, no settings. Floor: `node -e 0`.'], rows);
}

const NO_SNAPSHOT = 'ours, no snapshot';

// What the launcher lines of bin/mistral.js set before node starts, for the rows that start node
// without them: one malloc arena and glibc's huge pages for malloc (the comments there).
const LAUNCHER_MALLOC = { MALLOC_ARENA_MAX: '1', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' };

async function auth() {
  ensureWorkflow();
  const rows = await compare(
    [
      { name: 'workflow-list (auth at A, URL from the catalog)', args: ['workflow-list'], env: home, floor: floorWorkflowList },
      { name: 'execution-create bench_noop with target B (auth at A and B)', args: ['execution-create', 'bench_noop'], env: target, floor: floorExecutionCreate },
    ],
    ROUNDS,
    // What the start-up snapshot saves: the same build started as `node -- bin/mistral.js` (the bin's
    // JavaScript alone, the program from the code cache), with the launcher's malloc settings.
    { [NO_SNAPSHOT]: (args, env) => ({ argv: [process.execPath, '--', ...clients.ours(args)], env: { ...env, ...LAUNCHER_MALLOC } }) },
  );
  table(
    'Authenticated commands on the real stack',
    [
      'Keystone A and B and Mistral 15 of stack/ (Debian 12 packages) on 127.0.0.1. Floor: curl sending the same requests (bash + curl; for the target the two token requests in one `curl --parallel`).',
      'Wall time includes the servers; CPU time and memory are the client process\'s own.',
      `"ours" runs as installed: the launcher lines of bin/mistral.js start node with the build's start-up snapshot (README, Install), chunks it does not hold come from the code cache filled by the bench's first run; "${NO_SNAPSHOT}" is the same build started as \`node -- bin/mistral.js\`, the whole program from the code cache.`,
    ],
    rows,
  );
}

const VERIFIER_ONLY = 'one scrypt verifier alone';
const COLD_CACHE = 'ours, empty cache';
const ONE_ROW = 'ours, one row';
const LIST_BOUND = 'node, parse and print only';
// src/auth/verifiers.ts's SCRYPT and VERIFIER_BYTES: the one derivation of a warm run (the joint record's).
const ONE_VERIFIER = "require('node:crypto').scrypt('a', Buffer.alloc(16), 32, { N: 16384, r: 8, p: 1 }, (e) => { if (e) throw e; });";

async function cachedCreate() {
  ensureWorkflow();
  /** The requests a client's execution-create makes with OS_CACHE=1 after one run that filled the cache. */
  const warmRequests = (client) => {
    run(client(['execution-create', 'bench_noop']), cached);
    const argv = client(['--debug', 'execution-create', 'bench_noop']);
    return spawnSync(argv[0], argv.slice(1), { env: cached, encoding: 'utf8' }).stderr.split('\n').filter((l) => /^DEBUG REQ: /.test(l)).length;
  };
  const requests = warmRequests(clients.ours);
  const baselineCached = opts.baseline && warmRequests(clients[opts['baseline-label']]) === 1;
  const title = 'Target execution-create with a warm token cache (--os-cache)';
  if (requests !== 1) {
    const note = `Not measured: with OS_CACHE=1 and a warm cache this build made ${requests} requests instead of 1 (the token cache is not in this build).`;
    sections.push(`## ${title}\n\n${note}\n`);
    console.log(note);
    return;
  }
  const [a, b] = await Promise.all([token(A, 'auth-a.json'), token(B, 'auth-b.json')]);
  const floor = script('floor-cached.sh', `curl -sf -o /dev/null ${targetHeaders(a, b)} -H 'Content-Type: application/json' ${CREATE_BODY} ${MISTRAL}/executions`);
  const rows = await compare([{ name: 'execution-create bench_noop with target B, warm token cache', args: ['execution-create', 'bench_noop'], env: cached, floor }], ROUNDS, {
    [VERIFIER_ONLY]: (_args, env) => ({ argv: [process.execPath, '-e', ONE_VERIFIER], env: { ...env, ...LAUNCHER_MALLOC } }),
    // The run that fills the cache: its directory removed first (rm's ~1 ms is in the figures).
    [COLD_CACHE]: (args, env) => ({ argv: ['/bin/sh', '-c', 'rm -rf "$0" && exec "$@"', join(work, 'cold-cache'), ...clients.ours(args)], env: { ...env, XDG_CACHE_HOME: join(work, 'cold-cache') } }),
  });
  table(
    title,
    [
      `This client with OS_CACHE=1 after one run that filled the cache: one request${baselineCached ? `, as ${opts['baseline-label']}` : ''}. python-mistralclient${opts.baseline && !baselineCached ? ` and ${opts['baseline-label']}` : ''} ${opts.baseline && !baselineCached ? 'have' : 'has'} no token cache (authenticate${opts.baseline && !baselineCached ? '' : 's'} at A and B every time). Floor: one curl POST with both tokens.`,
      'A cached token is used only for the password it was got with (README, Token cache): each file holds a scrypt verifier (N=16384, r=8: 16 MB), and a run of two credentials, as here, checks both with one derivation of their joint record, which is where the extra 14 MB of peak memory and most of the CPU time go.',
      `"${VERIFIER_ONLY}": a node process that only derives one such verifier (\`node -e\` with node:crypto's scrypt and the parameters of src/auth/verifiers.ts, the launcher's malloc settings), the part of the client's CPU time the cache's design costs. "${COLD_CACHE}": this client's run that fills the cache (two logins, both files' verifiers and the joint record's: three derivations), its directory removed before each run.`,
    ],
    rows,
  );
}

async function list() {
  const total = seedExecutions();
  const recorded = await recordExecutions();
  const served = JSON.parse(recorded.body).executions.length;
  // How long the real Mistral takes to answer it (not part of the comparison below).
  const realSamples = await measure([{ id: 'real', argv: ['curl', '-sf', '-o', '/dev/null', '-H', `X-Auth-Token: ${recorded.token}`, `${new URL(MISTRAL).origin}${recorded.path}`], env: base }], 3);
  const server = await serve(recorded);
  const env = { ...base, OS_MISTRAL_URL: `${server.url}/v2` };
  const formats = ['table', 'json', 'yaml', 'value', 'csv'];
  // Both clients print the same bytes, or there is nothing to compare.
  for (const format of formats) {
    const args = ['execution-list', '--limit', '-1', '-f', format];
    const [ours, python] = await Promise.all([runAsync(clients.ours(args), env), runAsync(clients.python(args), env)]);
    if (!ours.equals(python)) throw new Error(`execution-list -f ${format}: the outputs differ (ours ${ours.length} bytes, python ${python.length})`);
  }
  if (server.asked.size !== 1) throw new Error(`the clients asked for different lists: ${[...server.asked].join(', ')}`);
  // What is not the rows' own: the same command on an answer of one of the executions.
  const first = JSON.parse(recorded.body).executions[0];
  const oneRow = await serve({ path: recorded.path, body: JSON.stringify({ executions: [first] }) });
  const floor = ['curl', '-sf', '-o', '/dev/null', `${server.url}${recorded.path}`];
  const rows = await compare(
    formats.map((format) => ({ name: `execution-list --limit -1 -f ${format}`, args: ['execution-list', '--limit', '-1', '-f', format], env, floor })),
    LIST_ROUNDS,
    {
      [ONE_ROW]: (args) => ({ argv: clients.ours(args), env: { ...env, OS_MISTRAL_URL: `${oneRow.url}/v2` } }),
      [LIST_BOUND]: (args) => ({ argv: [process.execPath, join(repo, 'bench/list-bound.mjs'), args.at(-1), `${server.url}${recorded.path}`], env }),
    },
  );
  server.close();
  oneRow.close();
  table(
    `execution-list --limit -1 of ${served.toLocaleString('en')} executions`,
    [
      `${total.toLocaleString('en')} executions of demo@A seeded in the stack's Mistral database (copies of one real execution with new ids, times, states, state info and descriptions); Mistral's answer (${(recorded.body.length / 1e6).toFixed(1)} MB of JSON, ${ms(summary(realSamples.real).wall)} ms for Mistral itself to produce it) recorded once and served by a local HTTP server to both clients, unauthenticated (\`--os-mistral-url\`), so the times are the clients' own.`,
      'In every format both clients printed the same bytes (checked before measuring). Floor: curl fetching the same answer.',
      `"${ONE_ROW}": this client, the same command on an answer of one of the executions (start-up, the request, one row). "${LIST_BOUND}": bench/list-bound.mjs, the least a node program does for the same answer (one GET with node:http, \`JSON.parse\` of the whole answer, each item's values printed in the plainest form of the format, a table's and yaml's as value's; no columns, Duration, checks or settings), a bound on any node client's time here.`,
    ],
    rows,
  );
}

// --- fan-out ---------------------------------------------------------------------------------------

const FAN_OUT = [1, 4, 8, 16];
const FAN_OUT_ROUNDS = Number(opts['fan-out-rounds']);

/** Keystone B's API as its admin: `call(method, path, body)` → parsed answer (or undefined for 204/409). */
async function keystoneAdminB() {
  const admin = stack.clouds.b.users.admin;
  const res = await fetch(`${B}/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: passwordAuth(admin) });
  if (res.status !== 201) throw new Error(`admin token from ${B}: HTTP ${res.status}`);
  const headers = { 'X-Auth-Token': res.headers.get('x-subject-token'), 'Content-Type': 'application/json' };
  return async (method, path, body) => {
    const r = await fetch(`${B}${path}`, { method, headers, body: body && JSON.stringify(body) });
    if (r.status === 409) return undefined;
    if (r.status >= 300) throw new Error(`${method} ${B}${path}: HTTP ${r.status}`);
    return r.status === 204 ? undefined : r.json();
  };
}

/**
 * clouds.yaml with one cloud per target, fan-01 ... fan-16: tenantb@B, each in a project of its own
 * (bench-fan-NN, made here and given tenantb as member), so each target is a distinct tenant to
 * Mistral and to the token cache.
 */
async function fanOutClouds() {
  const call = await keystoneAdminB();
  const role = (await call('GET', '/roles?name=member')).roles[0].id;
  const lines = ['clouds:'];
  for (let i = 1; i <= Math.max(...FAN_OUT); i++) {
    const name = `bench-fan-${String(i).padStart(2, '0')}`;
    await call('POST', '/projects', { project: { name, domain_id: 'default', description: 'bench/compare.mjs fan-out' } });
    const project = (await call('GET', `/projects?name=${name}`)).projects[0].id;
    await call('PUT', `/projects/${project}/users/${tenantb.id}/roles/${role}`);
    lines.push(
      `  fan-${String(i).padStart(2, '0')}:`,
      '    auth:',
      `      auth_url: '${B}'`,
      `      username: ${tenantb.name}`,
      `      password: '${tenantb.password}'`,
      `      project_name: ${name}`,
      '      user_domain_name: Default',
      '      project_domain_name: Default',
      `    region_name: ${stack.clouds.b.region}`,
    );
  }
  const file = join(work, 'fan-out-clouds.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** bcrypt's cost of Keystone B's passwords: its keystone.conf's password_hash_rounds, else Keystone's default. */
function keystonePasswordCost() {
  const conf = readFileSync(join(stackDir, 'ks-b', 'keystone.conf'), 'utf8');
  const rounds = /^password_hash_rounds\s*=\s*(\d+)/m.exec(conf)?.[1];
  return rounds ? `bcrypt at cost ${rounds} (password_hash_rounds in stack/lib/keystone.sh)` : "bcrypt at Keystone's default cost, 12 (STACK_KEYSTONE_PASSWORD_ROUNDS=default, stack/README.md)";
}

async function fanOut() {
  ensureWorkflow();
  const cloudsFile = await fanOutClouds();
  const targets = (n) => Array.from({ length: n }, (_, i) => ['--os-target-cloud', `fan-${String(i + 1).padStart(2, '0')}`]).flat();
  const env = { ...home, OS_CLIENT_CONFIG_FILE: cloudsFile };
  // This client and the baseline: each its own cache directory (their files need not agree).
  const fanOutClients = ['ours', ...(opts.baseline ? [opts['baseline-label']] : [])];
  const warm = (client) => ({ ...env, OS_CACHE: '1', XDG_CACHE_HOME: join(work, `fan-out-cache-${client}`) });
  // Mistral's engine runs the executions a case started while the next case runs: before each
  // case, wait (up to 10 s, not measured) until none is left running, so no case pays for the one before.
  const settle = script('fan-out-settle.sh', `for i in $(seq 100); do [ "$(sqlite3 -init /dev/null -cmd '.timeout 30000' ${join(stackDir, 'mistral/mistral.db')} "SELECT count(*) FROM workflow_executions_v2 WHERE state = 'RUNNING'")" = 0 ] && exit 0; sleep 0.1; done`);
  const cases = [];
  for (const n of FAN_OUT) {
    const args = [...targets(n), 'execution-create', 'bench_noop'];
    for (const client of fanOutClients) {
      // Every target started, or there is nothing to measure.
      const rows = run(clients[client]([...args, '-f', 'value', '-c', 'State']), warm(client)).trim().split('\n');
      if (rows.length !== n || rows.some((state) => !['RUNNING', 'SUCCESS'].includes(state))) throw new Error(`fan-out to ${n} (${client}): ${rows.join(', ')}`);
      cases.push({ id: `settle ${client} ${n}\tcold`, argv: settle, env: base }, { id: `${client}\t${n}\tcold`, argv: clients[client](args), env });
      cases.push({ id: `settle ${client} ${n}\twarm`, argv: settle, env: base }, { id: `${client}\t${n}\twarm`, argv: clients[client](args), env: warm(client) });
    }
  }
  const servers = stackProcesses();
  const samples = await measure(cases, FAN_OUT_ROUNDS, servers.map((p) => p.pid));
  const cores = cpus().length;
  const lines = [
    '## One execution-create on 1 to 16 target clouds',
    '',
    `\`--os-target-cloud fan-01 ... fan-N execution-create bench_noop\`, home A, each target a clouds.yaml entry over Keystone B in a project of its own (bench-fan-01 ... 16, made by the bench), all of one user (tenantb) and password: the client logs in at A and at B concurrently, its other N − 1 targets get their tokens by rescoping B's (src/auth/keystone.ts rescope: one password check at B however many projects), then it starts the N executions concurrently. Without a token cache (N + 1 token requests, two of them password checks) and with a warm one (\`OS_CACHE=1\`: N requests to Mistral). Keystone B's passwords: ${keystonePasswordCost()}. ${opts.baseline ? `"${opts['baseline-label']}": the earlier build, the same cases interleaved. ` : ''}No python-mistralclient rows: it takes one target. "÷ one": over the same client's figure for one target.`,
    'The stack serves one request at a time per server (Keystone B: one uwsgi process with one thread; Mistral: one API worker and one engine process, `--server all` in stack/lib/mistral.sh, which starts the workflows one after another), so the servers\' part of the wall time grows with N; the client sends each request as soon as it can (the rescopes once B has answered the first login).',
    `"servers' CPU": the time on CPU of the stack's processes (${[...new Set(servers.map((p) => p.name))].join(', ')}: every thread, from /proc schedstat, bench/rusage.py) while the command ran. "bound": the client's and the servers' CPU over the machine's ${cores} cores, the least wall time that work can take here however it is spread; "wall ÷ bound" near 1 means the run is CPU-bound, the client waiting on servers that have no core to spare.`,
    `Median of ${FAN_OUT_ROUNDS} runs; before each run the bench waits until Mistral runs no execution (the ones the run before started).`,
    '',
    "| targets | token cache | client | wall ms | CPU ms (user+sys) | peak RSS MB | servers' CPU ms | bound ms | wall ÷ bound | wall ÷ one | RSS ÷ one |",
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const cache of ['cold', 'warm']) {
    for (const n of FAN_OUT) {
      for (const client of fanOutClients) {
        const one = summary(samples[`${client}\t1\t${cache}`]);
        const s = summary(samples[`${client}\t${n}\t${cache}`]);
        const bound = (s.cpu.median + s.servers.median) / cores;
        lines.push(`| ${n} | ${cache === 'warm' ? 'warm' : 'none'} | ${client} | ${ms(s.wall)} | ${ms(s.cpu)} | ${mb(s.rss)} | ${ms(s.servers)} | ${bound.toFixed(0)} | ${ratio(s.wall.median, bound)} | ${ratio(s.wall.median, one.wall.median)} | ${ratio(s.rss.median, one.rss.median)} |`);
        fanOutFigures.push({ n, cache, client, s, one });
      }
    }
  }
  sections.push([...lines, ''].join('\n'));
  console.log(sections.at(-1));
}

/**
 * The stack's server processes (Keystone's uwsgi, Mistral, RabbitMQ, nginx): every process whose
 * command line names STACK_DIR, as stack/start.sh starts each of them with its files there.
 */
function stackProcesses() {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv;
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // ended since the listing
    }
    if (!argv.some((arg) => arg.includes(stackDir))) continue;
    const name = /uwsgi/.test(argv[0]) ? 'Keystone (uwsgi)' : argv.some((a) => a.includes('mistral')) ? 'Mistral' : /beam/.test(argv[0]) ? 'RabbitMQ' : /nginx/.test(argv[0]) ? 'nginx' : basename(argv[0]);
    found.push({ pid: Number(entry), name });
  }
  if (!found.some((p) => p.name === 'Mistral')) throw new Error(`no Mistral process of ${stackDir} found in /proc`);
  return found;
}

/** The fan-out rows, for the summary. */
const fanOutFigures = [];

// --- run -------------------------------------------------------------------------------------------

const started = new Date();
const load = loadavg();
log(`bench: ${GROUPS.join(', ')}; ${ROUNDS} rounds (start-up ${ROUNDS * 3}, lists ${LIST_ROUNDS}); stack ${stackDir}`);
if (GROUPS.includes('startup')) await startup();
if (GROUPS.includes('auth')) await auth();
if (GROUPS.includes('cached')) await cachedCreate();
if (GROUPS.includes('fanout')) await fanOut();
if (GROUPS.includes('list')) await list();

/** How many runs each figure is the median of, for the groups this run measured. */
function roundsText() {
  const groups = { startup: ['start-up', ROUNDS * 3], fanout: ['fan-out', FAN_OUT_ROUNDS], list: ['10,000-row lists', LIST_ROUNDS] };
  const others = Object.keys(groups).filter((g) => GROUPS.includes(g));
  if (GROUPS.includes('auth') || GROUPS.includes('cached')) return `${ROUNDS} runs${others.length ? ` (${others.map((g) => groups[g].join(' ')).join(', ')})` : ''}`;
  return others.map((g) => `${groups[g][1]} runs (${groups[g][0]})`).join(', ');
}

const cpu = cpus();
const python = run(['/usr/bin/python3', '--version'], base).trim();
const pyclient = run(['/usr/bin/python3', '-c', 'import importlib.metadata as m; print(m.version("python-mistralclient"))'], base).trim();
const commit = spawnSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
const facts = [
  `# Speed and memory against python-mistralclient ${pyclient}`,
  '',
  `Generated by \`node bench/compare.mjs ${process.argv.slice(2).map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ')}\` in one run on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, this client at ${commit}${opts.baseline ? `; "${opts['baseline-label']}": the same measurements of an earlier build (${opts.baseline})` : ''}.`,
  '',
  `- Machine: ${cpu[0].model}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}; load average at start ${load.map((l) => l.toFixed(2)).join(' ')}, at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
  `- Node ${process.version}; ${python}; python-mistralclient ${pyclient} (/usr/bin/mistral).`,
  `- Each figure: median of ${roundsText()} and, in brackets, the middle half (25th–75th percentile). Clients interleaved round after round; each runs as installed, as a command (bin/mistral.js through its launcher lines and the start-up snapshot${opts.baseline ? `; ${opts['baseline-label']} as its own bin/mistral.js starts` : ''}). Times and peak RSS from wait4(2) (bench/rusage.py).`,
  '- "÷ floor": wall time over the floor\'s. "python ÷ ours": python-mistralclient\'s wall time over this client\'s (above 1: this client is faster).',
  '',
].join('\n');
console.log(keyFigures());
const output = opts.output ? resolve(opts.output) : ALL_GROUPS.every((g) => GROUPS.includes(g)) ? join(repo, 'bench/RESULTS.md') : undefined;
if (output) writeFileSync(output, [facts, keyFigures(), ...sections].join('\n'));
else log('(some groups only: bench/RESULTS.md left as it is)');
