"""Connection profiles on disk, their secrets in the OS keyring, and what happens without one.

The Secret Service tests talk to a real gnome-keyring-daemon. They run where a Secret
Service is reachable and unlocked (CI starts one, see .ci/run) and skip elsewhere, saying
why. ``BUCKETFERRY_REQUIRE_SECRET_SERVICE=1`` turns that skip into a failure, so a broken CI
set-up cannot pass by skipping.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import re
import stat
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import keyring.util.platform_
import pytest
from keyring.compat import properties

from bucketferry.core import RemoteStorage
from bucketferry.core.atomic_files import is_temp_name
from bucketferry.core.errors import BucketFerryError, ConfigurationError
from bucketferry.core.locations import backup_dir as default_backup_dir
from bucketferry.core.locations import config_dir
from bucketferry.core.locations import data_dir as default_data_dir
from bucketferry.core.profiles import (
    DEFAULT_PROFILE_NAME,
    KeyringUnavailableError,
    Profile,
    ProfileNotFoundError,
    ProfileStore,
    ProfileStoreError,
    SecretStore,
)
from tests.helpers import files_containing

TEST_SERVICE = "bucketferry-tests"
"""Keyring service for tests, so a developer's real "bucketferry" entries are never touched."""


def s3_profile(name: str = "Work S3", **changes: object) -> Profile:
    profile = Profile(
        name=name,
        provider="s3",
        key="AKIAEXAMPLE",
        bucket="work-bucket",
        region="eu-central-1",
        host="minio.example.org",
        port=9000,
        secure=False,
        base_path="projects/a",
    )
    return dataclasses.replace(profile, **changes)  # type: ignore[arg-type]


def new_secret() -> str:
    return f"secret-{uuid.uuid4().hex}"


@pytest.fixture(autouse=True)
def _no_real_keyring_by_accident() -> Iterator[None]:
    """A SecretStore without a pinned backend must never reach a developer's real keyring.

    The Secret Service tests pin their backend (and use a test service name) explicitly.
    """
    original = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(original)


@pytest.fixture
def user_dirs() -> Path:
    """The per-test folder that conftest points BUCKETFERRY_*_DIR into."""
    return Path(os.environ["BUCKETFERRY_CONFIG_DIR"]).parent


@pytest.fixture
def secrets() -> SecretStore:
    return SecretStore(keyring.backends.fail.Keyring(), service=TEST_SERVICE)


@pytest.fixture
def store(secrets: SecretStore) -> ProfileStore:
    return ProfileStore(secrets=secrets)


# --- profiles on disk ---------------------------------------------------------------------


