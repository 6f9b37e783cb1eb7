// Every global option of `mistral`: its flags, the environment variables that feed it, its default
// and, for the options that describe a cloud, the per-cloud setting it fills. One table drives the
// option parser, `--help`, completion, the environment lookup, clouds.yaml mapping and the messages
// that name a missing setting.

/** 'list' options may be repeated (`--env-file a --env-file b`). */
export type OptionKind = 'string' | 'flag' | 'list';

export type CloudRole = 'home' | 'target';

/**
 * The settings of one cloud, named as clouds.yaml spells them (so configuration-show, clouds.yaml
 * and the messages use one vocabulary). Home and target twins share a name.
 */
export const CLOUD_SETTINGS = [
  'auth_url', 'auth_type', 'username', 'user_id', 'password', 'token', 'project_name', 'project_id',
  'user_domain_name', 'user_domain_id', 'project_domain_name', 'project_domain_id', 'region_name',
  'interface', 'identity_api_version', 'mistral_url', 'service_type', 'endpoint_type', 'mistral_version',
  'mistral_auth_type', 'cacert', 'cert', 'key', 'insecure', 'cache',
  // The Keystone auth methods' own settings (src/auth/methods.ts says which method reads which).
  'application_credential_id', 'application_credential_name', 'application_credential_secret', 'passcode', 'auth_methods',
] as const;

export type CloudSetting = (typeof CLOUD_SETTINGS)[number];

export interface GlobalOption {
  key: string;
  /** First flag is the one shown in help; the others are accepted aliases (hidden). */
  flags: string[];
  /** Environment variables that all spell this one setting; two with different values conflict. */
  env: string[];
  kind: OptionKind;
  valueName?: string;
  default?: string;
  help: string;
  /** The cloud this option describes; absent for options of the program itself (--debug, --env-file). */
  cloud?: CloudRole;
  /** The per-cloud setting it fills. */
  setting?: CloudSetting;
  /** Holds a secret: never echoed in messages, debug output or configuration-show. */
  secret?: boolean;
  /** Values a shell can complete (completion reads the table). */
  choices?: string[];
  /** The value names a file (completion offers files). */
  file?: boolean;
}

/** Both spellings of a target variable: the blueprint's TARGET_OS_* and python-mistralclient's OS_TARGET_*. */
function targetEnv(...names: string[]): string[] {
  return [...names.map((n) => `TARGET_OS_${n}`), ...names.map((n) => `OS_TARGET_${n}`)];
}

/** The auth_type values a cloud may name: src/auth/methods.ts holds a method for each (a unit test checks). */
export const KEYSTONE_AUTH_TYPES = ['password', 'v3password', 'token', 'v3token', 'v3applicationcredential', 'v3totp', 'v3multifactor'];

const home = (setting: CloudSetting) => ({ cloud: 'home' as const, setting });
const target = (setting: CloudSetting) => ({ cloud: 'target' as const, setting });

