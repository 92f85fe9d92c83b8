"""The second step of the log-in: set up an authenticator app, give a code, recovery codes."""

import base64
from urllib.parse import urlencode
from xml.etree import ElementTree

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.forms import AuthenticatorConfirmForm, TwoFactorCodeForm
from accounts.two_factor.middleware import has_authenticator
from accounts.two_factor.services import (
    CodeRefused,
    authenticator_confirm,
    authenticator_pending,
    recovery_codes_left,
    recovery_codes_replace,
    two_factor_check,
)

NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"
FEW_CODES_LEFT = 3
SVG_NS = "http://www.w3.org/2000/svg"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: a bare word would be taken for a URL name by redirect().
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def qr_code_svg(data: str, *, label: str) -> str:
    """The QR code as inline SVG markup (no style attributes), sized by CSS."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    ElementTree.register_namespace("", SVG_NS)
    root = ElementTree.fromstring(image.to_string(encoding="unicode"))
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("class", "qr-code")
    root.set("role", "img")
    root.set("aria-label", label)
    return ElementTree.tostring(root, encoding="unicode")


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not has_authenticator(request.user):
        return redirect(_with_next("two_factor_enrol", next_url))
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_check(user=request.user, code=form.cleaned_data["code"])
        except CodeRefused as exc:
            form.add_error("code", exc.message)
        else:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = recovery_codes_left(user=request.user)
                message = ngettext(
                    "You used a recovery code. %(count)d recovery code is left.",
                    "You used a recovery code. %(count)d recovery codes are left.",
                    left,
                ) % {"count": left}
                if left <= FEW_CODES_LEFT:
                    message += " " + _("Make new recovery codes on your account page.")
                messages.warning(request, message)
            return redirect(next_url)
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a code.

    A user who already has one must give a code first: the password alone never replaces it.
    """
    next_url = _next_url(request)
    if has_authenticator(request.user) and not request.user.is_verified():
        return redirect(_with_next("two_factor_verify", next_url))
    device = authenticator_pending(user=request.user)
    form = AuthenticatorConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = authenticator_confirm(
                user=request.user, device=device, code=form.cleaned_data["code"]
            )
        except CodeRefused as exc:
            form.add_error("code", exc.message)
        else:
            device.refresh_from_db()
            django_otp.login(request, device)
            request.session[NEW_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-factor authentication is set up."))
            return redirect(_with_next("two_factor_recovery_codes", next_url))
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            # Markup built by qr_code_svg from the device's own URL, nothing typed by a user.
            "qr_svg": mark_safe(
                qr_code_svg(device.config_url, label=_("QR code for the authenticator app"))
            ),
            "secret": _grouped(secret),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows new recovery codes once; a POST makes new ones (the old ones stop working)."""
    next_url = _next_url(request)
    if request.method == "POST":
        if not (has_authenticator(request.user) and request.user.is_verified()):
            return redirect(_with_next("two_factor_verify", next_url))
        request.session[NEW_CODES_SESSION_KEY] = recovery_codes_replace(user=request.user)
        return redirect(_with_next("two_factor_recovery_codes", next_url))
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        messages.info(request, _("Recovery codes are shown only once. You can make new ones."))
        return redirect("account")
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": [_grouped(code) for code in codes], "next": next_url},
    )
