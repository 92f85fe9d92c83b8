"""The provider: the standard library's HTTP server, keys and JWTs made with joserfc.

The behaviour (POST /control, a JSON object merged into it; POST /control/reset back to
the default):

- `email`, `email_verified`, `amr`, `acr`, `sub`: the person's claims in the ID token;
- `nonce`: "wrong" puts another nonce in the ID token, "missing" none;
- `expired`: true makes an ID token that expired an hour ago;
- `bad_signature`: true signs the ID token with another key under the published key's id;
- `audience`: another client id for the ID token's `aud`;
- `state`: "wrong" sends the browser back with another state;
- `error`: an OAuth error code (e.g. "access_denied") sent back instead of a code.
"""

import argparse
import base64
import hashlib
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "lansmedel-test"
CLIENT_SECRET = "test-secret-for-the-provider"  # noqa: S105 - a test provider's own secret
KEY_ID = "test-key-1"

DEFAULT_BEHAVIOUR = {
    "sub": "test-person-1",
    "email": "anna.andersson@region.example",
    "email_verified": True,
    "amr": ["pwd"],
    "acr": None,
    "nonce": "",
    "expired": False,
    "bad_signature": False,
    "audience": "",
    "state": "",
    "error": "",
}


class Provider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig"})
        self.behaviour = dict(DEFAULT_BEHAVIOUR)
        self.codes: dict[str, dict] = {}
        self.lock = threading.Lock()
        self.issuer = ""

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "amr", "acr"],
        }

    def jwks(self) -> dict:
        return {"keys": [self.key.as_dict(private=False)]}

    def id_token(self, grant: dict) -> str:
        b = grant["behaviour"]
        now = int(time.time())
        issued = now - 7200 if b["expired"] else now
        claims = {
            "iss": self.issuer,
            "sub": b["sub"],
            "aud": b["audience"] or CLIENT_ID,
            "iat": issued,
            "exp": issued + 300 if not b["expired"] else now - 3600,
            "auth_time": issued,
        }
        if b["nonce"] == "wrong":
            claims["nonce"] = secrets.token_urlsafe(16)
        elif b["nonce"] != "missing" and grant.get("nonce"):
            claims["nonce"] = grant["nonce"]
        for name in ("email", "email_verified", "amr", "acr"):
            if b.get(name) is not None:
                claims[name] = b[name]
        key = self.other_key if b["bad_signature"] else self.key
        return jwt.encode({"alg": "RS256", "kid": KEY_ID, "typ": "JWT"}, claims, key)


def _pkce_matches(challenge: str, verifier: str) -> bool:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii") == challenge


class Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        return

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, url: str) -> None:
        self.send_response(302)
        self.send_header("Location", url)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        return {k: v[0] for k, v in parse_qs(raw).items()}

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            self._json(200, self.provider.metadata())
        elif url.path == "/jwks":
            self._json(200, self.provider.jwks())
        elif url.path == "/authorize":
            self._authorize(query)
        elif url.path == "/control":
            with self.provider.lock:
                self._json(200, self.provider.behaviour)
        else:
            self._json(404, {"error": "not_found"})

    def _authorize(self, query: dict) -> None:
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != CLIENT_ID or not redirect_uri:
            self._json(400, {"error": "invalid_client"})
            return
        if query.get("response_type") != "code" or "openid" not in query.get("scope", ""):
            self._json(400, {"error": "invalid_request"})
            return
        with self.provider.lock:
            behaviour = dict(self.provider.behaviour)
            state = (
                secrets.token_urlsafe(16) if behaviour["state"] == "wrong" else query.get("state")
            )
            if behaviour["error"]:
                params = {"error": behaviour["error"], "state": state}
            else:
                code = secrets.token_urlsafe(24)
                self.provider.codes[code] = {
                    "behaviour": behaviour,
                    "nonce": query.get("nonce"),
                    "redirect_uri": redirect_uri,
                    "code_challenge": query.get("code_challenge"),
                    "issued": time.time(),
                }
                params = {"code": code, "state": state}
        separator = "&" if "?" in redirect_uri else "?"
        self._redirect(redirect_uri + separator + urlencode(params))

    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        url = urlparse(self.path)
        if url.path == "/token":
            self._token(self._form())
        elif url.path == "/control":
            length = int(self.headers.get("Content-Length") or 0)
            changes = json.loads(self.rfile.read(length) or b"{}")
            with self.provider.lock:
                self.provider.behaviour.update(changes)
                self._json(200, self.provider.behaviour)
        elif url.path == "/control/reset":
            with self.provider.lock:
                self.provider.behaviour = dict(DEFAULT_BEHAVIOUR)
                self._json(200, self.provider.behaviour)
        else:
            self._json(404, {"error": "not_found"})

    def _client_authenticated(self, form: dict) -> bool:
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            decoded = base64.b64decode(header[6:]).decode()
            client_id, _sep, secret = decoded.partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == CLIENT_ID and secrets.compare_digest(secret, CLIENT_SECRET)

    def _token(self, form: dict) -> None:
        if not self._client_authenticated(form):
            self._json(401, {"error": "invalid_client"})
            return
        with self.provider.lock:
            grant = self.provider.codes.pop(form.get("code", ""), None)
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant["redirect_uri"] != form.get("redirect_uri")
            or time.time() - grant["issued"] > 60
        ):
            self._json(400, {"error": "invalid_grant"})
            return
        if grant["code_challenge"] and not _pkce_matches(
            grant["code_challenge"], form.get("code_verifier", "")
        ):
            self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
            return
        self._json(
            200,
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": self.provider.id_token(grant),
            },
        )


def serve(port: int = 0) -> ThreadingHTTPServer:
    provider = Provider()
    handler = type("BoundHandler", (Handler,), {"provider": provider})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = serve(args.port)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stdout.flush()
