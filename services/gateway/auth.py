"""JWT bearer tokens → a Principal (subject + scopes), or an AuthError with a reason code."""

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import jwt

from services.gateway.jwt_keys import KeyRing

READ, WRITE, ADMIN = "jobs:read", "jobs:write", "admin"
CACHE_SIZE = 4096
# Owners that are not people (the ingress queue) start with this; no JWT subject may, so no
# token can read or list their jobs. "ingress" was the ingress owner before: refused too, so
# jobs it still owns stay out of reach until they expire.
SYSTEM_PREFIX = "@"
LEGACY_SYSTEM_OWNERS = frozenset({"ingress"})


def system_owner(name: str) -> str:
    return SYSTEM_PREFIX + name


# PyJWT's exceptions → the reason codes clients see. Order matters: subclasses first.
_REASONS: list[tuple[type[Exception], str]] = [
    (jwt.ExpiredSignatureError, "token_expired"),
    (jwt.ImmatureSignatureError, "token_not_yet_valid"),
    (jwt.InvalidAudienceError, "invalid_audience"),
    (jwt.InvalidIssuerError, "invalid_issuer"),
    (jwt.MissingRequiredClaimError, "missing_claim"),
    (jwt.InvalidSignatureError, "invalid_signature"),
    (jwt.InvalidAlgorithmError, "algorithm_not_allowed"),
    (jwt.InvalidKeyError, "invalid_signature"),
    (jwt.DecodeError, "malformed_token"),
    (jwt.InvalidTokenError, "invalid_token"),
]


class AuthError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Principal:
    subject: str
    scopes: frozenset[str]

    def has(self, scope: str) -> bool:
        return ADMIN in self.scopes or scope in self.scopes

    @property
    def admin(self) -> bool:
        return ADMIN in self.scopes


ANONYMOUS = Principal("anonymous", frozenset({READ, WRITE, ADMIN}))


class Verifier:
    def __init__(
        self, keys: KeyRing, *, audience: str | None, issuer: str | None, leeway_s: float
    ) -> None:
        self.keys, self.audience, self.issuer, self.leeway = keys, audience, issuer, leeway_s
        # Signature checks are most of the auth cost and clients reuse tokens: remember the
        # verified ones (bounded, least recently used out) and re-check only their times.
        self._cache: OrderedDict[str, tuple[Principal, float, float]] = OrderedDict()

    def verify(self, token: str) -> Principal:
        """Verify a token; a token seen before is only re-checked against the clock."""
        hit = self._cache.get(token)
        if hit is not None:
            principal, not_before, expires = hit
            now = time.time()
            if not_before - self.leeway <= now < expires + self.leeway:
                self._cache.move_to_end(token)
                return principal
            del self._cache[token]  # expired now: decode again for the precise reason
        principal, claims = self._decode(token)
        self._cache[token] = (principal, _time(claims, "nbf", "iat"), float(claims["exp"]))
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return principal

    def _decode(self, token: str) -> tuple[Principal, dict[str, Any]]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthError("malformed_token", "the bearer token is not a JWT") from None
        alg = header.get("alg")
        # The algorithm decides the key, and only algorithms we hold a key for are accepted:
        # "none" and HS256-signed-with-our-public-key (algorithm confusion) never verify.
        if alg not in self.keys.algorithms:
            raise AuthError("algorithm_not_allowed", f"algorithm {alg!r} is not accepted")
        key = self.keys.find(alg, header.get("kid"))
        if key is None:
            raise AuthError("unknown_key", "no key matches the token's kid and algorithm")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={
                    "require": ["exp", "iat", "sub"],
                    "verify_aud": self.audience is not None,
                },
            )
        except jwt.PyJWTError as e:
            code = next(c for t, c in _REASONS if isinstance(e, t))
            raise AuthError(code, str(e)) from None
        return Principal(_subject(claims), _scopes(claims)), claims


def _time(claims: dict[str, Any], *names: str) -> float:
    """The latest of the named time claims that are present (when the token becomes valid)."""
    return max(
        (float(claims[n]) for n in names if isinstance(claims.get(n), int | float)), default=0.0
    )


def _subject(claims: dict[str, Any]) -> str:
    sub = claims["sub"]
    # The subject keys rate limits and owns jobs: keep it a short printable string.
    if not isinstance(sub, str) or not 0 < len(sub) <= 200 or not sub.isprintable():
        raise AuthError("invalid_claim", "sub must be a printable string of 1-200 characters")
    if sub.startswith(SYSTEM_PREFIX) or sub in LEGACY_SYSTEM_OWNERS:
        raise AuthError("invalid_claim", f"sub {sub!r} is reserved for grimreel's own sources")
    return sub


def _scopes(claims: dict[str, Any]) -> frozenset[str]:
    scope, scopes = claims.get("scope"), claims.get("scopes")
    if isinstance(scope, str):
        return frozenset(scope.split())
    if isinstance(scopes, list) and all(isinstance(s, str) for s in scopes):
        return frozenset(scopes)
    if scope is None and scopes is None:
        return frozenset()
    raise AuthError("invalid_claim", "scope must be a space-separated string, scopes a list")
