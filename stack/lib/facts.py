#!/usr/bin/python3
"""The facts of the two-cloud stack, in one place: ports, URLs, passwords, regions, users, projects, the
catalog of each Keystone, the releases, and the client files derived from them.

Everything else is generated from here (stack/README.md, "Files"): the shell variables of stack/lib.sh
(``facts.py shell``), the releases' package lists (``facts.py root-packages RELEASE``), the seeding of
each Keystone (stack/lib/keystone_seed.py imports this module), and the env files, clouds.yaml,
secure.yaml and stack.json (``facts.py client-files STACK_DIR``). The end-to-end tests read stack.json
(test/e2e/stack.ts).
"""

import json
import os
import shlex
import subprocess
import sys

HOST = '127.0.0.1'
DOMAIN = 'Default'

PORTS = {
    'EPMD': 4369,
    'RABBIT': 5672,
    'RABBIT_DIST': 25672,
    'KS_A': 5000,
    'KS_B': 5001,
    'KS_B_TLS': 5443,
    # Keystone B without uwsgi's Connection: close workaround (stack/README.md).
    'KS_B_RAW': 5002,
    'MISTRAL': 8989,
    # RegionX's workflowv2 endpoints point at 8990/8991 on purpose: nothing listens there.
    'REGIONX_PUBLIC': 8990,
    'REGIONX_INTERNAL': 8991,
    # nginx with the home cloud's own CA: Keystone A, Mistral, and one port that asks for a client
    # certificate and fronts both (/v3 Keystone A, the rest Mistral).
    'KS_A_TLS': 5444,
    'MISTRAL_TLS': 8443,
    'HOME_MTLS': 8444,
}
# The ports the stack listens on (stop.sh waits for them to close; start.sh wants them free).
LISTENING = ['EPMD', 'RABBIT', 'RABBIT_DIST', 'KS_A', 'KS_B', 'KS_B_TLS', 'MISTRAL', 'KS_A_TLS', 'MISTRAL_TLS',
             'HOME_MTLS', 'KS_B_RAW']


def http(port, path=''):
    return f'http://{HOST}:{port}{path}'


def https(port, path=''):
    return f'https://{HOST}:{port}{path}'


KS_A = http(PORTS['KS_A'], '/v3')
KS_A_TLS = https(PORTS['KS_A_TLS'], '/v3')
KS_A_MTLS = https(PORTS['HOME_MTLS'], '/v3')
KS_B = http(PORTS['KS_B'], '/v3')
KS_B_TLS = https(PORTS['KS_B_TLS'], '/v3')
KS_B_RAW = http(PORTS['KS_B_RAW'], '/v3')
MISTRAL = http(PORTS['MISTRAL'], '/v2')
MISTRAL_TLS = https(PORTS['MISTRAL_TLS'], '/v2')
MISTRAL_MTLS = https(PORTS['HOME_MTLS'], '/v2')
RABBIT_URL = f'rabbit://guest:guest@{HOST}:{PORTS["RABBIT"]}/'
INTERFACES = ['public', 'internal', 'admin']


def endpoints(service, region, url, interfaces=INTERFACES):
    return [{'type': service, 'interface': i, 'region': region, 'url': url} for i in interfaces]


