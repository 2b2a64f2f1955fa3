"""The server that bench_sync.py's buckets live on: moto's S3 server or Azurite.

Everything that differs between the backends is here, behind one small interface
(:class:`Server`): how each tool reaches the server, how buckets are made, and how a result
is checked by reading the bucket without any of the tools under test (boto3 for S3,
libcloud's own Azure driver for Azure). bench_sync.py itself never asks which backend it has.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import functools
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
CHUNK = 4 * 1024 * 1024
S3_KEY = "bench-key"
S3_SECRET = "bench-secret"
S3_REGION = "us-east-1"


def as_installed(env: dict[str, str]) -> dict[str, str]:
    """``env`` for running a Python tool as its users run it: from compiled modules. pip
    compiles a package's modules when it installs it, but this checkout is installed
    editable, and these machines set PYTHONDONTWRITEBYTECODE: each start of Bucket Ferry
    would compile every module of it again (0.08 s of its 0.2 s start). So its modules
    are compiled here once, as pip would have, and the variable is left out."""
    _compile_ours()
    return {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}


@functools.cache
def _compile_ours() -> None:
    """Compiles Bucket Ferry's modules, once per benchmark (every environment asks)."""
    import compileall
    import importlib.util

    for package in ("bucketferry", "bucketferry.core", "bucketferry.cli"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)


def clean_env(**extra: str) -> dict[str, str]:
    """The parent's environment without proxies (all traffic is to 127.0.0.1), for tools
    run as installed (:func:`as_installed`)."""
    env = as_installed({k: v for k, v in os.environ.items() if k not in PROXY_VARS})
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server(ABC):
    """A running server, what the tools need to reach it, and the checks that read it."""

    name: str
    """As the report names it ("moto S3", "Azurite")."""
    port: int
    pid: int
    """The server process whose CPU time the report shows."""
    version: str
    tool_conf: dict[str, Any]
    """RemoteStorageConfig fields for ours and accsr, all but bucket and base_path."""
    rclone_env: dict[str, str]
    """RCLONE_CONFIG_BENCH_* variables that define rclone's remote "bench"."""
    accsr_md5_meta: bool = False
    """Give accsr its documented Azure settings: the md5 in the blob's metadata."""
    notes: list[str] = field(default_factory=list)
    """What the report should say about how the tools reach this server."""

    @abstractmethod
    def create_bucket(self, name: str) -> None: ...

    @abstractmethod
    def stats(self, bucket: str, prefix: str) -> tuple[int, int]:
        """(number of objects, total bytes) below ``prefix``."""

    @abstractmethod
    def md5(self, bucket: str, name: str) -> str:
        """The md5 of an object's content, read from the server."""


def md5_of_chunks(chunks: Iterator[bytes]) -> str:
    digest = hashlib.md5()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


# --- moto's S3 server ---------------------------------------------------------------------


@dataclass
class MotoS3(Server):
    client: Any = None
    """boto3, for setting up buckets and checking results (never timed)."""

    def create_bucket(self, name: str) -> None:
        self.client.create_bucket(Bucket=name)

    def stats(self, bucket: str, prefix: str) -> tuple[int, int]:
        count = total = 0
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        for page in pages:
            for obj in page.get("Contents", []):
                count += 1
                total += int(obj["Size"])
        return count, total

    def md5(self, bucket: str, name: str) -> str:
        body = self.client.get_object(Bucket=bucket, Key=name)["Body"]
        return md5_of_chunks(body.iter_chunks(CHUNK))


