"""Shared fixtures: a real S3 endpoint (moto's server on 127.0.0.1), temp folders, configs."""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from bucketferry.core import HashCache, RemoteStorage, RemoteStorageConfig
from tests.azure_emulator import INSTALL, Azurite, azurite_command, required, running_azurite
from tests.helpers import moto_process, s3_client

# Qt widgets in tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_bucket_numbers = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test touches the real user's cache, data or config folders."""
    base = tmp_path_factory.mktemp("userdirs")
    for var, name in (
        ("BUCKETFERRY_CACHE_DIR", "cache"),
        ("BUCKETFERRY_DATA_DIR", "data"),
        ("BUCKETFERRY_CONFIG_DIR", "config"),
        # the desktop's trash and the log folder (platformdirs' user_log_dir) live here
        ("XDG_DATA_HOME", "xdg-data"),
        ("XDG_STATE_HOME", "xdg-state"),
    ):
        monkeypatch.setenv(var, str(base / name))
    # moto needs some credentials in the environment for boto3 helpers used by tests
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[tuple[str, int]]:
    """moto's S3 over real HTTP on 127.0.0.1 (a free port), for the whole session."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        yield server.get_host_and_port()
    finally:
        server.stop()


def new_bucket_name(prefix: str = "bf") -> str:
    return f"{prefix}-{os.getpid()}-{next(_bucket_numbers)}"


ConfFactory = Callable[..., RemoteStorageConfig]


def conf_factory(**fixed: Any) -> ConfFactory:
    """Makes configs that share ``fixed`` (provider, credentials, endpoint), each for a
    fresh bucket (created unless ``create=False``)."""

    def make(base_path: str = "", bucket: str | None = None, create: bool = True, **kw):
        fields = {**fixed, **kw, "bucket": bucket or new_bucket_name(), "base_path": base_path}
        conf = RemoteStorageConfig(**fields)
        if create:
            RemoteStorage(conf).create_bucket()
        return conf

    return make


@pytest.fixture
def s3_conf(moto_endpoint: tuple[str, int]) -> ConfFactory:
    """Make a config for a fresh, empty bucket on the moto server."""
    host, port = moto_endpoint
    return conf_factory(
        provider="s3",
        key="testing-key",
        secret="testing-secret",
        host=host,
        port=port,
        secure=False,
    )


@pytest.fixture
def local_conf(tmp_path: Path) -> ConfFactory:
    """Make a config for a fresh local-folder bucket."""
    return conf_factory(provider="local", key=str(tmp_path / "buckets"), secret="")


@pytest.fixture(scope="session")
def azurite() -> Iterator[Azurite]:
    """Azurite (Azure's emulator, which checks signatures) on 127.0.0.1, for the session."""
    if azurite_command() is None:
        if required():
            pytest.fail(
                f"Azurite is required here (BUCKETFERRY_REQUIRE_AZURITE) but missing: {INSTALL}"
            )
        pytest.skip(f"Azurite is not installed: {INSTALL}")
    with running_azurite() as emulator:
        yield emulator


@pytest.fixture
def azure_conf(azurite: Azurite) -> ConfFactory:
    """Make a config for a fresh, empty container on Azurite."""
    return conf_factory(
        provider="azure_blobs",
        key=azurite.account,
        secret=azurite.key,
        host=azurite.host,
        port=azurite.port,
        secure=False,
    )


@pytest.fixture(params=["s3", "local", "azure"])
def make_storage(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[..., RemoteStorage]:
    """The same behaviour tests run against S3 (moto over HTTP), a local-folder bucket and
    Azure (Azurite over HTTP)."""
    factory: ConfFactory = request.getfixturevalue(f"{request.param}_conf")
    cache = HashCache(tmp_path / "hashes.json")

    def make(base_path: str = "", **kw) -> RemoteStorage:
        return RemoteStorage(factory(base_path=base_path, **kw), hash_cache=cache)

    return make


@pytest.fixture(scope="session")
def auth_moto() -> Iterator[tuple[int, dict[str, str]]]:
    """A moto server (own process) that checks credentials after its first 4 calls,
    which create a user with an access key allowed everything, and a bucket.

    It runs behind tests/signature_gate.py, which also checks pre-signed URLs (signature,
    expiry) and browser POST-policy uploads as S3 does; moto checks neither. The gate keeps
    the patch that makes moto verify a signed User-Agent: moto re-signs a request with
    botocore, which never signs User-Agent, so it would reject every client that does
    (libcloud signs all its headers); S3 and MinIO verify by the request's own SignedHeaders
    list, and so does moto once User-Agent leaves botocore's exclusions."""
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="4")
    root = str(Path(__file__).resolve().parent.parent)
    server = (
        f"import sys; sys.path.insert(0, {root!r}); "
        "from tests.signature_gate import main; main(sys.argv[1:])"
    )
    with moto_process(server, env) as port:
        endpoint = f"http://127.0.0.1:{port}"
        iam = boto3.client(
            "iam",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="bootstrap",
            aws_secret_access_key="bootstrap",
        )
        iam.create_user(UserName="ferry")
        key = iam.create_access_key(UserName="ferry")["AccessKey"]
        iam.put_user_policy(
            UserName="ferry",
            PolicyName="all",
            PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
            '"Action":"*","Resource":"*"}]}',
        )
        creds = {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}
        s3_client("127.0.0.1", port, creds["key"], creds["secret"]).create_bucket(
            Bucket="auth-bucket"
        )
        yield port, creds


@pytest.fixture
def gated_conf(auth_moto: tuple[int, dict[str, str]]) -> ConfFactory:
    """Make a config for a fresh bucket on the S3 server that checks signatures, expiry
    and upload policies (moto behind tests/signature_gate.py), with its IAM user's key."""
    port, creds = auth_moto
    return conf_factory(
        provider="s3",
        key=creds["key"],
        secret=creds["secret"],
        host="127.0.0.1",
        port=port,
        secure=False,
    )
