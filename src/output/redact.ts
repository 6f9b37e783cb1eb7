// The one choke point for secrets (STYLE.md §5): every header, URL, body and message that reaches
// stderr passes through here. Two layers: names that always hold secrets, and the secret values
// themselves (passwords and tokens this process knows), so a token echoed back by a server in an
// error message is caught too.

const SECRET_HEADERS = new Set([
  'x-auth-token',
  'x-target-auth-token',
  'x-subject-token',
  'x-target-service-catalog',
  'authorization',
]);

const SECRET_BODY_KEYS = /^(password|secret|client_secret|token|auth_token|id)$/i;
const REDACTED = '<redacted>';

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
    return out;
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
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'catalog' && Array.isArray(inner)) {
      out[key] = `<${inner.length} catalog entries>`;
    } else if (typeof inner === 'string' && SECRET_BODY_KEYS.test(key) && (key !== 'id' || parentKey === 'token')) {
      // `id` is a secret only inside a token method body ({"token": {"id": ...}}).
      out[key] = REDACTED;
    } else {
      out[key] = maskJson(inner, key);
    }
  }
  return out;
}