@contextlib.contextmanager
def moto_s3(logs: Path) -> Iterator[Server]:
    """moto's S3 server as its own process on 127.0.0.1; always stopped on the way out."""
    import boto3

    port = free_port()
    log_path = logs / "moto.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=clean_env(),
        )
    try:
        wait_for_moto(proc, port, log_path)
        client = boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{port}",
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
            region_name=S3_REGION,
        )
        yield MotoS3(
            name="moto S3",
            port=port,
            pid=proc.pid,
            version="moto " + package_version("moto"),
            tool_conf={
                "provider": "s3",
                "key": S3_KEY,
                "secret": S3_SECRET,
                "host": "127.0.0.1",
                "port": port,
                "secure": False,
            },
            rclone_env={
                "RCLONE_CONFIG_BENCH_TYPE": "s3",
                "RCLONE_CONFIG_BENCH_PROVIDER": "Other",
                "RCLONE_CONFIG_BENCH_ENDPOINT": f"http://127.0.0.1:{port}",
                "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID": S3_KEY,
                "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY": S3_SECRET,
                "RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE": "true",
                "RCLONE_CONFIG_BENCH_REGION": S3_REGION,
            },
            client=client,
        )
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_for_moto(proc: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(
                f"moto server exited with {proc.returncode}:\n{log_path.read_text()[-2000:]}"
            )
        try:
            opener.open(f"http://127.0.0.1:{port}/", timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("moto server did not answer within 60 s") from None
            time.sleep(0.1)


def package_version(name: str) -> str:
    import importlib.metadata

    return importlib.metadata.version(name)


# --- Azurite --------------------------------------------------------------------------------


@dataclass
class AzuriteBlobs(Server):
    driver: Any = None
    """libcloud's own Azure Blobs driver (not Bucket Ferry's store), for setup and checks."""

    def create_bucket(self, name: str) -> None:
        self.driver.create_container(name)

    def stats(self, bucket: str, prefix: str) -> tuple[int, int]:
        container = self.driver.get_container(bucket)
        count = total = 0
        for obj in self.driver.iterate_container_objects(container, prefix=prefix):
            count += 1
            total += int(obj.size)
        return count, total

    def md5(self, bucket: str, name: str) -> str:
        obj = self.driver.get_object(bucket, name)
        return md5_of_chunks(self.driver.download_object_as_stream(obj, chunk_size=CHUNK))


@contextlib.contextmanager
def azurite_blobs(logs: Path) -> Iterator[Server]:
    """Azurite's blob service, started by the test suite's own helper (in memory, a free
    port on 127.0.0.1); stopped on the way out."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # tests.azure_emulator is not part of the package
    from libcloud.storage.providers import get_driver

    from tests.azure_emulator import azurite_command, running_azurite

    command = azurite_command()
    if command is None:
        sys.exit("Azurite is not installed. Install it with\n    npm ci --prefix tests/azurite")
    with running_azurite() as emulator:
        account, key, port = emulator.account, emulator.key, emulator.port
        yield AzuriteBlobs(
            name="Azurite",
            port=port,
            pid=child_pid(f"--blobPort\0{port}\0"),
            version=azurite_version(command),
            tool_conf={
                "provider": "azure_blobs",
                "key": account,
                "secret": key,
                "host": emulator.host,
                "port": port,
                "secure": False,
            },
            rclone_env={
                "RCLONE_CONFIG_BENCH_TYPE": "azureblob",
                "RCLONE_CONFIG_BENCH_SAS_URL": (
                    f"http://{emulator.host}:{port}/{account}?{account_sas(account, key)}"
                ),
            },
            accsr_md5_meta=True,
            notes=[
                "rclone reaches Azurite with an account SAS URL signed with the account key "
                "(rclone 1.60 makes https://<account>.<endpoint> of an endpoint, and its "
                "use_emulator is fixed to port 10000)",
                "accsr with its documented Azure settings: the file's md5 in the blob's "
                "metadata (add_extra_to_upload, remote_hash_extractor)",
            ],
            driver=get_driver("azure_blobs")(
                account, key, secure=False, host=emulator.host, port=port
            ),
        )


def child_pid(marker: str) -> int:
    """The pid of this process's child whose command line (NUL-separated) holds ``marker``.

    running_azurite() keeps its process to itself; its program is a node script started
    through ``#!/usr/bin/env node``, so the child is node itself, the process that serves.
    """
    me = str(os.getpid())
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            parent = (proc / "stat").read_text().rsplit(")", 1)[1].split()[1]
            if parent == me and marker.encode() in (proc / "cmdline").read_bytes():
                return int(proc.name)
    raise RuntimeError(f"no child process of {me} runs with {marker!r}")


def azurite_version(command: str) -> str:
    """Azurite's version (its package.json) and node's."""
    package = Path(command).resolve().parents[3] / "package.json"
    try:
        azurite = json.loads(package.read_text())["version"]
    except (OSError, ValueError, KeyError):
        azurite = "?"
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return f"azurite {azurite}, node {node.stdout.strip() or '?'}"


def account_sas(account: str, key: str, hours: float = 24.0) -> str:
    """An account shared access signature for the blob service (every permission), signed
    with the account key: the query string of a SAS URL."""
    expiry = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=hours)
    fields = {
        "sv": "2019-12-12",
        "ss": "b",
        "srt": "sco",
        "sp": "rwdlac",
        "se": expiry.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "spr": "https,http",
    }
    signed = [account, fields["sp"], fields["ss"], fields["srt"], "", fields["se"], ""]
    signed += [fields["spr"], fields["sv"], ""]
    mac = hmac.new(base64.b64decode(key), "\n".join(signed).encode(), hashlib.sha256)
    fields["sig"] = base64.b64encode(mac.digest()).decode()
    return urllib.parse.urlencode(fields)


BACKENDS: dict[str, Callable[[Path], contextlib.AbstractContextManager[Server]]] = {
    "s3": moto_s3,
    "azure": azurite_blobs,
}
