"""Bucket names are checked by each provider's rules before any request: in the engine
(a clear ConfigurationError) and in the connections dialog (a message, nothing saved)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from bucketferry.core import ConfigurationError, RemoteStorage, RemoteStorageConfig
from bucketferry.core.bucket_names import RULES, bucket_name_problem

VALID = {
    "s3": ["abc", "team-data-2024", "a.b.c", "x" * 63, "1bucket"],
    "s3-compatible": ["abc", "Legacy_Bucket", "team-data", "x" * 255],
    "google_storage": ["abc", "team_data-2024", "a" * 63, ".".join(["a" * 63] * 3)],
    "azure_blobs": ["abc", "team-data-2024", "1-2-3"],
    "local": ["default", "team data", "x", ".hidden", "ü"],
}
INVALID = {
    "s3": {
        "smallb#x": "'#'",
        "trashb#x": "'#'",
        "zzz/../smallb": "'/'",
        "a?b": "'?'",
        "a%41b": "'%'",
        "a b": "space",
        "tab\tb": "space",
        "ctl\x01b": "control character",
        "ab": "2 characters",
        "x" * 64: "64 characters",
        "Upper": "'U'",
        "under_score": "'_'",
        "-start": "starts with '-'",
        "end.": "ends with '.'",
        "a..b": "'..'",
        "192.168.5.4": "IP address",
        "xn--abc": "reserved",
        "sthree-x": "reserved",
        "data-s3alias": "reserved",
        "data--ol-s3": "reserved",
        "": "0 characters",
    },
    "s3-compatible": {
        "smallb#x": "'#'",
        "a/b": "'/'",
        "a\\b": "'\\'",
        "a%b": "'%'",
        "a?b": "'?'",
        "a b": "space",
        "a\nb": "space",
        "a\x7fb": "control character",
        "ab": "2 characters",
        "x" * 256: "256 characters",
        "_start": "starts with '_'",
    },
    "google_storage": {
        "Upper": "'U'",
        "smallb#x": "'#'",
        "ab": "2 characters",
        "a" * 64: "64 characters",
        "a." + "b" * 64: "longer than 63",
        ".".join(["a" * 63] * 4): "255 characters",
        "goog-data": "'goog'",
        "my-google-data": "'google'",
        "my-g00gle-data": "'google'",
        "10.0.0.1": "IP address",
        "_start": "starts with '_'",
    },
    "azure_blobs": {
        "a--b": "hyphen",
        "ab-": "hyphen",
        "-ab": "starts with '-'",
        "a.b": "'.'",
        "a_b": "'_'",
        "Upper": "'U'",
    },
    "local": {
        "": "empty",
        ".": "not a folder name",
        "..": "not a folder name",
        "a/b": "'/'",
        "a\\b": "'\\'",
        "a\0b": "NUL",
    },
}


def _split(key: str) -> tuple[str, bool]:
    return ("s3", True) if key == "s3-compatible" else (key, False)


@pytest.mark.parametrize(("rules", "name"), [(k, n) for k, names in VALID.items() for n in names])
def test_valid_names_pass(rules: str, name: str) -> None:
    provider, custom = _split(rules)
    assert bucket_name_problem(provider, name, custom_endpoint=custom) is None


@pytest.mark.parametrize(
    ("rules", "name", "reason"),
    [(k, n, r) for k, names in INVALID.items() for n, r in names.items()],
)
def test_invalid_names_are_explained_with_the_rule_and_an_example(
    rules: str, name: str, reason: str
) -> None:
    provider, custom = _split(rules)
    problem = bucket_name_problem(provider, name, custom_endpoint=custom)
    assert problem is not None and reason in problem
    assert RULES[rules].summary in problem
    assert f"for example '{RULES[rules].example}'" in problem
    example = RULES[rules].example
    assert bucket_name_problem(provider, example, custom_endpoint=custom) is None


def test_unknown_providers_are_not_judged() -> None:
    assert bucket_name_problem("ftp", "a/b#c") is None


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Records (and refuses) every connection to a network address; local sockets (the
    D-Bus session that the password store talks over) are allowed."""
    attempts: list[Any] = []
    connect = socket.socket.connect

    def refuse(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX:
            return connect(self, address)
        attempts.append(address)
        raise AssertionError(f"a network request was made: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


@pytest.mark.parametrize("bucket", ["smallb#x", "trashb#x", "zzz/../smallb"])
@pytest.mark.parametrize("host", [None, "127.0.0.1"], ids=["aws", "compatible"])
def test_the_engine_refuses_a_bad_bucket_name_before_any_request(
    no_network: list[Any], bucket: str, host: str | None
) -> None:
    """'smallb#x' listed page 1 of 'smallb' for ever; 'trashb#x' quietly worked on
    'trashb'; 'zzz/../smallb' on 'smallb'."""
    conf = RemoteStorageConfig("s3", "key", bucket, "secret", host=host, port=9, secure=False)
    storage = RemoteStorage(conf)
    for action in (storage.check, lambda: storage.list_objects("")):
        with pytest.raises(ConfigurationError, match="cannot be used as a bucket name") as raised:
            action()
        assert "for example 'team-data-2024'" in str(raised.value)
    assert no_network == []


def test_the_connections_dialog_refuses_to_save_or_test_a_bad_bucket_name(
    qtbot: Any, no_network: list[Any]
) -> None:
    from bucketferry.core.profiles import ProfileStore, SecretStore
    from bucketferry.gui.dialogs.connection_dialog import ConnectionDialog
    from bucketferry.gui.jobs import JobRunner

    profiles, jobs = ProfileStore(), JobRunner()
    dialog = ConnectionDialog(profiles, SecretStore(), jobs)
    qtbot.addWidget(dialog)
    dialog._new_profile()
    dialog.name_edit.setText("photos")
    dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findData("s3"))
    dialog.key_edit.setText("AKIAEXAMPLE")
    dialog.secret_edit.setText("secret")
    dialog.bucket_edit.setText("photos#<2>")
    dialog.session_check.setChecked(True)

    assert not dialog.save()
    shown = dialog.status_label.text()
    assert "Invalid bucket name" in shown and "'#'" in shown
    assert "photos#&lt;2&gt;" in shown  # shown as typed, not as markup
    assert [p.name for p in profiles.list()] == []

    dialog.test_button.click()
    assert "Invalid bucket name" in dialog.status_label.text()
    assert dialog.test_button.isEnabled() and not jobs.busy
    assert no_network == []

    dialog.bucket_edit.setText("photos-2")
    assert dialog.save(), dialog.status_label.text()
    assert [p.name for p in profiles.list()] == ["photos"]
