// A password (or TOTP passcode) prompt on the terminal, without echo, naming the cloud it is for
// (osc-lib prompts with getpass only when stdin is a terminal; python-mistralclient never prompts).
import { cloudLabel, InterruptedError, UsageError, type Cloud } from '../errors.js';
import type { Io } from '../io.js';
import { maskUrlCredentials } from '../text/redact.js';

/** What the prompt names: whose password, at which Keystone, for which cloud (auth/clouds.ts CloudCredentials is one). */
export interface PromptedCloud {
  cloud: Cloud;
  name?: string;
  username?: string;
  userId?: string;
  authUrl: string;
}

export function terminalPrompt(io: Io): (cloud: PromptedCloud, setting?: 'password' | 'passcode') => Promise<string> {
  return (cloud, setting = 'password') => {
    const stdin = io.stdin;
    const what = setting === 'passcode' ? 'TOTP passcode' : 'password';
    if (!stdin?.setRawMode) return Promise.reject(new UsageError(`cannot ask for a ${what}: standard input is not a terminal`));
    // Echo goes off before the prompt shows: a person (or a script) answering the moment it
    // appears must not see the password on the screen.
    stdin.setRawMode(true);
    io.stderr.write(`${setting === 'passcode' ? 'TOTP passcode' : 'Password'} for ${cloud.username ?? cloud.userId} at ${maskUrlCredentials(cloud.authUrl)} (${cloudLabel(cloud)}): `);
    return new Promise((resolve, reject) => {
      let answer = '';
      const finish = (rest: string, outcome: () => void) => {
        stdin.removeListener('data', onData);
        // Keys typed ahead (a second prompt's answer) stay for the next reader.
        if (rest) stdin.unshift(Buffer.from(rest));
        stdin.setRawMode?.(false);
        stdin.pause();
        io.stderr.write('\n');
        outcome();
      };
      const onData = (chunk: Buffer | string) => {
        const chars = [...chunk.toString()];
        for (let i = 0; i < chars.length; i++) {
          const ch = chars[i];
          const rest = () => chars.slice(i + 1).join('');
          if (ch === '\r' || ch === '\n') return finish(rest(), () => resolve(answer));
          if (ch === '\u0003') return finish('', () => reject(new InterruptedError(`interrupted at the ${what} prompt`)));
          if (ch === '\u0004') {
            if (!answer) return finish(rest(), () => reject(new UsageError(`no ${what} entered for the ${cloudLabel(cloud)} (end of input)`)));
            continue;
          }
          if (ch === '\u007f' || ch === '\b') answer = [...answer].slice(0, -1).join('');
          else if (ch >= ' ') answer += ch;
        }
      };
      stdin.on('data', onData);
      stdin.resume();
    });
  };
}
