"""A real S3-compatible server for the tests: moto's standalone server in its own process,
on a free port, with buckets made and read through boto3 as the app's store would."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

import boto3
from botocore.config import Config

from config.object_storage import S3_BACKEND, s3_options

ACCESS_KEY = "lansmedel-test"
SECRET_KEY = "lansmedel-test-secret"
REGION = "eu-north-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """`python -m moto.server` on 127.0.0.1; stop() ends it, start() brings it back on the
    same port (its buckets are in memory and are gone after a stop)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{self.endpoint_url}/moto-api/", timeout=1).close()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )

    def bucket(self) -> "Bucket":
        name = f"lansmedel-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return Bucket(server=self, name=name)


@dataclass
class Bucket:
    server: MotoServer
    name: str

    def storage_settings(self, endpoint_url: str | None = None) -> dict:
        """The `STORAGES["private"]` entry for this bucket (or for another endpoint)."""
        return {
            "BACKEND": S3_BACKEND,
            "OPTIONS": s3_options(
                bucket=self.name,
                endpoint_url=endpoint_url or self.server.endpoint_url,
                region=REGION,
                access_key=ACCESS_KEY,
                secret_key=SECRET_KEY,
                connect_timeout=2,
                read_timeout=5,
                attempts=2,
            ),
        }

    def environment(self) -> dict[str, str]:
        """The variables an app process needs to store in this bucket."""
        return {
            "LANSMEDEL_S3_BUCKET": self.name,
            "LANSMEDEL_S3_ENDPOINT_URL": self.server.endpoint_url,
            "LANSMEDEL_S3_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def object_keys(self) -> list[str]:
        listed = self.server.client().list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()

    def grants(self, key: str) -> list[dict]:
        return self.server.client().get_object_acl(Bucket=self.name, Key=key)["Grants"]
