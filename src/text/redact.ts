// The one choke point for secrets (STYLE.md §5). Two rules, one for each stream (README "Output
// formats"):
// - stderr (errors, warnings, --debug) is about our own requests, so every header, URL, body and
//   message passes Redactor: names that always hold secrets (headers, JSON keys such as
//   `password`), the secret values this process knows, and tokens a server echoes back.
// - stdout is the server's data, and only what Mistral echoes of the request itself is masked
//   there (EchoMask): Keystone tokens, and the token keys of the request context Mistral keeps in
//   an execution (`{'auth_token': 'gAAAA…', …}` in the state info of a task that failed with it, a
//   task result holding `$.openstack`), which python-mistralclient prints as it is. A workflow's
//   own `password` is the user's data and is printed as the server holds it. EchoMask counts what
//   it masks, so the command says so on stderr, and `--unmask` turns it off.

const SECRET_HEADERS = new Set([
  'x-auth-token',
  'x-target-auth-token',
  'x-subject-token',
  'x-target-service-catalog',
  'authorization',
  // Half a multi-factor login: with the missing factor it becomes a token.
  'openstack-auth-receipt',
]);

export const REDACTED = '<redacted>';

/**
 * A key whose string value is a secret: `token`, `password`, `passwd`, `secret`, `passcode`, or a name ending
 * in one of them after `_`, `-` or `.` (`auth_token`, `target_auth_token`, `X-Auth-Token`,
 * `X-Target-Auth-Token`, `client_secret`, `os_password`) or in camelCase (`authToken`), and
 * `authorization`. Mistral's context also holds `trust_id`, `user_id`, `project_id` and the
 * catalogs: identifiers, not credentials, so they stay.
 */
export function isSecretKey(key: string): boolean {
  return /(?:^|[_.-])(?:token|password|passwd|secret|passcode)$/i.test(key) || /[a-z0-9](?:Token|Password|Passwd|Secret|Passcode)$/.test(key) || /^authorization$/i.test(key);
}

// Keystone's Fernet tokens (and receipts) are urlsafe base64 of a Fernet message, whose first
// byte is the version 0x80 followed by a 64-bit timestamp, so the text starts `gAAAAA`; Keystone
// strips the `=` padding (keystone/token/token_formatters.py). A whole token is 180-260
// characters; 40 after the prefix still catches one that --debug cut short at its 4096-byte limit,
// and nothing but a Fernet message starts with that prefix at that length. It must start a word
// (not the middle of a longer base64 text), or follow a `\n`/`\r`/`\t` escape of JSON text.
const FERNET = /(?:(?<![A-Za-z0-9_-])|(?<=\\[nrt]))gAAAAA[A-Za-z0-9_-]{40,}={0,2}/g;

