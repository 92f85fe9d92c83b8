"""Two-factor devices: setting up an authenticator app, recovery codes, checking a code.

django-otp keeps the devices: one TOTPDevice (the authenticator app; unconfirmed while being
set up) and one StaticDevice holding the unused recovery codes, each deleted when used.
Who must use them is decided in accounts/two_factor/middleware.py.
"""

import re

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
TOTP_CODE = re.compile(r"^\d{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


class CodeRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def code_normalise(code: str) -> str:
    """What the user typed, without spaces or dashes, lower case ("ABCD-EFGH" → "abcdefgh")."""
    return re.sub(r"[\s-]", "", code or "").lower()


def authenticator_pending(*, user) -> TOTPDevice:
    """The authenticator being set up: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


def recovery_codes_replace(*, user) -> list[str]:
    """New recovery codes for the user; the earlier ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _wrong_code() -> CodeRefused:
    return CodeRefused(_("Wrong code. Check the code and try again."))


def _throttled() -> CodeRefused:
    return CodeRefused(_("Too many wrong codes. Wait a minute and try again."))


def authenticator_confirm(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirms the authenticator being set up with a code from it.

    It replaces any earlier authenticator and recovery codes; returns the new recovery codes.
    A wrong code raises CodeRefused (and counts towards django-otp's throttling).
    """
    code = code_normalise(code)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(pk=device.pk, user=user, confirmed=False)
            .first()
        )
        if device is None:  # confirmed (or replaced) by a request sent at the same time
            raise CodeRefused(_("This set-up has already been confirmed or replaced."))
        allowed, _details = device.verify_is_allowed()
        verified = allowed and bool(TOTP_CODE.match(code)) and device.verify_token(code)
        if verified:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if not allowed:
        raise _throttled()
    if not verified:
        raise _wrong_code()
    return recovery_codes_replace(user=user)


def two_factor_check(*, user, code: str) -> Device:
    """The device that accepts the code: a 6-digit code from the authenticator, or an unused
    recovery code (used up by this). Raises CodeRefused otherwise."""
    code = code_normalise(code)
    if TOTP_CODE.match(code):
        kind = TOTPDevice
    elif RECOVERY_CODE.match(code):
        kind = StaticDevice
    else:
        raise _wrong_code()
    throttled = False
    for device in devices_for_user(user):
        if not isinstance(device, kind):
            continue
        if not device.verify_is_allowed()[0]:
            throttled = True
            continue
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    raise _throttled() if throttled else _wrong_code()
