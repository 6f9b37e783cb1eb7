// The one module that decides what stderr may carry beyond plain lines: live redraws, colour and
// prompts are for a person at a terminal only, never with NO_COLOR (colour) and never in CI.
// Colour comes from node:util's styleText (Node >= 20.12), not chalk: the decision of *whether* to
// colour is ours anyway (stderr, not stdout, is the stream that matters), and styleText costs no
// dependency and no start-up time.
import { styleText } from 'node:util';
import type { Io } from '../io.js';

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

export function paint(terminal: Terminal, style: Style, text: string): string {
  // validateStream: false, since whether to colour was decided above, for stderr, not by
  // styleText's look at process.stdout.
  return terminal.colour ? styleText(style, text, { validateStream: false }) : text;
}

/** The colour of an execution state name. */
export function stateStyle(state: string): Style {
  if (state === 'SUCCESS') return 'green';
  if (state === 'ERROR' || state === 'CANCELLED') return 'red';
  if (state === 'PAUSED') return 'yellow';
  return 'cyan';
}
