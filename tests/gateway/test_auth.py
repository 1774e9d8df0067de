"""JWT bearer auth: accepted tokens, and a 401 with a reason code for each attack."""

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from services.gateway.config import GatewaySettings, load_gateway_settings
from shared.config import ConfigError
from tests.gateway.conftest import SECRET, auth, user

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
AUD, ISS = "grimreel-api", "https://issuer.test"


def pem(key: Any) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def claims(**over: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "sub": "carol",
        "scope": "jobs:read",
        "iat": now,
        "exp": now + 300,
        "aud": AUD,
        "iss": ISS,
    }
    return {k: v for k, v in {**base, **over}.items() if v is not None}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged(header: dict[str, Any], payload: dict[str, Any], key: bytes | None) -> str:
    """A token built by hand: PyJWT refuses to make these two attacks itself."""
    signing = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    sig = b64(hmac.new(key, signing.encode(), hashlib.sha256).digest()) if key else ""
    return f"{signing}.{sig}"


async def status_of(gw, token: str | None, scheme: str = "Bearer") -> tuple[int, str | None]:
    headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
    r = await gw.client.get("/jobs", headers=headers)
    return r.status, (await r.json()).get("error") if r.status != 200 else None


@pytest.fixture
def pem_file(tmp_path: Path) -> Path:
    p = tmp_path / "public.pem"
    p.write_bytes(pem(RSA_KEY))
    return p


async def test_rs256_tokens_verify_and_each_attack_gets_its_reason(gateway, pem_file) -> None:
    gw = await gateway(
        auth_hs256_secret=None, auth_public_key_file=pem_file, auth_audience=AUD, auth_issuer=ISS
    )
    now = int(time.time())
    cases = {
        "valid": (jwt.encode(claims(), RSA_KEY, "RS256"), 200, None),
        "alg none": (forged({"alg": "none"}, claims(), None), 401, "algorithm_not_allowed"),
        "HS256 signed with the public key": (
            forged({"alg": "HS256", "typ": "JWT"}, claims(), pem(RSA_KEY)),
            401,
            "algorithm_not_allowed",
        ),
        "expired": (jwt.encode(claims(exp=now - 10), RSA_KEY, "RS256"), 401, "token_expired"),
        "not yet valid": (
            jwt.encode(claims(nbf=now + 600), RSA_KEY, "RS256"),
            401,
            "token_not_yet_valid",
        ),
        "issued in the future": (
            jwt.encode(claims(iat=now + 600), RSA_KEY, "RS256"),
            401,
            "token_not_yet_valid",
        ),
        "wrong audience": (
            jwt.encode(claims(aud="other"), RSA_KEY, "RS256"),
            401,
            "invalid_audience",
        ),
        "wrong issuer": (
            jwt.encode(claims(iss="https://evil"), RSA_KEY, "RS256"),
            401,
            "invalid_issuer",
        ),
        "no exp": (jwt.encode(claims(exp=None), RSA_KEY, "RS256"), 401, "missing_claim"),
        "no sub": (jwt.encode(claims(sub=None), RSA_KEY, "RS256"), 401, "missing_claim"),
        "no iat": (jwt.encode(claims(iat=None), RSA_KEY, "RS256"), 401, "missing_claim"),
        "another key": (jwt.encode(claims(), OTHER_RSA, "RS256"), 401, "invalid_signature"),
        "garbage": ("not.a.jwt", 401, "malformed_token"),
        "no header": (None, 401, "missing_token"),
    }
    for name, (tok, status, code) in cases.items():
        assert await status_of(gw, tok) == (status, code), name
    r = await gw.client.get("/jobs")
    assert r.headers["WWW-Authenticate"] == "Bearer"
    r = await gw.client.get("/jobs", headers={"Authorization": "Bearer not.a.jwt"})
    assert 'error="invalid_token"' in r.headers["WWW-Authenticate"]
    assert await status_of(gw, "dXNlcjpwYXNz", scheme="Basic") == (401, "missing_token")


