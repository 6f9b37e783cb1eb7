// openrc and .env files read without running them (src/settings/env-files.ts): what the shell would
// set is read, Horizon's openrc in both its forms reads in full, and every value the shell would
// build (or logic only the shell can follow) is refused with the file and line, exit 2.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { readEnvFile } from '../../../src/settings/env-files.js';

const dir = mkdtempSync(join(tmpdir(), 'mistral-env-files-'));
let count = 0;
function file(lines: string[]): string {
  const path = join(dir, `${count++}.sh`);
  writeFileSync(path, lines.join('\n'));
  return path;
}

const variables = async (lines: string[]) => (await readEnvFile(file(lines), dir, '--os-env-file')).variables;

/** The error a file gives: its message and its exit code. */
async function refusal(lines: string[]): Promise<{ message: string; exitCode: number; path: string }> {
  const path = file(lines);
  try {
    await readEnvFile(path, dir, '--os-env-file');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return { message: (error as Error).message, exitCode: (error as UsageError).exitCode, path };
  }
  throw new Error(`${path} was read`);
}

describe("Horizon's openrc (openrc.sh.template) reads in full", () => {
  const template = (password: string) => [
    '#!/usr/bin/env bash',
    '# To use an OpenStack cloud you need to authenticate against the Identity',
    'export OS_AUTH_URL=https://keystone.example:5000/v3',
    'export OS_PROJECT_ID=0123456789abcdef',
    'export OS_PROJECT_NAME="projb"',
    'export OS_USER_DOMAIN_NAME="Default"',
    'if [ -z "$OS_USER_DOMAIN_NAME" ]; then unset OS_USER_DOMAIN_NAME; fi',
    'export OS_PROJECT_DOMAIN_ID="default"',
    'if [ -z "$OS_PROJECT_DOMAIN_ID" ]; then unset OS_PROJECT_DOMAIN_ID; fi',
    '# unset v2.0 items in case set',
    'unset OS_TENANT_ID',
    'unset OS_TENANT_NAME',
    'export OS_USERNAME="tenantb"',
    ...password.split('\n'),
    'export OS_REGION_NAME=""',
    "# Don't leave a blank variable, unset it if it was empty",
    'if [ -z "$OS_REGION_NAME" ]; then unset OS_REGION_NAME; fi',
    'export OS_INTERFACE=public',
    'export OS_IDENTITY_API_VERSION=3',
    '',
  ];
  const expected = {
    OS_AUTH_URL: 'https://keystone.example:5000/v3',
    OS_PROJECT_ID: '0123456789abcdef',
    OS_PROJECT_NAME: 'projb',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_ID: 'default',
    OS_USERNAME: 'tenantb',
    OS_INTERFACE: 'public',
    OS_IDENTITY_API_VERSION: '3',
  };

  it('the prompting form: echo, read -sr OS_PASSWORD_INPUT, OS_PASSWORD=$OS_PASSWORD_INPUT (the password counts as unset)', async () => {
    for (const reference of ['$OS_PASSWORD_INPUT', '"$OS_PASSWORD_INPUT"', '${OS_PASSWORD_INPUT}']) {
      const prompting = [
        'echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "',
        'read -sr OS_PASSWORD_INPUT',
        `export OS_PASSWORD=${reference}`,
      ].join('\n');
      expect(await variables(template(prompting))).toEqual(expected);
    }
  });

  it('the form with the password written in (single quotes keep $ and spaces literal, as in the shell)', async () => {
    expect(await variables(template("export OS_PASSWORD='pa$$ word#1'"))).toEqual({ ...expected, OS_PASSWORD: 'pa$$ word#1' });
  });

  it("stack/start.sh's env files (printf %q: plain words) and dotenv files without export", async () => {
    expect(await variables(['# demo@A', 'export OS_AUTH_URL=http://127.0.0.1:5000/v3', 'export OS_PASSWORD=demoA-secret', 'OS_REGION_NAME=RegionOne # home', 'OS_CACERT="/etc/ssl/ca.pem"\r'])).toEqual({
      OS_AUTH_URL: 'http://127.0.0.1:5000/v3',
      OS_PASSWORD: 'demoA-secret',
      OS_REGION_NAME: 'RegionOne',
      OS_CACERT: '/etc/ssl/ca.pem',
    });
  });

  it('in order: a later assignment wins, unset removes, a quoted value may span lines', async () => {
    expect(await variables(['OS_USERNAME=first', 'OS_USERNAME=second', 'OS_PROJECT_NAME=p', 'unset OS_PROJECT_NAME', "OS_CERT='line 1  ", "line 2'", 'export OS_USERNAME'])).toEqual({ OS_USERNAME: 'second', OS_CERT: 'line 1  \nline 2' });
  });

  it('a __proto__ line changes no prototype', async () => {
    const read = await variables(['__proto__=polluted', 'OS_USERNAME=u']);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(['OS_USERNAME']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("Horizon's double-quoted values with backslash escapes read as bash reads them", () => {
  it('\\ \\$ \\` \\" stand for the character; before ! and \' the backslash stays (bash keeps it in double quotes)', async () => {
    const read = await variables(['export OS_APPLICATION_CREDENTIAL_SECRET="a\\\\b\\$c\\`d\\"e"', 'export OS_PASSWORD="x\\!y\\\'z"', 'export OS_REGION_NAME="RegionOne"']);
    expect(read).toEqual({ OS_APPLICATION_CREDENTIAL_SECRET: 'a\\b$c`d"e', OS_PASSWORD: "x\\!y\\'z", OS_REGION_NAME: 'RegionOne' });
  });

  it('an escaped quote does not end the value; a $ not escaped is still refused', async () => {
    expect(await variables(['export OS_PASSWORD="say \\"hi\\"" # comment'])).toEqual({ OS_PASSWORD: 'say "hi"' });
    const { message } = await refusal(['export OS_PASSWORD="a\\$b$c"']);
    expect(message).toContain('a variable reference $NAME');
  });
});

describe('values the shell would build are refused, with file and line', () => {
  const cases: Array<[string, string, string]> = [
    ['$(...)', 'export OS_PASSWORD=$(cat ~/.secret)', 'a command substitution $(...)'],
    ['$(...) in double quotes', 'export OS_PASSWORD="$(pass show cloud)"', 'a command substitution $(...)'],
    ['backticks', 'export OS_PASSWORD=`cat /run/secret`', 'a command substitution in backticks'],
    ['${X:-y}', 'export OS_REGION_NAME=${REGION:-RegionOne}', 'a parameter expansion ${...}'],
    ['$VAR', 'export OS_PASSWORD=$MY_PASSWORD', 'a variable reference $NAME'],
    ['$VAR inside a value', 'export OS_AUTH_URL="https://$HOST:5000/v3"', 'a variable reference $NAME'],
    ['a backslash outside quotes', 'export OS_PASSWORD=pa\\$s', 'a backslash escape'],
    ['~', 'export OS_CACERT=~/ca.pem', "a '~' the shell would turn into a home directory"],
    ['quotes joined to a word', 'export OS_PASSWORD=ab"cd"', 'quoted and unquoted parts joined together'],
    ['an unquoted space', 'export OS_PROJECT_NAME=My Project', 'more after the value (an unquoted space?)'],
    ['a # inside an unquoted word', 'export OS_PASSWORD=abc#def', "a '#' inside an unquoted value"],
    ['a command after the value', 'export OS_PASSWORD=x; rm -rf ~', "shell syntax (';')"],
  ];
  for (const [name, line, problem] of cases) {
    it(name, async () => {
      const { message, exitCode, path } = await refusal(['# a comment', 'export OS_USERNAME=u', line]);
      const variable = /^(?:export )?([A-Z_]+)=/.exec(line)![1];
      expect(message).toBe(`${path}:3: the value of ${variable} would be built by the shell (${problem}), and mistral never runs shell code: write the value itself, in single quotes if it holds $, #, \\ or spaces`);
      expect(exitCode).toBe(2);
    });
  }

  it('the refused text itself is never shown (it may be a secret)', async () => {
    const { message } = await refusal(['export OS_PASSWORD=$ecretpassword']);
    expect(message).not.toContain('ecretpassword');
  });

  it('a $ reference to a variable that was not typed at a prompt is refused; one read earlier is unset', async () => {
    expect((await refusal(['export OS_PASSWORD=$OS_PASSWORD'])).message).toContain(':1: the value of OS_PASSWORD would be built by the shell (a variable reference $NAME)');
    expect(await variables(['read -s MY_SECRET', 'OS_PASSWORD=$MY_SECRET', 'OS_USERNAME=u'])).toEqual({ OS_USERNAME: 'u' });
  });

  it('a quote never closed', async () => {
    const { message, exitCode, path } = await refusal(['OS_USERNAME=u', "OS_PASSWORD='abc", 'OS_REGION_NAME=r']);
    expect([message, exitCode]).toEqual([`${path}:2: the value of OS_PASSWORD opens a quote that is never closed`, 2]);
  });
});

describe('shell logic is refused: only the shell can tell which branch applies', () => {
  it('an if/else whose branches both assign', async () => {
    const { message, exitCode, path } = await refusal(['if [ "$CI" = 1 ]; then', '  export OS_PASSWORD=ci-password', 'else', '  export OS_PASSWORD=other', 'fi']);
    expect(message).toBe(`${path}:1: shell logic ('if') whose branches only the shell can choose, and mistral never runs shell code: keep only the assignments that apply`);
    expect(exitCode).toBe(2);
  });

  it("an if other than Horizon's unset-if-empty", async () => {
    const { message, path } = await refusal(['OS_REGION_NAME=r', 'if [ -z "$OS_REGION_NAME" ]; then unset OS_USERNAME; fi']);
    expect(message).toBe(`${path}:2: shell logic ('if') whose branches only the shell can choose, and mistral never runs shell code: keep only the assignments that apply`);
  });

  it('shell commands, and lines that are not NAME=value (their text is not shown)', async () => {
    const source = await refusal(['source ~/other-openrc.sh']);
    expect(source.message).toBe(`${source.path}:1: a shell command ('source'), and mistral never runs shell code`);
    const pasted = await refusal(['OS_USERNAME=u', 'hunter2-password']);
    expect(pasted.message).toBe(`${pasted.path}:2: a line that is not NAME=value, and mistral never runs shell code`);
  });

  it('an echo that runs a command', async () => {
    const { message, path } = await refusal(['echo "token: $(openstack token issue -f value -c id)"']);
    expect(message).toBe(`${path}:1: an echo that runs a command (a command substitution $(...)), and mistral never runs shell code`);
  });
});

describe('reading the file', () => {
  it('/dev/zero is refused at 1 MiB, naming the option and the file', async () => {
    await expect(readEnvFile('/dev/zero', dir, '--os-env-file')).rejects.toThrow("--os-env-file '/dev/zero' is larger than 1 MiB, the most a settings file may hold");
  });

  it('a missing file', async () => {
    await expect(readEnvFile('nope.env', dir, '--os-target-openrc')).rejects.toThrow("cannot read --os-target-openrc 'nope.env': no such file");
  });
});
