from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Uploads live outside the web root, with no URL: only authorised views serve them.
    The folder is read from settings on every use, so it follows MEDIA_ROOT."""

    @property
    def base_location(self):
        return settings.MEDIA_ROOT / "private"

    @property
    def location(self):
        return str(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through an authorised view.")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()
