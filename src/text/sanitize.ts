// Text from others (a server, a settings file) made safe for a terminal (STYLE.md §15, README
// "Output formats"): every C0 control but tab and newline, DEL and every C1 control (U+0080-U+009F,
// which some terminals obey as the ESC-prefixed sequences they stand for: U+009B is CSI) is shown as the escape
// Python's repr() gives it, `\x1b`, `\x07`, `\x7f`, `\x9b`, with `\r` as `\r`. An ESC could
// otherwise clear the screen, retitle the window, forge an OSC 8 hyperlink or, on some terminals,
// make the terminal type an answer back; a `\r` or backspaces can hide what came before them.
// Why repr's notation rather than gh's caret notation (cli/cli internal/asciisanitizer): it is what
// python-mistralclient itself already prints for these characters inside a dict or list cell, so a
// string cell and a nested one read alike, and it has one unambiguous form for the C1 controls
// (caret notation has none: gh shows U+009B as `^[`, like ESC).
// This module imports nothing from the project: every layer may use it.

/**
 * The characters shown as escapes, as the body of a regular expression's character class: every
 * C0 control but tab (\x09) and newline (\x0a), the two output keeps, DEL and the C1 controls.
 * Exported for a formatter whose own test of a field includes them (src/output/csv.ts).
 */
export const CONTROL_CLASS = '\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f';
const CONTROL = new RegExp(`[${CONTROL_CLASS}]`);
const CONTROLS = new RegExp(`[${CONTROL_CLASS}]`, 'g');

function visible(ch: string): string {
  return ch === '\r' ? '\\r' : `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * The text with its control characters shown as escapes. Text without any comes back as it is,
 * after one regex test, so the output of ordinary data stays byte for byte the reference's.
 * Works on UTF-16 code units, all of the controls being single units outside the surrogate
 * range: a surrogate pair is never touched, wherever a chunk boundary falls.
 */
export function showControls(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, visible) : text;
}

/** A stream the program writes text to (io.ts's Output). */
export interface TextOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** An output whose every write is shown safely, with one narrow way around it. */
export interface SafeOutput extends TextOutput {
  /**
   * Writes the client's own terminal control sequences as they are: the live progress line's
   * redraw and colour. Only src/context.ts and src/terminal/ call it, with text that has been
   * through showControls before the control sequences were added (terminal.ts, liveLineBytes);
   * test/unit/text/sanitize.test.ts fails if another module does.
   */
  writeTerminalControl(text: string): unknown;
}

const SAFE = Symbol('safe output');

/**
 * `out` with every write passed through showControls. isTTY and columns are read from `out` each
 * time (a terminal can be resized). An output that is already safe is returned as it is, so that
 * wrapping twice never turns the client's own control sequences into text.
 */
export function safeOutput(out: TextOutput): SafeOutput {
  if ((out as { [SAFE]?: true })[SAFE]) return out as SafeOutput;
  return {
    [SAFE]: true,
    write: (text: string) => out.write(showControls(text)),
    writeTerminalControl: (text: string) => out.write(text),
    get isTTY() {
      return out.isTTY;
    },
    get columns() {
      return out.columns;
    },
  } as SafeOutput;
}
