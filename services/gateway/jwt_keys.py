"""Verification keys from settings: an HS256 secret, a public key PEM, a JWKS file."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from shared.config import ConfigError

ASYMMETRIC = ("RS256", "ES256")


@dataclass
class KeyRing:
    secret: bytes | None = None
    public: dict[str, Any] = field(default_factory=dict)  # alg → key from the PEM file
    by_kid: dict[str, tuple[str, Any]] = field(default_factory=dict)  # kid → (alg, key)

    @property
    def algorithms(self) -> set[str]:
        algs = set(self.public) | {alg for alg, _ in self.by_kid.values()}
        return algs | ({"HS256"} if self.secret else set())

    def find(self, alg: str, kid: object) -> Any:
        if alg == "HS256":
            return self.secret
        if isinstance(kid, str) and kid in self.by_kid:
            found_alg, key = self.by_kid[kid]
            return key if found_alg == alg else None
        if alg in self.public:
            return self.public[alg]
        # A JWKS of one key per algorithm may be used by tokens without a kid.
        matches = [key for a, key in self.by_kid.values() if a == alg]
        return matches[0] if kid is None and len(matches) == 1 else None


def pem_algorithm(key: Any, source: Path) -> str:
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < 2048:
            raise ConfigError(f"{source}: RSA keys shorter than 2048 bits are refused")
        return "RS256"
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return "ES256"
    raise ConfigError(f"{source}: only RSA (RS256) or EC P-256 (ES256) public keys are supported")


def load_pem(path: Path) -> tuple[str, Any]:
    data = path.read_bytes()
    try:
        if b"BEGIN CERTIFICATE" in data:
            key: Any = x509.load_pem_x509_certificate(data).public_key()
        else:
            key = load_pem_public_key(data)
    except ValueError as e:
        raise ConfigError(f"{path}: not a PEM public key or certificate ({e})") from None
    return pem_algorithm(key, path), key


def load_jwks(path: Path) -> dict[str, tuple[str, Any]]:
    try:
        jwks = jwt.PyJWKSet.from_json(path.read_text())
    except (jwt.PyJWKSetError, jwt.PyJWKError, json.JSONDecodeError) as e:
        raise ConfigError(f"{path}: not a usable JWKS ({e})") from None
    out: dict[str, tuple[str, Any]] = {}
    for k in jwks.keys:
        if k.algorithm_name not in ASYMMETRIC or k.public_key_use not in (None, "sig"):
            continue  # symmetric or encryption keys have no place in a public key set
        kid = k.key_id or f"#{len(out)}"
        out[kid] = (k.algorithm_name, k.key)
    if not out:
        raise ConfigError(f"{path}: no RS256 or ES256 signing key in the JWKS")
    return out


def key_ring(secret: str | None, pem: Path | None, jwks: Path | None) -> KeyRing:
    ring = KeyRing(secret=secret.encode() if secret else None)
    if pem is not None:
        alg, key = load_pem(pem)
        ring.public[alg] = key
    if jwks is not None:
        ring.by_kid = load_jwks(jwks)
    return ring
