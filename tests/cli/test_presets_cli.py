"""``--preset`` and ``bucketferry presets`` on the real command line: the connection a
command builds from a preset, profiles saved from one (a real subprocess and the real
profile file, with keyring's "fail" backend so no password store is touched), and the
plain refusals when options contradict the preset."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest

from bucketferry.cli.connection import storage_from_args
from bucketferry.cli.parser import build_parser
from bucketferry.core import ConfigurationError, RemoteStorageConfig
from bucketferry.core.presets import PRESETS
from tests.e2e.test_cli import assert_plain_error, bucketferry
from tests.e2e.test_cli_profiles import NO_KEYRING, saved_profiles

ACCOUNT = "0123456789abcdef0123456789abcdef"


@pytest.fixture(autouse=True)
def _a_secret(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BUCKETFERRY_SECRET", "not-a-real-secret")
    yield


def conf_of(*args: str) -> RemoteStorageConfig:
    """The configuration ``bucketferry ls ARGS`` would connect with (nothing is sent)."""
    parsed = build_parser().parse_args(["ls", *args])
    return storage_from_args(parsed, io.StringIO()).conf


def test_ls_with_a_preset_reaches_the_presets_endpoint():
    conf = conf_of("--preset", "b2", "--region", "eu-central-003", "--key", "K", "--bucket", "bkt")
    assert (conf.provider, conf.host, conf.port, conf.secure, conf.region) == (
        "s3",
        "s3.eu-central-003.backblazeb2.com",
        None,
        True,
        "eu-central-003",
    )


def test_r2_needs_the_account_id_and_signs_for_auto():
    conf = conf_of("--preset", "r2", "--account-id", ACCOUNT, "--key", "K", "--bucket", "bkt")
    assert (conf.host, conf.region) == (f"{ACCOUNT}.r2.cloudflarestorage.com", "auto")


def test_port_and_no_tls_still_apply_to_a_preset():
    conf = conf_of(
        "--preset", "minio", "--host", "nas.local", "--no-tls", "--key", "K", "--bucket", "bkt"
    )
    assert (conf.host, conf.port, conf.secure, conf.region) == (
        "nas.local",
        9000,
        False,
        "us-east-1",
    )
    conf = conf_of("--preset", "wasabi", "--port", "8443", "--key", "K", "--bucket", "bkt")
    assert (conf.host, conf.port) == ("s3.us-east-1.wasabisys.com", 8443)


def test_a_host_or_provider_that_says_the_same_as_the_preset_is_fine():
    conf = conf_of(
        "--preset", "spaces", "--region", "fra1", "--host", "FRA1.digitaloceanspaces.com",
        "--provider", "s3", "--key", "K", "--bucket", "bkt",
    )  # fmt: skip
    assert conf.host == "fra1.digitaloceanspaces.com"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--preset", "b2", "--host", "s3.example.org"], ["--host says s3.example.org"]),
        (["--preset", "aws", "--host", "s3.example.org"], ["Amazon's own endpoints"]),
        (["--preset", "b2", "--provider", "google_storage"], ["--provider says"]),
        (["--preset", "b2", "--region", "eu-west-1"], ["no region 'eu-west-1'"]),
        (["--preset", "r2"], ["needs your account ID"]),
        (["--preset", "r2", "--account-id", "abc123"], ["'abc123' is not a"]),
        (["--preset", "minio"], ["your own server"]),
        (["--provider", "s3", "--account-id", ACCOUNT], ["--account-id goes with"]),
    ],
)
def test_contradictions_are_refused_before_anything_connects(args: list[str], words: list[str]):
    with pytest.raises(ConfigurationError) as caught:
        conf_of(*args, "--key", "K", "--bucket", "bkt")
    for word in words:
        assert word in caught.value.message


def test_an_unknown_preset_is_a_usage_error_that_names_the_known_ones():
    result = bucketferry("ls", "--preset", "dropbox", env=NO_KEYRING)
    assert_plain_error(result, 2, "no preset called 'dropbox'", "b2", "scaleway")


def test_a_refused_preset_exits_2_in_plain_words():
    result = bucketferry(
        "ls", "--preset", "b2", "--host", "evil.example.org", "--key", "K", "--bucket", "bkt",
        env={**NO_KEYRING, "BUCKETFERRY_SECRET": "x"},
    )  # fmt: skip
    assert_plain_error(result, 2, "Cannot use the preset", "Leave out --host")


def test_a_profile_saved_from_a_preset_holds_its_host_and_region():
    added = bucketferry(
        "profiles", "add", "backup", "--preset", "b2", "--region", "eu-central-003",
        "--key", "0034abc", "--bucket", "my-backups", env=NO_KEYRING,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    (profile,) = saved_profiles()
    assert (profile.provider, profile.host, profile.port, profile.secure, profile.region) == (
        "s3",
        "s3.eu-central-003.backblazeb2.com",
        None,
        True,
        "eu-central-003",
    )
    assert (profile.key, profile.bucket) == ("0034abc", "my-backups")


def test_a_preset_replaces_a_profiles_endpoint_including_a_host_it_does_not_have():
    added = bucketferry(
        "profiles", "add", "nas", "--preset", "minio", "--host", "nas.local", "--no-tls",
        "--key", "K", "--bucket", "data", env=NO_KEYRING,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    (saved,) = saved_profiles()
    assert (saved.host, saved.port, saved.secure) == ("nas.local", 9000, False)

    conf = conf_of("--profile", "nas", "--preset", "aws", "--region", "eu-west-1")
    assert (conf.host, conf.port, conf.secure, conf.region) == (None, None, True, "eu-west-1")

    updated = bucketferry(
        "profiles", "add", "nas", "--update", "--preset", "scaleway", "--region", "pl-waw",
        env=NO_KEYRING,
    )  # fmt: skip
    assert updated.returncode == 0, updated.stderr
    (moved,) = saved_profiles()
    assert (moved.host, moved.port, moved.secure, moved.region) == (
        "s3.pl-waw.scw.cloud",
        None,
        True,
        "pl-waw",
    )
    assert (moved.key, moved.bucket) == ("K", "data")


def test_presets_lists_every_preset_with_where_its_keys_are():
    listed = bucketferry("presets", env=NO_KEYRING)
    assert listed.returncode == 0, listed.stderr
    for preset in PRESETS:
        assert preset.name in listed.stdout
        assert preset.label in listed.stdout
    assert "My Account ▸ Application Keys" in listed.stdout
    assert "s3.<region>.backblazeb2.com" in listed.stdout
    assert "--account-id" in listed.stdout

    as_json = bucketferry("presets", "--json", env=NO_KEYRING)
    entries = json.loads(as_json.stdout)
    assert [e["name"] for e in entries] == [p.name for p in PRESETS]
    assert all(e["key_help"] for e in entries)


def test_azure_is_a_provider_whose_help_says_what_key_secret_and_bucket_are():
    helped = bucketferry("ls", "--help", env=NO_KEYRING)
    assert helped.returncode == 0
    text = " ".join(helped.stdout.split())
    assert "azure_blobs" in text
    assert "storage account's name" in text
    assert "the container" in text
    assert "Azurite" in text

    added = bucketferry(
        "profiles", "add", "blobs", "--provider", "azure_blobs", "--key", "myaccount",
        "--bucket", "photos", env=NO_KEYRING,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "No secret is saved" in added.stdout  # an Azure connection needs one
    (profile,) = saved_profiles()
    assert (profile.provider, profile.key, profile.bucket) == ("azure_blobs", "myaccount", "photos")
    assert profile.needs_secret
