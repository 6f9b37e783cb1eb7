// maskEchoedSecrets / Redactor (stderr) and EchoMask (stdout): tokens and passwords a server echoes
// back (Mistral keeps the request's security context in an execution) are masked even though this
// process never saw them, and ordinary data comes through unchanged; on stdout only the request's
// own tokens are masked, counted, and a workflow's own data is not (README "Output formats").
import { describe, expect, it } from 'vitest';
import { EchoMask, isContextTokenKey, isSecretKey, maskEchoedSecrets, maskUrlCredentials, Redactor } from '../../../src/text/redact.js';
import { fakeFernet } from '../output/fixtures.js';

const TOKEN = fakeFernet();

// What Mistral 15 stored as an execution's state info on the real stack (std.fail with
// error_data: <% $.openstack %>), with the token replaced.
const STATE_INFO =
  `Failure caused by error in tasks: boom\n\n  boom [task_ex_id=4a7a452c-cf0d-46b8-8753-bf3a48e75fad] -> {'user': '8f49a467ed184afcaeecd17b7f9f5f48', ` +
  `'project_id': 'b3cafe2940974e4ebb2e04f2194c359f', 'system_scope': None, 'is_admin': False, 'auth_token': '${TOKEN}', ` +
  `'request_id': 'req-f3354716-c29e-4ef0-bd96-1a044b4b5a6c', 'roles': ['member', 'reader'], 'auth_uri': 'http://127.0.0.1:5001/v3/', ` +
  `'expires_at': '2026-11-30T11:37:24.000000Z', 'trust_id': None, 'is_target': True}\n`;

describe('maskEchoedSecrets', () => {
  it("masks the context's token in Mistral's state info and nothing else of it", () => {
    expect(maskEchoedSecrets(STATE_INFO)).toBe(STATE_INFO.replace(TOKEN, '<redacted>'));
  });

  it('masks a Fernet token anywhere: bare, in a URL, after a JSON \\n escape, padded, cut short', () => {
    const padded = `${TOKEN}==`;
    expect(maskEchoedSecrets(`token ${TOKEN}.`)).toBe('token <redacted>.');
    expect(maskEchoedSecrets(`http://h/v3?t=${TOKEN}&x=1`)).toBe('http://h/v3?t=<redacted>&x=1');
    expect(maskEchoedSecrets(`"line\\n${TOKEN}"`)).toBe('"line\\n<redacted>"');
    expect(maskEchoedSecrets(padded)).toBe('<redacted>');
    expect(maskEchoedSecrets(`${TOKEN.slice(0, 60)}... (9000 bytes)`)).toBe('<redacted>... (9000 bytes)');
    expect(maskEchoedSecrets(`${TOKEN} and ${fakeFernet(200)}`)).toBe('<redacted> and <redacted>');
  });

  it('leaves text that only looks a little like a token, ids and timestamps alone', () => {
    const ordinary = [
      'gAAAAA',
      'gAAAAAshort_but_not_forty_chars_long',
      `xyz${TOKEN}`, // the middle of some longer base64 text
      'e1e1e1e1-0000-0000-0000-000000000001 b3cafe2940974e4ebb2e04f2194c359f req-f3354716-c29e-4ef0-bd96-1a044b4b5a6c',
      '2026-11-30T11:37:24.000000Z',
      '{"token_type": "Bearer", "tokens": ["a"], "trust_id": "abc", "auth_uri": "http://k/v3"}',
      "{'password': None, 'token': 3, 'secret': ''}",
      'password: plain yaml is not JSON or repr text',
      'Auth token is invalid',
    ];
    for (const text of ordinary) expect(maskEchoedSecrets(text)).toBe(text);
  });

  it('masks the values of secret keys quoted with " or \' in JSON and repr text', () => {
    expect(maskEchoedSecrets('{"password": "hunter2-long", "user": "u"}')).toBe('{"password": "<redacted>", "user": "u"}');
    expect(maskEchoedSecrets('{"X-Auth-Token":"abc123def", "X-Target-Auth-Token": "zzz999"}')).toBe('{"X-Auth-Token":"<redacted>", "X-Target-Auth-Token": "<redacted>"}');
    expect(maskEchoedSecrets("{'target_auth_token': 'opaque-uuid-token', 'client_secret': 's3cr3t'}")).toBe("{'target_auth_token': '<redacted>', 'client_secret': '<redacted>'}");
    expect(maskEchoedSecrets(`{'password': "it's mine", 'n': 1}`)).toBe(`{'password': "<redacted>", 'n': 1}`);
  });

  it('finds the end of a value past escaped quotes and backslashes', () => {
    expect(maskEchoedSecrets('{"password": "a\\"b\\\\", "next": "x"}')).toBe('{"password": "<redacted>", "next": "x"}');
    expect(maskEchoedSecrets("{'secret': 'it\\'s \"q\"', 'next': 'x'}")).toBe("{'secret': '<redacted>', 'next': 'x'}");
  });

  it('masks JSON inside a JSON string (a state info or --debug body holding JSON text)', () => {
    const inner = JSON.stringify({ password: 'pa"ss\\word', user: 'u' });
    const outer = JSON.stringify({ state_info: inner, id: 'x' });
    expect(maskEchoedSecrets(outer)).toBe(JSON.stringify({ state_info: JSON.stringify({ password: '<redacted>', user: 'u' }), id: 'x' }));
    const twice = JSON.stringify({ outer });
    expect(maskEchoedSecrets(twice)).toBe(JSON.stringify({ outer: JSON.stringify({ state_info: JSON.stringify({ password: '<redacted>', user: 'u' }), id: 'x' }) }));
  });

  it('masks to the end of the line a value that is cut off', () => {
    expect(maskEchoedSecrets('{"password": "abcdef... (5000 bytes)\nnext line')).toBe('{"password": "<redacted>\nnext line');
  });

  it('leaves YAQL and Jinja expressions that name a secret (a workflow definition must still work)', () => {
    const definition = `{"headers": {"X-Auth-Token": "<% $.openstack.auth_token %>", "password": "{{ _.password }}"}}`;
    expect(maskEchoedSecrets(definition)).toBe(definition);
  });
});

