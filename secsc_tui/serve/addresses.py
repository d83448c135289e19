"""The address participants type (or scan): the laptop's LAN address, never 0.0.0.0.

A server bound to 0.0.0.0 listens everywhere, but browsers cannot connect to
"0.0.0.0": the join URL names the address other machines in the room reach.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from secsc_tui.serve.guard import TOKEN_PARAMETER

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
# A documentation address (TEST-NET-1): asking the routing table how to reach it
# names the interface of the default route. A UDP "connect" sends nothing.
_ROUTE_PROBE = ("192.0.2.1", 9)


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def lan_address() -> str | None:
    """This machine's address on the local network, or None if it has none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_ROUTE_PROBE)
            address: str | None = probe.getsockname()[0]  # (host, port) for AF_INET
    except OSError:
        address = None
    if address and not is_loopback(address) and not is_wildcard(address):
        return address
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            candidate = info[4][0]
            if isinstance(candidate, str) and not is_loopback(candidate):
                return candidate
    except OSError:
        pass
    return None


def public_base(host: str, port: int, public_url: str | None = None) -> str:
    """The base URL browsers use: ``--public-url`` if given, else this machine's reachable address."""
    if public_url:
        return public_url.rstrip("/")
    if is_wildcard(host):
        host = lan_address() or "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def join_url(base: str, token: str | None) -> str:
    return f"{base}/?{TOKEN_PARAMETER}={token}" if token else f"{base}/"


def host_names(host: str, base: str) -> set[str]:
    """The names a request may be addressed to on a server without a token."""
    names = set(LOOPBACK_NAMES)
    if not is_wildcard(host):
        names.add(host.strip("[]").lower())
    public = urlsplit(base).hostname
    if public:
        names.add(public.lower())
    if is_wildcard(host):
        lan = lan_address()
        if lan:
            names.add(lan)
        names.add(socket.gethostname().lower())
    return names
