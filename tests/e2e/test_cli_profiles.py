"""``bucketferry profiles`` and ``--profile``: a real subprocess, the real profile file, and
the real password store where there is one.

The password-store tests need a Secret Service (CI runs one, see .ci/run) and skip
elsewhere, saying why; ``BUCKETFERRY_REQUIRE_SECRET_SERVICE=1`` turns the skip into a
failure. They use the application's own keyring service ("bucketferry", as the window
does), under profile names made unique per run, and remove their entries afterwards, so a
developer's own entries are never touched. The other tests pin keyring's "fail" backend in
the subprocess (``PYTHON_KEYRING_BACKEND``), so they never reach a real password store.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import keyring.backend
import keyring.errors
import pytest

from bucketferry.cli.connection import storage_from_args
from bucketferry.cli.parser import build_parser
from bucketferry.core import RemoteStorage, RemoteStorageConfig
from bucketferry.core.profiles import SERVICE, Profile, ProfileStore, SecretStore
from tests.e2e.test_cli import Run, assert_plain_error, bucketferry, s3_options
from tests.helpers import files_containing, write

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "BUCKETFERRY_SECRET": ""}
SECRET_SERVICE = "keyring.backends.SecretService.Keyring"


def profiles_file() -> Path:
    return Path(os.environ["BUCKETFERRY_CONFIG_DIR"]) / "profiles.json"


def saved_profiles() -> list[Profile]:
    """What the window would see: the same ProfileStore on the same file."""
    return ProfileStore(secrets=SecretStore(keyring.backends.fail.Keyring())).list()


def add_s3_profile(
    name: str, conf: RemoteStorageConfig, *extra: str, env: dict[str, str], stdin: str = ""
) -> Run:
    """``profiles add NAME`` with the connection options of a bucket on moto."""
    return bucketferry("profiles", "add", name, *s3_options(conf), *extra, env=env, stdin=stdin)


@dataclass
class SecretService:
    """The Secret Service of this D-Bus session, and the environment that makes the
    subprocess use it."""

    backend: keyring.backend.KeyringBackend
    env: dict[str, str]
    names: list[str] = field(default_factory=list)

    def new_name(self, prefix: str) -> str:
        """A profile name no real entry has; its keyring entry is removed afterwards."""
        name = f"{prefix} {uuid.uuid4().hex[:8]}"
        self.names.append(name)
        return name

    def saved(self, name: str) -> str | None:
        return self.backend.get_password(SERVICE, name)


@pytest.fixture
def secret_service() -> Iterator[SecretService]:
    """The Secret Service, or a skip saying why there is none."""
    import keyring.backends.SecretService

    why = ""
    backend = keyring.backends.SecretService.Keyring()
    if not keyring.backends.SecretService.Keyring.viable:
        why = (
            "no Secret Service on this machine: install gnome-keyring and run the tests "
            "under dbus-run-session with an unlocked keyring (see .ci/run)"
        )
    elif not (store := SecretStore(backend)).available():
        why = f"the Secret Service cannot be used: {store.reason}"
    if why:
        if os.environ.get("BUCKETFERRY_REQUIRE_SECRET_SERVICE") == "1":
            pytest.fail(f"BUCKETFERRY_REQUIRE_SECRET_SERVICE=1 but {why}")
        pytest.skip(why)
    service = SecretService(
        backend, {"PYTHON_KEYRING_BACKEND": SECRET_SERVICE, "BUCKETFERRY_SECRET": ""}
    )
    try:
        yield service
    finally:
        for name in service.names:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                backend.delete_password(SERVICE, name)


# --- with the system password store -----------------------------------------------------


def test_round_trip_add_list_push_with_profile_remove(
    secret_service: SecretService, s3_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    env = secret_service.env
    conf = s3_conf()
    name = secret_service.new_name("minio")
    secret = f"secret-{uuid.uuid4().hex}"

    added = add_s3_profile(
        name, conf, "--base-path", "team", "--secret-stdin", stdin=secret + "\n", env=env
    )
    assert added.returncode == 0, added.stderr
    assert f"Saved the connection '{name}'" in added.stdout
    assert "secret is in the system password store" in added.stdout
    assert secret_service.saved(name) == secret
    (window_view,) = saved_profiles()  # the window reads the same file
    assert window_view == Profile(
        name=name,
        provider="s3",
        key=conf.key,
        bucket=conf.bucket,
        host=conf.host,
        port=conf.port,
        secure=False,
        base_path="team",
    )

    table = bucketferry("profiles", "list", env=env)
    assert table.returncode == 0, table.stderr
    header, row = table.stdout.splitlines()[:2]
    assert header.split() == ["NAME", "PROVIDER", "BUCKET", "HOST", "BASE", "PATH", "SECRET"]
    assert row.startswith(name) and row.endswith("saved")
    for cell in ("s3", conf.bucket, f"{conf.host}:{conf.port} (http)", "team"):
        assert f"  {cell}  " in row
    listed = json.loads(bucketferry("profiles", "list", "--json", env=env).stdout)
    assert [(p["name"], p["secret_saved"], p["needs_secret"]) for p in listed] == [
        (name, True, True)
    ]

    write(tmp_path / "d/a.txt", "one")
    pushed = bucketferry(
        "push", "d", "--local-prefix", str(tmp_path), "--profile", name, "-v", env=env
    )
    assert pushed.returncode == 0, pushed.stderr
    assert f"Secret of profile '{name}' from the password store" in pushed.stderr
    assert [o.name for o in RemoteStorage(conf).list_objects("")] == ["team/d/a.txt"]

    user_dirs = Path(os.environ["BUCKETFERRY_CONFIG_DIR"]).parent
    assert files_containing(secret, user_dirs, tmp_path) == []
    assert secret not in pushed.stdout + pushed.stderr + table.stdout

    removed = bucketferry("profiles", "remove", name, env=env)
    assert removed.returncode == 0, removed.stderr
    assert f"Removed the connection '{name}'" in removed.stdout
    assert saved_profiles() == []
    assert secret_service.saved(name) is None


def test_secret_from_stdin_wins_then_the_saved_one_then_the_environment(
    secret_service: SecretService, s3_conf: Callable[..., RemoteStorageConfig]
):
    env = secret_service.env
    conf = s3_conf()
    name = secret_service.new_name("order")
    assert add_s3_profile(name, conf, env={**env, "BUCKETFERRY_SECRET": "saved"}).returncode == 0
    assert secret_service.saved(name) == "saved"

    def source(*extra: str, stdin: str = "") -> str:
        result = bucketferry(
            "ls", "--profile", name, "-v", *extra, stdin=stdin,
            env={**env, "BUCKETFERRY_SECRET": "from-env"},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stderr

    assert "from the password store" in source()
    assert "from standard input" in source("--secret-stdin", stdin="typed\n")
    assert "from BUCKETFERRY_SECRET" in source("--key", "another-key")

    moved = bucketferry(
        "profiles", "add", name, "--update", "--base-path", "elsewhere",
        env={**env, "BUCKETFERRY_SECRET": "exported-for-another-server"},
    )  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    assert "BUCKETFERRY_SECRET was not used" in moved.stderr
    assert secret_service.saved(name) == "saved"
    updated = bucketferry(
        "profiles", "add", name, "--update", "--secret-stdin", stdin="new\n", env=env
    )
    assert updated.returncode == 0, updated.stderr
    assert secret_service.saved(name) == "new"
    (profile,) = saved_profiles()
    assert (profile.bucket, profile.base_path) == (conf.bucket, "elsewhere")


# --- without a password store -------------------------------------------------------------


def test_without_a_password_store_a_secret_is_refused_and_nothing_is_saved(
    s3_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    conf = s3_conf()
    refused = add_s3_profile("work", conf, env={**NO_KEYRING, "BUCKETFERRY_SECRET": "s3cr3t"})

    assert_plain_error(refused, 1, "was not saved", "No password store", "each command")
    assert not profiles_file().exists()

    added = add_s3_profile("work", conf, env=NO_KEYRING)
    assert added.returncode == 0, added.stderr
    assert "No secret is saved" in added.stdout
    table = bucketferry("profiles", "list", env=NO_KEYRING)
    assert table.stdout.splitlines()[1].endswith("unknown")
    assert "No password store" in table.stdout

    write(tmp_path / "d/a.txt", "one")
    push = ["push", "d", "--local-prefix", str(tmp_path), "--profile", "work"]
    missing = bucketferry(*push, env=NO_KEYRING)
    assert_plain_error(missing, 2, "'work' needs a secret", "BUCKETFERRY_SECRET")
    pushed = bucketferry(*push, env={**NO_KEYRING, "BUCKETFERRY_SECRET": conf.secret})
    assert pushed.returncode == 0, pushed.stderr
    assert [o.name for o in RemoteStorage(conf).list_objects("")] == ["d/a.txt"]


def test_a_local_folder_profile_needs_no_password_store(tmp_path: Path):
    added = bucketferry(
        "profiles", "add", "shared", "--provider", "local", "--key", str(tmp_path / "buckets"),
        "--bucket", "shared", env=NO_KEYRING,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "secret" not in added.stdout.lower()
    (tmp_path / "buckets/shared").mkdir(parents=True)
    write(tmp_path / "d/a.txt", "one")
    pushed = bucketferry(
        "push", "d", "--local-prefix", str(tmp_path), "--profile", "shared", env=NO_KEYRING
    )
    assert pushed.returncode == 0, pushed.stderr
    assert (tmp_path / "buckets/shared/d/a.txt").read_text() == "one"
    table = bucketferry("profiles", "list", env=NO_KEYRING)
    assert table.stdout.splitlines()[1].endswith("not needed")


# --- names, updates, options over a profile -----------------------------------------------


def local_profile(name: str, root: Path, *extra: str) -> Run:
    return bucketferry(
        "profiles", "add", name, "--provider", "local", "--key", str(root), "--bucket", "b",
        *extra, env=NO_KEYRING,
    )  # fmt: skip


def test_an_existing_name_is_refused_unless_update(tmp_path: Path):
    assert local_profile("Shared", tmp_path).returncode == 0
    before = profiles_file().read_bytes()

    again = local_profile("shared", tmp_path, "--base-path", "x")  # names ignore case
    assert_plain_error(again, 3, "'Shared' already exists", "--update", "nothing was changed")
    assert profiles_file().read_bytes() == before

    updated = bucketferry(
        "profiles", "add", "shared", "--update", "--base-path", "x", env=NO_KEYRING
    )
    assert updated.returncode == 0, updated.stderr
    assert "Updated the connection 'Shared'" in updated.stdout
    (profile,) = saved_profiles()
    assert (profile.name, profile.key, profile.bucket, profile.base_path) == (
        "Shared",
        str(tmp_path),
        "b",
        "x",
    )
    unknown = bucketferry("profiles", "add", "other", "--update", "--bucket", "c", env=NO_KEYRING)
    assert_plain_error(unknown, 2, "no connection named 'other'", "'Shared'")


def test_unknown_profile_exits_2_and_names_the_saved_ones(tmp_path: Path):
    for name in ("one", "two"):
        assert local_profile(name, tmp_path).returncode == 0
    result = bucketferry("ls", "--profile", "three", env=NO_KEYRING)
    assert_plain_error(result, 2, "no connection named 'three'", "'one', 'two'")
    removed = bucketferry("profiles", "remove", "three", env=NO_KEYRING)
    assert_plain_error(removed, 2, "'one', 'two'")


def test_invalid_profile_options_exit_2_and_save_nothing():
    result = bucketferry(
        "profiles", "add", "x", "--provider", "s3", "--bucket", "ab", env=NO_KEYRING
    )
    assert_plain_error(result, 2, "3 to 63 characters")
    no_provider = bucketferry("profiles", "add", "x", "--bucket", "abc", env=NO_KEYRING)
    assert_plain_error(no_provider, 2, "Give --provider")
    assert not profiles_file().exists()


def test_options_given_with_a_profile_replace_its_values_for_that_run_only(tmp_path: Path):
    root = tmp_path / "buckets"
    (root / "b").mkdir(parents=True)
    assert local_profile("p", root, "--base-path", "saved").returncode == 0
    write(tmp_path / "d/a.txt", "one")
    pushed = bucketferry(
        "push", "d", "--local-prefix", str(tmp_path), "--profile", "p", "--base-path", "other",
        env=NO_KEYRING,
    )  # fmt: skip
    assert pushed.returncode == 0, pushed.stderr
    assert (root / "b/other/d/a.txt").is_file()
    assert not (root / "b/saved").exists()
    assert saved_profiles()[0].base_path == "saved"


def test_with_a_profile_a_forced_pull_backs_up_where_the_window_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Where the trash cannot take a replaced file, the command line and the window put
    it in the same folder for the same connection."""
    root = tmp_path / "buckets"
    write(root / "b/d/a.txt", "bucket version")
    assert local_profile("Work disk", root).returncode == 0
    write(tmp_path / "out/d/a.txt", "mine")
    blocker = write(tmp_path / "not-a-folder", "a file where the data folder would be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "share"))  # no usable trash

    window = ProfileStore(secrets=SecretStore(keyring.backends.fail.Keyring()))
    backups = Path(window.config_for("Work disk").backup_dir or "")
    args = build_parser().parse_args(["pull", "d", "out", "--profile", "Work disk"])
    assert storage_from_args(args, io.StringIO()).conf.backup_dir == str(backups)

    pulled = bucketferry(
        "pull", "d", str(tmp_path / "out"), "--profile", "Work disk", "--force", env=NO_KEYRING
    )
    assert pulled.returncode == 0, pulled.stderr
    [kept] = backups.glob("*/d/a.txt")
    assert kept.read_text() == "mine"
    assert f"-> {kept}" in pulled.stdout


def test_empty_list_says_how_to_add_one():
    result = bucketferry("profiles", "list", env=NO_KEYRING)
    assert result.returncode == 0
    assert "No saved connections" in result.stdout and "profiles add" in result.stdout
    assert json.loads(bucketferry("profiles", "list", "--json", env=NO_KEYRING).stdout) == []