# Each cloud: what keystone-manage bootstrap makes (admin, its project and role, identity in the first
# region) and what keystone_seed.py adds through the API. Users' roles are on their own project unless
# `also` names more projects.
CLOUDS = {
    'a': {
        'port': PORTS['KS_A'],
        'auth_url': KS_A,
        'region': 'RegionOne',
        'admin_password': 'adminA-secret',
        'projects': {'admin': None, 'demo': 'cloud A tenant', 'service': 'service users'},
        'roles': ['service'],
        'users': {
            'admin': {'password': 'adminA-secret', 'project': 'admin', 'roles': ['admin']},
            'demo': {'password': 'demoA-secret', 'project': 'demo', 'roles': ['member']},
            'mistral': {'password': 'mistral-svc-secret', 'project': 'service', 'roles': ['admin', 'service']},
        },
        'regions': {
            'RegionOne': None,
            'RegionX': 'workflowv2 endpoints where nothing listens',
            'RegionOneTLS': 'cloud A over HTTPS with the home CA',
            'RegionOneMTLS': 'cloud A over HTTPS with the home CA, client certificate required',
        },
        'services': {'identity': ('keystone', None), 'workflowv2': ('mistral', 'Workflow Service')},
        # The home cloud over HTTPS (nginx, home CA), each in a region of its own so that RegionOne keeps
        # its http endpoints.
        'catalog': endpoints('identity', 'RegionOne', KS_A) + endpoints('workflowv2', 'RegionOne', MISTRAL)
        + [{'type': 'workflowv2', 'interface': 'public', 'region': 'RegionX', 'url': http(PORTS['REGIONX_PUBLIC'], '/v2')},
           {'type': 'workflowv2', 'interface': 'internal', 'region': 'RegionX', 'url': http(PORTS['REGIONX_INTERNAL'], '/v2')}]
        + [e for i in INTERFACES for e in endpoints('identity', 'RegionOneTLS', KS_A_TLS, [i])
           + endpoints('workflowv2', 'RegionOneTLS', MISTRAL_TLS, [i])]
        + [e for i in INTERFACES for e in endpoints('identity', 'RegionOneMTLS', KS_A_MTLS, [i])
           + endpoints('workflowv2', 'RegionOneMTLS', MISTRAL_MTLS, [i])],
    },
    'b': {
        'port': PORTS['KS_B'],
        'auth_url': KS_B,
        'region': 'RegionTwo',
        'admin_password': 'adminB-secret',
        'projects': {'admin': None, 'projb': 'cloud B tenant', 'projb-extra': 'second project of tenantb'},
        'roles': [],
        'users': {
            'admin': {'password': 'adminB-secret', 'project': 'admin', 'roles': ['admin']},
            'tenantb': {'password': 'tenantB-secret', 'project': 'projb', 'roles': ['member'], 'also': ['projb-extra']},
        },
        'regions': {'RegionTwo': None},
        'services': {'identity': ('keystone', None)},
        'catalog': endpoints('identity', 'RegionTwo', KS_B),
    },
}
# Mistral's service user, in cloud A (keystonemiddleware's [keystone_authtoken]).
MISTRAL_SERVICE_USER = 'mistral'

# The releases. bookworm: the host's own Debian 12 packages (stack/install.sh). trixie: Debian 13's, from
# a root of their own (stack/root.sh); RabbitMQ and nginx stay the host's. `patch`: the run-time fix that
# stack/mistral-launcher.py applies (Mistral 15 passes tenant= and user= to oslo.context 5, so every
# target request is an HTTP 500), or None where the release's Mistral carries the upstream fix.
# `start_timeout`: start.sh's default bound on a whole start, in seconds. trixie's Keystone 27 (Python
# 3.13) takes 56 s for db_sync and 60 s for bootstrap at a load of 15 on 2 cores (stack/README.md,
# "Releases"), so 120 s is not enough there.
RELEASES = {
    'bookworm': {'debian': 12, 'kind': 'host', 'start_timeout': 120,
                 'patch': 'mistral-launcher.py: the tenant=/user= fix of openstack/mistral 70af40be and bb6e0e54'},
    'trixie': {'debian': 13, 'kind': 'root', 'start_timeout': 300, 'patch': None},
}
RELEASE_DEFAULT = 'bookworm'
# What a root holds (their dependencies come along). uwsgi and its python3 plugin serve Keystone; sqlite3
# sets Keystone's database to WAL; python3-mistralclient is the release's reference client.
ROOT_PACKAGES = ['keystone', 'uwsgi-core', 'uwsgi-plugin-python3', 'sqlite3', 'mistral-api', 'mistral-engine',
                 'mistral-executor', 'python3-mistralclient']


