"""What the people pages share: the base of links in e-mails and the form that ends a role."""

from django.http import HttpRequest

from accounts.people.forms import (
    RoleEndForm,
)


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def end_form(role, failed=None) -> RoleEndForm:
    """The row's form to end a role: the one that failed (as typed) or a fresh one."""
    if failed is not None and failed[0] == role.pk:
        return failed[1]
    return RoleEndForm(auto_id=f"id_end_{role.pk}_%s")
