"""The auction site: `create_app()` (Flask's app-factory shape) and `python app.py`, the demo.

`python app.py` reads its settings from the environment (see `auction.config`), sets up the demo
campaign once (render, pin, deploy, mint, open the auction; a restart reuses it), prints where
to go and serves on http://127.0.0.1:$PORT with Flask's threaded development server.
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Mapping
from typing import Any

from flask import Flask, g


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """A site over DATA_DIR: defaults, then the environment, then `test_config` (tests)."""
    from auction.config import Config
    from auction.site import Site
    from auction.views import api, gateway, organiser, participant, public, web

    app = Flask(__name__, static_folder="auction/static", template_folder="templates")
    app.config.from_mapping(
        DATA_DIR="data",
        SITE_CONFIG={},  # auction.config.Config fields that win over the environment (tests)
        POLL_MS=2000,  # how often the auction panel asks for news
        MAX_CONTENT_LENGTH=1 << 20,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    if os.environ.get("DATA_DIR"):
        app.config["DATA_DIR"] = os.environ["DATA_DIR"]
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)

    overrides = {"data_dir": app.config["DATA_DIR"], **app.config["SITE_CONFIG"]}
    for key, name in (("SECRET_KEY", "secret_key"), ("ORGANISER_PASSWORD", "organiser_password")):
        if app.config.get(key):
            overrides[name] = app.config[key]
    config = Config.from_env(os.environ, **overrides)
    app.config["SECRET_KEY"] = config.secret_key
    app.config["DEV_MODE"] = config.dev_mode

    site = Site(config)
    app.extensions["site"] = site
    app.extensions["site_config"] = config
    atexit.register(close_site, app)

    web.init_app(app)
    for blueprint in (public.bp, participant.bp, organiser.bp, api.bp, gateway.bp):
        app.register_blueprint(blueprint)

    @app.teardown_appcontext
    def _forget_request_state(_error: BaseException | None) -> None:
        g.pop("synced", None)

    return app


def close_site(app: Flask) -> None:
    """Closes the app's Site once (at exit, or earlier when a test stops the app)."""
    site = app.extensions.pop("site", None)
    if site is not None:
        site.close()


def main() -> int:
    """The demo: set up the sample campaign once, then serve it."""
    from auction.bootstrap import bootstrap

    app = create_app()
    site = bootstrap(app.extensions["site"])
    config = app.extensions["site_config"]
    campaign_id = site.campaigns()[0].campaign_id
    url = config.site_url
    print(f"auction site: {url}/")
    print(f"artwork:      {url}/art/{campaign_id}")
    password = ("ORGANISER_PASSWORD (environment)" if os.environ.get("ORGANISER_PASSWORD")
                else str(config.data_dir / "organiser_password"))
    print(f"organiser:    {url}/organiser/ (password in {password})")
    links = sorted(site.participant_links(campaign_id).items())
    for name, token in links[:3]:
        print(f"participant {name}: {url}/p/{token}")
    if len(links) > 3:
        print(f"... {len(links) - 3} more participant links on the organiser page")
    app.run(host="127.0.0.1", port=config.port, threaded=True, use_reloader=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