def test_config_dir_follows_the_environment_and_else_platformdirs(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("BUCKETFERRY_CONFIG_DIR", str(tmp_path / "cfg"))
    assert config_dir() == tmp_path / "cfg"
    assert ProfileStore().path == tmp_path / "cfg" / "profiles.json"
    monkeypatch.delenv("BUCKETFERRY_CONFIG_DIR")
    import platformdirs

    assert config_dir() == Path(platformdirs.user_config_dir("bucketferry", appauthor=False))


def test_profiles_survive_a_new_store_instance(store: ProfileStore):
    work = s3_profile()
    gcs = Profile(name="Photos", provider="google_storage", key="sa@x.iam", bucket="photos-01")
    store.save(work)
    store.save(gcs)

    again = ProfileStore()
    assert again.list() == [work, gcs]
    assert again.get("Photos") == gcs

    moved = dataclasses.replace(work, bucket="other-bucket", port=None)
    again.save(moved)
    assert ProfileStore().list() == [moved, gcs]  # replaced in place, order kept

    ProfileStore().remove("Work S3")
    assert [p.name for p in ProfileStore().list()] == ["Photos"]


def test_profile_file_is_versioned_json_readable_by_the_user_only(store: ProfileStore):
    store.save(s3_profile())
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["format"] == "bucketferry.profiles"
    assert data["version"] == 1
    assert data["profiles"][0]["name"] == "Work S3"
    assert "secret" not in data["profiles"][0]
    if sys.platform != "win32":
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    leftovers = [p.name for p in store.path.parent.iterdir() if is_temp_name(p.name)]
    assert leftovers == []


def test_profile_becomes_the_engine_config():
    conf = s3_profile().to_config("the-secret")
    assert (conf.provider, conf.key, conf.bucket, conf.secret) == (
        "s3",
        "AKIAEXAMPLE",
        "work-bucket",
        "the-secret",
    )
    assert (conf.region, conf.host, conf.port, conf.secure, conf.base_path) == (
        "eu-central-1",
        "minio.example.org",
        9000,
        False,
        "projects/a",
    )
    # set here, so the window (config_for) and the command line (--profile) agree
    assert conf.backup_dir == str(default_backup_dir("Work S3"))


def test_get_and_remove_of_an_unknown_name_say_which_names_exist(store: ProfileStore):
    store.save(s3_profile())
    with pytest.raises(ProfileNotFoundError, match=r"'Nope'.*'Work S3'") as caught:
        store.get("Nope")
    assert isinstance(caught.value, KeyError)
    with pytest.raises(ProfileNotFoundError):
        store.remove("Nope")


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(store: ProfileStore, monkeypatch):
    store.save(s3_profile())
    before = store.path.read_bytes()

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(ProfileStoreError, match="cannot be saved"):
        store.save(s3_profile("Second"))
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == [
        "profiles.json",
        "profiles.json.lock",
    ]


# --- the secret stays out of files, reprs and logs -----------------------------------------


def test_secret_is_never_in_the_file_repr_or_logs(
    store: ProfileStore, user_dirs: Path, tmp_path: Path, caplog
):
    caplog.set_level(logging.DEBUG)
    secret = new_secret()
    profile = s3_profile()
    store.save(profile)
    store.secrets.set(profile.name, secret, session_only=True)
    conf = store.config_for(profile.name)

    assert conf.secret == secret
    assert secret not in store.path.read_text(encoding="utf-8")
    for text in (repr(profile), str(profile), repr(conf), repr(store), repr(store.secrets)):
        assert secret not in text
    with pytest.raises(KeyringUnavailableError) as caught:
        store.secrets.set(profile.name, secret)
    assert secret not in str(caught.value) and secret not in repr(caught.value)
    assert secret not in caplog.text
    assert files_containing(secret, user_dirs, tmp_path) == []


def test_a_secret_typed_into_the_file_is_ignored(store: ProfileStore):
    store.save(s3_profile())
    data = json.loads(store.path.read_text(encoding="utf-8"))
    data["profiles"][0]["secret"] = "from-the-file"
    store.path.write_text(json.dumps(data), encoding="utf-8")
    assert store.get("Work S3") == s3_profile()
    with pytest.raises(ConfigurationError, match="No secret is saved"):
        store.config_for("Work S3")


# --- a file that is not ours ---------------------------------------------------------------

UNUSABLE_FILES = {
    "not json": (b'{"format": "bucketferry.profiles", "version": 1, "profiles": [', "not valid"),
    "not text": (b"\xff\xfe\x00garbage\x00", "not a text file"),
    "someone else's json": (b'{"servers": ["a", "b"]}', "not a Bucket Ferry connection list"),
    "a json list": (b"[1, 2, 3]", "not a Bucket Ferry connection list"),
    "newer version": (
        b'{"format": "bucketferry.profiles", "version": 99, "profiles": []}',
        "newer Bucket Ferry",
    ),
    "bad entry": (
        b'{"format": "bucketferry.profiles", "version": 1, "profiles": '
        b'[{"name": "x", "provider": "s3", "bucket": "abc", "port": "80"}]}',
        "connection number 1 has a 'port' that is not a whole number",
    ),
}


@pytest.mark.parametrize("kind", list(UNUSABLE_FILES))
def test_unusable_file_raises_a_clear_error_and_is_left_untouched(store: ProfileStore, kind: str):
    content, words = UNUSABLE_FILES[kind]
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)

    for attempt in (
        store.list,
        lambda: store.get("x"),
        lambda: store.save(s3_profile()),
        lambda: store.remove("x"),
        store.ensure_default,
        lambda: ProfileStore().list(),
    ):
        with pytest.raises(ProfileStoreError) as caught:
            attempt()
        message = str(caught.value)
        assert words in message
        assert str(store.path) in message
        assert "has not changed it" in message
        assert "move it away" in message.lower()
        assert isinstance(caught.value, BucketFerryError) and caught.value.title

    assert store.path.read_bytes() == content
    assert [p.name for p in store.path.parent.iterdir() if p.name.endswith(".tmp")] == []


# --- first start ---------------------------------------------------------------------------


def test_first_start_creates_a_ready_local_folder_profile(store: ProfileStore):
    created = store.ensure_default()
    assert created is not None
    assert created.name == DEFAULT_PROFILE_NAME == "Local folder"
    assert (created.provider, created.key, created.bucket) == (
        "local",
        str(default_data_dir()),
        "default",
    )
    assert (default_data_dir() / "default").is_dir()
    assert ProfileStore().list() == [created]
    # usable at once, without a secret
    assert RemoteStorage(store.config_for(DEFAULT_PROFILE_NAME)).list_objects("") == []


