"""Who may read through the API: a county's active key (`Authorization: Bearer <key>`)
carrying the scope of the endpoint. No key, an unknown or a revoked key: 401; a key without
the scope: 403; an object of another county is not found (404), as the views read only the
key's county.

The key pages are the coordinator's of the county (`county_for_coordinator`).
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from reporting.api.services import api_token_use
from reporting.models import ApiToken


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword:
            return None
        if len(words) != 2:
            raise AuthenticationFailed(_("Give the key as “Authorization: Bearer <key>”."))
        try:
            secret = words[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(_("The key is unknown or revoked.")) from error
        token = api_token_use(secret=secret)
        if token is None:
            raise AuthenticationFailed(_("The key is unknown or revoked."))
        return AnonymousUser(), token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class HasScope(BasePermission):
    """The key may read the view's `scope`."""

    message = _("The key may not read this.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        return isinstance(token, ApiToken) and token.allows(view.scope)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A county's API key, made by its coordinator.",
        }