export const GLOBAL_OPTIONS: GlobalOption[] = [
  { key: 'debug', flags: ['--debug'], env: [], kind: 'flag', help: 'Show where each setting came from, each request and response on stderr (secrets redacted), and tracebacks on errors.' },
  { key: 'logFile', flags: ['--log-file'], env: [], kind: 'string', valueName: 'LOG_FILE', file: true, help: 'Accepted for compatibility; ignored, as by python-mistralclient.' },
  // Not spelt --env-file first: Node 20 takes an --env-file anywhere on its command line for its own
  // (bin/mistral.js refuses to run when it did); --env-file stays an alias, safe after `node --`.
  { key: 'envFile', flags: ['--os-env-file', '--env-file'], env: [], kind: 'list', valueName: 'FILE', file: true, help: 'Read settings (OS_*, TARGET_OS_*, ... variables) from a dotenv or openrc file, without running it; the real environment wins. Repeatable; a later file wins over an earlier one.' },
  { key: 'timeout', flags: ['--timeout'], env: ['OS_TIMEOUT', 'MISTRAL_TIMEOUT'], kind: 'string', valueName: 'SECONDS', help: 'Bound each HTTP request to this many seconds (default: 15 for Keystone, 60 for Mistral).' },
  { key: 'cloud', flags: ['--os-cloud'], env: ['OS_CLOUD'], kind: 'string', valueName: 'NAME', cloud: 'home', help: 'Home cloud: an entry of clouds.yaml (and secure.yaml).' },
  { key: 'mistralUrl', flags: ['--os-mistral-url'], env: ['OS_MISTRAL_URL'], kind: 'string', valueName: 'MISTRAL_URL', ...home('mistral_url'), help: 'Mistral API endpoint (default: from the service catalog, or http://localhost:8989/v2 without authentication).' },
  { key: 'mistralVersion', flags: ['--os-mistral-version'], env: ['OS_MISTRAL_VERSION'], kind: 'string', valueName: 'MISTRAL_VERSION', default: 'v2', ...home('mistral_version'), help: 'Mistral API version (default: v2).' },
  { key: 'serviceType', flags: ['--os-mistral-service-type'], env: ['OS_MISTRAL_SERVICE_TYPE'], kind: 'string', valueName: 'SERVICE_TYPE', default: 'workflowv2', ...home('service_type'), help: 'Service type of Mistral in the catalog (default: workflowv2).' },
  { key: 'endpointType', flags: ['--os-mistral-endpoint-type'], env: ['OS_MISTRAL_ENDPOINT_TYPE'], kind: 'string', valueName: 'ENDPOINT_TYPE', ...home('endpoint_type'), choices: ['public', 'internal', 'admin'], help: 'Catalog interface of the Mistral endpoint: public, internal or admin (publicURL etc. accepted; default: OS_INTERFACE, else public).' },
  { key: 'interface', flags: ['--os-interface'], env: ['OS_INTERFACE'], kind: 'string', valueName: 'INTERFACE', ...home('interface'), choices: ['public', 'internal', 'admin'], help: 'Default catalog interface, as openrc files set it.' },
  { key: 'identityApiVersion', flags: ['--os-identity-api-version'], env: ['OS_IDENTITY_API_VERSION'], kind: 'string', valueName: 'VERSION', ...home('identity_api_version'), help: 'Identity API version; only 3 is supported.' },
  { key: 'authUrl', flags: ['--os-auth-url'], env: ['OS_AUTH_URL'], kind: 'string', valueName: 'AUTH_URL', ...home('auth_url'), help: 'Home cloud Keystone URL (with or without /v3).' },
  { key: 'username', flags: ['--os-username'], env: ['OS_USERNAME'], kind: 'string', valueName: 'USERNAME', ...home('username'), help: 'Home cloud user name.' },
  { key: 'userId', flags: ['--os-user-id'], env: ['OS_USER_ID'], kind: 'string', valueName: 'USER_ID', ...home('user_id'), help: 'Home cloud user id.' },
  { key: 'password', flags: ['--os-password'], env: ['OS_PASSWORD'], kind: 'string', valueName: 'PASSWORD', secret: true, ...home('password'), help: 'Home cloud password (asked for on a terminal when it is the only thing missing).' },
  { key: 'projectId', flags: ['--os-project-id', '--os-tenant-id'], env: ['OS_PROJECT_ID', 'OS_TENANT_ID'], kind: 'string', valueName: 'PROJECT_ID', ...home('project_id'), help: 'Home cloud project id (--os-tenant-id is an alias).' },
  { key: 'projectName', flags: ['--os-project-name', '--os-tenant-name'], env: ['OS_PROJECT_NAME', 'OS_TENANT_NAME'], kind: 'string', valueName: 'PROJECT_NAME', ...home('project_name'), help: 'Home cloud project name (--os-tenant-name is an alias).' },
  { key: 'authToken', flags: ['--os-auth-token'], env: ['OS_AUTH_TOKEN'], kind: 'string', valueName: 'AUTH_TOKEN', secret: true, ...home('token'), help: 'Home cloud token (exchanged for a project-scoped token at the auth URL).' },
  { key: 'osAuthType', flags: ['--os-auth-type'], env: ['OS_AUTH_TYPE'], kind: 'string', valueName: 'AUTH_TYPE', ...home('auth_type'), choices: KEYSTONE_AUTH_TYPES, help: 'Home cloud Keystone auth method: password, token, v3applicationcredential, v3totp or v3multifactor (default: token when a token is given, v3applicationcredential when an application credential is, else password).' },
  { key: 'applicationCredentialId', flags: ['--os-application-credential-id'], env: ['OS_APPLICATION_CREDENTIAL_ID'], kind: 'string', valueName: 'ID', ...home('application_credential_id'), help: 'Home cloud application credential id (with its secret; no user or project needed).' },
  { key: 'applicationCredentialName', flags: ['--os-application-credential-name'], env: ['OS_APPLICATION_CREDENTIAL_NAME'], kind: 'string', valueName: 'NAME', ...home('application_credential_name'), help: 'Home cloud application credential name (with its secret and the user, by id or by name and domain).' },
  { key: 'applicationCredentialSecret', flags: ['--os-application-credential-secret'], env: ['OS_APPLICATION_CREDENTIAL_SECRET'], kind: 'string', valueName: 'SECRET', secret: true, ...home('application_credential_secret'), help: 'Home cloud application credential secret.' },
  { key: 'passcode', flags: ['--os-passcode'], env: ['OS_PASSCODE'], kind: 'string', valueName: 'PASSCODE', secret: true, ...home('passcode'), help: 'Home cloud TOTP passcode (v3totp, v3multifactor; asked for on a terminal when Keystone asks for it).' },
  { key: 'authMethods', flags: ['--os-auth-methods'], env: ['OS_AUTH_METHODS'], kind: 'string', valueName: 'METHODS', ...home('auth_methods'), help: 'Home cloud methods of v3multifactor, comma-separated (e.g. v3password,v3totp).' },
  { key: 'userDomainName', flags: ['--os-user-domain-name'], env: ['OS_USER_DOMAIN_NAME'], kind: 'string', valueName: 'NAME', ...home('user_domain_name'), help: 'Home cloud user domain name.' },
  { key: 'userDomainId', flags: ['--os-user-domain-id'], env: ['OS_USER_DOMAIN_ID'], kind: 'string', valueName: 'ID', ...home('user_domain_id'), help: 'Home cloud user domain id (default: default).' },
  { key: 'projectDomainName', flags: ['--os-project-domain-name'], env: ['OS_PROJECT_DOMAIN_NAME'], kind: 'string', valueName: 'NAME', ...home('project_domain_name'), help: 'Home cloud project domain name.' },
  { key: 'projectDomainId', flags: ['--os-project-domain-id'], env: ['OS_PROJECT_DOMAIN_ID'], kind: 'string', valueName: 'ID', ...home('project_domain_id'), help: 'Home cloud project domain id (default: default).' },
  { key: 'regionName', flags: ['--os-region-name'], env: ['OS_REGION_NAME'], kind: 'string', valueName: 'REGION_NAME', ...home('region_name'), help: 'Home cloud region: picks the catalog endpoint and is sent as X-Region-Name.' },
  { key: 'cacert', flags: ['--os-cacert'], env: ['OS_CACERT'], kind: 'string', valueName: 'CA_CERT', file: true, ...home('cacert'), help: 'CA bundle for the home Keystone and Mistral.' },
  { key: 'cert', flags: ['--os-cert'], env: ['OS_CERT'], kind: 'string', valueName: 'CERT', file: true, ...home('cert'), help: 'Client certificate for the home Keystone and Mistral.' },
  { key: 'key', flags: ['--os-key'], env: ['OS_KEY'], kind: 'string', valueName: 'KEY', file: true, ...home('key'), help: 'Client certificate key for the home Keystone and Mistral.' },
  { key: 'insecure', flags: ['--insecure'], env: ['MISTRALCLIENT_INSECURE'], kind: 'flag', ...home('insecure'), help: 'Do not verify TLS certificates of the home Keystone and Mistral.' },
  { key: 'cache', flags: ['--os-cache'], env: ['OS_CACHE'], kind: 'flag', ...home('cache'), help: 'Keep tokens between invocations in $XDG_CACHE_HOME/mistral/auth (clouds.yaml: cache: {auth: true}); clear with token-cache-clear.' },
  { key: 'authType', flags: ['--auth-type'], env: ['MISTRAL_AUTH_TYPE'], kind: 'string', valueName: 'AUTH_TYPE', default: 'keystone', ...home('mistral_auth_type'), help: 'Authentication type (only keystone is supported).' },
  { key: 'openidClientId', flags: ['--openid-client-id'], env: ['OPENID_CLIENT_ID'], kind: 'string', valueName: 'CLIENT_ID', help: 'Accepted for compatibility (keycloak-oidc is not supported).' },
  { key: 'openidClientSecret', flags: ['--openid-client-secret'], env: ['OPENID_CLIENT_SECRET'], kind: 'string', valueName: 'CLIENT_SECRET', secret: true, help: 'Accepted for compatibility (keycloak-oidc is not supported).' },
  { key: 'profile', flags: ['--profile'], env: ['OS_PROFILE'], kind: 'string', valueName: 'HMAC_KEY', secret: true, help: 'Accepted for compatibility (osprofiler is not supported).' },

  // The target cloud: the whole set or nothing.
  { key: 'targetCloud', flags: ['--os-target-cloud'], env: targetEnv('CLOUD'), kind: 'list', valueName: 'NAME', cloud: 'target', help: 'Target cloud: an entry of clouds.yaml. Repeat it to run execution-create/execution-wait on several target clouds at once.' },
  { key: 'targetOpenrc', flags: ['--os-target-openrc'], env: ['TARGET_OS_OPENRC'], kind: 'string', valueName: 'FILE', cloud: 'target', file: true, help: "Target cloud: another cloud's openrc or .env file written with OS_* names (as Horizon offers it)." },
  { key: 'targetAuthUrl', flags: ['--os-target-auth-url'], env: targetEnv('AUTH_URL'), kind: 'string', valueName: 'URL', ...target('auth_url'), help: 'Target cloud Keystone URL.' },
  { key: 'targetUsername', flags: ['--os-target-username'], env: targetEnv('USERNAME'), kind: 'string', valueName: 'NAME', ...target('username'), help: 'Target cloud user name (no default).' },
  { key: 'targetUserId', flags: ['--os-target-user-id'], env: targetEnv('USER_ID'), kind: 'string', valueName: 'ID', ...target('user_id'), help: 'Target cloud user id.' },
  { key: 'targetPassword', flags: ['--os-target-password'], env: targetEnv('PASSWORD'), kind: 'string', valueName: 'PASSWORD', secret: true, ...target('password'), help: 'Target cloud password (asked for on a terminal when it is the only thing missing).' },
  { key: 'targetProjectName', flags: ['--os-target-project-name', '--os-target-tenant-name'], env: targetEnv('PROJECT_NAME', 'TENANT_NAME', 'TENANT'), kind: 'string', valueName: 'NAME', ...target('project_name'), help: 'Target cloud project name (--os-target-tenant-name is an alias).' },
  { key: 'targetProjectId', flags: ['--os-target-project-id', '--os-target-tenant-id'], env: targetEnv('PROJECT_ID', 'TENANT_ID'), kind: 'string', valueName: 'ID', ...target('project_id'), help: 'Target cloud project id (--os-target-tenant-id is an alias).' },
  { key: 'targetUserDomainName', flags: ['--os-target-user-domain-name'], env: targetEnv('USER_DOMAIN_NAME'), kind: 'string', valueName: 'NAME', ...target('user_domain_name'), help: 'Target cloud user domain name.' },
  { key: 'targetUserDomainId', flags: ['--os-target-user-domain-id'], env: targetEnv('USER_DOMAIN_ID'), kind: 'string', valueName: 'ID', ...target('user_domain_id'), help: 'Target cloud user domain id (default: default).' },
  { key: 'targetProjectDomainName', flags: ['--os-target-project-domain-name'], env: targetEnv('PROJECT_DOMAIN_NAME'), kind: 'string', valueName: 'NAME', ...target('project_domain_name'), help: 'Target cloud project domain name.' },
  { key: 'targetProjectDomainId', flags: ['--os-target-project-domain-id'], env: targetEnv('PROJECT_DOMAIN_ID'), kind: 'string', valueName: 'ID', ...target('project_domain_id'), help: 'Target cloud project domain id (default: default).' },
  { key: 'targetAuthToken', flags: ['--os-target-auth-token'], env: targetEnv('AUTH_TOKEN'), kind: 'string', valueName: 'TOKEN', secret: true, ...target('token'), help: 'Target cloud token (instead of user and password).' },
  { key: 'targetOsAuthType', flags: ['--os-target-auth-type'], env: targetEnv('AUTH_TYPE'), kind: 'string', valueName: 'AUTH_TYPE', ...target('auth_type'), choices: KEYSTONE_AUTH_TYPES, help: 'Target cloud Keystone auth method (as --os-auth-type).' },
  { key: 'targetApplicationCredentialId', flags: ['--os-target-application-credential-id'], env: targetEnv('APPLICATION_CREDENTIAL_ID'), kind: 'string', valueName: 'ID', ...target('application_credential_id'), help: 'Target cloud application credential id.' },
  { key: 'targetApplicationCredentialName', flags: ['--os-target-application-credential-name'], env: targetEnv('APPLICATION_CREDENTIAL_NAME'), kind: 'string', valueName: 'NAME', ...target('application_credential_name'), help: 'Target cloud application credential name (with the target user).' },
  { key: 'targetApplicationCredentialSecret', flags: ['--os-target-application-credential-secret'], env: targetEnv('APPLICATION_CREDENTIAL_SECRET'), kind: 'string', valueName: 'SECRET', secret: true, ...target('application_credential_secret'), help: 'Target cloud application credential secret.' },
  { key: 'targetPasscode', flags: ['--os-target-passcode'], env: targetEnv('PASSCODE'), kind: 'string', valueName: 'PASSCODE', secret: true, ...target('passcode'), help: 'Target cloud TOTP passcode.' },
  { key: 'targetAuthMethods', flags: ['--os-target-auth-methods'], env: targetEnv('AUTH_METHODS'), kind: 'string', valueName: 'METHODS', ...target('auth_methods'), help: 'Target cloud methods of v3multifactor, comma-separated.' },
  { key: 'targetRegionName', flags: ['--os-target-region-name'], env: targetEnv('REGION_NAME'), kind: 'string', valueName: 'REGION', ...target('region_name'), help: "Target cloud region, sent as X-Target-Region-Name; checked against the target token's catalog." },
  { key: 'targetCacert', flags: ['--os-target-cacert', '--os-target_cacert'], env: targetEnv('CACERT', 'CA_CERT'), kind: 'string', valueName: 'CA_CERT', file: true, ...target('cacert'), help: 'CA bundle for the target Keystone only.' },
  { key: 'targetCert', flags: ['--os-target-cert'], env: targetEnv('CERT'), kind: 'string', valueName: 'CERT', file: true, ...target('cert'), help: 'Client certificate for the target Keystone.' },
  { key: 'targetKey', flags: ['--os-target-key'], env: targetEnv('KEY'), kind: 'string', valueName: 'KEY', file: true, ...target('key'), help: 'Client certificate key for the target Keystone.' },
  { key: 'targetInsecure', flags: ['--os-target-insecure', '--target_insecure'], env: [...targetEnv('INSECURE'), 'TARGET_MISTRALCLIENT_INSECURE'], kind: 'flag', ...target('insecure'), help: 'Do not verify the target Keystone certificate; sent as X-Target-Insecure: True.' },
];

