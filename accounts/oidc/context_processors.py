from django.http import HttpRequest

from accounts.oidc.provider import identity_provider


def single_sign_on(request: HttpRequest) -> dict:
    """`single_sign_on`: the provider's name for the log-in page's button, when configured."""
    provider = identity_provider()
    if provider is None:
        return {}
    return {"single_sign_on": {"label": provider.label}}
