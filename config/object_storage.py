"""Where private files are stored: `STORAGES["private"]` from the environment.

No `LANSMEDEL_S3_BUCKET`: a folder on the local disk (MEDIA_ROOT/private), the embedded
default. With it: that S3 bucket (AWS, MinIO or any S3-compatible server), objects written
private, no public URLs; the app's permission-checked views stream every download.
"""

from collections.abc import Mapping

LOCAL_BACKEND = "allocations.storage.PrivateFileSystemStorage"


class StorageUnavailable(OSError):
    """The file store could not be reached or refused the request; nothing was stored."""


class StoredFileMissing(FileNotFoundError):
    """A record names a file that the store does not hold."""


S3_BACKEND = "storages.backends.s3.S3Storage"


def s3_options(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    prefix: str = "",
    connect_timeout: float = 5,
    read_timeout: float = 30,
    attempts: int = 3,
) -> dict:
    """The S3Storage options for one bucket. Empty keys: boto3 finds its own credentials
    (environment, instance role)."""
    from botocore.config import Config

    options = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "default_acl": "private",
        # A name already taken gets a suffix, as on the local disk: nothing is overwritten.
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": 60,
        "signature_version": "s3v4",
        # Path-style requests work with AWS as well as MinIO and other S3-compatible servers.
        "addressing_style": "path",
        # Objects above 10 MB (dossiers) are buffered on the disk, not in memory.
        "max_memory_size": 10 * 1024 * 1024,
        # An unreachable store fails within seconds, so a request can say so instead of hanging.
        "client_config": Config(
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retries={"max_attempts": attempts, "mode": "standard"},
            s3={"addressing_style": "path"},
            signature_version="s3v4",
        ),
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if region:
        options["region_name"] = region
    if access_key:
        options["access_key"] = access_key
    if secret_key:
        options["secret_key"] = secret_key
    return options


def private_storage_from_env(env: Mapping[str, str]) -> dict:
    """The `STORAGES["private"]` entry the environment asks for."""
    bucket = env.get("LANSMEDEL_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": LOCAL_BACKEND}
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": s3_options(
            bucket=bucket,
            endpoint_url=env.get("LANSMEDEL_S3_ENDPOINT_URL", "").strip(),
            region=env.get("LANSMEDEL_S3_REGION", env.get("AWS_DEFAULT_REGION", "")).strip(),
            access_key=env.get("AWS_ACCESS_KEY_ID", ""),
            secret_key=env.get("AWS_SECRET_ACCESS_KEY", ""),
            prefix=env.get("LANSMEDEL_S3_PREFIX", ""),
            connect_timeout=float(env.get("LANSMEDEL_S3_CONNECT_TIMEOUT", "5")),
            read_timeout=float(env.get("LANSMEDEL_S3_READ_TIMEOUT", "30")),
        ),
    }
