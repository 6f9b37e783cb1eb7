// JSON text as python-mistralclient writes it (json.dumps: request bodies, table cells, the JSON a
// field command prints), and JSON text a server sends, parsed where it is JSON.

/**
 * JSON text the way Python's json.dumps writes it (", " and ": " separators, non-ASCII escaped),
 * so request bodies are byte-identical to python-mistralclient's.
 */
export function pythonJson(value: unknown): string {
  const compact = JSON.stringify(value, null, 0);
  return escapeNonAscii(respace(compact));
}

function respace(json: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    out += c;
    if (inString) {
      if (c === '\\') out += json[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',' || c === ':') out += ' ';
  }
  return out;
}

/** Python's json.dumps(value, indent=4): like JSON.stringify but with non-ASCII escaped. */
export function pythonIndentedJson(value: unknown): string {
  return escapeNonAscii(JSON.stringify(value, null, 4));
}

/** json.dumps's ensure_ascii: every character past ASCII (DEL included) as a \\uXXXX escape. */
function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A field that holds JSON text (or, from newer servers, the value itself), parsed; undefined when
 * it is neither (the reference's `jsonutils.loads` failing), so the caller shows it as it is.
 */
export function parsedJson(value: unknown): { json: unknown } | undefined {
  if (value !== undefined && value !== null && typeof value === 'object') return { json: value };
  if (typeof value !== 'string') return undefined;
  try {
    return { json: JSON.parse(value) };
  } catch {
    return undefined;
  }
}
