"""Storage back ends: one small interface, one implementation per kind of bucket."""

from __future__ import annotations

from typing import Any

from ..config import Provider, RemoteStorageConfig
from ..errors import ConfigurationError
from ..hashing import HashCache
from ..reserved import roots
from .azure_store import AzureStore
from .base import ObjectStore
from .libcloud_store import LibcloudStore
from .local_store import LocalFolderStore


def make_store(conf: RemoteStorageConfig, hash_cache: HashCache) -> ObjectStore:
    provider = conf.provider.value if isinstance(conf.provider, Provider) else conf.provider
    store: ObjectStore
    if provider == Provider.LOCAL.value:
        store = LocalFolderStore(conf.key, conf.bucket, hash_cache)
    elif provider in LibcloudStore.providers:
        store = LibcloudStore(conf)
    elif provider in AzureStore.providers:
        store = AzureStore(conf)
    else:
        raise ConfigurationError(
            f"Unknown storage provider '{provider}'. Use one of: "
            + ", ".join(p.value for p in Provider)
            + "."
        )
    store.reserved = roots(conf.backup_prefix)
    return store


def libcloud_driver(store: ObjectStore) -> Any:
    """accsr's ``RemoteStorage.driver``: the calling thread's libcloud driver, or for a
    local-folder bucket libcloud's local-storage driver on its folder."""
    if isinstance(store, LibcloudStore):
        return store.driver()
    from libcloud.storage.drivers.local import LocalStorageDriver  # only if asked for

    assert isinstance(store, LocalFolderStore)
    return LocalStorageDriver(str(store.root))


def libcloud_container(store: ObjectStore) -> Any:
    """accsr's ``RemoteStorage.bucket``: the bucket as a libcloud container."""
    store.check()
    if isinstance(store, LibcloudStore):
        return store.container()
    return libcloud_driver(store).get_container(store.bucket_name)
