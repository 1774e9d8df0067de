"""Webhook target URLs: which are acceptable, and how they appear in logs and on the timeline.

A webhook URL is often a credential in itself (a secret path or a token in the query), and the
global ones are the operator's, not the job owner's: so logs and the job's timeline carry only a
redacted form plus a short digest that identifies the URL without revealing it.
"""

import hashlib

from yarl import URL

MAX_URL = 2048


def check_url(url: str) -> str | None:
    """None for an acceptable URL, else why it is refused (before any network use)."""
    if len(url) > MAX_URL:
        return f"URL longer than {MAX_URL} characters"
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return "URL contains whitespace or control characters"
    try:
        parsed = URL(url)
    except ValueError:
        return "URL cannot be parsed"
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return "URL must be http(s) with a host"
    if parsed.user is not None or parsed.password is not None:
        return "credentials in webhook URLs are not supported; verify the signature instead"
    return None


def url_id(url: str) -> str:
    """Stable, non-reversible name of a URL: how a redelivery finds deliveries already made."""
    return hashlib.sha256(url.encode()).hexdigest()[:12]


def redact(url: str) -> str:
    """scheme://host[:port] and an ellipsis for any path or query; never the secret parts."""
    try:
        parsed = URL(url)
    except ValueError:
        return "<unparseable URL>"
    if not parsed.scheme or not parsed.host:
        return "<invalid URL>"
    port = f":{parsed.explicit_port}" if parsed.explicit_port else ""
    host = f"[{parsed.host}]" if ":" in parsed.host else parsed.host
    rest = "/…" if parsed.raw_path not in ("", "/") or parsed.raw_query_string else ""
    return f"{parsed.scheme}://{host}{port}{rest}"