async def test_an_hs256_gateway_refuses_other_algorithms_and_keys(gateway, pem_file) -> None:
    gw = await gateway(auth_public_key_file=pem_file)  # HS256 secret and an RSA key
    tok = forged({"alg": "HS256"}, claims(aud=None, iss=None), pem(RSA_KEY))
    assert await status_of(gw, tok) == (401, "invalid_signature")
    es = jwt.encode(claims(), EC_KEY, "ES256")
    assert await status_of(gw, es) == (401, "algorithm_not_allowed")
    wrong = jwt.encode(claims(aud=None), "another-secret-that-is-also-long-enough", "HS256")
    assert await status_of(gw, wrong) == (401, "invalid_signature")
    assert await status_of(gw, jwt.encode(claims(aud=None), SECRET, "HS256")) == (200, None)


async def test_a_jwks_file_picks_the_key_by_kid(gateway, tmp_path: Path) -> None:
    keys = []
    for kid, alg_cls, key in (("r1", RSAAlgorithm, RSA_KEY), ("e1", ECAlgorithm, EC_KEY)):
        jwk = json.loads(alg_cls.to_jwk(key.public_key()))
        keys.append({**jwk, "kid": kid, "use": "sig"})
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": keys}))
    gw = await gateway(auth_hs256_secret=None, auth_jwks_file=path)
    ok_es = jwt.encode(claims(aud=None, iss=None), EC_KEY, "ES256", headers={"kid": "e1"})
    ok_rs = jwt.encode(claims(aud=None, iss=None), RSA_KEY, "RS256", headers={"kid": "r1"})
    assert await status_of(gw, ok_es) == (200, None)
    assert await status_of(gw, ok_rs) == (200, None)
    wrong_kid = jwt.encode(claims(aud=None), EC_KEY, "ES256", headers={"kid": "r1"})
    assert await status_of(gw, wrong_kid) == (401, "unknown_key")
    unknown = jwt.encode(claims(aud=None), EC_KEY, "ES256", headers={"kid": "zz"})
    assert await status_of(gw, unknown) == (401, "unknown_key")


async def test_a_scopes_list_is_read_like_a_scope_string(gateway) -> None:
    gw = await gateway(memory=True)
    now = int(time.time())
    tok = jwt.encode(
        {"sub": user(), "scopes": ["jobs:read"], "iat": now, "exp": now + 60}, SECRET, "HS256"
    )
    headers = {"Authorization": f"Bearer {tok}"}
    assert (await gw.client.get("/jobs", headers=headers)).status == 200
    r = await gw.client.post("/jobs", json={"topic": "abc"}, headers=headers)
    assert r.status == 403
    r = await gw.client.get("/jobs", headers=auth(user(), scope=""))
    assert r.status == 403 and (await r.json())["error"] == "insufficient_scope"


async def test_disabled_auth_makes_every_caller_anonymous(gateway) -> None:
    gw = await gateway(auth_disabled=True, auth_hs256_secret=None)
    r = await gw.client.post("/jobs", json={"topic": "the cellar door"})
    assert r.status == 202
    job = await (await gw.client.get(r.headers["Location"])).json()
    assert job["owner"] == "anonymous"


def test_auth_is_never_off_by_accident(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="GRIMREEL_AUTH_DISABLED=true"):
        load_gateway_settings(auth_hs256_secret=None)
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        load_gateway_settings(auth_hs256_secret="short")
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    path = tmp_path / "weak.pem"
    path.write_bytes(pem(weak))
    from services.gateway.jwt_keys import load_pem

    with pytest.raises(ConfigError, match="2048"):
        load_pem(path)
    assert GatewaySettings(auth_disabled=True).auth_disabled


def test_a_remembered_token_still_expires_on_time() -> None:
    from services.gateway.auth import AuthError, Verifier
    from services.gateway.jwt_keys import KeyRing

    verifier = Verifier(KeyRing(secret=SECRET.encode()), audience=None, issuer=None, leeway_s=0)
    tok = jwt.encode(claims(aud=None, iss=None, exp=time.time() + 1.5), SECRET, "HS256")
    assert verifier.verify(tok).subject == "carol"
    assert verifier.verify(tok).subject == "carol"  # from the cache
    time.sleep(1.6)
    with pytest.raises(AuthError) as e:
        verifier.verify(tok)
    assert e.value.code == "token_expired"
