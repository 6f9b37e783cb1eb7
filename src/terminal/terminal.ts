// The one module that decides what stderr may carry beyond plain lines: live redraws, colour and
// prompts are for a person at a terminal only, never with NO_COLOR (colour) and never in CI.
// Colour comes from node:util's styleText (Node >= 20.12), not chalk: the decision of *whether* to
// colour is ours anyway (stderr, not stdout, is the stream that matters), and styleText costs no
// dependency and no start-up time.
import { styleText } from 'node:util';
import type { Io } from '../io.js';
import { showControls } from '../text/sanitize.js';

export interface Terminal {
  /** stderr is a terminal a person watches: one line may be redrawn in place. */
  live: boolean;
  /** Colour on stderr. */
  colour: boolean;
  /** A person can answer a prompt: stdin and stderr are terminals. */
  interactive: boolean;
  /** Width of stderr, for keeping a live line on one row. */
  columns: number;
}

/** CI services all set CI (GitHub, GitLab, Jenkins via plugins, Zuul's jobs...). */
function inCi(env: Io['env']): boolean {
  const ci = env.CI?.toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

export function detectTerminal(io: Io): Terminal {
  const ci = inCi(io.env);
  const stderrTty = Boolean(io.stderr.isTTY) && !ci && io.env.TERM !== 'dumb';
  return {
    live: stderrTty,
    colour: stderrTty && io.env.NO_COLOR === undefined,
    interactive: stderrTty && Boolean(io.stdin?.isTTY),
    columns: io.stderr.columns ?? 80,
  };
}

export type Style = 'red' | 'green' | 'yellow' | 'cyan' | 'bold' | 'dim';

function paint(terminal: Terminal, style: Style | undefined, text: string): string {
  // validateStream: false, since whether to colour was decided above, for stderr, not by
  // styleText's look at process.stdout.
  return terminal.colour && style ? styleText(style, text, { validateStream: false }) : text;
}

/** A piece of a progress line, coloured on a terminal that takes colour. */
export interface Span {
  text: string;
  style?: Style;
}

/** A progress line: plain text, or pieces some of which are coloured. */
export type ProgressLine = string | Span[];

function spansOf(line: ProgressLine): Span[] {
  return typeof line === 'string' ? [{ text: line }] : line;
}

/** The line's text without colour (what a log, or a terminal without a live line, gets). */
export function plainText(line: ProgressLine): string {
  return spansOf(line)
    .map((span) => span.text)
    .join('');
}

/**
 * What redraws the live line: its text made safe first (a state or a name may come from a server
 * or a settings file), cut to one terminal row (a wrapped line could not be redrawn in place),
 * and only then the colour and the redraw (`\r`, erase line) added. These bytes go out through
 * SafeOutput.writeTerminalControl, the one way around the sanitising stderr.
 */
export function liveLineBytes(terminal: Terminal, line: ProgressLine): string {
  const spans = spansOf(line).map((span) => ({ text: showControls(span.text), style: span.style }));
  let room = terminal.columns - 1;
  if (spans.reduce((total, span) => total + span.text.length, 0) > room) {
    room -= 1;
    for (const span of spans) {
      // Never half of a surrogate pair.
      const end = /[\udc00-\udfff]/.test(span.text[room] ?? '') ? room - 1 : room;
      span.text = span.text.slice(0, Math.max(0, end));
      room -= span.text.length;
    }
    spans.push({ text: '…', style: undefined });
  }
  return `\r\x1b[2K${spans.map((span) => paint(terminal, span.style, span.text)).join('')}`;
}

/** The colour of an execution state name. */
export function stateStyle(state: string): Style {
  if (state === 'SUCCESS') return 'green';
  if (state === 'ERROR' || state === 'CANCELLED') return 'red';
  if (state === 'PAUSED') return 'yellow';
  return 'cyan';
}