def package_version(package, root):
    admindir = os.path.join(root or '/', 'var/lib/dpkg')
    out = subprocess.run(['dpkg-query', f'--admindir={admindir}', '-W', '-f=${Version}', package],
                         capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else None


def upstream_version(version):
    """'1:4.5.0-2' -> '4.5.0', '15.0.0-1+deb12u1' -> '15.0.0'."""
    if not version:
        return None
    return version.split(':', 1)[-1].rsplit('-', 1)[0]


STACK_HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(STACK_HOME)


def release_facts(name, root, fixes_on, d):
    r = RELEASES[name]
    versions = {p: package_version(p, root) for p in ['mistral-api', 'keystone', 'python3-mistralclient']}
    patched = r['patch'] is not None and fixes_on
    run = [os.path.join(STACK_HOME, 'in-root.sh'), root, '/tmp', REPO, d, '--'] if root else []
    return {
        'name': name,
        'debian': r['debian'],
        'root': root or None,
        'mistral_version': upstream_version(versions['mistral-api']),
        'keystone_version': upstream_version(versions['keystone']),
        'python_mistralclient_version': upstream_version(versions['python3-mistralclient']),
        'packages': versions,
        # The prefix that runs a program of the release: nothing for the host's packages; for a root,
        # stack/in-root.sh, where the program sees the host's /tmp (the tests' files, HOME), the
        # repository and STACK_DIR at their own paths.
        'run': run,
        # The release's python-mistralclient as a command line.
        'python_mistral': run + ['/usr/bin/mistral'],
        'patch': r['patch'] if patched else None,
        'patch_needed': r['patch'] is not None,
    }


# --- the client files -------------------------------------------------------------------------------

def home_cloud(user, project, auth_url=KS_A, region='RegionOne', cloud='a'):
    u = CLOUDS[cloud]['users'][user]
    return {'OS_AUTH_URL': auth_url, 'OS_IDENTITY_API_VERSION': '3', 'OS_USERNAME': user, 'OS_PASSWORD': u['password'],
            'OS_PROJECT_NAME': project, 'OS_TENANT_NAME': project, 'OS_USER_DOMAIN_NAME': DOMAIN,
            'OS_PROJECT_DOMAIN_NAME': DOMAIN, 'OS_REGION_NAME': region, 'OS_INTERFACE': 'public'}


def target_os(auth_url, cloud, user, project, region):
    return {'TARGET_OS_AUTH_URL': auth_url, 'TARGET_OS_USERNAME': user,
            'TARGET_OS_PASSWORD': CLOUDS[cloud]['users'][user]['password'], 'TARGET_OS_PROJECT_NAME': project,
            'TARGET_OS_USER_DOMAIN_NAME': DOMAIN, 'TARGET_OS_PROJECT_DOMAIN_NAME': DOMAIN,
            'TARGET_OS_REGION_NAME': region}


def env_files(d):
    """(key in stack.json, file name, comment, variables) of each env file."""
    tls = os.path.join(d, 'tls')
    legacy = {k.replace('TARGET_OS_', 'OS_TARGET_'): v for k, v in target_os(KS_B, 'b', 'tenantb', 'projb', 'RegionTwo').items()}
    # python-mistralclient has no OS_TARGET_PROJECT_NAME: the project is OS_TARGET_TENANT_NAME.
    legacy['OS_TARGET_TENANT_NAME'] = legacy.pop('OS_TARGET_PROJECT_NAME')
    legacy = {k: legacy[k] for k in ['OS_TARGET_AUTH_URL', 'OS_TARGET_USERNAME', 'OS_TARGET_PASSWORD',
                                     'OS_TARGET_TENANT_NAME', 'OS_TARGET_USER_DOMAIN_NAME',
                                     'OS_TARGET_PROJECT_DOMAIN_NAME', 'OS_TARGET_REGION_NAME']}
    return [
        ('openrc_a', 'openrc-a.sh', "demo@A: the home cloud's tenant (Mistral is in A's catalog).", home_cloud('demo', 'demo')),
        ('openrc_a_admin', 'openrc-a-admin.sh', 'admin@A (needed e.g. for workflow-create --public).', home_cloud('admin', 'admin')),
        ('openrc_a_tls', 'openrc-a-tls.sh',
         'demo@A over HTTPS with the home CA: Keystone A and (region RegionOneTLS) Mistral through nginx.',
         {**home_cloud('demo', 'demo', KS_A_TLS, 'RegionOneTLS'), 'OS_CACERT': f'{tls}/home-ca.pem'}),
        ('openrc_a_mtls', 'openrc-a-mtls.sh',
         'demo@A through the port that requires a client certificate (region RegionOneMTLS: Keystone A and Mistral).',
         {**home_cloud('demo', 'demo', KS_A_MTLS, 'RegionOneMTLS'), 'OS_CACERT': f'{tls}/home-ca.pem',
          'OS_CERT': f'{tls}/home-client.pem', 'OS_KEY': f'{tls}/home-client-key.pem'}),
        ('openrc_b', 'openrc-b.sh', 'tenantb@B as a cloud of its own (no Mistral there); do not combine with openrc-a.sh.',
         home_cloud('tenantb', 'projb', KS_B, 'RegionTwo', 'b')),
        ('target_b', 'target-b.sh', 'Source after openrc-a.sh: cloud B (tenantb/projb) as the target cloud, TARGET_OS_* spelling.',
         target_os(KS_B, 'b', 'tenantb', 'projb', 'RegionTwo')),
        ('target_b_legacy', 'target-b-legacy.sh',
         "Source after openrc-a.sh: cloud B as the target, python-mistralclient's OS_TARGET_* spelling only.", legacy),
        ('target_b_tls', 'target-b-tls.sh', 'Source after openrc-a.sh: cloud B as the target over HTTPS (nginx, private CA).',
         {**target_os(KS_B_TLS, 'b', 'tenantb', 'projb', 'RegionTwo'), 'TARGET_OS_CACERT': f'{tls}/target-ca.pem'}),
        ('target_b_raw', 'target-b-raw.sh',
         'Source after openrc-a.sh: cloud B as the target through the Keystone B instance without Connection: close.',
         target_os(KS_B_RAW, 'b', 'tenantb', 'projb', 'RegionTwo')),
        ('target_b_extra', 'target-b-extra.sh', 'Source after openrc-a.sh: cloud B as the target, tenantb on project projb-extra.',
         target_os(KS_B, 'b', 'tenantb', 'projb-extra', 'RegionTwo')),
        ('target_a', 'target-a.sh', 'Source after openrc-a.sh: cloud A itself (demo/demo) named as an explicit target.',
         target_os(KS_A, 'a', 'demo', 'demo', 'RegionOne')),
    ]


def write_env_file(path, comment, variables):
    lines = [f'# {comment}', '# Written by stack/start.sh.']
    lines += [f'export {k}={shlex.quote(v)}' for k, v in variables.items()]
    with open(path, 'w') as f:
        f.write('\n'.join(lines) + '\n')


HORIZON_OPENRC = '''#!/usr/bin/env bash

# Written by stack/start.sh in the shape of Horizon's openrc v3 download, for tenantb@B (projb).
# To use an OpenStack cloud you need to authenticate against the Identity
# service named keystone, which returns a **Token** and **Service Catalog**.
export OS_AUTH_URL="{auth_url}"

# With the addition of Keystone we have standardized on the term **project**
# as the entity that owns the resources.
export OS_PROJECT_ID="{project_id}"
export OS_PROJECT_NAME="projb"
export OS_USER_DOMAIN_NAME="Default"
if [ -z "$OS_USER_DOMAIN_NAME" ]; then unset OS_USER_DOMAIN_NAME; fi
export OS_PROJECT_DOMAIN_ID="default"
if [ -z "$OS_PROJECT_DOMAIN_ID" ]; then unset OS_PROJECT_DOMAIN_ID; fi

# unset v2.0 items in case set
unset OS_TENANT_ID
unset OS_TENANT_NAME

# In addition to the owning entity (tenant), OpenStack stores the entity
# performing the action as the **user**.
export OS_USERNAME="tenantb"

# With Keystone you pass the keystone password.
echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "
read -sr OS_PASSWORD_INPUT
export OS_PASSWORD="$OS_PASSWORD_INPUT"

# If your configuration has multiple regions, we set that information here.
# OS_REGION_NAME is optional and only valid in certain environments.
export OS_REGION_NAME="RegionTwo"
# Don't leave a blank variable, unset it if it was empty
if [ -z "$OS_REGION_NAME" ]; then unset OS_REGION_NAME; fi

export OS_INTERFACE=public
export OS_IDENTITY_API_VERSION=3
'''


def cloud_entries(d):
    """(key in cloud_names, clouds.yaml name, cloud, user, project, auth URL, region, TLS files)."""
    tls = os.path.join(d, 'tls')
    return [
        ('a', 'stack-a', 'a', 'demo', 'demo', KS_A, 'RegionOne', {}),
        ('a_admin', 'stack-a-admin', 'a', 'admin', 'admin', KS_A, 'RegionOne', {}),
        ('b', 'stack-b', 'b', 'tenantb', 'projb', KS_B, 'RegionTwo', {}),
        ('b_extra', 'stack-b-extra', 'b', 'tenantb', 'projb-extra', KS_B, 'RegionTwo', {}),
        ('b_tls', 'stack-b-tls', 'b', 'tenantb', 'projb', KS_B_TLS, 'RegionTwo', {'cacert': f'{tls}/target-ca.pem'}),
        ('b_raw', 'stack-b-raw', 'b', 'tenantb', 'projb', KS_B_RAW, 'RegionTwo', {}),
        ('a_tls', 'stack-a-tls', 'a', 'demo', 'demo', KS_A_TLS, 'RegionOneTLS', {'cacert': f'{tls}/home-ca.pem'}),
        ('a_mtls', 'stack-a-mtls', 'a', 'demo', 'demo', KS_A_MTLS, 'RegionOneMTLS',
         {'cacert': f'{tls}/home-ca.pem', 'cert': f'{tls}/home-client.pem', 'key': f'{tls}/home-client-key.pem'}),
    ]


def yaml_str(s):
    return "'" + s.replace("'", "''") + "'"


def write_clouds_yaml(d):
    """clouds.yaml in openstacksdk's format without passwords (as Horizon's download leaves them out), and
    secure.yaml with only the passwords: openstacksdk deep-merges it over clouds.yaml."""
    clouds = [f'# Written by stack/start.sh: the clouds of this stack, passwords in secure.yaml next to it.',
              f'# OS_CLIENT_CONFIG_FILE={d}/clouds.yaml OS_CLIENT_SECURE_FILE={d}/secure.yaml mistral --os-cloud stack-a ...',
              'clouds:']
    secure = ['# Written by stack/start.sh: the passwords of the clouds in clouds.yaml.', 'clouds:']
    for _, name, cloud, user, project, auth_url, region, tls in cloud_entries(d):
        clouds += [f'  {name}:', '    auth_type: password', '    auth:', f'      auth_url: {yaml_str(auth_url)}',
                   f'      username: {user}', f'      project_name: {project}', f'      user_domain_name: {DOMAIN}',
                   f'      project_domain_name: {DOMAIN}', f'    region_name: {region}', '    interface: public',
                   '    identity_api_version: 3']
        clouds += [f'    {k}: {yaml_str(v)}' for k, v in tls.items()]
        secure += [f'  {name}:', '    auth:', f'      password: {yaml_str(CLOUDS[cloud]["users"][user]["password"])}']
    with open(os.path.join(d, 'clouds.yaml'), 'w') as f:
        f.write('\n'.join(clouds) + '\n')
    fd = os.open(os.path.join(d, 'secure.yaml'), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write('\n'.join(secure) + '\n')


def stack_json(d, ids, release):
    """The facts for the tests (test/e2e/stack.ts), with the ids keystone_seed.py recorded."""
    tls = os.path.join(d, 'tls')

    def cloud(key):
        c = CLOUDS[key]
        return {
            'auth_url': c['auth_url'], 'port': c['port'], 'region': c['region'],
            'users': {name: {'name': name, 'password': u['password'], 'project': u['project'],
                             'project_id': ids[key]['projects'][u['project']], 'id': ids[key]['users'][name],
                             'roles': u['roles']} for name, u in c['users'].items()},
            'projects': {name: ids[key]['projects'][name] for name in c['projects']},
            'regions': sorted(c['regions']),
            'catalog': c['catalog'],
        }

    a = {**cloud('a'), 'tls_auth_url': KS_A_TLS, 'tls_port': PORTS['KS_A_TLS'], 'tls_region': 'RegionOneTLS',
         'mtls_auth_url': KS_A_MTLS, 'mtls_port': PORTS['HOME_MTLS'], 'mtls_region': 'RegionOneMTLS',
         'unused_ports': [PORTS['REGIONX_PUBLIC'], PORTS['REGIONX_INTERNAL']]}
    b = {**cloud('b'), 'tls_auth_url': KS_B_TLS, 'tls_port': PORTS['KS_B_TLS'], 'raw_auth_url': KS_B_RAW,
         'raw_port': PORTS['KS_B_RAW']}
    return {
        'stack_dir': d,
        'domain': DOMAIN,
        'release': release,
        'rabbit': {'url': RABBIT_URL, 'port': PORTS['RABBIT'], 'epmd_port': PORTS['EPMD'], 'dist_port': PORTS['RABBIT_DIST']},
        'mistral': {'url': MISTRAL, 'root': http(PORTS['MISTRAL'], '/'), 'port': PORTS['MISTRAL'],
                    'tls_url': MISTRAL_TLS, 'tls_port': PORTS['MISTRAL_TLS'], 'mtls_url': MISTRAL_MTLS,
                    'version': release['mistral_version'],
                    # The server carries the target-context fix: in its own code, or through the patch.
                    'upstream_fixes': release['patch'] is not None or not release['patch_needed']},
        'clouds': {'a': a, 'b': b},
        'tls': {'target_ca': f'{tls}/target-ca.pem', 'home_ca': f'{tls}/home-ca.pem',
                'home_server_cert': f'{tls}/home-server.pem', 'home_client_cert': f'{tls}/home-client.pem',
                'home_client_key': f'{tls}/home-client-key.pem', 'other_ca': f'{tls}/other-ca.pem',
                'server_cert': f'{tls}/keystone-b.pem', 'server_key': f'{tls}/keystone-b-key.pem',
                'server_names': ['IP:127.0.0.1', 'DNS:localhost']},
        'env_files': {**{key: os.path.join(d, name) for key, name, _, _ in env_files(d)},
                      'openrc_b_horizon': os.path.join(d, 'openrc-b-horizon.sh')},
        'clouds_yaml': os.path.join(d, 'clouds.yaml'),
        'secure_yaml': os.path.join(d, 'secure.yaml'),
        'cloud_names': {key: name for key, name, *_ in cloud_entries(d)},
    }


def client_files(d, release_name, root, fixes_on):
    ids = {}
    for key in CLOUDS:
        with open(os.path.join(d, f'ks-{key}', 'ids.json')) as f:
            ids[key] = json.load(f)
    for _, name, comment, variables in env_files(d):
        write_env_file(os.path.join(d, name), comment, variables)
    with open(os.path.join(d, 'openrc-b-horizon.sh'), 'w') as f:
        f.write(HORIZON_OPENRC.format(auth_url=KS_B, project_id=ids['b']['projects']['projb']))
    write_clouds_yaml(d)
    release = release_facts(release_name, root, fixes_on, d)
    with open(os.path.join(d, 'stack.json'), 'w') as f:
        json.dump(stack_json(d, ids, release), f, indent=2)
        f.write('\n')
    return release


def shell():
    """Assignments for stack/lib.sh."""
    lines = [f'PORT_{name}={port}' for name, port in PORTS.items()]
    lines.append('STACK_PORTS=(' + ' '.join(str(PORTS[n]) for n in LISTENING) + ')')
    lines.append('RELEASES=(' + ' '.join(RELEASES) + ')')
    lines.append(f'RELEASE_DEFAULT={RELEASE_DEFAULT}')
    for name, r in RELEASES.items():
        lines.append(f'RELEASE_KIND_{name}={r["kind"]}')
        lines.append(f'RELEASE_START_TIMEOUT_{name}={r["start_timeout"]}')
        lines.append(f'RELEASE_PATCH_{name}={shlex.quote(r["patch"] or "")}')
    lines.append(f'RABBIT_URL={shlex.quote(RABBIT_URL)}')
    svc = CLOUDS['a']['users'][MISTRAL_SERVICE_USER]
    lines += [f'MISTRAL_SERVICE_USER={MISTRAL_SERVICE_USER}', f'MISTRAL_SERVICE_PASSWORD={shlex.quote(svc["password"])}',
              f'MISTRAL_SERVICE_PROJECT={svc["project"]}']
    for key, c in CLOUDS.items():
        k = key.upper()
        lines += [f'CLOUD_{k}_PORT={c["port"]}', f'CLOUD_{k}_AUTH_URL={c["auth_url"]}', f'CLOUD_{k}_REGION={c["region"]}',
                  f'CLOUD_{k}_ADMIN_PASSWORD={shlex.quote(c["admin_password"])}']
    return '\n'.join(lines)


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ''
    if cmd == 'shell':
        print(shell())
    elif cmd == 'root-packages':
        print('\n'.join(ROOT_PACKAGES))
    elif cmd == 'client-files' and len(argv) == 5:
        # STACK_DIR RELEASE ROOT ("" for the host)
        release = client_files(argv[2], argv[3], argv[4], os.environ.get('MISTRAL_UPSTREAM_FIXES', '1') != '0')
        print(json.dumps(release))
    else:
        print('usage: facts.py shell | root-packages | client-files STACK_DIR RELEASE ROOT', file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
