// Every global option of `mistral`: its flags, the environment variables that feed it and its
// default. One table drives the option parser, `--help`, the environment lookup and the messages
// that name a missing setting.

export type OptionKind = 'string' | 'flag';

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
  /** Part of the target cloud (multi-VIM) settings. */
  target?: boolean;
  /** Holds a secret: never echoed in messages or debug output. */
  secret?: boolean;
}

/** Both spellings of a target variable: the blueprint's TARGET_OS_* and python-mistralclient's OS_TARGET_*. */
function targetEnv(...names: string[]): string[] {
  return [...names.map((n) => `TARGET_OS_${n}`), ...names.map((n) => `OS_TARGET_${n}`)];
}

export const GLOBAL_OPTIONS: GlobalOption[] = [
  { key: 'debug', flags: ['--debug'], env: [], kind: 'flag', help: 'Show each request and response on stderr (secrets redacted) and tracebacks on errors.' },
  { key: 'logFile', flags: ['--log-file'], env: [], kind: 'string', valueName: 'LOG_FILE', help: 'Accepted for compatibility; ignored, as by python-mistralclient.' },
  { key: 'mistralUrl', flags: ['--os-mistral-url'], env: ['OS_MISTRAL_URL'], kind: 'string', valueName: 'MISTRAL_URL', help: 'Mistral API endpoint (default: from the service catalog, or http://localhost:8989/v2 without authentication).' },
  { key: 'mistralVersion', flags: ['--os-mistral-version'], env: ['OS_MISTRAL_VERSION'], kind: 'string', valueName: 'MISTRAL_VERSION', default: 'v2', help: 'Mistral API version (default: v2).' },
  { key: 'serviceType', flags: ['--os-mistral-service-type'], env: ['OS_MISTRAL_SERVICE_TYPE'], kind: 'string', valueName: 'SERVICE_TYPE', default: 'workflowv2', help: 'Service type of Mistral in the catalog (default: workflowv2).' },
  { key: 'endpointType', flags: ['--os-mistral-endpoint-type'], env: ['OS_MISTRAL_ENDPOINT_TYPE'], kind: 'string', valueName: 'ENDPOINT_TYPE', help: 'Catalog interface of the Mistral endpoint: public, internal or admin (publicURL etc. accepted; default: OS_INTERFACE, else public).' },
  { key: 'interface', flags: ['--os-interface'], env: ['OS_INTERFACE'], kind: 'string', valueName: 'INTERFACE', help: 'Default catalog interface, as openrc files set it.' },
  { key: 'identityApiVersion', flags: ['--os-identity-api-version'], env: ['OS_IDENTITY_API_VERSION'], kind: 'string', valueName: 'VERSION', help: 'Identity API version; only 3 is supported.' },
  { key: 'authUrl', flags: ['--os-auth-url'], env: ['OS_AUTH_URL'], kind: 'string', valueName: 'AUTH_URL', help: 'Home cloud Keystone URL (with or without /v3).' },
  { key: 'username', flags: ['--os-username'], env: ['OS_USERNAME'], kind: 'string', valueName: 'USERNAME', help: 'Home cloud user name.' },
  { key: 'userId', flags: ['--os-user-id'], env: ['OS_USER_ID'], kind: 'string', valueName: 'USER_ID', help: 'Home cloud user id.' },
  { key: 'password', flags: ['--os-password'], env: ['OS_PASSWORD'], kind: 'string', valueName: 'PASSWORD', secret: true, help: 'Home cloud password.' },
  { key: 'projectId', flags: ['--os-project-id', '--os-tenant-id'], env: ['OS_PROJECT_ID', 'OS_TENANT_ID'], kind: 'string', valueName: 'PROJECT_ID', help: 'Home cloud project id (--os-tenant-id is an alias).' },
  { key: 'projectName', flags: ['--os-project-name', '--os-tenant-name'], env: ['OS_PROJECT_NAME', 'OS_TENANT_NAME'], kind: 'string', valueName: 'PROJECT_NAME', help: 'Home cloud project name (--os-tenant-name is an alias).' },
  { key: 'authToken', flags: ['--os-auth-token'], env: ['OS_AUTH_TOKEN'], kind: 'string', valueName: 'AUTH_TOKEN', secret: true, help: 'Home cloud token (exchanged for a project-scoped token at the auth URL).' },
  { key: 'userDomainName', flags: ['--os-user-domain-name'], env: ['OS_USER_DOMAIN_NAME'], kind: 'string', valueName: 'NAME', help: 'Home cloud user domain name.' },
  { key: 'userDomainId', flags: ['--os-user-domain-id'], env: ['OS_USER_DOMAIN_ID'], kind: 'string', valueName: 'ID', help: 'Home cloud user domain id (default: default).' },
  { key: 'projectDomainName', flags: ['--os-project-domain-name'], env: ['OS_PROJECT_DOMAIN_NAME'], kind: 'string', valueName: 'NAME', help: 'Home cloud project domain name.' },
  { key: 'projectDomainId', flags: ['--os-project-domain-id'], env: ['OS_PROJECT_DOMAIN_ID'], kind: 'string', valueName: 'ID', help: 'Home cloud project domain id (default: default).' },
  { key: 'regionName', flags: ['--os-region-name'], env: ['OS_REGION_NAME'], kind: 'string', valueName: 'REGION_NAME', help: 'Home cloud region: picks the catalog endpoint and is sent as X-Region-Name.' },
  { key: 'cacert', flags: ['--os-cacert'], env: ['OS_CACERT'], kind: 'string', valueName: 'CA_CERT', help: 'CA bundle for the home Keystone and Mistral.' },
  { key: 'cert', flags: ['--os-cert'], env: ['OS_CERT'], kind: 'string', valueName: 'CERT', help: 'Client certificate for the home cloud.' },
  { key: 'key', flags: ['--os-key'], env: ['OS_KEY'], kind: 'string', valueName: 'KEY', help: 'Client certificate key for the home cloud.' },
  { key: 'insecure', flags: ['--insecure'], env: ['MISTRALCLIENT_INSECURE'], kind: 'flag', help: 'Do not verify TLS certificates of the home cloud.' },
  { key: 'authType', flags: ['--auth-type'], env: ['MISTRAL_AUTH_TYPE'], kind: 'string', valueName: 'AUTH_TYPE', default: 'keystone', help: 'Authentication type (only keystone is supported).' },
  { key: 'openidClientId', flags: ['--openid-client-id'], env: ['OPENID_CLIENT_ID'], kind: 'string', valueName: 'CLIENT_ID', help: 'Accepted for compatibility (keycloak-oidc is not supported).' },
  { key: 'openidClientSecret', flags: ['--openid-client-secret'], env: ['OPENID_CLIENT_SECRET'], kind: 'string', valueName: 'CLIENT_SECRET', secret: true, help: 'Accepted for compatibility (keycloak-oidc is not supported).' },
  { key: 'profile', flags: ['--profile'], env: ['OS_PROFILE'], kind: 'string', valueName: 'HMAC_KEY', secret: true, help: 'Accepted for compatibility (osprofiler is not supported).' },

  // The target cloud: the whole set or nothing.
  { key: 'targetAuthUrl', flags: ['--os-target-auth-url'], env: targetEnv('AUTH_URL'), kind: 'string', valueName: 'URL', target: true, help: 'Target cloud Keystone URL.' },
  { key: 'targetUsername', flags: ['--os-target-username'], env: targetEnv('USERNAME'), kind: 'string', valueName: 'NAME', target: true, help: 'Target cloud user name (no default).' },
  { key: 'targetUserId', flags: ['--os-target-user-id'], env: targetEnv('USER_ID'), kind: 'string', valueName: 'ID', target: true, help: 'Target cloud user id.' },
  { key: 'targetPassword', flags: ['--os-target-password'], env: targetEnv('PASSWORD'), kind: 'string', valueName: 'PASSWORD', secret: true, target: true, help: 'Target cloud password.' },
  { key: 'targetProjectName', flags: ['--os-target-project-name', '--os-target-tenant-name'], env: targetEnv('PROJECT_NAME', 'TENANT_NAME', 'TENANT'), kind: 'string', valueName: 'NAME', target: true, help: 'Target cloud project name (--os-target-tenant-name is an alias).' },
  { key: 'targetProjectId', flags: ['--os-target-project-id', '--os-target-tenant-id'], env: targetEnv('PROJECT_ID', 'TENANT_ID'), kind: 'string', valueName: 'ID', target: true, help: 'Target cloud project id (--os-target-tenant-id is an alias).' },
  { key: 'targetUserDomainName', flags: ['--os-target-user-domain-name'], env: targetEnv('USER_DOMAIN_NAME'), kind: 'string', valueName: 'NAME', target: true, help: 'Target cloud user domain name.' },
  { key: 'targetUserDomainId', flags: ['--os-target-user-domain-id'], env: targetEnv('USER_DOMAIN_ID'), kind: 'string', valueName: 'ID', target: true, help: 'Target cloud user domain id (default: default).' },
  { key: 'targetProjectDomainName', flags: ['--os-target-project-domain-name'], env: targetEnv('PROJECT_DOMAIN_NAME'), kind: 'string', valueName: 'NAME', target: true, help: 'Target cloud project domain name.' },
  { key: 'targetProjectDomainId', flags: ['--os-target-project-domain-id'], env: targetEnv('PROJECT_DOMAIN_ID'), kind: 'string', valueName: 'ID', target: true, help: 'Target cloud project domain id (default: default).' },
  { key: 'targetAuthToken', flags: ['--os-target-auth-token'], env: targetEnv('AUTH_TOKEN'), kind: 'string', valueName: 'TOKEN', secret: true, target: true, help: 'Target cloud token (instead of user and password).' },
  { key: 'targetRegionName', flags: ['--os-target-region-name'], env: targetEnv('REGION_NAME'), kind: 'string', valueName: 'REGION', target: true, help: 'Target cloud region, sent as X-Target-Region-Name.' },
  { key: 'targetCacert', flags: ['--os-target-cacert', '--os-target_cacert'], env: targetEnv('CACERT', 'CA_CERT'), kind: 'string', valueName: 'CA_CERT', target: true, help: 'CA bundle for the target Keystone only.' },
  { key: 'targetCert', flags: ['--os-target-cert'], env: targetEnv('CERT'), kind: 'string', valueName: 'CERT', target: true, help: 'Client certificate for the target Keystone.' },
  { key: 'targetKey', flags: ['--os-target-key'], env: targetEnv('KEY'), kind: 'string', valueName: 'KEY', target: true, help: 'Client certificate key for the target Keystone.' },
  { key: 'targetInsecure', flags: ['--os-target-insecure', '--target_insecure'], env: [...targetEnv('INSECURE'), 'TARGET_MISTRALCLIENT_INSECURE'], kind: 'flag', target: true, help: 'Do not verify the target Keystone certificate; sent as X-Target-Insecure: True.' },
];

export const OPTION_BY_KEY = new Map(GLOBAL_OPTIONS.map((o) => [o.key, o]));

/** How a person would name a setting in a message: its flag and every variable spelling. */
export function describeSetting(key: string): string {
  const option = OPTION_BY_KEY.get(key);
  if (!option) return key;
  if (!option.env.length) return option.flags[0];
  // Target settings: the blueprint's spelling and python-mistralclient's, the first of each.
  const spellings = option.target
    ? [option.env.find((e) => e.startsWith('TARGET_OS_')), option.env.find((e) => e.startsWith('OS_TARGET_'))]
    : option.env;
  return `${option.flags[0]} (${spellings.filter(Boolean).join(' or ')})`;
}
