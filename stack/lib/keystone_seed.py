#!/usr/bin/python3
"""Seeds one bootstrapped Keystone through its API with what stack/lib/facts.py says the cloud holds:
projects, roles, users and their role assignments, services, regions and the catalog's endpoints.
keystone-manage bootstrap made the admin user, project and role and identity's endpoints in the first
region; whatever exists already is left as it is. Writes the ids to STACK_DIR/ks-<cloud>/ids.json.

Usage: /usr/bin/python3 stack/lib/keystone_seed.py STACK_DIR a|b
"""

import json
import os
import sys
import urllib.error
import urllib.request

# No __pycache__ in the repository.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import facts  # noqa: E402

# The stack's processes get no proxy settings (start.sh's clean environment); none is used for 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(base, method, path, body=None, token=None):
    headers = {'Content-Type': 'application/json'}
    if token:
        headers['X-Auth-Token'] = token
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with OPENER.open(req, timeout=30) as resp:
            raw = resp.read()
            return json.loads(raw) if raw else None, resp.headers
    except urllib.error.HTTPError as e:
        raise SystemExit(f'{method} {base}{path} -> HTTP {e.code}: {e.read().decode(errors="replace")}')


def main(stack_dir, key):
    cloud = facts.CLOUDS[key]
    base = cloud['auth_url']
    admin = cloud['users']['admin']
    auth = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
        'name': 'admin', 'domain': {'id': 'default'}, 'password': admin['password']}}},
        'scope': {'project': {'name': 'admin', 'domain': {'id': 'default'}}}}}
    body, headers = call(base, 'POST', '/auth/tokens', auth)
    tok = headers['X-Subject-Token']

    def get(path, collection):
        return call(base, 'GET', path, token=tok)[0][collection]

    def create(collection, member, fields):
        return call(base, 'POST', f'/{collection}', {member: fields}, tok)[0][member]['id']

    projects = {p['name']: p['id'] for p in get('/projects', 'projects')}
    for name, description in cloud['projects'].items():
        if name not in projects:
            projects[name] = create('projects', 'project', {'name': name, 'domain_id': 'default', 'description': description})
    roles = {r['name']: r['id'] for r in get('/roles', 'roles')}
    for name in cloud['roles']:
        if name not in roles:
            roles[name] = create('roles', 'role', {'name': name})
    users = {u['name']: u['id'] for u in get('/users', 'users')}
    for name, u in cloud['users'].items():
        if name not in users:
            users[name] = create('users', 'user', {'name': name, 'password': u['password'], 'domain_id': 'default',
                                                   'default_project_id': projects[u['project']]})
        for project in [u['project']] + u.get('also', []):
            for role in u['roles']:
                call(base, 'PUT', f'/projects/{projects[project]}/users/{users[name]}/roles/{roles[role]}', token=tok)
    services = {s['type']: s['id'] for s in get('/services', 'services')}
    for kind, (name, description) in cloud['services'].items():
        if kind not in services:
            fields = {'type': kind, 'name': name}
            if description:
                fields['description'] = description
            services[kind] = create('services', 'service', fields)
    regions = {r['id'] for r in get('/regions', 'regions')}
    for region, description in cloud['regions'].items():
        if region not in regions:
            create('regions', 'region', {'id': region, 'description': description or ''})
    existing = {(e['service_id'], e['interface'], e['region_id'], e['url']) for e in get('/endpoints', 'endpoints')}
    for e in cloud['catalog']:
        wanted = (services[e['type']], e['interface'], e['region'], e['url'])
        if wanted not in existing:
            create('endpoints', 'endpoint', {'service_id': wanted[0], 'interface': wanted[1], 'region_id': wanted[2],
                                             'url': wanted[3]})
    ids = {'projects': projects, 'users': users, 'roles': roles, 'services': services}
    with open(os.path.join(stack_dir, f'ks-{key}', 'ids.json'), 'w') as f:
        json.dump(ids, f, indent=2)
    return 0


if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[2] not in facts.CLOUDS:
        sys.exit('usage: keystone_seed.py STACK_DIR ' + '|'.join(facts.CLOUDS))
    sys.exit(main(sys.argv[1], sys.argv[2]))