describe('isSecretKey', () => {
  it('knows token, password, passwd and secret, alone, as the last word, or camelCase, and authorization', () => {
    for (const key of ['token', 'auth_token', 'target_auth_token', 'X-Auth-Token', 'X-Target-Auth-Token', 'X-Subject-Token', 'password', 'os.password', 'passwd', 'secret', 'client_secret', 'authToken', 'Authorization']) {
      expect(isSecretKey(key), key).toBe(true);
    }
  });

  it('leaves ids and other words alone', () => {
    for (const key of ['id', 'token_type', 'tokens', 'trust_id', 'project_id', 'user_id', 'auth_uri', 'service_catalog', 'secretary', 'passwords_expire', 'expires_at', 'tokenizer']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});

describe('EchoMask: stdout', () => {
  it("masks the request's tokens in cells at any depth, counts them, and leaves a workflow's own secrets", () => {
    const mask = new EchoMask(true);
    const cell = { ctx: { auth_token: 'opaque', roles: ['member'], n: 1, note: `was ${TOKEN}` }, list: [{ password: 'x1' }, STATE_INFO], password: 'db-pass', secret: 's' };
    expect(mask.value(cell)).toEqual({
      ctx: { auth_token: '<redacted>', roles: ['member'], n: 1, note: 'was <redacted>' },
      list: [{ password: 'x1' }, STATE_INFO.replace(TOKEN, '<redacted>')],
      password: 'db-pass',
      secret: 's',
    });
    expect(mask.count).toBe(3);
    expect(mask.notice()).toBe('3 values printed as <redacted> (Keystone tokens that Mistral echoes back from the request); add --unmask to print them');
  });

  it('masks the context keys in JSON and repr text, not the secret-looking keys of user data', () => {
    const mask = new EchoMask(true);
    const text = `{"db_password": "hunter2", "X-Auth-Token": "abc123def", "openstack": "{'target_auth_token': 'opaque-uuid-token', 'client_secret': 's3cr3t'}"}`;
    expect(mask.text(text)).toBe(`{"db_password": "hunter2", "X-Auth-Token": "<redacted>", "openstack": "{'target_auth_token': '<redacted>', 'client_secret': 's3cr3t'}"}`);
    expect(mask.count).toBe(2);
  });

  it('returns ordinary data as the very same objects, counts nothing and has no notice', () => {
    const mask = new EchoMask(true);
    const row = ['wf1', { p: 1, q: [true, null, 'x'], token_type: 'Bearer', password: 'p' }, [], 3, null];
    expect(mask.value(row)).toBe(row);
    expect(mask.count).toBe(0);
    expect(mask.notice()).toBeUndefined();
  });

  it('masks the shortest text it can (a context token value of one character, cut short) and a row from its first changed cell', () => {
    // src/text/redact.ts SHORTEST_ECHO_MASKED: texts shorter than these are returned without a search.
    const mask = new EchoMask(true);
    const row = ['SUCCESS', '<none>', '"auth_token":"x', "'x-auth-token':'y", `${TOKEN.slice(0, 46)}`, '"auth_token":"'];
    expect(mask.value(row)).toEqual(['SUCCESS', '<none>', '"auth_token":"<redacted>', "'x-auth-token':'<redacted>", '<redacted>', '"auth_token":"']);
    expect(row[2]).toBe('"auth_token":"x');
    expect(mask.count).toBe(3);
  });

  it('--unmask: nothing masked, nothing counted', () => {
    const mask = new EchoMask(false);
    expect(mask.text(STATE_INFO)).toBe(STATE_INFO);
    expect(mask.value({ auth_token: TOKEN })).toEqual({ auth_token: TOKEN });
    expect(mask.notice()).toBeUndefined();
  });

  it('isContextTokenKey: the names the request context and its headers give the token, nothing else', () => {
    for (const key of ['auth_token', 'target_auth_token', 'AUTH_TOKEN', 'X-Auth-Token', 'x-target-auth-token', 'X-Subject-Token']) expect(isContextTokenKey(key), key).toBe(true);
    for (const key of ['token', 'password', 'secret', 'api_token', 'auth_uri', 'trust_id', 'client_secret']) expect(isContextTokenKey(key), key).toBe(false);
  });
});

describe('Redactor', () => {
  it('masks an echoed token in error text and --debug lines, with the secrets it knows', () => {
    const redactor = new Redactor();
    redactor.add('known-password-1234');
    expect(redactor.text(`failed: known-password-1234 ${TOKEN}`)).toBe('failed: <redacted> <redacted>');
    expect(redactor.headers({ Location: `http://h/x?token=${TOKEN}`, 'X-Auth-Token': 'anything' })).toEqual({ Location: 'http://h/x?token=<redacted>', 'X-Auth-Token': '<redacted>' });
  });

  it('masks a body: secret keys, tokens inside JSON text inside JSON, and the catalog', () => {
    const body = JSON.stringify({ state_info: STATE_INFO, output: JSON.stringify({ openstack: { auth_token: 'opaque', project_id: 'p' } }), catalog: [1, 2] });
    expect(JSON.parse(new Redactor().body(body))).toEqual({
      state_info: STATE_INFO.replace(TOKEN, '<redacted>'),
      output: JSON.stringify({ openstack: { auth_token: '<redacted>', project_id: 'p' } }),
      catalog: '<2 catalog entries>',
    });
  });

  it('masks a body cut short (not JSON any more) as text', () => {
    const body = JSON.stringify({ output: JSON.stringify({ password: 'p4ssw0rd-long' }), state_info: STATE_INFO }).slice(0, 400);
    const masked = new Redactor().body(body);
    expect(masked).not.toContain('p4ssw0rd-long');
    expect(masked).not.toContain(TOKEN.slice(0, 40));
    expect(masked).toContain('{\\"password\\":\\"<redacted>\\"}');
  });
});

describe('maskUrlCredentials', () => {
  it('masks the userinfo of a URL, user and password alike, in any text', () => {
    expect(maskUrlCredentials('http://user:pass@127.0.0.1:8989/v2/workflows')).toBe('http://<redacted>@127.0.0.1:8989/v2/workflows');
    expect(maskUrlCredentials('at https://admin@keystone.example:5000/v3: refused')).toBe('at https://<redacted>@keystone.example:5000/v3: refused');
    expect(maskUrlCredentials(`'auth_uri': 'http://u:p%40ss@k/v3/', "url": "git+ssh://git:x@h/r"`)).toBe(`'auth_uri': 'http://<redacted>@k/v3/', "url": "git+ssh://<redacted>@h/r"`);
    expect(maskUrlCredentials('a http://a:b@h and http://c:d@i')).toBe('a http://<redacted>@h and http://<redacted>@i');
  });

  it('leaves an @ after the authority, an address without //, and a masked URL alone', () => {
    const ordinary = ['http://h/path@v2?x=a@b#c@d', 'mailto:ops@example.com', 'user@host:repo.git', 'http://<redacted>@h/', 'x @ y://', 'no url'];
    for (const text of ordinary) expect(maskUrlCredentials(text)).toBe(text);
  });

  it('is part of every redacted text: errors, --debug lines', () => {
    expect(new Redactor().text('Connection refused by the home cloud at http://u:p@h:1/v3/auth/tokens')).toBe('Connection refused by the home cloud at http://<redacted>@h:1/v3/auth/tokens');
  });
});
