"""Whether a bucket keeps old versions (shown before a forced push): asked of the real
endpoints, moto's S3 and the GCS XML dialect over HTTP, and of a local-folder bucket."""

from __future__ import annotations

import logging

from libcloud.storage.drivers.s3 import BaseS3Connection

from bucketferry.core import RemoteStorage, RemoteStorageConfig
from tests.gcs_endpoint import gcs_config, gcs_endpoint
from tests.helpers import s3_client


def test_s3_bucket_versioning_states(s3_conf, moto_endpoint):
    conf = s3_conf()
    storage = RemoteStorage(conf)
    assert storage.keeps_versions() is False  # never enabled
    client = s3_client(*moto_endpoint)
    client.put_bucket_versioning(Bucket=conf.bucket, VersioningConfiguration={"Status": "Enabled"})
    assert storage.keeps_versions() is True
    client.put_bucket_versioning(
        Bucket=conf.bucket, VersioningConfiguration={"Status": "Suspended"}
    )
    assert storage.keeps_versions() is False  # replaced objects are no longer kept


def test_s3_cannot_tell_is_none_and_logged_at_debug(s3_conf, caplog):
    storage = RemoteStorage(s3_conf(bucket="bf-no-such-bucket", create=False))
    with caplog.at_level(logging.DEBUG, logger="bucketferry.core.stores.libcloud_store"):
        assert storage.keeps_versions() is None
    assert any("keeps versions" in r.message and r.levelno == logging.DEBUG for r in caplog.records)


def test_refused_access_is_none(auth_moto):
    port, creds = auth_moto
    conf = RemoteStorageConfig(
        "s3", creds["key"], "auth-bucket", "wrong-secret", host="127.0.0.1", port=port, secure=False
    )
    assert RemoteStorage(conf).keeps_versions() is None


def test_local_folder_bucket_keeps_no_versions(local_conf):
    assert RemoteStorage(local_conf()).keeps_versions() is False


def test_gcs_xml_api_versioning_is_asked_as_a_signed_sub_resource(monkeypatch):
    signed_paths: list[str] = []
    real_sign = BaseS3Connection.get_auth_signature

    def spy(method, headers, params, expires, secret_key, path, vendor_prefix):
        signed_paths.append(path)
        return real_sign(method, headers, params, expires, secret_key, path, vendor_prefix)

    monkeypatch.setattr(BaseS3Connection, "get_auth_signature", staticmethod(spy))
    with gcs_endpoint() as (host, port, _app):
        conf = gcs_config(host, port)
        storage = RemoteStorage(conf)
        storage.create_bucket()
        assert storage.keeps_versions() is False
        s3_client(host, port).put_bucket_versioning(
            Bucket="gcs-bucket", VersioningConfiguration={"Status": "Enabled"}
        )
        assert storage.keeps_versions() is True
    # GCS's HMAC signature covers the sub-resource; a signature over '/gcs-bucket' alone
    # would be refused by the real service.
    assert signed_paths[-1] == "/gcs-bucket?versioning"
