"""Who may use a served workshop: the join token, the access cookie, the Origin check.

textual-serve has neither authentication nor an Origin check; this middleware
adds both in front of every route:

- ``/`` with the right ``?token=`` sets an HttpOnly access cookie and redirects
  to ``/`` (the token leaves the address bar); without a token required, ``/``
  hands the cookie out freely (the default server listens on 127.0.0.1 only).
- Everything else (``/ws``, ``/download/...``, ``/join``, the static files)
  answers 403 without the cookie.
- A request that names an Origin (browsers always do for websockets) must come
  from the address the browser connected to: another site's page cannot drive
  an app process through a participant's browser.
- Wrong tokens are rate-limited per client address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

from secsc_tui.i18n import _

ACCESS_COOKIE = "secsc_access"
TOKEN_PARAMETER = "token"
# Wrong tokens allowed per client address within the window, before it must wait.
WRONG_TOKENS_ALLOWED = 5
WRONG_TOKEN_WINDOW = 60.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    """A join token: short enough to type from the projector, long enough not to guess (~60 bits)."""
    return secrets.token_urlsafe(8)


class Guard:
    def __init__(self, token: str | None, *, public_origin: str | None = None, allowed_hosts: set[str] | None = None):
        """``token``: what ``/?token=`` must say, or None when none is required.

        ``allowed_hosts``: the only host names a request may be addressed to (the
        Host header), or None for any. Without a token this stops another site
        from reaching the server through a name of its own that points here (DNS
        rebinding): its requests are addressed to its own name.
        """
        self.token = token
        # The cookie is derived from the token, so a server restarted with the same
        # token lets its browsers back in without the link; with no token, any value works.
        secret = token.encode("utf-8") if token else secrets.token_bytes(32)
        self.cookie_value = hmac.new(secret, b"secsc access cookie", hashlib.sha256).hexdigest()
        self.public_origin = origin_of(public_origin) if public_origin else None
        self.allowed_hosts = {host.lower().strip("[]") for host in allowed_hosts} if allowed_hosts else None
        self._wrong: dict[str, deque[float]] = defaultdict(deque)

    # -- the middleware -------------------------------------------------------------

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.host_allowed(request):
            return _forbidden(request, _("This server is not reached by that name."))
        if not self.origin_allowed(request):
            return _forbidden(request, _("This page was opened from another site."))
        if request.path == "/":
            return await self._index(request, handler)
        if not self.has_cookie(request):
            return _forbidden(request, _("Open the workshop's join link first."))
        return await handler(request)

    async def _index(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        given = request.query.get(TOKEN_PARAMETER)
        if given is not None:
            if self.token is not None:
                if self._too_many_wrong(request):
                    raise web.HTTPTooManyRequests(text=_("Too many wrong join codes: wait a minute and try again."))
                if not hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8")):
                    self._note_wrong(request)
                    return _forbidden(request, _("This join code is not right: ask the trainer for the link."))
            # Into the cookie, out of the address bar (and the browser's history).
            redirect = web.HTTPSeeOther("/")
            self.set_cookie(redirect)
            raise redirect
        if self.has_cookie(request):
            return await handler(request)
        if self.token is None:
            response = await handler(request)
            self.set_cookie(response)
            return response
        return _forbidden(request, _("Open the workshop's join link (with its code) from the trainer."))

    # -- checks ---------------------------------------------------------------------

    def has_cookie(self, request: web.Request) -> bool:
        value = request.cookies.get(ACCESS_COOKIE, "")
        return hmac.compare_digest(value.encode("utf-8"), self.cookie_value.encode("utf-8"))

    def set_cookie(self, response: web.StreamResponse) -> None:
        response.set_cookie(ACCESS_COOKIE, self.cookie_value, httponly=True, samesite="Strict", path="/")

    def origin_allowed(self, request: web.Request) -> bool:
        """No Origin (not a browser), or the very address the browser connected to."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        here = origin_of(f"{request.scheme}://{request.host}")
        return origin_of(origin) in {here, self.public_origin}

    def host_allowed(self, request: web.Request) -> bool:
        if self.allowed_hosts is None:
            return True
        host = urlsplit(f"//{request.host}").hostname or ""
        return host.lower() in self.allowed_hosts

    def _too_many_wrong(self, request: web.Request) -> bool:
        times = self._wrong[request.remote or "?"]
        now = time.monotonic()
        while times and now - times[0] > WRONG_TOKEN_WINDOW:
            times.popleft()
        return len(times) >= WRONG_TOKENS_ALLOWED

    def _note_wrong(self, request: web.Request) -> None:
        self._wrong[request.remote or "?"].append(time.monotonic())


def origin_of(url: str) -> str:
    """scheme://host[:port], lower case, the default port left out as browsers do."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def _forbidden(request: web.Request, reason: str) -> web.Response:
    return web.Response(status=403, text=f"403 Forbidden: {reason}\n")
