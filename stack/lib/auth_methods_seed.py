#!/usr/bin/python3
"""Seeds what the Keystone auth methods other than the password need, in both clouds of the stack,
and writes the files a user would download from Horizon for them into STACK_DIR:

  - for demo@A (project demo) and tenantb@B (project projb): a restricted application credential
    (`ci-restricted`, Keystone's default) and an unrestricted one (`ci-unrestricted`);
  - a user with multi-factor rules (password + totp) in each cloud: mfa@A (project demo, password
    mfaA-secret) and mfab@B (project projb, password mfaB-secret), each with a TOTP credential
    whose base32 secret is written to auth-methods.json;
  - openrc-a-appcred.sh and openrc-b-appcred.sh in the shape of Horizon's application-credential
    openrc (openstack_dashboard/dashboards/identity/application_credentials/templates/
    application_credentials/openrc.sh.template: values unquoted), openrc-a-appcred-quoted.sh with
    the values double-quoted, target-b-appcred.sh (B as the target, TARGET_OS_* spelling),
    clouds-auth-methods.yaml (Horizon's clouds.yaml.template for application credentials, secrets
    in it as Horizon writes them; 0600) and auth-methods.json (every id and secret, for the tests).

Called once by stack/lib/keystone.sh (keystone_seed) after the users and projects exist; the users,
passwords, projects, regions and URLs are stack/lib/facts.py's. Needs the [auth] methods of both
Keystones to include application_credential and totp (keystone.sh's keystone.conf).
Usage: /usr/bin/python3 stack/lib/auth_methods_seed.py STACK_DIR
Only the standard library: it runs with Debian's /usr/bin/python3 in start.sh's clean environment.
"""
import base64
import json
import os
import secrets
import sys
import urllib.error
import urllib.request

# No __pycache__ in the repository.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import facts  # noqa: E402

stack_dir = sys.argv[1]
A, B = facts.CLOUDS['a'], facts.CLOUDS['b']
url_a, url_b = A['auth_url'][:-len('/v3')], B['auth_url'][:-len('/v3')]


