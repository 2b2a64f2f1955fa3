"""The signature gate (tests/signature_gate.py) in front of moto checks pre-signed URLs and
browser POST-policy uploads as S3 does: links made by boto3 download with no credentials,
and a changed, expired or foreign link or form is refused with S3's error, storing nothing.

Everything runs against the gated server in its own process (the ``auth_moto`` fixture),
in a bucket of this module's own: ``auth-bucket`` must stay empty for other tests."""

from __future__ import annotations

import hashlib
import hmac
import os
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import boto3
import pytest
import requests
from botocore.config import Config

PATH_STYLE = Config(s3={"addressing_style": "path"}, signature_version="s3v4")
CONTENT = b"quarterly numbers\n"
SHARED_KEY = "share/report v1+final~.txt"
"""A key with a space, a plus and a tilde: each is encoded differently on the wire."""


@pytest.fixture(scope="module")
def gate(auth_moto: tuple[int, dict[str, str]]) -> Iterator[dict[str, Any]]:
    """The gated server's endpoint, a path-style SigV4 client with the fixture's key, and a
    bucket holding one object to share."""
    port, creds = auth_moto
    endpoint = f"http://127.0.0.1:{port}"
    s3 = client(endpoint, creds["key"], creds["secret"])
    bucket = f"gate-{os.getpid()}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=SHARED_KEY, Body=CONTENT, ContentType="text/x-report")
    yield {"endpoint": endpoint, "s3": s3, "bucket": bucket, "creds": creds, "port": port}


def client(endpoint: str, key: str, secret: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=PATH_STYLE,
    )


def share_link(gate: dict[str, Any], key: str = SHARED_KEY, expires: int = 60, **params) -> str:
    return gate["s3"].generate_presigned_url(
        "get_object", Params={"Bucket": gate["bucket"], "Key": key, **params}, ExpiresIn=expires
    )


