"""The private file store: uploads, generated documents, exports, dossiers and extracts.

Every file field names `private_storage`; what it stores in is settings, looked up on every
use: `STORAGES["private"]` is a folder on the local disk (the embedded default) or an S3
bucket (`config/object_storage.py`). Private files have no URL: authorised views serve them.
"""

from typing import IO, Any

from boto3.exceptions import Boto3Error
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

from config.object_storage import StorageUnavailable, StoredFileMissing

NO_URL = "Private files have no URL; serve them through an authorised view."
_MISSING = {"404", "NoSuchKey", "NotFound"}


class PrivateFileSystemStorage(FileSystemStorage):
    """Uploads outside the web root, in MEDIA_ROOT/private, read from settings on every use."""

    @property
    def base_location(self):
        return settings.MEDIA_ROOT / "private"

    @property
    def location(self):
        return str(self.base_location)

    def url(self, name):
        raise ValueError(NO_URL)


def _translated(error: Exception) -> OSError:
    if isinstance(error, ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in _MISSING:
            return StoredFileMissing(str(error))
    return StorageUnavailable(str(error))


_REMOTE_ERRORS = (BotoCoreError, ClientError, Boto3Error)


class PrivateStorage(Storage):
    """The store `STORAGES["private"]` names, followed on every call (settings may change).

    A failure of a remote store is an `OSError` like a failing disk (`StorageUnavailable`,
    or `StoredFileMissing`, a `FileNotFoundError`, for a missing object), so callers handle
    both alike; a download that meets one is answered by `StorageFailureMiddleware`."""

    @staticmethod
    def backend() -> Storage:
        if "private" not in settings.STORAGES:
            return PrivateFileSystemStorage()
        return storages["private"]

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self.backend(), method)(*args, **kwargs)
        except _REMOTE_ERRORS as error:
            raise _translated(error) from error

    def open(self, name: str, mode: str = "rb") -> File:
        def opened() -> File:
            handle = self.backend().open(name, mode)
            if "r" in mode:
                # A remote object is fetched here, so a failure is raised by `open` itself
                # and not half-way through a response.
                handle.file  # noqa: B018
            return handle

        try:
            return opened()
        except _REMOTE_ERRORS as error:
            raise _translated(error) from error
        except FileNotFoundError as error:
            raise StoredFileMissing(str(error)) from error
        except OSError as error:
            # A failing local disk is told like an unreachable bucket.
            raise StorageUnavailable(str(error)) from error

    def save(self, name: str | None, content: IO, max_length: int | None = None) -> str:
        return self._call("save", name, content, max_length=max_length)

    def delete(self, name: str) -> None:
        self._call("delete", name)

    def exists(self, name: str) -> bool:
        return self._call("exists", name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self._call("listdir", path)

    def size(self, name: str) -> int:
        return self._call("size", name)

    def get_valid_name(self, name: str) -> str:
        return self.backend().get_valid_name(name)

    def get_alternative_name(self, file_root: str, file_ext: str) -> str:
        return self.backend().get_alternative_name(file_root, file_ext)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self._call("get_available_name", name, max_length=max_length)

    def generate_filename(self, filename: str) -> str:
        return self.backend().generate_filename(filename)

    def get_accessed_time(self, name: str):
        return self._call("get_accessed_time", name)

    def get_created_time(self, name: str):
        return self._call("get_created_time", name)

    def get_modified_time(self, name: str):
        return self._call("get_modified_time", name)

    def url(self, name: str | None) -> str:
        raise ValueError(NO_URL)

    def path(self, name: str) -> str:
        raise NotImplementedError("Private files are read through the storage, never by path.")


def private_storage() -> Storage:
    return PrivateStorage()
