// The one place where settings are gathered (STYLE.md §9). Sources, highest first, per setting:
//   command-line flag > environment variable > --env-file > --os-target-openrc (target only)
//   > the named cloud's entry (secure.yaml over clouds.yaml, region values over the entry) > default,
// as python-openstackclient orders them. Every value keeps the source it came from, so
// configuration-show and --debug can say where it came from, and a variable that overrides a named
// cloud's value is worth a warning (mixing is OSC's most reported confusion).
import { UsageError } from '../errors.js';
import { isMapping, parseBoolean } from '../values.js';
import { dirname } from 'node:path';
import { deepMerge, findCloud, loadCloudsFiles, own, type CloudsFiles, type Entry } from './clouds-yaml.js';
import { readEnvFile, type EnvFile } from './env-files.js';
import { CLOUD_SETTINGS, GLOBAL_OPTIONS, OPTION_BY_KEY, optionFor, type CloudRole, type CloudSetting, type GlobalOption } from './options.js';

export type SourceKind = 'flag' | 'env' | 'env-file' | 'openrc' | 'clouds.yaml' | 'secure.yaml' | 'default' | 'prompt';

export interface Source {
  kind: SourceKind;
  /** The flag or variable name. */
  name?: string;
  file?: string;
  /** The clouds.yaml entry. */
  cloud?: string;
}

export interface Setting {
  value: string;
  source: Source;
}

export type CloudSettings = Partial<Record<CloudSetting, Setting>>;

export interface CloudConfig {
  role: CloudRole;
  /** The clouds.yaml entry that names this cloud, and where that name came from. */
  name?: Setting;
  settings: CloudSettings;
}

export interface Configuration {
  home: CloudConfig;
  /** No target: empty. Several only with repeated --os-target-cloud. */
  targets: CloudConfig[];
  /** Options of the program itself (--debug, --timeout, ...) by option key. */
  program: Record<string, Setting | undefined>;
  /** One line each, without a prefix; the caller prints them unless -q. */
  warnings: string[];
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export interface GatherInput {
  flags: FlagValues;
  env: Record<string, string | undefined>;
  cwd: string;
  homeDir: string;
}

export function describeSource(source: Source): string {
  switch (source.kind) {
    case 'env-file':
    case 'openrc':
      return `${source.kind}:${source.file} ${source.name}`;
    case 'clouds.yaml':
    case 'secure.yaml':
      return `${source.kind}:${source.file} cloud ${source.cloud}`;
    case 'flag':
    case 'env':
      return source.name ?? source.kind;
    default:
      return source.kind;
  }
}

export function isTrue(setting: Setting | string | undefined): boolean {
  return (typeof setting === 'string' ? setting : setting?.value) === 'true';
}

// --- variables: the real environment over --env-file files ----------------------------------------

class Variables {
  constructor(
    private readonly env: Record<string, string | undefined>,
    /** Later files win, as with docker's repeated --env-file. */
    private readonly files: EnvFile[],
  ) {}

  /** One variable's value, real environment first (empty counts as unset, as python-mistralclient's env()). */
  get(name: string): string | undefined {
    return this.lookup([name], 'string', name)?.value;
  }

