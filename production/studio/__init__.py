"""The studio: a local web page where a teacher picks a scene, edits its parameters in a
form, sees the numbers and a storyboard preview at once, renders, and builds a lesson.

    python render.py studio            # then open the URL it prints

``server.create_app`` is the ASGI app (FastAPI, served by uvicorn),
``worker`` the warm preview and render processes, ``static/`` the page (plain
HTML, JS and CSS: no build step, nothing fetched from the network). Needs the
``studio`` extra: ``pip install '.[studio]'`` (fastapi, uvicorn).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["create_app", "serve", "studio_url"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The studio's ASGI app; see :func:`production.studio.server.create_app`."""
    from production.studio.server import create_app as make

    return make(*args, **kwargs)


def studio_url(host: str, port: int) -> str:
    from production.studio.server import studio_url as url

    return url(host, port)


def serve(out_dir: str | Path = "media", host: str = "127.0.0.1", port: int = 8000, *, allow_remote: bool = False,
          on_ready: Any = None) -> None:
    """Run the studio until Ctrl-C. ``on_ready(url)`` is called once it is listening."""
    import socket

    import uvicorn

    from production import IntuitionError
    from production.studio.server import create_app as make
    from production.studio.server import studio_url as url

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:  # a clear line instead of uvicorn's log when the port is taken
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            raise IntuitionError(f"cannot listen on {host}:{port}: {err.strerror or err} (choose another --port)"
                                 ) from None
    app = make(out_dir, host, port, allow_remote=allow_remote, warm=True)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="on",
                            timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    if on_ready is not None:
        started = server.startup

        async def startup(sockets: Any = None) -> None:
            await started(sockets=sockets)
            if server.started:
                on_ready(url(host, port))

        server.startup = startup
    server.run()