def s3_error(response: requests.Response) -> tuple[int, str, str]:
    """(status, Code, Message) of an S3 error answer."""
    assert response.headers["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    return response.status_code, root.findtext("Code") or "", root.findtext("Message") or ""


def stored_keys(gate: dict[str, Any]) -> set[str]:
    listed = gate["s3"].list_objects_v2(Bucket=gate["bucket"])
    return {item["Key"] for item in listed.get("Contents", [])}


# --- pre-signed GET links ----------------------------------------------------------------


def test_a_share_link_downloads_with_no_credentials(gate):
    with urllib.request.urlopen(share_link(gate), timeout=10) as response:
        assert response.read() == CONTENT
        assert response.headers["Content-Type"] == "text/x-report"
        assert response.headers["Content-Length"] == str(len(CONTENT))


def test_a_presigned_head_answers_with_the_objects_headers(gate):
    url = gate["s3"].generate_presigned_url(
        "head_object", Params={"Bucket": gate["bucket"], "Key": SHARED_KEY}, ExpiresIn=60
    )
    response = requests.head(url, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/x-report"
    assert response.headers["Content-Length"] == str(len(CONTENT))


def test_response_overrides_in_a_link_are_signed_and_honoured(gate):
    url = share_link(gate, ResponseContentDisposition='attachment; filename="report 1.txt"')
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="report 1.txt"'
    assert response.content == CONTENT


def _tampered(url: str, how: str) -> str:
    if how == "signature":
        head, _, signature = url.rpartition("X-Amz-Signature=")
        return head + "X-Amz-Signature=" + ("0" if signature[0] != "0" else "1") + signature[1:]
    if how == "path":
        return url.replace(quote(SHARED_KEY, safe="/~"), "share/other.txt")
    if how == "expiry":
        return url.replace("X-Amz-Expires=60", "X-Amz-Expires=600")
    assert how == "added parameter"
    return url + "&response-content-type=text%2Fhtml"


@pytest.mark.parametrize("how", ["signature", "path", "expiry", "added parameter"])
def test_a_changed_link_is_refused(gate, how):
    url = share_link(gate)
    response = requests.get(_tampered(url, how), timeout=10)
    assert s3_error(response)[:2] == (403, "SignatureDoesNotMatch")


def test_a_link_for_get_does_not_allow_delete(gate):
    response = requests.delete(share_link(gate), timeout=10)
    assert s3_error(response)[:2] == (403, "SignatureDoesNotMatch")
    assert SHARED_KEY in stored_keys(gate)


def test_a_link_signed_with_an_unknown_key_is_refused(gate):
    stranger = client(gate["endpoint"], "AKIAUNKNOWNUNKNOWN00", "not-a-secret")
    url = stranger.generate_presigned_url(
        "get_object", Params={"Bucket": gate["bucket"], "Key": SHARED_KEY}, ExpiresIn=60
    )
    status, code, _ = s3_error(requests.get(url, timeout=10))
    assert (status, code) == (403, "InvalidAccessKeyId")


def test_a_link_signed_with_the_wrong_secret_is_refused(gate):
    forger = client(gate["endpoint"], gate["creds"]["key"], "a-guessed-secret")
    url = forger.generate_presigned_url(
        "get_object", Params={"Bucket": gate["bucket"], "Key": SHARED_KEY}, ExpiresIn=60
    )
    assert s3_error(requests.get(url, timeout=10))[:2] == (403, "SignatureDoesNotMatch")


def test_a_link_valid_for_more_than_a_week_is_refused(gate):
    status, code, message = s3_error(requests.get(share_link(gate, expires=604801), timeout=10))
    assert (status, code) == (400, "AuthorizationQueryParametersError")
    assert message == "X-Amz-Expires must be less than a week (in seconds) that is 604800"


def test_a_presigned_put_stores_the_body_with_the_signed_content_type(gate):
    url = gate["s3"].generate_presigned_url(
        "put_object",
        Params={"Bucket": gate["bucket"], "Key": "drop/put.csv", "ContentType": "text/csv"},
        ExpiresIn=60,
    )
    other_type = requests.put(url, data=b"a,b\n", headers={"Content-Type": "text/html"}, timeout=10)
    assert s3_error(other_type)[:2] == (403, "SignatureDoesNotMatch")
    assert "drop/put.csv" not in stored_keys(gate)
    response = requests.put(url, data=b"a,b\n", headers={"Content-Type": "text/csv"}, timeout=10)
    assert response.status_code == 200
    stored = gate["s3"].get_object(Bucket=gate["bucket"], Key="drop/put.csv")
    assert (stored["Body"].read(), stored["ContentType"]) == (b"a,b\n", "text/csv")


# --- Google's twin of the scheme (GOOG4-HMAC-SHA256) ---------------------------------------


def goog4_link(host: str, path: str, key: str, secret: str, expires: int = 60) -> str:
    """A V4 signed URL made with an HMAC key, as Google documents it ("Signing with your own
    program"), written apart from the gate so the two check each other."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    scope = f"{stamp[:8]}/auto/storage/goog4_request"
    params = {
        "X-Goog-Algorithm": "GOOG4-HMAC-SHA256",
        "X-Goog-Credential": f"{key}/{scope}",
        "X-Goog-Date": stamp,
        "X-Goog-Expires": str(expires),
        "X-Goog-SignedHeaders": "host",
    }
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in sorted(params.items()))
    canonical = f"GET\n{path}\n{query}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD"
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    to_sign = f"GOOG4-HMAC-SHA256\n{stamp}\n{scope}\n{digest}"
    signing_key = ("GOOG4" + secret).encode()
    for part in (stamp[:8], "auto", "storage", "goog4_request"):
        signing_key = hmac.new(signing_key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(signing_key, to_sign.encode(), hashlib.sha256).hexdigest()
    return f"http://{host}{path}?{query}&X-Goog-Signature={signature}"


def test_a_goog4_signed_link_downloads_and_a_changed_one_is_refused(gate):
    host = urlsplit(gate["endpoint"]).netloc
    path = "/" + gate["bucket"] + "/" + quote(SHARED_KEY, safe="/~")
    url = goog4_link(host, path, gate["creds"]["key"], gate["creds"]["secret"])
    response = requests.get(url, timeout=10)
    assert (response.status_code, response.content) == (200, CONTENT)
    changed = url.replace("X-Goog-Expires=60", "X-Goog-Expires=61")
    assert s3_error(requests.get(changed, timeout=10))[:2] == (403, "SignatureDoesNotMatch")


# --- browser uploads with a POST policy -----------------------------------------------------


def upload_form(gate: dict[str, Any], key: str = "inbox/${filename}", **kw) -> dict[str, Any]:
    """A "request files" form: anything under inbox/, at most 100 bytes."""
    conditions = [["starts-with", "$key", "inbox/"], ["content-length-range", 0, 100]]
    return gate["s3"].generate_presigned_post(
        gate["bucket"],
        key,
        Fields=kw.get("fields"),
        Conditions=conditions + kw.get("conditions", []),
        ExpiresIn=kw.get("expires", 60),
    )


def post(form: dict[str, Any], data: bytes = b"hello", name: str = "note.txt", **extra: str):
    fields = {**form["fields"], **extra}
    return requests.post(form["url"], data=fields, files={"file": (name, data)}, timeout=10)


def test_a_posted_file_is_stored_under_its_name(gate):
    """``starts-with ""`` allows a field to be anything, or left out (Content-Type here)."""
    form = upload_form(gate, conditions=[["starts-with", "$Content-Type", ""]])
    response = post(form, b"from a browser", name="scan 1.pdf")
    assert (response.status_code, response.content) == (204, b"")
    stored = gate["s3"].get_object(Bucket=gate["bucket"], Key="inbox/scan 1.pdf")
    assert stored["Body"].read() == b"from a browser"


def test_a_post_keeps_type_and_metadata_and_answers_201_with_where_it_went(gate):
    fields = {
        "Content-Type": "text/plain",
        "x-amz-meta-sender": "ann",
        "success_action_status": "201",
    }
    conditions = [{name: value} for name, value in fields.items()]
    form = upload_form(gate, "inbox/typed.txt", fields=fields, conditions=conditions)
    response = post(form, b"typed")
    assert response.status_code == 201
    answer = ET.fromstring(response.content)
    assert answer.tag == "PostResponse"
    assert answer.findtext("Bucket") == gate["bucket"]
    assert answer.findtext("Key") == "inbox/typed.txt"
    assert answer.findtext("Location") == f"{gate['endpoint']}/{gate['bucket']}/inbox/typed.txt"
    head = gate["s3"].head_object(Bucket=gate["bucket"], Key="inbox/typed.txt")
    assert answer.findtext("ETag") == head["ETag"]
    assert head["ContentType"] == "text/plain"
    assert head["Metadata"] == {"sender": "ann"}


def _refused(gate, form, expected: tuple[int, str], data: bytes = b"hello", **extra) -> str:
    """Post, check S3's refusal, show nothing was stored; returns the message."""
    before = stored_keys(gate)
    status, code, message = s3_error(post(form, data, **extra))
    assert (status, code) == expected, message
    assert stored_keys(gate) == before
    return message


def test_a_key_outside_the_allowed_prefix_is_refused(gate):
    form = upload_form(gate)
    message = _refused(gate, form, (403, "AccessDenied"), key="elsewhere/note.txt")
    assert message.startswith("Invalid according to Policy: Policy Condition failed")


def test_a_file_over_the_size_limit_is_refused(gate):
    _refused(gate, upload_form(gate, "inbox/big.bin"), (400, "EntityTooLarge"), data=b"x" * 101)


def test_a_field_the_policy_does_not_cover_is_refused(gate):
    message = _refused(gate, upload_form(gate), (403, "AccessDenied"), **{"x-amz-meta-by": "eve"})
    assert message == "Invalid according to Policy: Extra input fields: x-amz-meta-by"


def test_an_x_ignore_field_needs_no_condition(gate):
    response = post(upload_form(gate, "inbox/ignored.txt"), **{"x-ignore-token": "abc"})
    assert response.status_code == 204
    assert "inbox/ignored.txt" in stored_keys(gate)


def test_a_form_without_a_policy_is_refused(gate):
    """moto would store it; S3 refuses an anonymous upload to a bucket that is not public."""
    form = {"url": f"{gate['endpoint']}/{gate['bucket']}", "fields": {"key": "inbox/anon.txt"}}
    assert _refused(gate, form, (403, "AccessDenied")) == "Access Denied"


def test_a_changed_policy_is_refused(gate):
    form = upload_form(gate)
    other = upload_form(gate, conditions=[["content-length-range", 0, 10**9]])
    # a policy of the same signer, but not the one the signature was made for
    _refused(gate, form, (403, "SignatureDoesNotMatch"), policy=other["fields"]["policy"])


# --- expiry (the only tests that sleep) --------------------------------------------------


def test_links_and_forms_stop_working_when_they_expire(gate):
    link = share_link(gate, expires=2)
    form = upload_form(gate, "inbox/late.txt", expires=1)
    assert requests.get(link, timeout=10).content == CONTENT
    time.sleep(3)
    assert s3_error(requests.get(link, timeout=10)) == (403, "AccessDenied", "Request has expired")
    message = _refused(gate, form, (403, "AccessDenied"))
    assert message == "Invalid according to Policy: Policy expired."