def call(base, method, path, token=None, body=None):
    """One Keystone request: (headers, parsed body); any answer >= 300 stops the seeding."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("X-Auth-Token", token)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.headers, (json.loads(text) if text else {})
    except urllib.error.HTTPError as error:
        sys.exit("%s %s%s: HTTP %s %s" % (method, base, path, error.code, error.read().decode()[:500]))


def login(base, user, password, project):
    """A project-scoped token of user: (token, token body)."""
    headers, body = call(base, "POST", "/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {"name": user, "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"id": "default"}}}}})
    return headers["X-Subject-Token"], body["token"]


def application_credentials(base, user, password, project):
    """The two credentials of user, as the user creates them (Keystone lets only the owner)."""
    token, info = login(base, user, password, project)
    made = {}
    for name, unrestricted in (("ci-restricted", False), ("ci-unrestricted", True)):
        secret = secrets.token_urlsafe(32)
        _, body = call(base, "POST", "/v3/users/%s/application_credentials" % info["user"]["id"], token, {
            "application_credential": {"name": name, "secret": secret, "unrestricted": unrestricted,
                                       "description": "written by stack/lib/auth_methods_seed.py"}})
        made[name] = {"id": body["application_credential"]["id"], "name": name, "secret": secret,
                      "unrestricted": unrestricted, "user": user, "user_id": info["user"]["id"],
                      "project": project, "project_id": info["project"]["id"]}
    return made


def multi_factor_user(base, admin_password, name, password, project):
    """A user whose rules ask for password + totp, member of project, with a TOTP credential."""
    admin, _ = login(base, "admin", admin_password, "admin")
    _, roles = call(base, "GET", "/v3/roles?name=member", admin)
    _, projects = call(base, "GET", "/v3/projects?name=%s" % project, admin)
    project_id = projects["projects"][0]["id"]
    _, body = call(base, "POST", "/v3/users", admin, {"user": {
        "name": name, "password": password, "domain_id": "default", "default_project_id": project_id,
        "options": {"multi_factor_auth_rules": [["password", "totp"]], "multi_factor_auth_enabled": True}}})
    user_id = body["user"]["id"]
    call(base, "PUT", "/v3/projects/%s/users/%s/roles/%s" % (project_id, user_id, roles["roles"][0]["id"]), admin)
    # Keystone pads and base32-decodes the blob (keystone/auth/plugins/totp.py); 20 random bytes as RFC 4226 suggests.
    totp_secret = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    call(base, "POST", "/v3/credentials", admin, {"credential": {"type": "totp", "user_id": user_id, "blob": totp_secret}})
    return {"name": name, "id": user_id, "password": password, "project": project, "project_id": project_id,
            "totp_secret": totp_secret, "rules": [["password", "totp"]]}


def write(name, text, mode=0o600):
    path = os.path.join(stack_dir, name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


def horizon_openrc(auth_url, region, credential, quoted=False):
    """Horizon's application-credential openrc; `quoted`: every value in double quotes."""
    q = (lambda v: '"%s"' % v.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")) if quoted else (lambda v: v)
    return ("#!/usr/bin/env bash\n\n# Written by stack/lib/auth_methods_seed.py in the shape of Horizon's application credential openrc.\n"
            "export OS_AUTH_TYPE=%s\nexport OS_AUTH_URL=%s\nexport OS_IDENTITY_API_VERSION=3\nexport OS_REGION_NAME=\"%s\"\n"
            "export OS_INTERFACE=%s\nexport OS_APPLICATION_CREDENTIAL_ID=%s\nexport OS_APPLICATION_CREDENTIAL_SECRET=%s\n") % (
        q("v3applicationcredential"), q(auth_url), region, q("public"), q(credential["id"]), q(credential["secret"]))


def yaml_str(value):
    return '"%s"' % value.replace("\\", "\\\\").replace('"', '\\"')


def clouds_entry(name, auth_url, region, credential):
    """Horizon's clouds.yaml.template for an application credential."""
    return ("  %s:\n    auth:\n      auth_url: %s\n      application_credential_id: %s\n      application_credential_secret: %s\n"
            "    region_name: %s\n    interface: \"public\"\n    identity_api_version: 3\n    auth_type: \"v3applicationcredential\"\n") % (
        name, auth_url, yaml_str(credential["id"]), yaml_str(credential["secret"]), yaml_str(region))


ks_a, ks_b = A["auth_url"], B["auth_url"]
region_a, region_b = A["region"], B["region"]
a = application_credentials(url_a, "demo", A["users"]["demo"]["password"], A["users"]["demo"]["project"])
b = application_credentials(url_b, "tenantb", B["users"]["tenantb"]["password"], B["users"]["tenantb"]["project"])
mfa_a = multi_factor_user(url_a, A["admin_password"], "mfa", "mfaA-secret", A["users"]["demo"]["project"])
mfa_b = multi_factor_user(url_b, B["admin_password"], "mfab", "mfaB-secret", B["users"]["tenantb"]["project"])

files = {
    "openrc_a_appcred": write("openrc-a-appcred.sh", horizon_openrc(ks_a, region_a, a["ci-unrestricted"])),
    "openrc_a_appcred_restricted": write("openrc-a-appcred-restricted.sh", horizon_openrc(ks_a, region_a, a["ci-restricted"])),
    "openrc_a_appcred_quoted": write("openrc-a-appcred-quoted.sh", horizon_openrc(ks_a, region_a, a["ci-unrestricted"], quoted=True)),
    "openrc_b_appcred": write("openrc-b-appcred.sh", horizon_openrc(ks_b, region_b, b["ci-restricted"])),
    "target_b_appcred": write("target-b-appcred.sh", (
        "# Source after openrc-a.sh or openrc-a-appcred.sh: cloud B as the target, logged in with tenantb's\n"
        "# restricted application credential. Written by stack/lib/auth_methods_seed.py.\n"
        "export TARGET_OS_AUTH_TYPE=v3applicationcredential\nexport TARGET_OS_AUTH_URL=%s\n"
        "export TARGET_OS_APPLICATION_CREDENTIAL_ID=%s\nexport TARGET_OS_APPLICATION_CREDENTIAL_SECRET=%s\n"
        "export TARGET_OS_REGION_NAME=%s\n") % (ks_b, b["ci-restricted"]["id"], b["ci-restricted"]["secret"], region_b)),
}
clouds = write("clouds-auth-methods.yaml", (
    "# Written by stack/lib/auth_methods_seed.py: application credential clouds as Horizon writes them.\nclouds:\n"
    + clouds_entry("stack-a-appcred", ks_a, region_a, a["ci-unrestricted"])
    + clouds_entry("stack-a-appcred-restricted", ks_a, region_a, a["ci-restricted"])
    + clouds_entry("stack-b-appcred", ks_b, region_b, b["ci-restricted"])
    + clouds_entry("stack-b-appcred-unrestricted", ks_b, region_b, b["ci-unrestricted"])))
write("auth-methods.json", json.dumps({
    "application_credentials": {"a": a, "b": b},
    "multi_factor_users": {"a": mfa_a, "b": mfa_b},
    "env_files": files,
    "clouds_yaml": clouds,
    "cloud_names": {"a": "stack-a-appcred", "a_restricted": "stack-a-appcred-restricted", "b": "stack-b-appcred", "b_unrestricted": "stack-b-appcred-unrestricted"},
}, indent=2) + "\n")
print("application credentials: demo@A and tenantb@B (restricted, unrestricted); multi-factor users: mfa@A, mfab@B")
