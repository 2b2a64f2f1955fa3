"""The preset table: every row builds a connection the engine accepts, a few known hosts
come out exactly right, and bad choices are refused in plain words.

Parametrized over the table itself, so a row added later is checked without a new test.
"""

from __future__ import annotations

import re

import pytest
from libcloud.storage.drivers.s3 import REGION_TO_HOST_MAP

from bucketferry.core import ConfigurationError, RemoteStorageConfig
from bucketferry.core.presets import PRESETS, Preset, connection_fields, find_preset, recognize
from bucketferry.core.profiles import Profile
from bucketferry.core.stores.drivers import new_driver

ACCOUNT = "0123456789abcdef0123456789abcdef"
HOST_NAME = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+")

EVERY_REGION = [
    pytest.param(preset, region, id=f"{preset.name}-{region}")
    for preset in PRESETS
    for region in preset.regions or (preset.default_region,)
]


def build(preset: Preset, region: str | None = None):
    """The preset's fields with whatever else it needs filled in."""
    return connection_fields(
        preset,
        region,
        account_id=ACCOUNT if preset.needs_account_id else None,
        host="minio.example.org" if preset.own_host else None,
    )


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_every_preset_row_is_complete(preset: Preset):
    assert preset.name == preset.name.lower() and " " not in preset.name
    assert preset.label.strip()
    assert not preset.regions or preset.default_region in preset.regions
    assert len(preset.regions) == len(set(preset.regions))
    assert preset.key_help.strip() and "\n" not in preset.key_help
    assert find_preset(preset.name.upper()) is preset


def test_preset_names_are_unique():
    names = [p.name for p in PRESETS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("preset", "region"), EVERY_REGION)
def test_every_preset_builds_an_endpoint_for_each_of_its_regions(preset: Preset, region: str):
    fields = build(preset, region)
    assert fields.provider == preset.provider
    assert fields.region == (preset.signing_region or region)
    assert fields.port == preset.port
    assert fields.secure == preset.secure
    if preset.own_host:
        assert fields.host == "minio.example.org"
    elif preset.endpoint is None:
        assert fields.host is None
    else:
        assert fields.host is not None and HOST_NAME.fullmatch(fields.host), fields.host
        if "{region}" in preset.endpoint:
            assert region in fields.host


@pytest.mark.parametrize(("preset", "region"), EVERY_REGION)
def test_the_engine_accepts_every_preset_connection(preset: Preset, region: str):
    """A driver is made (no request is sent) for the endpoint the preset chose, signing
    for the region it chose; the profile it would be saved as is valid."""
    fields = build(preset, region)
    profile = Profile(
        name=preset.label,
        provider=fields.provider,
        key="key",
        bucket="team-data-2024",
        region=fields.region,
        host=fields.host,
        port=fields.port,
        secure=fields.secure,
    )
    profile.validate()
    conf = RemoteStorageConfig(
        fields.provider,
        "key",
        "team-data-2024",
        "secret",
        region=fields.region,
        host=fields.host,
        port=fields.port,
        secure=fields.secure,
    )
    driver = new_driver(conf, None)
    assert driver.region_name == fields.region
    assert driver.connection.host == (fields.host or REGION_TO_HOST_MAP[fields.region])


@pytest.mark.parametrize(("preset", "region"), EVERY_REGION)
def test_a_saved_preset_connection_is_recognized_again(preset: Preset, region: str):
    fields = build(preset, region)
    found = recognize(fields.provider, fields.host, fields.port, fields.secure, fields.region)
    if preset.own_host:
        assert found is None  # any host could be someone's MinIO
        return
    assert found is not None
    assert (found.preset, found.region) == (preset, region)
    assert found.account_id == (ACCOUNT if preset.needs_account_id else None)


