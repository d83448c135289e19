"""The join token, the cookie, the Origin and Host checks, the join URL: in-process, fast."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from secsc_tui.serve.addresses import host_names, join_url, public_base
from secsc_tui.serve.command import ServeOptions, UsageError, choose_token
from secsc_tui.serve.guard import ACCESS_COOKIE, Guard, origin_of

SERVE = Path(__file__).resolve().parents[2] / "secsc_tui" / "serve"


def options(**kwargs) -> ServeOptions:
    return ServeOptions(db="x.sqlite3", workshop_id="w-1", workshop_name="W", **kwargs)


def test_a_token_is_needed_once_others_can_connect():
    assert choose_token(options()) is None  # 127.0.0.1: this computer only
    assert choose_token(options(host="localhost")) is None
    first, second = choose_token(options(host="0.0.0.0")), choose_token(options(host="0.0.0.0"))
    assert first and second and first != second and len(first) >= 8  # a fresh one each start
    assert choose_token(options(host="192.168.1.20")) is not None
    assert choose_token(options(host="0.0.0.0", no_token=True)) is None  # said explicitly
    assert choose_token(options(host="0.0.0.0", token="room-42x")) == "room-42x"
    assert choose_token(options(token="room-42x")) == "room-42x"  # asked for on 127.0.0.1 too
    with pytest.raises(UsageError):
        choose_token(options(host="0.0.0.0", token="room-42x", no_token=True))
    with pytest.raises(UsageError):
        choose_token(options(host="0.0.0.0", token="abc"))


def test_the_join_url_never_names_the_wildcard_address():
    base = public_base("0.0.0.0", 8000)
    assert "0.0.0.0" not in base and base.startswith("http://") and base.endswith(":8000")
    assert public_base("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_base("0.0.0.0", 8000, "https://room.example/") == "https://room.example"
    assert join_url("http://10.1.2.3:8000", "abc123") == "http://10.1.2.3:8000/?token=abc123"
    assert join_url("http://127.0.0.1:8000", None) == "http://127.0.0.1:8000/"
    assert "\n" not in join_url(base, "abc123")


def test_origins_compare_as_browsers_send_them():
    assert origin_of("http://Example.org:80/") == "http://example.org"
    assert origin_of("https://example.org:443") == "https://example.org"
    assert origin_of("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    assert origin_of("http://[::1]:8000") == "http://[::1]:8000"


async def guarded(guard: Guard) -> TestClient:
    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="hello")

    app = web.Application(middlewares=[guard.middleware])
    app.add_routes([web.get("/", hello), web.get("/ws", hello), web.get("/download/{key}", hello)])
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return client


async def test_without_a_token_the_page_hands_out_the_cookie_but_only_by_this_server_s_names():
    guard = Guard(None, allowed_hosts=host_names("127.0.0.1", "http://127.0.0.1:8000"))
    client = await guarded(guard)
    try:
        response = await client.get("/ws")
        assert response.status == 403  # no cookie yet
        response = await client.get("/")
        assert response.status == 200 and ACCESS_COOKIE in response.cookies
        response = await client.get("/ws")
        assert response.status == 200  # the cookie is in the client's jar now
        # A page of another site reaching this server through a name of its own (DNS rebinding).
        response = await client.get("/", headers={"Host": "evil.example:8000"})
        assert response.status == 403
        response = await client.get("/ws", headers={"Host": "localhost:8000", "Origin": "http://localhost:8000"})
        assert response.status == 200
    finally:
        await client.close()


async def test_with_a_token_the_cookie_is_derived_from_it_and_never_is_the_token():
    one, two = Guard("room-42x"), Guard("room-42x")
    assert one.cookie_value == two.cookie_value  # a restarted server lets its browsers back in
    assert "room-42x" not in one.cookie_value
    assert Guard("other-1").cookie_value != one.cookie_value
    assert Guard(None).cookie_value != Guard(None).cookie_value


def test_serve_imports_nothing_from_the_app_but_its_entry_point():
    for module in SERVE.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("secsc_tui.app"):
                    assert name.startswith("secsc_tui.app.served") or name == "secsc_tui.app", (module.name, name)