// A quoted key, `:` and the opening quote of its value, in JSON (`"password": "`), Python repr
// (`'auth_token': '`) or JSON inside a JSON string (`\"password\": \"`): group 1 is the run of
// backslashes that escapes both quotes at that depth.
const KEYED_VALUE = /(\\*)(["'])([A-Za-z][\w.-]{0,63})\1\2[ \t]*:[ \t]*\1(["'])/g;
const MAY_HOLD_SECRET_KEY = /token|passw|passcode|secret|authorization/i;

// A YAQL or Jinja expression (`<% $.openstack.auth_token %>`, `{{ _.password }}`) names a secret
// without holding one; masking it would turn a workflow definition into one that no longer works.
const EXPRESSION = /^\s*(?:<%[^]*%>|\{\{[^]*\}\}|\{%[^]*%\})\s*$/;

/**
 * The shortest text EchoMask changes: a context token key's value cut short, `"auth_token":"x`
 * (the shortest key, 10 characters, its quotes, `:`, the value's quote and one character: an
 * empty value is left). A Fernet token is longer (46 at least). Most cells of a list (states,
 * ids, `<none>`) are shorter, and are left without a search.
 */
const SHORTEST_ECHO_MASKED = 15;

/** Called once for each value replaced by REDACTED. */
type Counted = () => void;
const uncounted: Counted = () => undefined;

function maskValue(value: string, counted: Counted): string {
  if (value === '' || value === REDACTED || EXPRESSION.test(value)) return value;
  counted();
  return REDACTED;
}

function maskFernet(text: string, counted: Counted): string {
  return text.includes('gAAAAA') ? text.replace(FERNET, () => (counted(), REDACTED)) : text;
}

// The userinfo of a URL (`http://user:pass@host/`): a scheme, `//`, then everything up to the
// first `@` before the authority ends (RFC 3986 §3.2: `/`, `?`, `#` end it; userinfo never holds
// a space, quotes or `<>`, so `http://<redacted>@host` is not masked again).
const URL_USERINFO = /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/?#@<>"'`]+@/g;

/**
 * A URL's credentials masked: `http://<redacted>@host/`. A Mistral or auth URL given as
 * `http://user:pass@host` is never used for Basic auth (undici leaves the userinfo out of the
 * request; test/unit/transport.test.ts), but errors, --debug and configuration-show print it.
 */
export function maskUrlCredentials(text: string): string {
  return text.includes('@') && text.includes('://') ? text.replace(URL_USERINFO, `$1${REDACTED}@`) : text;
}

/**
 * Masks, in any text, Fernet tokens, URL credentials and the quoted values of secret keys
 * (isSecretKey) in JSON or Python repr text, at any depth of JSON-in-JSON escaping. Text without
 * any of them comes back as it is.
 */
export function maskEchoedSecrets(text: string): string {
  return maskKeyedValues(maskUrlCredentials(maskFernet(text, uncounted)), isSecretKey, uncounted);
}

function maskKeyedValues(text: string, isKey: (key: string) => boolean, counted: Counted): string {
  if (!MAY_HOLD_SECRET_KEY.test(text)) return text;
  let out = '';
  let done = 0;
  KEYED_VALUE.lastIndex = 0;
  for (let m = KEYED_VALUE.exec(text); m; m = KEYED_VALUE.exec(text)) {
    if (!isKey(m[3])) continue;
    const start = m.index + m[0].length;
    const end = closingQuote(text, start, m[4], m[1].length);
    out += text.slice(done, start) + maskValue(text.slice(start, end), counted);
    done = end;
    KEYED_VALUE.lastIndex = end;
  }
  return done === 0 ? text : out + text.slice(done);
}

/**
 * Where the value that starts at `start` ends: at the next `quote` whose run of preceding
 * backslashes is the depth's own escape (`escapes` long) rather than an escaped quote inside the
 * value. At depth 0 that is an even run (`"a\"b"` goes on, `"a\\"` ends); each level of JSON
 * string encoding doubles the backslashes and adds one, so in general a run r ends the value when
 * r mod 2(escapes+1) equals escapes. A value with no end (text cut short) ends at the line's end,
 * which neither JSON nor repr strings contain raw.
 */
function closingQuote(text: string, start: number, quote: string, escapes: number): number {
  const lineEnd = text.indexOf('\n', start);
  const limit = lineEnd === -1 ? text.length : lineEnd;
  for (let i = text.indexOf(quote, start); i !== -1 && i < limit; i = text.indexOf(quote, i + 1)) {
    let run = 0;
    while (i - run - 1 >= start && text[i - run - 1] === '\\') run++;
    if (run % (2 * (escapes + 1)) === escapes) return i - escapes;
  }
  return limit;
}

/**
 * The keys under which Mistral's request context carries the caller's tokens (mistral/context.py
 * `to_dict`, the `$.openstack` of a workflow; `target_auth_token` as a target context names it)
 * and the headers that carry them. Nothing else of the context is secret: ids, names, roles,
 * the catalog.
 */
export function isContextTokenKey(key: string): boolean {
  return /^(?:target_)?auth_token$/i.test(key) || /^x-(?:target-)?(?:auth|subject)-token$/i.test(key);
}

/**
 * What a command prints on stdout, with the credentials of the request that Mistral echoes back
 * masked (a Keystone token anywhere, a string value of an isContextTokenKey key), counted; off
 * with --unmask.
 */
export class EchoMask {
  /** How many values were printed as REDACTED. */
  count = 0;
  private readonly counted: Counted = () => void this.count++;

  constructor(private readonly enabled: boolean) {}

  /** Text (plain-text commands): JSON or Python repr text at any depth of escaping. */
  text(text: string): string {
    if (!this.enabled || text.length < SHORTEST_ECHO_MASKED) return text;
    return maskKeyedValues(maskFernet(text, this.counted), isContextTokenKey, this.counted);
  }

  /**
   * A formatter cell (a parsed JSON value). Unchanged parts are returned as they are (the same
   * objects), so ordinary data costs a walk and no copies.
   */
  value<T>(value: T): T {
    if (!this.enabled) return value;
    if (typeof value === 'string') return this.text(value) as T;
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      // Copied only from the first item that changes: a list's rows are mostly left as they are.
      // A loop, not forEach: each row passes here once, mostly before V8 optimises this, and a
      // closure per row cost a 10,000-row list 7 ms (README, Speed).
      let items: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const masked = this.value(item);
        if (masked !== item) items ??= value.slice(0, i);
        if (items) items.push(masked);
      }
      return (items ?? value) as T;
    }
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const masked = typeof inner === 'string' && isContextTokenKey(key) ? maskValue(inner, this.counted) : this.value(inner);
      if (masked !== inner) changed = true;
      out[key] = masked;
    }
    return (changed ? out : value) as T;
  }

  /** The one stderr line that says what was masked, or undefined when nothing was. */
  notice(): string | undefined {
    if (this.count === 0) return undefined;
    const values = this.count === 1 ? '1 value' : `${this.count} values`;
    return `${values} printed as ${REDACTED} (Keystone tokens that Mistral echoes back from the request); add --unmask to print them`;
  }
}

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a value that must never be printed. Short values are ignored (they would mask noise). */
  add(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  text(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is replaced whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(REDACTED);
    }
    return maskEchoedSecrets(out);
  }

  headers(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      const joined = Array.isArray(value) ? value.join(', ') : value;
      out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : this.text(joined);
    }
    return out;
  }

  /** A request or response body: JSON has its secret keys and the catalog masked. */
  body(body: string): string {
    try {
      return this.text(JSON.stringify(maskJson(JSON.parse(body), undefined)));
    } catch {
      return this.text(body);
    }
  }
}

function maskJson(value: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => maskJson(item, parentKey));
  if (typeof value === 'string') return maskEchoedSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'catalog' && Array.isArray(inner)) {
      out[key] = `<${inner.length} catalog entries>`;
    } else if (typeof inner === 'string' && (isSecretKey(key) || (key === 'id' && parentKey === 'token'))) {
      // `id` is a secret only inside a token method body ({"token": {"id": ...}}).
      out[key] = REDACTED;
    } else {
      out[key] = maskJson(inner, key);
    }
  }
  return out;
}