@pytest.mark.parametrize(
    ("name", "region", "host", "signing"),
    [
        ("b2", "eu-central-003", "s3.eu-central-003.backblazeb2.com", "eu-central-003"),
        ("b2", "US-West-004", "s3.us-west-004.backblazeb2.com", "us-west-004"),
        ("wasabi", "eu-central-2", "s3.eu-central-2.wasabisys.com", "eu-central-2"),
        ("spaces", "fra1", "fra1.digitaloceanspaces.com", "fra1"),
        ("scaleway", "nl-ams", "s3.nl-ams.scw.cloud", "nl-ams"),
        ("aws", "eu-west-1", None, "eu-west-1"),
        ("aws", None, None, "us-east-1"),
    ],
)
def test_known_endpoints(name: str, region: str | None, host: str | None, signing: str):
    fields = connection_fields(name, region)
    assert (fields.provider, fields.host, fields.region) == ("s3", host, signing)
    assert fields.secure is True and fields.port is None


def test_r2_names_the_host_after_the_account_and_signs_for_auto():
    fields = connection_fields("r2", account_id=ACCOUNT.upper())
    assert fields.host == f"{ACCOUNT}.r2.cloudflarestorage.com"
    assert fields.region == "auto"


def test_minio_is_the_users_own_server_on_port_9000():
    fields = connection_fields("minio", host=" localhost ")
    assert (fields.host, fields.port, fields.region) == ("localhost", 9000, "us-east-1")
    assert connection_fields("minio", "eu-home", host="nas").region == "eu-home"


def test_aws_regions_are_those_the_engine_can_reach_without_a_host():
    assert set(find_preset("aws").regions) <= set(REGION_TO_HOST_MAP)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: find_preset("dropbox"), ["no preset called 'dropbox'", "b2", "r2"]),
        (lambda: connection_fields("nope"), ["no preset called 'nope'"]),
        (
            lambda: connection_fields("b2", "eu-west-1"),
            ["Backblaze B2 has no region 'eu-west-1'", "eu-central-003"],
        ),
        (lambda: connection_fields("scaleway", "fr-paris"), ["no region 'fr-paris'", "fr-par"]),
        (lambda: connection_fields("r2"), ["needs your account ID"]),
        (lambda: connection_fields("r2", account_id="  "), ["needs your account ID"]),
        (lambda: connection_fields("r2", account_id="abc123"), ["'abc123' is not a"]),
        (lambda: connection_fields("r2", account_id=ACCOUNT + "0"), ["is not a Cloudflare"]),
        (lambda: connection_fields("r2", account_id="g" * 32), ["32 characters"]),
        (lambda: connection_fields("r2", account_id=f"{ACCOUNT[:31]}/"), ["is not a"]),
        (lambda: connection_fields("b2", account_id=ACCOUNT), ["needs no account ID"]),
        (lambda: connection_fields("wasabi", host="s3.example.org"), ["leave the host out"]),
        (lambda: connection_fields("minio"), ["your own server", "host name"]),
        (lambda: connection_fields("minio", host=" "), ["your own server"]),
    ],
)
def test_bad_choices_are_refused_in_plain_words(call, words: list[str]):
    with pytest.raises(ConfigurationError) as caught:
        call()
    assert caught.value.title == "Cannot use the preset"
    for word in words:
        assert word in caught.value.message


@pytest.mark.parametrize(
    ("provider", "host", "port", "secure", "region"),
    [
        ("s3", "s3.eu-central-003.backblazeb2.com", 8443, True, "eu-central-003"),
        ("s3", "s3.eu-central-003.backblazeb2.com", None, False, "eu-central-003"),
        ("s3", "s3.eu-central-003.backblazeb2.com", None, True, "us-east-1"),
        ("s3", "s3.eu-west-9.backblazeb2.com", None, True, "eu-west-9"),
        ("s3", "minio.example.org", 9000, True, "us-east-1"),
        ("s3", None, None, True, "xx-nowhere-1"),
        ("google_storage", None, None, True, None),
        ("azure_blobs", None, None, True, None),
    ],
)
def test_connections_no_preset_would_make_are_not_recognized(provider, host, port, secure, region):
    assert recognize(provider, host, port, secure, region) is None