def test_default_profile_is_not_added_again_or_next_to_user_profiles(store: ProfileStore):
    assert store.ensure_default() is not None
    assert store.ensure_default() is None
    assert len(store.list()) == 1

    store.remove(DEFAULT_PROFILE_NAME)
    store.save(s3_profile())
    assert store.ensure_default() is None
    assert [p.name for p in store.list()] == ["Work S3"]


# --- validation ----------------------------------------------------------------------------

INVALID = {
    "empty name": (s3_profile(name=""), "Give the connection a name"),
    "blank name": (s3_profile(name="   "), "Give the connection a name"),
    "unknown provider": (s3_profile(provider="dropbox"), "'dropbox' is not a storage type"),
    "no bucket": (s3_profile(bucket=""), "Enter a bucket name"),
    "no local bucket": (
        Profile(name="L", provider="local", key="", bucket=" "),
        "Enter a bucket name",
    ),
    "short s3 bucket": (s3_profile(bucket="ab"), "'ab' cannot be used as a bucket name: it has 2"),
    "long gcs bucket": (
        s3_profile(provider="google_storage", bucket="b" * 64),
        "it has 64 characters. Google Cloud Storage bucket names have 3 to 63 characters",
    ),
    "port zero": (s3_profile(port=0), "from 1 to 65535 (it is 0)"),
    "port too big": (s3_profile(port=65536), "from 1 to 65535 (it is 65536)"),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_profile_is_refused_with_a_plain_message(store: ProfileStore, case: str):
    profile, words = INVALID[case]
    with pytest.raises(ConfigurationError, match=re.escape(words)) as caught:
        store.save(profile)
    assert isinstance(caught.value, ValueError)  # like the rest of the engine's config errors
    with pytest.raises(ConfigurationError, match=re.escape(words)):
        profile.to_config("x")
    assert not store.path.exists()


def test_limits_that_are_fine():
    for profile in (
        s3_profile(bucket="abc"),
        s3_profile(bucket="b" * 63, port=1),
        s3_profile(port=65535),
        Profile(name="L", provider="local", key="", bucket="x"),  # folders may be short
    ):
        profile.validate()


def test_names_differing_only_in_case_are_refused(store: ProfileStore):
    store.save(s3_profile("Work"))
    with pytest.raises(ConfigurationError, match="'Work' already exists"):
        store.save(s3_profile("work"))


# --- no usable password store --------------------------------------------------------------


@pytest.fixture(params=["fail", "null"])
def no_keyring(request: pytest.FixtureRequest) -> Iterator[None]:
    """Make keyring's active backend one that cannot store anything; restore it afterwards."""
    original = keyring.get_keyring()
    backend = {"fail": keyring.backends.fail.Keyring, "null": keyring.backends.null.Keyring}
    keyring.set_keyring(backend[request.param]())
    try:
        yield
    finally:
        keyring.set_keyring(original)


def test_without_a_keyring_secrets_are_kept_for_the_session_only_on_request(
    no_keyring: None, user_dirs: Path, tmp_path: Path, caplog
):
    caplog.set_level(logging.DEBUG)
    secrets = SecretStore()  # follows keyring's active backend
    assert secrets.available() is False
    assert "secrets cannot be saved" in secrets.reason

    secret = new_secret()
    with pytest.raises(KeyringUnavailableError) as caught:
        secrets.set("Work S3", secret)
    assert caught.value.reason == secrets.reason
    assert "session only" in caught.value.message
    assert isinstance(caught.value, BucketFerryError)
    assert secrets.get("Work S3") is None

    secrets.set("Work S3", secret, session_only=True)
    assert secrets.get("Work S3") == secret
    assert secrets.is_session_only("Work S3")
    assert SecretStore().get("Work S3") is None  # memory of that instance only

    secrets.delete("Work S3")
    assert secrets.get("Work S3") is None
    secrets.delete("never set")  # not an error

    assert secret not in caplog.text
    keyring_files = Path(keyring.util.platform_.data_root())
    assert files_containing(secret, user_dirs, tmp_path, keyring_files) == []


@pytest.mark.skipif(sys.platform != "linux", reason="the wording names Linux password stores")
def test_reason_says_in_plain_words_why_there_is_no_password_store():
    missing = "No password store (Secret Service / KWallet) is running, so secrets cannot be saved."
    assert SecretStore(keyring.backends.fail.Keyring()).reason == missing
    empty_chain = keyring.backends.chainer.ChainerBackend()
    if not empty_chain.backends:  # nothing to chain on this machine (as outside D-Bus)
        assert SecretStore(empty_chain).reason == missing
    assert "switched off" in SecretStore(keyring.backends.null.Keyring()).reason


def test_removing_a_profile_forgets_its_session_secret(store: ProfileStore):
    store.save(s3_profile())
    store.secrets.set("Work S3", new_secret(), session_only=True)
    store.remove("Work S3")
    assert store.secrets.get("Work S3") is None


class LockedKeyring(keyring.backend.KeyringBackend):
    """A store that exists but stays locked (the user dismissed the unlock prompt)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("only for tests")  # never chosen by keyring itself

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


def test_a_locked_store_counts_as_unavailable_and_says_so():
    secrets = SecretStore(LockedKeyring(), service=TEST_SERVICE)
    assert secrets.available() is False
    assert "locked" in secrets.reason
    with pytest.raises(KeyringUnavailableError, match="locked"):
        secrets.set("x", "y")
    secrets.set("x", "y", session_only=True)
    assert secrets.get("x") == "y"


# --- the real Secret Service ---------------------------------------------------------------


@pytest.fixture
def secret_service() -> SecretStore:
    """A SecretStore on the Secret Service of this D-Bus session, or a skip saying why."""
    from keyring.backends import SecretService

    why = ""
    if not SecretService.Keyring.viable:
        why = (
            "no Secret Service on this machine: install gnome-keyring and run the tests "
            "under dbus-run-session with an unlocked keyring (see .ci/run)"
        )
    else:
        secrets = SecretStore(SecretService.Keyring(), service=TEST_SERVICE)
        if secrets.available():
            return secrets
        why = (
            f"the Secret Service cannot be used: {secrets.reason} (start it unlocked, e.g. "
            "`printf ci | gnome-keyring-daemon --unlock --components=secrets`)"
        )
    if os.environ.get("BUCKETFERRY_REQUIRE_SECRET_SERVICE") == "1":
        pytest.fail(f"BUCKETFERRY_REQUIRE_SECRET_SERVICE=1 but {why}")
    pytest.skip(why)


def test_secret_service_round_trip(secret_service: SecretStore, caplog):
    caplog.set_level(logging.DEBUG)
    name = f"profile-{uuid.uuid4().hex[:8]}"
    first, second = new_secret(), new_secret()
    backend = secret_service.backend
    try:
        secret_service.set(name, first)
        assert not secret_service.is_session_only(name)
        # a new instance finds it: it is in the Secret Service, not in memory
        assert SecretStore(backend, service=TEST_SERVICE).get(name) == first
        assert backend.get_password(TEST_SERVICE, name) == first

        secret_service.set(name, second)
        assert SecretStore(backend, service=TEST_SERVICE).get(name) == second

        secret_service.delete(name)
        assert SecretStore(backend, service=TEST_SERVICE).get(name) is None
        secret_service.delete(name)  # already gone: fine
    finally:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            backend.delete_password(TEST_SERVICE, name)
    assert first not in caplog.text and second not in caplog.text


def test_session_secret_wins_over_the_stored_one_until_saved(secret_service: SecretStore):
    name = f"profile-{uuid.uuid4().hex[:8]}"
    try:
        secret_service.set(name, "stored")
        secret_service.set(name, "just-for-now", session_only=True)
        assert secret_service.get(name) == "just-for-now"
        assert secret_service.backend.get_password(TEST_SERVICE, name) == "stored"
        secret_service.set(name, "saved-again")
        assert not secret_service.is_session_only(name)
        assert secret_service.get(name) == "saved-again"
    finally:
        secret_service.delete(name)


def test_removing_a_profile_removes_its_keyring_entry(
    secret_service: SecretStore, user_dirs: Path, tmp_path: Path
):
    store = ProfileStore(secrets=secret_service)
    name = f"Work {uuid.uuid4().hex[:8]}"
    secret = new_secret()
    store.save(s3_profile(name))
    try:
        store.secrets.set(name, secret)
        fresh = ProfileStore(secrets=SecretStore(secret_service.backend, service=TEST_SERVICE))
        assert fresh.config_for(name).secret == secret
        store.remove(name)
        assert secret_service.backend.get_password(TEST_SERVICE, name) is None
    finally:
        secret_service.delete(name)
    assert files_containing(secret, user_dirs, tmp_path) == []


def test_replaced_files_of_a_profile_are_backed_up_in_its_own_folder(store: ProfileStore):
    """Where the trash cannot take a file replaced by a forced pull: beside the embedded
    buckets (never inside, where it would look like a bucket), one folder per profile."""
    store.ensure_default()
    conf = store.config_for(DEFAULT_PROFILE_NAME)
    expected = default_data_dir().parent / "backups" / DEFAULT_PROFILE_NAME
    assert conf.backup_dir == str(expected)
    assert not str(conf.backup_dir).startswith(str(default_data_dir()) + os.sep)
