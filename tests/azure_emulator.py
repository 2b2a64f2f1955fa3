"""Azurite, Microsoft's Azure Storage emulator, on 127.0.0.1 for the tests and benchmarks.

It checks shared-key signatures as Azure does, so a wrong account key fails here as it
would there. ``.ci/run`` installs it (``npm ci --prefix tests/azurite``); elsewhere the
Azure cases are skipped with the command that installs it, unless
``BUCKETFERRY_REQUIRE_AZURITE`` is set (CI), where a missing emulator is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bucketferry.core import RemoteStorageConfig
from tests.helpers import free_port

ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
"""Azurite's well-known development account (published by Microsoft; not a secret)."""

INSTALL = "npm ci --prefix tests/azurite"
_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Azurite:
    host: str
    port: int
    account: str = ACCOUNT
    key: str = ACCOUNT_KEY


def azurite_command() -> str | None:
    """The emulator's program: $AZURITE_BLOB, the project's install, or one on PATH."""
    given = os.environ.get("AZURITE_BLOB")
    if given:
        return given
    local = _HERE / "azurite" / "node_modules" / ".bin" / "azurite-blob"
    if local.exists():
        return str(local)
    return shutil.which("azurite-blob")


def required() -> bool:
    return bool(os.environ.get("BUCKETFERRY_REQUIRE_AZURITE"))


@contextmanager
def running_azurite(timeout: float = 60.0) -> Iterator[Azurite]:
    """An emulator of its own (in memory, a free port), stopped afterwards."""
    command = azurite_command()
    if command is None:
        raise FileNotFoundError(f"Azurite is not installed; run: {INSTALL}")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="azurite-") as workspace:
        errors = Path(workspace, "stderr.log")
        process = subprocess.Popen(
            [
                command,
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                str(port),
                "--inMemoryPersistence",
                "--disableTelemetry",  # this machine has no internet; never phone home
                "--skipApiVersionCheck",  # libcloud speaks an older (still valid) version
                "--silent",
            ],
            stdout=subprocess.DEVNULL,
            stderr=errors.open("wb"),
            cwd=workspace,  # whatever it might write goes there, not into the project
            start_new_session=True,
        )
        try:
            _wait_for_port(port, process, errors, timeout)
            yield Azurite("127.0.0.1", port)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_port(
    port: int, process: subprocess.Popen[bytes], errors: Path, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            err = errors.read_text(errors="replace")
            raise RuntimeError(f"Azurite stopped at start (exit {process.returncode}): {err}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"Azurite did not listen on port {port} in {timeout} s"
                ) from None
            time.sleep(0.1)


def _driver(conf: RemoteStorageConfig) -> Any:
    from libcloud.storage.providers import get_driver

    return get_driver("azure_blobs")(
        conf.key, conf.secret, secure=conf.secure, host=conf.host, port=conf.port
    )


def put_blob(conf: RemoteStorageConfig, name: str, data: bytes) -> None:
    """Writes a blob as another program would: through libcloud's own Azure upload, not
    through Bucket Ferry."""
    driver = _driver(conf)
    driver.upload_object_via_stream(iter([data]), driver.get_container(conf.bucket), name)


def read_blobs(conf: RemoteStorageConfig) -> dict[str, bytes]:
    """Every blob of the container (name -> bytes), read with libcloud alone, to check
    what Bucket Ferry did without asking Bucket Ferry."""
    driver = _driver(conf)
    container = driver.get_container(conf.bucket)
    return {
        obj.name: b"".join(driver.download_object_as_stream(obj))
        for obj in driver.iterate_container_objects(container)
    }
