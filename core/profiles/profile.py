"""A named connection profile: what it holds, when it is usable, and how it is read from disk.

Kept apart from the password store and the file so that checking a profile, and turning it
into the engine's configuration, needs neither a keyring nor a settings folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..bucket_names import bucket_name_problem
from ..config import Provider, RemoteStorageConfig, needs_secret
from ..errors import ConfigurationError
from ..locations import backup_dir
from ..reserved import DEFAULT_BACKUP_PREFIX, clean_prefix

_PROVIDERS = {p.value for p in Provider}
_PROVIDER_LABELS = (
    "s3 (Amazon S3 or S3-compatible), google_storage, azure_blobs (Azure Blob Storage), "
    "local (a folder)"
)


@dataclass(frozen=True)
class Profile:
    """A named connection: everything :class:`RemoteStorageConfig` needs except the secret.

    There is deliberately no secret field, so a profile can be written to disk, logged and
    shown in a ``repr`` without leaking anything. Frozen: edit with ``dataclasses.replace``.
    """

    name: str
    provider: str
    key: str
    bucket: str
    region: str | None = None
    host: str | None = None
    port: int | None = None
    secure: bool = True
    base_path: str = ""
    backup_prefix: str | None = DEFAULT_BACKUP_PREFIX
    """Where replaced and deleted objects are kept in the bucket; None: not kept."""

    def __post_init__(self) -> None:
        if isinstance(self.provider, Provider):
            object.__setattr__(self, "provider", self.provider.value)

    def validate(self) -> None:
        """Raise :class:`ConfigurationError` with a plain message if the profile is unusable.

        Checks only what can be known without the network; whether the key and secret work
        is for a connection test to find out.
        """
        if not self.name.strip():
            raise ConfigurationError("Give the connection a name.")
        if self.provider not in _PROVIDERS:
            raise ConfigurationError(
                f"'{self.provider}' is not a storage type Bucket Ferry knows. "
                f"Choose one of: {_PROVIDER_LABELS}."
            )
        if not self.bucket.strip():
            raise ConfigurationError(f"Enter a bucket name for the connection '{self.name}'.")
        problem = bucket_name_problem(self.provider, self.bucket, custom_endpoint=bool(self.host))
        if problem is not None:
            raise ConfigurationError(
                f"{problem} Check the bucket name of '{self.name}'.", title="Invalid bucket name"
            )
        clean_prefix(self.backup_prefix)  # raises with the reason
        if self.port is not None and not 1 <= self.port <= 65535:
            raise ConfigurationError(
                f"The port must be a number from 1 to 65535 (it is {self.port}). "
                f"Leave it empty to use the provider's usual port."
            )

    @property
    def needs_secret(self) -> bool:
        """Whether connecting needs a secret (cloud providers do, a local folder does not)."""
        return needs_secret(self.provider)

    def to_config(self, secret: str = "") -> RemoteStorageConfig:
        """The engine configuration for this profile with ``secret`` filled in.

        Validates first, so an unusable profile fails here with a plain message rather
        than deep inside a driver. Replaced local files are backed up in the profile's own
        folder, set here so that the window and the command line (which both come through
        here) keep the backups of one connection in one place.
        """
        self.validate()
        return RemoteStorageConfig(
            provider=self.provider,
            key=self.key,
            bucket=self.bucket,
            secret=secret,
            region=self.region,
            host=self.host,
            port=self.port,
            base_path=self.base_path,
            secure=self.secure,
            backup_dir=str(backup_dir(self.name)),
            backup_prefix=self.backup_prefix,
        )


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "provider": (str,),
    "key": (str,),
    "bucket": (str,),
    "region": (str, type(None)),
    "host": (str, type(None)),
    "port": (int, type(None)),
    "secure": (bool,),
    "base_path": (str,),
    "backup_prefix": (str, type(None)),
}
_REQUIRED = ("name", "provider", "bucket")
_TYPE_WORDS = {str: "text", int: "a whole number", bool: "true or false", type(None): "null"}


def profile_from_json(entry: Any) -> Profile:
    """Build a profile from one file entry, checking types; unknown keys are ignored.

    The file may have been edited by hand, so every value is checked before it becomes a
    profile, and a ``ValueError`` says which one is wrong. A ``"secret"`` key someone typed
    into the file is ignored too: secrets are only ever read from the password store.
    """
    if not isinstance(entry, dict):
        raise ValueError("is not an object")
    for field_name in _REQUIRED:
        if field_name not in entry:
            raise ValueError(f"has no '{field_name}'")
    values: dict[str, Any] = {}
    for field_name, types in _FIELD_TYPES.items():
        if field_name not in entry:
            continue
        value = entry[field_name]
        # bool is an int in Python, but true/false is not a port number
        wrong_bool = isinstance(value, bool) and bool not in types
        if wrong_bool or not isinstance(value, types):
            wanted = " or ".join(_TYPE_WORDS[t] for t in types)
            raise ValueError(f"has a '{field_name}' that is not {wanted}")
        values[field_name] = value
    values.setdefault("key", "")
    return Profile(**values)