  /**
   * The value of the first of `names` that is set, and where it came from. Spellings of one setting
   * in the same layer must agree (booleans by meaning: TARGET_OS_INSECURE=1 and OS_TARGET_INSECURE=true do).
   */
  lookup(names: string[], kind: GlobalOption['kind'], flag: string): Setting | undefined {
    const layers: Array<{ values: Record<string, string | undefined>; source: (name: string) => Source }> = [
      { values: this.env, source: (name) => ({ kind: 'env', name }) },
      ...[...this.files].reverse().map((file) => ({ values: file.variables, source: (name: string): Source => ({ kind: 'env-file', name, file: file.path }) })),
    ];
    for (const layer of layers) {
      const given = names.filter((name) => layer.values[name] !== undefined && layer.values[name]!.trim() !== '');
      if (!given.length) continue;
      const value = (name: string) => layer.values[name]!.trim();
      const meaning = (name: string) => (kind === 'flag' ? String(parseBoolean(value(name), name)) : value(name));
      const conflicting = given.find((name) => meaning(name) !== meaning(given[0]));
      if (conflicting) {
        throw new UsageError(`${given[0]} and ${conflicting} both set ${flag} but to different values; unset one of them`);
      }
      return { value: kind === 'flag' ? meaning(given[0]) : value(given[0]), source: layer.source(given[0]) };
    }
    return undefined;
  }
}

// --- flags and variables of one option ---------------------------------------------------------------

function fromFlag(option: GlobalOption, flags: FlagValues): Setting | undefined {
  const value = flags[option.key];
  if (value === undefined || value === false) return undefined;
  const flag = option.flags[0];
  if (Array.isArray(value)) return value.length ? { value: value.join(', '), source: { kind: 'flag', name: flag } } : undefined;
  return { value: value === true ? 'true' : value, source: { kind: 'flag', name: flag } };
}

/** Flag, then environment (and env files). */
function fromFlagOrVariables(option: GlobalOption, flags: FlagValues, variables: Variables): Setting | undefined {
  return fromFlag(option, flags) ?? variables.lookup(option.env, option.kind, option.flags[0]);
}

// --- clouds.yaml entries -------------------------------------------------------------------------------

/** Where each setting lives in a clouds.yaml entry: the first path present wins. */
const ENTRY_PATHS: Array<[CloudSetting, string[][]]> = [
  ['auth_url', [['auth', 'auth_url']]],
  ['auth_type', [['auth_type']]],
  ['username', [['auth', 'username']]],
  ['user_id', [['auth', 'user_id']]],
  ['password', [['auth', 'password']]],
  ['token', [['auth', 'token']]],
  ['project_name', [['auth', 'project_name'], ['auth', 'tenant_name']]],
  ['project_id', [['auth', 'project_id'], ['auth', 'tenant_id']]],
  ['user_domain_name', [['auth', 'user_domain_name'], ['auth', 'default_domain_name']]],
  ['user_domain_id', [['auth', 'user_domain_id'], ['auth', 'default_domain_id']]],
  ['project_domain_name', [['auth', 'project_domain_name'], ['auth', 'default_domain_name']]],
  ['project_domain_id', [['auth', 'project_domain_id'], ['auth', 'default_domain_id']]],
  ['region_name', [['region_name']]],
  ['interface', [['interface']]],
  ['identity_api_version', [['identity_api_version']]],
  ['mistral_url', [['workflowv2_endpoint_override'], ['workflow_endpoint_override']]],
  ['cacert', [['cacert']]],
  ['cert', [['cert']]],
  ['key', [['key']]],
  ['application_credential_id', [['auth', 'application_credential_id']]],
  ['application_credential_name', [['auth', 'application_credential_name']]],
  ['application_credential_secret', [['auth', 'application_credential_secret']]],
  ['passcode', [['auth', 'passcode']]],
  ['auth_methods', [['auth', 'auth_methods']]],
];

function at(entry: Entry | undefined, path: string[]): unknown {
  let value: unknown = entry;
  for (const key of path) value = isMapping(value) ? own(value, key) : undefined;
  return value;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A scalar, or a list of scalars as openstacksdk writes `auth_methods` (kept comma-separated, as the flag takes it). */
function scalarOrList(value: unknown): string | undefined {
  if (!Array.isArray(value)) return scalar(value);
  const items = value.map(scalar);
  return items.length && items.every((item) => item !== undefined) ? items.join(',') : undefined;
}

/** A setting's value in an entry and the path it was found at. */
function entryValue(entry: Entry, setting: CloudSetting): { value: string; path: string[] } | undefined {
  if (setting === 'insecure') {
    // `insecure: true` wins; `verify: false` means the same (openstacksdk get_requests_verify_args).
    const insecure = at(entry, ['insecure']);
    if (typeof insecure === 'boolean') return { value: String(insecure), path: ['insecure'] };
    const verify = at(entry, ['verify']);
    return typeof verify === 'boolean' ? { value: String(!verify), path: ['verify'] } : undefined;
  }
  if (setting === 'cache') {
    const auth = at(entry, ['cache', 'auth']);
    return typeof auth === 'boolean' ? { value: String(auth), path: ['cache', 'auth'] } : undefined;
  }
  // A domain given by name or id in the entry hides the default domain for that half.
  const domainOf = /^(user|project)_domain_(name|id)$/.exec(setting);
  if (domainOf && (scalar(at(entry, ['auth', `${domainOf[1]}_domain_name`])) || scalar(at(entry, ['auth', `${domainOf[1]}_domain_id`])))) {
    const path = ['auth', setting];
    const value = scalar(at(entry, path));
    return value === undefined ? undefined : { value, path };
  }
  for (const path of ENTRY_PATHS.find(([name]) => name === setting)?.[1] ?? []) {
    const value = setting === 'auth_methods' ? scalarOrList(at(entry, path)) : scalar(at(entry, path));
    if (value !== undefined) return { value, path };
  }
  return undefined;
}

interface NamedEntry {
  name: string;
  files: CloudsFiles;
  clouds?: Entry;
  secure?: Entry;
  merged: Entry;
}

/**
 * A `regions:` list: the chosen region (flag or variable, else the entry's region_name, else the
 * first listed) must be one of them, and its `values` override the entry.
 */
function applyRegion(entry: NamedEntry, chosen: string | undefined): Entry {
  const regions = own(entry.merged, 'regions');
  if (!Array.isArray(regions) || regions.length === 0) return entry.merged;
  const list = regions.map((r) => {
    const values = isMapping(r) ? own(r, 'values') : undefined;
    return { name: scalar(isMapping(r) ? own(r, 'name') : r) ?? '', values: isMapping(values) ? values : {} };
  });
  const wanted = chosen ?? scalar(own(entry.merged, 'region_name')) ?? list[0].name;
  const region = list.find((r) => r.name === wanted);
  if (!region) {
    throw new UsageError(`Region ${wanted} is not a valid region name for cloud ${entry.name}. Valid choices are ${list.map((r) => r.name).join(',')}. Please note that region names are case sensitive.`);
  }
  return deepMerge({ ...entry.merged, region_name: region.name }, region.values);
}

function entrySource(entry: NamedEntry, path: string[]): Source {
  const inSecure = at(entry.secure, path) !== undefined;
  return { kind: inSecure ? 'secure.yaml' : 'clouds.yaml', file: (inSecure ? entry.files.secureFile : entry.files.cloudsFile) ?? '', cloud: entry.name };
}

// --- one cloud -------------------------------------------------------------------------------------------

/** Settings a cloud of this role can have: those with an option for it, plus clouds.yaml-only ones. */
function settingsOf(role: CloudRole): CloudSetting[] {
  return CLOUD_SETTINGS.filter((s) => optionFor(role, s) || s === 'cache');
}

/** The option whose flag and variables feed this setting; the token cache option serves every cloud. */
function feedingOption(role: CloudRole, setting: CloudSetting): GlobalOption | undefined {
  return optionFor(role, setting) ?? (setting === 'cache' ? OPTION_BY_KEY.get('cache') : undefined);
}

interface CloudInput {
  role: CloudRole;
  name?: Setting;
  entry?: NamedEntry;
  openrc?: EnvFile;
}

function resolveCloud(input: CloudInput, flags: FlagValues, variables: Variables, warnings: string[]): CloudConfig {
  const { role, entry: named } = input;
  const settings: CloudSettings = {};
  const regionOption = feedingOption(role, 'region_name');
  const chosenRegion = regionOption ? fromFlagOrVariables(regionOption, flags, variables) ?? fromOpenrc(input.openrc, 'region_name') : undefined;
  const entry = named ? applyRegion(named, chosenRegion?.value) : undefined;
  const overridden: string[] = [];
  for (const setting of settingsOf(role)) {
    const option = feedingOption(role, setting);
    const given = option ? fromFlagOrVariables(option, flags, variables) : undefined;
    const found = entry ? entryValue(entry, setting) : undefined;
    const fromEntry: Setting | undefined = found && named ? { value: found.value, source: entrySource(named, found.path) } : undefined;
    const fromDefault: Setting | undefined = option?.default !== undefined ? { value: option.default, source: { kind: 'default' } } : undefined;
    // The order of the sources, highest first (see the top of this file).
    const chosen = given ?? fromOpenrc(input.openrc, setting) ?? fromEntry ?? fromDefault;
    if (!chosen) continue;
    settings[setting] = chosen;
    if (given && fromEntry && given.value !== fromEntry.value && (given.source.kind === 'env' || given.source.kind === 'env-file')) {
      overridden.push(`${given.source.name} (${setting})`);
    }
  }
  if (named) refuseSecretsForLocalFiles(named, role, settings);
  if (overridden.length && named) {
    warnings.push(`the environment overrides cloud '${named.name}' of ${named.files.cloudsFile ?? named.files.secureFile}: ${overridden.join(', ')}; 'mistral configuration-show' shows where each setting comes from`);
  }
  return { role, name: input.name, settings };
}

/**
 * openstacksdk looks for ./clouds.yaml before the user's own files and merges the user's secure.yaml
 * over it: a checked-out repository could choose the auth URL that receives the user's password. A
 * cloud whose entry comes in part from a file found in the current directory takes no secret from a
 * file elsewhere; naming the file (OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE) says it is trusted.
 */
function refuseSecretsForLocalFiles(named: NamedEntry, role: CloudRole, settings: CloudSettings): void {
  const { files } = named;
  const local = [named.clouds && files.cloudsFile, named.secure && files.secureFile].find((file) => file && files.foundInCwd.includes(file));
  if (!local) return;
  for (const [setting, chosen] of Object.entries(settings) as Array<[CloudSetting, Setting]>) {
    const { kind, file } = chosen.source;
    if (!optionFor(role, setting)?.secret || (kind !== 'clouds.yaml' && kind !== 'secure.yaml') || !file) continue;
    if (dirname(file) === dirname(local)) continue;
    const variable = local === files.cloudsFile ? 'OS_CLIENT_CONFIG_FILE' : 'OS_CLIENT_SECURE_FILE';
    throw new UsageError(`cloud '${named.name}': ${local} was found in the current directory and would choose where the ${setting} from ${file} is sent; to use them together, name the file: ${variable}=${local}`);
  }
}

/**
 * An openrc given as the target is read with a cloud's own OS_* names: its TARGET_OS_* or
 * OS_TARGET_* lines would be silently left out, and the target reported incomplete. Such a file
 * is what --os-env-file reads.
 */
function refuseTargetNames(openrc: EnvFile): void {
  const names = Object.keys(openrc.variables).filter((name) => /^(?:TARGET_OS_|OS_TARGET_)/.test(name));
  if (!names.length) return;
  throw new UsageError(`--os-target-openrc '${openrc.path}' holds target names (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}), but it reads a cloud's own OS_* names; give this file with --os-env-file (alias --env-file) instead`);
}

/** An openrc written for a cloud of its own (OS_* names) as the target's settings. */
function fromOpenrc(openrc: EnvFile | undefined, setting: CloudSetting): Setting | undefined {
  if (!openrc) return undefined;
  const option = optionFor('home', setting);
  const name = option?.env.find((n) => openrc.variables[n] !== undefined);
  if (!option || !name) return undefined;
  const raw = openrc.variables[name].trim();
  const value = option.kind === 'flag' ? String(parseBoolean(raw, `${name} in ${openrc.path}`)) : raw;
  return { value, source: { kind: 'openrc', name, file: openrc.path } };
}

/** A target is asked for as soon as one of its settings is given (a `false` boolean asks for nothing). */
function targetGiven(flags: FlagValues, variables: Variables): boolean {
  return GLOBAL_OPTIONS.some((option) => {
    if (option.cloud !== 'target' || !option.setting) return false;
    const given = fromFlagOrVariables(option, flags, variables);
    return given !== undefined && !(option.kind === 'flag' && given.value === 'false');
  });
}

// --- everything ------------------------------------------------------------------------------------------

export async function gatherSettings(input: GatherInput): Promise<Configuration> {
  const { flags } = input;
  const envFilePaths = (flags.envFile as string[] | undefined) ?? [];
  const envFiles = await Promise.all(envFilePaths.map((file) => readEnvFile(file, input.cwd, '--os-env-file')));
  const variables = new Variables(input.env, envFiles);

  const program: Record<string, Setting | undefined> = {};
  for (const option of GLOBAL_OPTIONS.filter((o) => !o.cloud)) {
    program[option.key] = fromFlagOrVariables(option, flags, variables) ?? (option.default !== undefined ? { value: option.default, source: { kind: 'default' } } : undefined);
  }

  const homeName = fromFlagOrVariables(OPTION_BY_KEY.get('cloud')!, flags, variables);
  const targetNames = cloudNames(flags, variables);
  const openrcSetting = fromFlagOrVariables(OPTION_BY_KEY.get('targetOpenrc')!, flags, variables);
  if (openrcSetting && targetNames.length > 1) {
    throw new UsageError('--os-target-openrc names one target cloud; it cannot be combined with several --os-target-cloud');
  }
  const openrc = openrcSetting ? await readEnvFile(openrcSetting.value, input.cwd, openrcSetting.source.name ?? '--os-target-openrc') : undefined;
  if (openrc) refuseTargetNames(openrc);

  let files: CloudsFiles | undefined;
  const named = async (name: Setting | undefined): Promise<NamedEntry | undefined> => {
    if (!name) return undefined;
    files ??= await loadCloudsFiles({ env: (n) => variables.get(n), cwd: input.cwd, homeDir: input.homeDir });
    const { clouds, secure } = findCloud(files, name.value);
    return { name: name.value, files, clouds, secure, merged: deepMerge(clouds ?? {}, secure ?? {}) };
  };

  const warnings: string[] = [];
  const home = resolveCloud({ role: 'home', name: homeName, entry: await named(homeName) }, flags, variables, warnings);
  const targets: CloudConfig[] = [];
  if (targetNames.length) {
    for (const name of targetNames) targets.push(resolveCloud({ role: 'target', name, entry: await named(name), openrc }, flags, variables, warnings));
  } else if (openrc || targetGiven(flags, variables)) {
    targets.push(resolveCloud({ role: 'target', openrc }, flags, variables, warnings));
  }
  return { home, targets, program, warnings };
}

/** --os-target-cloud, repeatable; else TARGET_OS_CLOUD / OS_TARGET_CLOUD. Duplicates are one cloud. */
function cloudNames(flags: FlagValues, variables: Variables): Setting[] {
  const option = OPTION_BY_KEY.get('targetCloud')!;
  const given = flags.targetCloud as string[] | undefined;
  const names = given?.length
    ? given.map((value): Setting => ({ value, source: { kind: 'flag', name: option.flags[0] } }))
    : [variables.lookup(option.env, 'string', option.flags[0])].filter((s): s is Setting => s !== undefined);
  return names.filter((name, i) => names.findIndex((n) => n.value === name.value) === i);
}
