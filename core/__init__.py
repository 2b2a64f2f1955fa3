"""Bucket Ferry's sync engine: accsr's ``remote_storage`` API, without Qt.

``from bucketferry.core import RemoteStorage, RemoteStorageConfig`` is all it takes to
switch from accsr.
"""

import logging

from .config import Provider, RemoteStorageConfig
from .deletion import DeletePlan
from .errors import (
    AuthenticationError,
    BucketFerryError,
    BucketNotFoundError,
    CancelledError,
    ChangedSincePreviewError,
    CollisionError,
    ConfigurationError,
    ConnectionFailedError,
    ForceRequiredError,
    IntegrityError,
    InvalidRegexError,
    LocalPathNotFoundError,
    PathNotChildError,
    ServerNotAnsweringError,
    StorageError,
    TooLargeToShowError,
    TransientStorageError,
    UnsafeRemoteNameError,
)
from .hashing import HashCache
from .progress import CancelToken, Progress
from .remote_object import RemoteObject, RemoteObjectProtocol
from .remote_storage import RemoteStorage, embedded_storage
from .states import PlanState
from .summary import SyncFailedError, TransactionSummary
from .sync_object import SyncObject

# A library logs; the application decides where to (Python's last-resort handler would
# print every warning of an API user's run on standard error).
logging.getLogger(__name__.rpartition(".")[0]).addHandler(logging.NullHandler())

__all__ = [
    "AuthenticationError",
    "BucketFerryError",
    "BucketNotFoundError",
    "CancelToken",
    "CancelledError",
    "ChangedSincePreviewError",
    "CollisionError",
    "ConfigurationError",
    "ConnectionFailedError",
    "DeletePlan",
    "ForceRequiredError",
    "HashCache",
    "IntegrityError",
    "InvalidRegexError",
    "LocalPathNotFoundError",
    "PathNotChildError",
    "PlanState",
    "Progress",
    "Provider",
    "RemoteObject",
    "RemoteObjectProtocol",
    "RemoteStorage",
    "RemoteStorageConfig",
    "ServerNotAnsweringError",
    "StorageError",
    "SyncFailedError",
    "SyncObject",
    "TooLargeToShowError",
    "TransactionSummary",
    "TransientStorageError",
    "UnsafeRemoteNameError",
    "embedded_storage",
]
