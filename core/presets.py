"""Ready-made connections to well-known storage services, as one table of data.

Why a table: the S3-compatible services differ only in the host they answer on, the
regions they offer, the region requests are signed for and where a person finds the keys.
Written down once, here, the command line (``--preset``), the window (the preset chooser)
and the tests all read the same rows; adding a service is adding a row, and the tests,
parametrized over :data:`PRESETS`, check the new row without being told.

A preset only fills in *how to reach* a service (provider, host, port, TLS, signing
region). The key, secret and bucket are the person's own, and the result is an ordinary
set of profile fields: nothing downstream knows a preset was used, and a profile saved
from one needs no preset to be read back (:func:`recognize` finds it again for display).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .config import Provider
from .errors import ConfigurationError

PRESET_TITLE = "Cannot use the preset"

_ACCOUNT_ID = re.compile(r"[0-9a-f]{32}")
"""Cloudflare account IDs are 32 hexadecimal digits (shown in lower case)."""


@dataclass(frozen=True)
class Preset:
    """One service's way of being reached. Immutable: the table is shared by everyone."""

    name: str
    """Machine name, as typed after ``--preset`` (lower case, no spaces)."""
    label: str
    """What a person reads in the chooser and in ``bucketferry presets``."""
    provider: str
    endpoint: str | None
    """Host template with ``{region}`` and ``{account_id}`` placeholders. None: either the
    provider's own endpoint (Amazon S3: libcloud maps the region to its host) or, with
    ``own_host``, the person's own server."""
    regions: tuple[str, ...]
    """The regions offered, first the most common. Empty: any region name is accepted
    (a self-hosted server is configured with whatever region its owner chose)."""
    default_region: str
    key_help: str
    """One line: where this service shows the access key and the secret."""
    needs_account_id: bool = False
    signing_region: str | None = None
    """The region requests are signed for when it is not the chosen region (Cloudflare R2
    signs everything for ``auto``). None: the chosen region."""
    secure: bool = True
    port: int | None = None
    """None: the usual port for ``secure`` (443, or 80 without TLS)."""
    own_host: bool = False
    """The service runs on the person's own machine (MinIO): the host is theirs to give."""

    def host_for(self, region: str, account_id: str | None = None) -> str | None:
        """The endpoint's host for ``region`` (unchecked; :func:`connection_fields`
        checks). None when the preset has no host of its own."""
        if self.endpoint is None:
            return None
        return self.endpoint.format(region=region, account_id=account_id or "")


@dataclass(frozen=True)
class ConnectionFields:
    """What a preset decides of a connection: exactly the profile fields of that name."""

    provider: str
    host: str | None
    port: int | None
    secure: bool
    region: str


_AWS_REGIONS = (
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "sa-east-1",
    "sa-east-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "af-south-1",
    "me-south-1",
    "me-central-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-east-1",
    "us-gov-west-1",
)
"""The regions libcloud's S3 driver knows a host for (a test keeps the two in step): the
engine refuses any other region without a host."""

PRESETS: tuple[Preset, ...] = (
    Preset(
        name="aws",
        label="Amazon S3",
        provider=Provider.S3.value,
        endpoint=None,
        regions=_AWS_REGIONS,
        default_region="us-east-1",
        key_help="AWS console: IAM ▸ Users ▸ your user ▸ Security credentials ▸ Create "
        "access key — the access key ID and the secret access key",
    ),
    Preset(
        name="b2",
        label="Backblaze B2",
        provider=Provider.S3.value,
        endpoint="s3.{region}.backblazeb2.com",
        regions=(
            "us-west-004",
            "us-west-001",
            "us-west-002",
            "us-east-005",
            "eu-central-003",
            "ca-east-006",
        ),
        default_region="us-west-004",
        key_help="Backblaze: My Account ▸ Application Keys — the keyID is the access key, "
        "the applicationKey the secret (the bucket's endpoint shows its region)",
    ),
    Preset(
        name="r2",
        label="Cloudflare R2",
        provider=Provider.S3.value,
        endpoint="{account_id}.r2.cloudflarestorage.com",
        regions=("auto",),
        default_region="auto",
        needs_account_id=True,
        signing_region="auto",
        key_help="Cloudflare: R2 ▸ Manage API tokens ▸ Create API token — the Access Key ID "
        "and the Secret Access Key; the account ID is on the R2 overview page",
    ),
    Preset(
        name="wasabi",
        label="Wasabi",
        provider=Provider.S3.value,
        endpoint="s3.{region}.wasabisys.com",
        regions=(
            "us-east-1",
            "us-east-2",
            "us-central-1",
            "us-west-1",
            "ca-central-1",
            "eu-central-1",
            "eu-central-2",
            "eu-west-1",
            "eu-west-2",
            "eu-south-1",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-southeast-1",
            "ap-southeast-2",
        ),
        default_region="us-east-1",
        key_help="Wasabi console: Access Keys ▸ Create Access Key — the access key and the "
        "secret key",
    ),
    Preset(
        name="spaces",
        label="DigitalOcean Spaces",
        provider=Provider.S3.value,
        endpoint="{region}.digitaloceanspaces.com",
        regions=(
            "nyc3",
            "sfo2",
            "sfo3",
            "atl1",
            "tor1",
            "ams3",
            "fra1",
            "lon1",
            "sgp1",
            "syd1",
            "blr1",
        ),
        default_region="nyc3",
        key_help="DigitalOcean: Spaces Object Storage ▸ Access Keys ▸ Create Access Key — "
        "the access key ID and the secret key",
    ),
    Preset(
        name="scaleway",
        label="Scaleway Object Storage",
        provider=Provider.S3.value,
        endpoint="s3.{region}.scw.cloud",
        regions=("fr-par", "nl-ams", "pl-waw"),
        default_region="fr-par",
        key_help="Scaleway console: IAM ▸ API keys ▸ Generate an API key — the access key "
        "and the secret key",
    ),
    Preset(
        name="minio",
        label="MinIO (your own server)",
        provider=Provider.S3.value,
        endpoint=None,
        regions=(),
        default_region="us-east-1",
        port=9000,
        own_host=True,
        key_help="MinIO Console: Access Keys ▸ Create access key (or the server's root user "
        "and password) — the access key and the secret key",
    ),
)

