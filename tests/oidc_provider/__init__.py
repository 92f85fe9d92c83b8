"""A small OpenID Connect provider for the single sign-on tests, run as its own process.

`python -m tests.oidc_provider` serves, on a free port of 127.0.0.1 (printed as the first line
of its output): the discovery document, the JWKS with an RS256 key made at start, an
authorization endpoint that approves the test person at once (with PKCE), and a token
endpoint that returns a signed ID token. POST /control (JSON) says who the person is and how
the next answers misbehave; see tests/oidc_provider/server.py.
"""
