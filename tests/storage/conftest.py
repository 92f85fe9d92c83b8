import pytest

from tests.s3_server import Bucket, MotoServer


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server, started once per test process. It is always startable, so the
    storage tests never skip."""
    server = MotoServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, settings) -> Bucket:
    """A new bucket, and every private file of the test stored in it."""
    bucket = s3_server.bucket()
    settings.STORAGES = {**settings.STORAGES, "private": bucket.storage_settings()}
    return bucket