/**
 * The program's own options besides the settings: commander declares them in cli.ts (version,
 * verbosity, help, the last also on every command); help, bash-completion and completion list them.
 */
export interface ProgramOption {
  flags: string[];
  help: string;
  /** May be given more than once (-v -v). */
  repeat?: boolean;
}

export const PROGRAM_OPTIONS: ProgramOption[] = [
  { flags: ['--version'], help: "show program's version number and exit" },
  { flags: ['-v', '--verbose'], help: 'Increase verbosity of output. Can be repeated.', repeat: true },
  { flags: ['-q', '--quiet'], help: 'Suppress output except warnings and errors.' },
  { flags: ['-h', '--help'], help: 'show this help message and exit' },
];

export const OPTION_BY_KEY = new Map(GLOBAL_OPTIONS.map((o) => [o.key, o]));

/** The option that fills `setting` of a cloud, if any. */
export function optionFor(role: CloudRole, setting: CloudSetting): GlobalOption | undefined {
  return GLOBAL_OPTIONS.find((o) => o.cloud === role && o.setting === setting);
}

/** How a person would name a setting in a message: its flag and every variable spelling. */
export function describeSetting(key: string): string {
  const option = OPTION_BY_KEY.get(key);
  if (!option) return key;
  if (!option.env.length) return option.flags[0];
  // Target settings: the blueprint's spelling and python-mistralclient's, the first of each.
  const spellings = option.cloud === 'target'
    ? [option.env.find((e) => e.startsWith('TARGET_OS_')), option.env.find((e) => e.startsWith('OS_TARGET_'))]
    : option.env;
  return `${option.flags[0]} (${spellings.filter(Boolean).join(' or ')})`;
}

/** describeSetting by cloud role and setting name. */
export function describeCloudSetting(role: CloudRole, setting: CloudSetting): string {
  const option = optionFor(role, setting);
  return option ? describeSetting(option.key) : setting;
}
