"""Connection failures in plain words, one sentence per cause, each met for real: TLS
switched on for moto's plain-HTTP port, a TLS server with a self-signed certificate, a
certificate for another name, a host name that cannot exist (``.invalid``), a closed port,
plain HTTP sent to a TLS port, and a port where something other than HTTP answers."""

from __future__ import annotations

import dataclasses
import datetime
import logging
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from bucketferry.core import (
    ConnectionFailedError,
    RemoteStorage,
    RemoteStorageConfig,
    TransientStorageError,
)
from bucketferry.core.errors import BucketFerryError
from tests.helpers import free_port

# What must never be the message a person reads.
TECHNICAL = (
    "Traceback",
    "HTTPSConnectionPool",
    "HTTPConnectionPool",
    "Max retries",
    "SSLError",
    "WRONG_VERSION_NUMBER",
    "CERTIFICATE_VERIFY_FAILED",
    "_ssl.c",
    "Errno",
    "NewConnectionError",
    "NameResolutionError",
    "Connection aborted",
)


def conf_for(host: str, port: int, *, secure: bool) -> RemoteStorageConfig:
    secret = "testing-secret"
    return RemoteStorageConfig(
        "s3", "testing-key", "some-bucket", secret, host=host, port=port, secure=secure, retries=0
    )


def failure(conf: RemoteStorageConfig) -> BucketFerryError:
    with pytest.raises(BucketFerryError) as caught:
        RemoteStorage(conf).check()
    error = caught.value
    assert not any(word in error.message for word in TECHNICAL), error.message
    assert not any(word in error.title for word in TECHNICAL), error.title
    return error


# --- a real TLS server with a certificate of its own ---------------------------------------


@dataclasses.dataclass
class TlsServer:
    port: int
    cert_file: Path


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A certificate for ``name`` (DNS only, no IP address), signed by its own key."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def serve(listener: socket.socket, handle) -> None:
    def loop() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed: the test is over
            threading.Thread(target=handle, args=(client,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    """Speaks TLS with a self-signed certificate for 'localhost'; answers every request
    with an empty 200 (enough for opening a bucket once the certificate is trusted)."""
    cert_file, key_file = self_signed(tmp_path_factory.mktemp("tls"), "localhost")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)

    def handle(client: socket.socket) -> None:
        try:
            with context.wrap_socket(client, server_side=True) as tls:
                while tls.recv(65536):
                    tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        except (OSError, ssl.SSLError):
            client.close()  # a plain-HTTP client, or one that refused the certificate

    with socket.create_server(("127.0.0.1", 0)) as listener:
        serve(listener, handle)
        yield TlsServer(listener.getsockname()[1], cert_file)


@pytest.fixture
def banner_port() -> Iterator[int]:
    """Something that is not HTTP (an SSH server, say) listening on a port."""

    def handle(client: socket.socket) -> None:
        with client:
            client.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
            client.recv(65536)

    with socket.create_server(("127.0.0.1", 0)) as listener:
        serve(listener, handle)
        yield listener.getsockname()[1]


# --- one sentence per cause ------------------------------------------------------------------


def test_tls_to_a_plain_http_server_says_to_untick_use_tls(moto_endpoint, caplog):
    host, port = moto_endpoint
    caplog.set_level(logging.INFO)
    error = failure(conf_for(host, port, secure=True))
    assert isinstance(error, ConnectionFailedError)
    assert error.title == "Secure connection failed"
    assert error.message == (
        f"The server at {host}:{port} does not speak TLS (secure connections) on port "
        f"{port} — untick Use TLS in the connection settings (--no-tls on the command line)."
    )
    # The detail is not lost: it is in the log for whoever helps.
    assert "WRONG_VERSION_NUMBER" in caplog.text or "wrong version" in caplog.text.lower()


def test_a_self_signed_certificate_gets_its_own_sentence(tls_server: TlsServer):
    error = failure(conf_for("localhost", tls_server.port, secure=True))
    assert isinstance(error, ConnectionFailedError)
    assert error.title == "Certificate not trusted"
    assert error.message == (
        f"The server at localhost:{tls_server.port} shows a certificate this computer does "
        "not trust (self-signed, or from an unknown authority) — ask the server's "
        "administrator for a certificate from a recognised authority, or, for a server of "
        "your own, name its certificate file in the REQUESTS_CA_BUNDLE environment variable."
    )


def test_a_certificate_for_another_name_says_so(tls_server: TlsServer, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_server.cert_file))  # trusted
    RemoteStorage(conf_for("localhost", tls_server.port, secure=True)).check()  # trusted
    error = failure(conf_for("127.0.0.1", tls_server.port, secure=True))
    assert error.title == "Certificate not trusted"
    assert error.message.startswith(
        f"The certificate of the server at 127.0.0.1:{tls_server.port} is made out for "
        "another name than '127.0.0.1' — "
    )


