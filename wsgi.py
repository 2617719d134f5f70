"""Production entry point: ``gunicorn -c gunicorn.conf.py wsgi:server``.

Every setting comes from the environment (see the README, "Drift och
säkerhet"). This module runs in production mode unless
``SAMVERKANSVAV_PRODUCTION`` says otherwise: a secret key is then required,
the session cookie is sent over HTTPS only, and debug mode is off, so no
traceback or debugger ever reaches a browser. With ``preload_app`` (see
gunicorn.conf.py) the dataset is computed once in the master process and
shared by the forked workers.
"""

from __future__ import annotations

import logging
import os

from samverkansvav.config import load_config
from samverkansvav.web.app import create_app
from samverkansvav.web.auth import install_auth

__all__ = ["app", "server", "config"]

if not logging.getLogger().handlers:
    # Application and audit messages go to stderr, which gunicorn's error log collects.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

config = load_config()
if not os.environ.get("SAMVERKANSVAV_PRODUCTION"):
    config = config.replace(production=True)
app = create_app(config)
install_auth(app, config)  # does nothing when create_app has already installed it
server = app.server
server.debug = False
