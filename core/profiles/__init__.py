"""Named connection profiles in the user's config folder, their secrets in the OS keyring.

A profile is everything needed to reach a bucket except the secret. Profiles live in one
versioned JSON file (store.py); secrets live in the OS password store through the
``keyring`` package (secrets.py, service ``"bucketferry"``, username = profile name); what
a profile is and when it is usable is profile.py. The GUI and the command line share this
package, so it never imports Qt.
"""

from __future__ import annotations

from .profile import Profile
from .secrets import SERVICE, KeyringUnavailableError, SecretStore
from .store import (
    DEFAULT_PROFILE_NAME,
    ProfileNotFoundError,
    ProfileStore,
    ProfileStoreError,
)

__all__ = [
    "DEFAULT_PROFILE_NAME",
    "SERVICE",
    "KeyringUnavailableError",
    "Profile",
    "ProfileNotFoundError",
    "ProfileStore",
    "ProfileStoreError",
    "SecretStore",
]
