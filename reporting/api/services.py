"""A county's API keys: made and revoked by its coordinator, and marked as used by each
request that presents one.

The secret is made here and handed back once; only its SHA-256 digest is stored (the secret
is 32 random bytes, so a fast digest is as strong as a slow one and costs nothing per
request).
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from allocations.models import County
from reporting.models import ApiScope, ApiToken

SECRET_PREFIX = "lm_"
SHOWN_CHARACTERS = 10
# The last-used time is kept to the minute: one request a minute writes it.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, county: County, name: str, scopes: list[str], by: AbstractBaseUser
) -> tuple[ApiToken, str]:
    """A new key of `county` reading `scopes` (in the order of `ApiScope`); returns the key
    and its secret, which is never stored and cannot be shown again."""
    allowed = [value for value in ApiScope.values if value in set(scopes)]
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        county=county,
        name=name.strip(),
        prefix=secret[:SHOWN_CHARACTERS],
        secret_digest=secret_digest(secret),
        scopes=allowed,
        created_by=by,
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: AbstractBaseUser) -> ApiToken:
    """Revokes the key: every later request with it is refused. Revoking twice keeps the
    first revocation."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def api_token_use(*, secret: str) -> ApiToken | None:
    """The active key whose secret this is, its last-used time brought up to date; None
    for an unknown or revoked key."""
    token = (
        ApiToken.objects.select_related("county")
        .filter(secret_digest=secret_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # One statement whatever the time: it writes only when the stored time is a minute old.
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    return token