def test_an_unknown_host_name_reads_differently_from_a_closed_port():
    name = "mnio.invalid"  # .invalid never resolves (RFC 6761)
    try:
        socket.getaddrinfo(name, 9000)
    except socket.gaierror as exc:
        looked_up = exc.errno not in (socket.EAI_AGAIN,)
    else:  # pragma: no cover - a resolver that answers for .invalid
        pytest.skip("this machine's resolver answers for .invalid names")
    unknown = failure(conf_for(name, 9000, secure=False))
    assert isinstance(unknown, ConnectionFailedError)
    if looked_up:
        assert (
            unknown.message == "No computer named 'mnio.invalid' was found — check the host name."
        )
    else:  # no name server reachable: the sentence says to check the network instead
        assert unknown.message.startswith("The name 'mnio.invalid' could not be looked up")

    port = free_port()
    closed = failure(conf_for("127.0.0.1", port, secure=False))
    assert isinstance(closed, ConnectionFailedError)
    assert closed.message == (
        f"Could not connect: nothing answers on port {port} at 127.0.0.1 — check the port, "
        "and that the server is running."
    )
    assert closed.message != unknown.message and "named" not in closed.message


def test_plain_http_to_a_tls_port_suggests_ticking_use_tls(tls_server: TlsServer):
    error = failure(conf_for("127.0.0.1", tls_server.port, secure=False))
    assert isinstance(error, TransientStorageError)
    assert f"The server at 127.0.0.1:{tls_server.port} " in error.message
    assert error.message.endswith(
        "while opening the bucket — if this port expects secure connections, tick Use TLS "
        "in the connection settings."
    )


def test_a_port_that_does_not_speak_http_says_to_check_the_port(banner_port: int):
    error = failure(conf_for("127.0.0.1", banner_port, secure=False))
    assert isinstance(error, ConnectionFailedError)
    assert error.message == (
        f"What answers on port {banner_port} at 127.0.0.1 is not a storage server (it does "
        "not speak HTTP) — check the port in the connection settings."
    )


def test_tls_to_a_port_that_hangs_up_says_to_check_port_and_tls():
    """A listener that accepts and closes at once: no TLS greeting ever comes back."""

    def handle(client: socket.socket) -> None:
        client.close()

    with socket.create_server(("127.0.0.1", 0)) as listener:
        serve(listener, handle)
        port = listener.getsockname()[1]
        error = failure(conf_for("127.0.0.1", port, secure=True))
    assert isinstance(error, ConnectionFailedError)
    assert error.message.startswith(f"The secure (TLS) connection to 127.0.0.1:{port} failed")
    assert error.message.endswith("— check the port and Use TLS in the connection settings.")


def test_a_certificate_bundle_given_in_the_environment_is_trusted(
    tls_server: TlsServer, monkeypatch: pytest.MonkeyPatch
):
    """REQUESTS_CA_BUNDLE is how requests-based tools trust a server's own certificate
    (a MinIO at home); libcloud had put certifi's bundle in its place."""
    conf = conf_for("localhost", tls_server.port, secure=True)
    assert failure(conf).title == "Certificate not trusted"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_server.cert_file))
    RemoteStorage(conf).check()  # trusted now: the empty 200 opens the bucket
