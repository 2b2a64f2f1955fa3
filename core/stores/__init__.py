"""Storage back ends: one small interface, one implementation per kind of bucket."""

from __future__ import annotations

from typing import Any

from ..config import LIBCLOUD_PROVIDERS, Provider, RemoteStorageConfig
from ..errors import ConfigurationError
from ..hashing import HashCache
from ..reserved import roots
from .base import ObjectStore
from .local_store import LocalFolderStore


def make_store(conf: RemoteStorageConfig, hash_cache: HashCache) -> ObjectStore:
    provider = conf.provider.value if isinstance(conf.provider, Provider) else conf.provider
    store: ObjectStore
    # The network stores are imported when asked for: requests and libcloud cost a
    # local-folder run 20 MB and a quarter of a second it has no use for.
    if provider == Provider.LOCAL.value:
        store = LocalFolderStore(conf.key, conf.bucket, hash_cache)
    elif provider in LIBCLOUD_PROVIDERS:
        from .libcloud_store import LibcloudStore

        store = LibcloudStore(conf)
    elif provider == Provider.AZURE_BLOBS.value:
        from .azure_store import AzureStore

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
    if not isinstance(store, LocalFolderStore):
        from .libcloud_store import LibcloudStore  # every other store is one

        assert isinstance(store, LibcloudStore)
        return store.driver()
    from libcloud.storage.drivers.local import LocalStorageDriver  # only if asked for

    return LocalStorageDriver(str(store.root))


def libcloud_container(store: ObjectStore) -> Any:
    """accsr's ``RemoteStorage.bucket``: the bucket as a libcloud container."""
    store.check()
    if isinstance(store, LocalFolderStore):
        return libcloud_driver(store).get_container(store.bucket_name)
    from .libcloud_store import LibcloudStore  # every other store is one

    assert isinstance(store, LibcloudStore)
    return store.container()