_BY_NAME = {preset.name: preset for preset in PRESETS}


def find_preset(name: str) -> Preset:
    """The preset called ``name`` (any case), or ConfigurationError naming the known ones."""
    preset = _BY_NAME.get(name.strip().lower())
    if preset is None:
        raise ConfigurationError(
            f"There is no preset called '{name}'. Known presets: {', '.join(_BY_NAME)} "
            "(see: bucketferry presets).",
            title=PRESET_TITLE,
        )
    return preset


def connection_fields(
    preset: Preset | str,
    region: str | None = None,
    account_id: str | None = None,
    host: str | None = None,
) -> ConnectionFields:
    """The provider, host, port, TLS and signing region of a connection made from
    ``preset`` in ``region`` (None: its default region).

    ``account_id`` is for presets whose host names the account (Cloudflare R2) and is
    refused elsewhere; ``host`` only for a preset that runs on the person's own server
    (MinIO), where it is required. Raises ConfigurationError, in plain words, for an
    unknown preset, a region the preset does not offer, or a missing or ill-formed
    account ID: nothing half-filled ever comes out of here.
    """
    chosen = find_preset(preset) if isinstance(preset, str) else preset
    name = chosen.label
    picked = (region or "").strip().lower() or chosen.default_region
    if chosen.regions and picked not in chosen.regions:
        raise ConfigurationError(
            f"{name} has no region '{region}'. Choose one of: {', '.join(chosen.regions)}. "
            "(For a region added since, give --provider s3 with its --host and --region "
            "instead of the preset.)",
            title=PRESET_TITLE,
        )
    account = _checked_account_id(chosen, account_id)
    if chosen.own_host:
        if not (host or "").strip():
            raise ConfigurationError(
                f"{name} runs on your own server: give its host name (e.g. "
                "minio.example.org or localhost).",
                title=PRESET_TITLE,
            )
        endpoint_host: str | None = host.strip() if host else None
    else:
        if host is not None:
            raise ConfigurationError(
                f"{name} decides the host itself; leave the host out, or connect "
                "without the preset.",
                title=PRESET_TITLE,
            )
        endpoint_host = chosen.host_for(picked, account)
    return ConnectionFields(
        provider=chosen.provider,
        host=endpoint_host,
        port=chosen.port,
        secure=chosen.secure,
        region=chosen.signing_region or picked,
    )


def _checked_account_id(preset: Preset, account_id: str | None) -> str | None:
    given = (account_id or "").strip()
    if not preset.needs_account_id:
        if given:
            raise ConfigurationError(
                f"{preset.label} needs no account ID; only "
                f"{', '.join(p.label for p in PRESETS if p.needs_account_id)} does.",
                title=PRESET_TITLE,
            )
        return None
    if not given:
        raise ConfigurationError(
            f"{preset.label} needs your account ID (32 letters and digits, shown on the "
            "R2 overview page of the Cloudflare dashboard).",
            title=PRESET_TITLE,
        )
    if not _ACCOUNT_ID.fullmatch(given.lower()):
        raise ConfigurationError(
            f"'{given}' is not a {preset.label} account ID: that is 32 characters, digits "
            "and the letters a to f, e.g. 0123456789abcdef0123456789abcdef.",
            title=PRESET_TITLE,
        )
    return given.lower()


@dataclass(frozen=True)
class Recognized:
    """A saved connection that a preset would have made, and with which choices."""

    preset: Preset
    region: str
    account_id: str | None = None


def recognize(
    provider: str, host: str | None, port: int | None, secure: bool, region: str | None
) -> Recognized | None:
    """Which preset (and region, account ID) would make exactly these fields, or None.

    For showing a saved profile with its preset chosen again; profiles do not store the
    preset, so this is the one way back. A self-hosted preset (MinIO) is never
    recognized: any host could be one.
    """
    for preset in PRESETS:
        if preset.own_host or preset.provider != provider or preset.secure != secure:
            continue
        if port not in (None, preset.port):
            continue
        if preset.endpoint is None:
            picked = region or preset.default_region
            if host is None and picked in preset.regions:
                return Recognized(preset, picked)
            continue
        found = _match_host(preset, host or "")
        if found is None:
            continue
        picked = found.get("region") or preset.default_region
        signed = preset.signing_region or picked
        if picked in preset.regions and (region or signed) == signed:
            return Recognized(preset, picked, found.get("account_id"))
    return None


def _match_host(preset: Preset, host: str) -> dict[str, str] | None:
    assert preset.endpoint is not None
    pattern = re.escape(preset.endpoint)
    pattern = pattern.replace(r"\{region\}", r"(?P<region>[a-z0-9-]+)")
    pattern = pattern.replace(r"\{account_id\}", r"(?P<account_id>[0-9a-f]{32})")
    match = re.fullmatch(pattern, host.lower())
    return match.groupdict() if match else None
