#!/usr/bin/python3
"""Runs Debian's Mistral 15 server (``mistral-server``) with two upstream fixes applied at run time.

Usage (Debian's interpreter; the ``python3`` on PATH may lack the Debian modules):

    /usr/bin/python3 stack/mistral-launcher.py --config-file DIR/mistral.conf --server all
    /usr/bin/python3 stack/mistral-launcher.py --init-db --config-file DIR/mistral.conf

Why: in target mode (request header ``X-Target-Auth-Uri``) Mistral 15.0.0's
``mistral.context._extract_mistral_auth_params`` returns ``tenant`` and ``user``, which it then passes to
``oslo_context.RequestContext.__init__``. Debian 12's oslo.context 5.0.0 no longer accepts either keyword,
so every target request ends in HTTP 500 with an empty body. Upstream fixed it in openstack/mistral
70af40be "Remove tenant when building mistral context" (16.0.0) and bb6e0e54 "Drop usage of removed
attribute of RequestContext" (``user`` -> ``user_id``, 21.0.0). This launcher wraps the function so its
result matches those commits. No packaged file is touched. ``MISTRAL_UPSTREAM_FIXES=0`` runs stock code.

``--init-db`` creates the schema the way that works on SQLite: ``setup_db()`` (models ``create_all``),
with the equivalents of ``mistral-db-manage stamp head`` and ``mistral-db-manage populate`` in one process
(``upgrade head`` fails on SQLite: migration 002 alters constraints).
"""

import os
import sys


def apply_upstream_fixes():
    from mistral import context

    stock = context._extract_mistral_auth_params

    def extract_mistral_auth_params(headers):
        params = stock(headers)
        params.pop('tenant', None)  # 70af40be
        if 'user' in params:  # bb6e0e54
            params['user_id'] = params.pop('user')
        return params

    extract_mistral_auth_params.__wrapped__ = stock
    context._extract_mistral_auth_params = extract_mistral_auth_params


def serve(argv):
    # mistral/cmd/launch.py puts <argv[0]>/../.. first on sys.path when a mistral/ package lies there: with
    # this script's own path that is the repository root. As /usr/bin/mistral-server, it is /usr, as for
    # the packaged command.
    sys.argv = ['/usr/bin/mistral-server'] + argv
    # Imported first: it monkey-patches eventlet before anything else, as /usr/bin/mistral-server does.
    from mistral.cmd import launch

    if os.environ.get('MISTRAL_UPSTREAM_FIXES', '1') != '0':
        apply_upstream_fixes()
    return launch.main()


def init_db(argv):
    import os.path

    from alembic import config as alembic_cfg
    from oslo_config import cfg
    from oslo_log import log as logging

    # Registers Mistral's options and the "command" sub-command option, as mistral-db-manage does.
    from mistral.db.sqlalchemy.migration import cli
    from mistral.db.v2 import api as db_api

    conf = cfg.CONF
    logging.register_options(conf)
    conf(argv + ['populate'], project='mistral')
    logging.setup(conf, 'Mistral')

    alembic_conf = alembic_cfg.Config(os.path.join(os.path.dirname(cli.__file__), 'alembic.ini'))
    alembic_conf.set_main_option('script_location', 'mistral.db.sqlalchemy.migration:alembic_migrations')
    alembic_conf.mistral_config = conf
    # Stamp before setup_db(): Mistral's engine set-up replaces sqlalchemy.create_engine with a wrapper
    # that Alembic's env.py cannot call (it passes a URL string).
    cli.do_alembic_command(alembic_conf, 'stamp', 'head')
    db_api.setup_db()
    cli.do_populate(alembic_conf, 'populate')
    return 0


def main():
    argv = sys.argv[1:]
    if argv[:1] == ['--init-db']:
        return init_db(argv[1:])
    return serve(argv)


if __name__ == '__main__':
    sys.exit(main())
