// Typed errors travel up to one handler in cli.ts, which prints one line on stderr and picks the
// exit code. Nothing below src/cli.ts prints an error itself.

export type Cloud = 'home' | 'target';

/** "home cloud", "target cloud", "target cloud 'stack-b'": how messages name a cloud. */
export function cloudLabel(cloud: { cloud: Cloud; name?: string }): string {
  return `${cloud.cloud} cloud${cloud.name && cloud.cloud === 'target' ? ` '${cloud.name}'` : ''}`;
}

/**
 * The exit code of a run a signal stopped: 128 + its number, as a shell reports a process the
 * signal ended, so a CI runner's SIGTERM gives the 143 it expects and Ctrl-C 130.
 */
const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
export const exitForSignal = (signal: string): number => 128 + (SIGNAL_NUMBERS[signal] ?? SIGNAL_NUMBERS.SIGINT);

/** Ctrl-C (SIGINT). */
export const EXIT_INTERRUPTED = exitForSignal('SIGINT');

export class CliError extends Error {
  readonly exitCode: number = 1;
}

/** Stopped by Ctrl-C before it could finish (at a prompt). */
export class InterruptedError extends CliError {
  override readonly exitCode = EXIT_INTERRUPTED;
}

/** Bad arguments, options or settings: exit 2, like argparse. */
export class UsageError extends CliError {
  override readonly exitCode = 2;
}

/** A problem with local input (a file, JSON text) found before any request. */
export class InputError extends CliError {}

/** Mistral answered with an unexpected status. */
export class ApiError extends CliError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Keystone refused or failed to authenticate. */
export class AuthError extends CliError {
  constructor(
    message: string,
    readonly cloud: Cloud,
  ) {
    super(message);
  }
}

/** The request never got an HTTP answer: refused, DNS, timeout, TLS. */
export class TransportError extends CliError {
  constructor(
    message: string,
    readonly cloud: Cloud,
  ) {
    super(message);
  }
}
