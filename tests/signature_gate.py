"""A test-only S3 front door that checks pre-signed URLs and browser POST-policy uploads the
way Amazon S3 does, in front of moto's server (which checks neither: moto 5 serves a
pre-signed URL whatever its signature or expiry, and stores any form POST).

Requests reach moto's WSGI application through :class:`SignatureGate`:

- a query-string signed request (``X-Amz-Algorithm=AWS4-HMAC-SHA256``, or Google's
  ``X-Goog-Algorithm=GOOG4-HMAC-SHA256``) is verified here: canonical request, signature,
  credential scope, expiry. If it holds, the auth parameters are stripped and the request is
  signed again with an ``Authorization`` header for the same access key, so moto's own IAM
  check (``INITIAL_NO_AUTH_ACTION_COUNT``) passes as for any SDK call;
- a ``multipart/form-data`` POST to ``/<bucket>`` is a browser upload: the policy's
  signature, expiry and conditions are checked, then the file is stored through moto as a
  header-signed PUT;
- anything else (SDK calls signed with a header, unsigned calls) goes to moto unchanged.

Errors are answered as S3 answers them: an XML ``<Error>`` with S3's code and message.

Run it as moto's own server is run, from the repository root:
``python -m tests.signature_gate -H 127.0.0.1 -p 5000`` (or :func:`main` with those
arguments; the ``auth_moto`` fixture in tests/conftest.py does that in a process of its own).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import calendar
import hashlib
import hmac
import io
import json
import os
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, unquote_plus
from xml.sax.saxutils import escape

from botocore.auth import UNSIGNED_PAYLOAD, S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

WSGIEnviron = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[WSGIEnviron, StartResponse], Iterable[bytes]]

MAX_EXPIRES = 604800
"""Seconds: the longest a pre-signed URL may live (a week), for S3 and Google alike."""

ALLOWED_CLOCK_SKEW = 15 * 60
"""Seconds a request's date may lie in the future before S3 calls it "not valid yet"."""

TIMESTAMP = re.compile(r"^\d{8}T\d{6}Z$")


@dataclass(frozen=True)
class Family:
    """One SigV4-style signing scheme: S3's, or Google's copy of it for Cloud Storage.

    The two differ only in names (the algorithm, the parameter prefix, the signing key's
    prefix and the scope's terminator), so one verifier serves both."""

    algorithm: str
    param_prefix: str
    key_prefix: str
    terminator: str

    def param(self, name: str) -> str:
        """The query parameter ``name`` of this family: ``Date`` -> ``X-Amz-Date``."""
        return self.param_prefix + name

    @property
    def field_prefix(self) -> str:
        """POST form fields are the lowercase parameter names: ``x-amz-``."""
        return self.param_prefix.lower()


AWS4 = Family("AWS4-HMAC-SHA256", "X-Amz-", "AWS4", "aws4_request")
GOOG4 = Family("GOOG4-HMAC-SHA256", "X-Goog-", "GOOG4", "goog4_request")
FAMILIES = (AWS4, GOOG4)

QUERY_AUTH_NAMES = ("Algorithm", "Credential", "Date", "Expires", "SignedHeaders", "Signature")
"""The parameters query-string authentication needs (each behind the family's prefix)."""


class S3Error(Exception):
    """A refusal, answered as S3 answers it: status, ``<Code>``, ``<Message>``, and the extra
    elements S3 adds for that error (they make a failing test easy to understand)."""

    def __init__(self, status: int, code: str, message: str, **extra: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def xml(self) -> bytes:
        """The body S3 sends: ``<Error><Code>..</Code><Message>..</Message>...</Error>``."""
        parts = [f"<Code>{escape(self.code)}</Code>", f"<Message>{escape(self.message)}</Message>"]
        parts += [f"<{name}>{escape(value)}</{name}>" for name, value in self.extra.items()]
        parts.append(f"<RequestId>{uuid.uuid4().hex[:16].upper()}</RequestId>")
        body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error>' + "".join(parts) + "</Error>"
        return body.encode()


def query_parameters_error(message: str) -> S3Error:
    return S3Error(400, "AuthorizationQueryParametersError", message)


def signature_does_not_match(**extra: str) -> S3Error:
    return S3Error(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. "
        "Check your key and signing method.",
        **extra,
    )


def invalid_access_key(access_key: str) -> S3Error:
    return S3Error(
        403,
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
        AWSAccessKeyId=access_key,
    )


# --- the signing primitives (SigV4 and its Google twin) ---------------------------------


def uri_encode(text: str) -> str:
    """SigV4's URI encoding: RFC 3986 unreserved characters (``A-Za-z0-9-._~``) stay, every
    other byte of the UTF-8 text becomes ``%XX`` (a space is ``%20``, ``/`` is ``%2F``)."""
    return quote(text, safe="-_.~")


def canonical_query_string(pairs: Iterable[tuple[str, str]]) -> str:
    """Decoded (name, value) pairs -> ``name=value&...``, each side URI-encoded, sorted by
    encoded name and then value, as SigV4 (and S3) sorts them."""
    return "&".join(f"{n}={v}" for n, v in sorted((uri_encode(n), uri_encode(v)) for n, v in pairs))


def canonical_headers(names: list[str], value_of: Callable[[str], str]) -> str:
    """``name:value\\n`` for each signed header: names lowercase, values trimmed with inner
    runs of blanks folded to one space (SigV4's Trimall)."""
    return "".join(f"{name}:{' '.join(value_of(name).split())}\n" for name in names)


def canonical_request(
    method: str, path: str, query: str, headers: str, signed_headers: str, payload_hash: str
) -> str:
    return "\n".join([method, path, query, headers, signed_headers, payload_hash])


def string_to_sign(family: Family, timestamp: str, scope: str, request: str) -> str:
    digest = hashlib.sha256(request.encode()).hexdigest()
    return "\n".join([family.algorithm, timestamp, scope, digest])


def signing_key(family: Family, secret: str, date: str, region: str, service: str) -> bytes:
    """HMAC chain ``<prefix><secret>`` -> date -> region -> service -> terminator."""
    key = (family.key_prefix + secret).encode()
    for part in (date, region, service, family.terminator):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def hex_signature(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Credential:
    """``<access key>/<yyyymmdd>/<region>/<service>/<terminator>``."""

    access_key: str
    date: str
    region: str
    service: str

    def scope(self, family: Family) -> str:
        return f"{self.date}/{self.region}/{self.service}/{family.terminator}"


def parse_credential(family: Family, value: str, what: str) -> Credential:
    """Split a credential; ``what`` names it in the error (the parameter or form field)."""
    parts = value.split("/")
    if len(parts) != 5 or not all(parts):
        raise query_parameters_error(
            f"Error parsing the {what} parameter; the Credential is mal-formed; "
            f'expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/{family.terminator}".'
        )
    access_key, date, region, service, terminator = parts
    if terminator != family.terminator:
        raise query_parameters_error(
            f'Error parsing the {what} parameter; incorrect terminal "{terminator}". '
            f'This endpoint uses "{family.terminator}".'
        )
    return Credential(access_key, date, region, service)


def parse_timestamp(family: Family, value: str) -> int:
    """``yyyymmddThhmmssZ`` -> seconds since the epoch (UTC)."""
    if not TIMESTAMP.match(value):
        raise query_parameters_error(
            f"{family.param('Date')} must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""
        )
    try:
        return calendar.timegm(time.strptime(value, "%Y%m%dT%H%M%SZ"))
    except ValueError:
        raise query_parameters_error(
            f"{family.param('Date')} must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""
        ) from None


def secret_for(access_key: str) -> str | None:
    """The secret of an active IAM user access key in this process's moto, or None.

    Looks where moto's own header check (``moto.iam.access_control``) looks: every account's
    IAM backend, every partition, every user's keys."""
    from moto.iam.models import iam_backends
    from moto.utilities.utils import PARTITION_NAMES

    for account in list(iam_backends.values()):
        for partition in PARTITION_NAMES:
            for user in list(account[partition].users.values()):
                for key in list(user.access_keys):
                    if key.access_key_id == access_key and key.status == "Active":
                        return str(key.secret_access_key)
    return None


# --- the raw request as it came over the wire -------------------------------------------


def wire_path(environ: WSGIEnviron) -> str:
    """The path exactly as the client sent it (still percent-encoded): a signature covers
    these bytes, not werkzeug's decoded PATH_INFO."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        if "://" in raw.split("?", 1)[0]:  # an absolute URI on the request line
            raw = "/" + raw.split("://", 1)[1].partition("/")[2]
        return raw.split("?", 1)[0] or "/"
    # No raw form: PATH_INFO is decoded and latin-1 packed; encode it as SigV4 would.
    path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8")
    return quote(path, safe="/~") or "/"


@dataclass(frozen=True)
class QueryParam:
    """One ``name=value`` of a query: as sent (to pass it on untouched), and decoded as S3
    and werkzeug read it (``%XX`` decoded, ``+`` a space; moto reads it the same way, so
    what was verified is what moto acts on)."""

    raw: str
    name: str
    value: str


def parse_query(query: str) -> list[QueryParam]:
    params = []
    for part in query.split("&"):
        if part:
            name, _, value = part.partition("=")
            params.append(QueryParam(part, unquote_plus(name), unquote_plus(value)))
    return params


def header_value(environ: WSGIEnviron, name: str) -> str:
    """A request header as the client sent it (``host`` with its ``:port``)."""
    key = name.upper().replace("-", "_")
    if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        key = "HTTP_" + key
    return str(environ.get(key, ""))


def to_wsgi_string(text: str) -> str:
    """WSGI keeps text as latin-1 code points of the UTF-8 bytes."""
    return text.encode().decode("latin-1")


# --- query-string signed requests (pre-signed URLs) ---------------------------------------


def query_family(params: list[QueryParam]) -> Family | None:
    """The family whose ``*-Algorithm`` parameter the query carries, if any."""
    names = {p.name for p in params}
    return next((f for f in FAMILIES if f.param("Algorithm") in names), None)


def is_signature_v2_query(params: list[QueryParam]) -> bool:
    """S3's and Google's old query signature (``Signature`` with an access id)."""
    names = {p.name for p in params}
    return "Signature" in names and bool(names & {"AWSAccessKeyId", "GoogleAccessId"})


@dataclass(frozen=True)
class QueryAuth:
    """A verified pre-signed request: who signed, and the query that is left once the
    authentication parameters are taken out (still encoded as the client sent it)."""

    credential: Credential
    secret: str
    remaining_query: str


def auth_parameters(family: Family, params: list[QueryParam]) -> dict[str, str]:
    """The authentication parameters by short name (``Date``, ...), all present or a 400;
    the algorithm must be the family's."""
    found: dict[str, str] = {}
    for param in params:
        if param.name.startswith(family.param_prefix):
            found.setdefault(param.name[len(family.param_prefix) :], param.value)
    if any(name not in found for name in QUERY_AUTH_NAMES):
        raise query_parameters_error(
            "Query-string authentication version 4 requires the "
            + ", ".join(family.param(n) for n in QUERY_AUTH_NAMES[:-1])
            + f", and {family.param('Signature')} parameters."
        )
    if found["Algorithm"] != family.algorithm:
        raise query_parameters_error(
            f'{family.param("Algorithm")} only supports "{family.algorithm}"'
        )
    return found


def check_expires(family: Family, value: str) -> int:
    """``X-Amz-Expires``: whole seconds, 1 to a week."""
    name = family.param("Expires")
    try:
        expires = int(value)
    except ValueError:
        raise query_parameters_error(f"{name} should be a number") from None
    if not 1 <= expires <= MAX_EXPIRES:
        raise query_parameters_error(
            f"{name} must be less than a week (in seconds) that is {MAX_EXPIRES}"
        )
    return expires


def check_validity_window(family: Family, auth: dict[str, str], now: float) -> None:
    """Signed at ``Date``, valid for ``Expires`` seconds: refused after, and before (beyond
    the clock skew S3 tolerates)."""
    signed_at = parse_timestamp(family, auth["Date"])
    expires = check_expires(family, auth["Expires"])
    if now > signed_at + expires:
        raise S3Error(
            403,
            "AccessDenied",
            "Request has expired",
            **{
                family.param("Expires"): str(expires),
                "Expires": format_iso(signed_at + expires),
                "ServerTime": format_iso(now),
            },
        )
    if signed_at > now + ALLOWED_CLOCK_SKEW:
        raise S3Error(403, "AccessDenied", "Request is not valid yet")


def format_iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def query_canonical_request(
    family: Family, environ: WSGIEnviron, params: list[QueryParam], signed_headers: str
) -> str:
    """The canonical request S3 rebuilds for a pre-signed URL: the wire path, every query
    parameter but the signature, the signed headers, and ``UNSIGNED-PAYLOAD``."""
    query = canonical_query_string(
        (p.name, p.value) for p in params if p.name != family.param("Signature")
    )
    headers = canonical_headers(signed_headers.split(";"), lambda h: header_value(environ, h))
    return canonical_request(
        environ["REQUEST_METHOD"],
        wire_path(environ),
        query,
        headers,
        signed_headers,
        UNSIGNED_PAYLOAD,
    )


def verify_query_signature(
    family: Family, environ: WSGIEnviron, now: float | None = None
) -> QueryAuth:
    """Check a query-string signed request as S3 does, or raise :class:`S3Error`.

    In S3's order: the parameters' form (400), expiry (403), the access key (403), then the
    signature (403)."""
    params = parse_query(environ.get("QUERY_STRING", ""))
    auth = auth_parameters(family, params)
    credential = parse_credential(family, auth["Credential"], family.param("Credential"))
    check_validity_window(family, auth, time.time() if now is None else now)
    if credential.date != auth["Date"][:8]:
        raise query_parameters_error(
            f"Invalid credential date. Date is not the same as {family.param('Date')}."
        )
    secret = secret_for(credential.access_key)
    if secret is None:
        raise invalid_access_key(credential.access_key)
    request = query_canonical_request(family, environ, params, auth["SignedHeaders"])
    to_sign = string_to_sign(family, auth["Date"], credential.scope(family), request)
    key = signing_key(family, secret, credential.date, credential.region, credential.service)
    if not hmac.compare_digest(hex_signature(key, to_sign), auth["Signature"]):
        raise signature_does_not_match(
            AWSAccessKeyId=credential.access_key,
            StringToSign=to_sign,
            SignatureProvided=auth["Signature"],
            CanonicalRequest=request,
        )
    auth_names = {family.param(name) for name in (*QUERY_AUTH_NAMES, "Security-Token")}
    remaining = "&".join(p.raw for p in params if p.name not in auth_names)
    return QueryAuth(credential, secret, remaining)


# --- handing a verified request to moto ---------------------------------------------------


class _UnsignedPayloadS3Auth(S3SigV4Auth):  # type: ignore[misc]
    """S3's header signer (path not normalised, as moto verifies) with ``UNSIGNED-PAYLOAD``:
    the body streams on to moto unread."""

    def payload(self, request: AWSRequest) -> str:
        return str(UNSIGNED_PAYLOAD)


def sign_for_moto(
    environ: WSGIEnviron,
    method: str,
    path: str,
    query: str,
    credential: Credential,
    secret: str,
) -> None:
    """Make ``environ`` an ordinary header-signed S3 request (``Authorization``,
    ``X-Amz-Date``, ``X-Amz-Content-SHA256``) for ``method path?query`` with the same key,
    so moto's own IAM check passes. ``path`` and ``query`` are wire-encoded; moto re-signs
    from these raw forms and the ``Host`` header, so they are what is signed here."""
    host = header_value(environ, "host")
    url = f"http://{host}{path}" + (f"?{query}" if query else "")
    request = AWSRequest(method=method, url=url, headers={"Host": host})
    signer = _UnsignedPayloadS3Auth(
        Credentials(credential.access_key, secret), "s3", credential.region
    )
    signer.add_auth(request)
    uri = path + (f"?{query}" if query else "")
    environ.update(
        REQUEST_METHOD=method,
        RAW_URI=uri,
        REQUEST_URI=uri,
        QUERY_STRING=query,
        PATH_INFO=to_wsgi_string(unquote(path)),
        HTTP_AUTHORIZATION=request.headers["Authorization"],
        HTTP_X_AMZ_DATE=request.headers["X-Amz-Date"],
        HTTP_X_AMZ_CONTENT_SHA256=request.headers["X-Amz-Content-SHA256"],
    )
    environ.pop("HTTP_X_AMZ_SECURITY_TOKEN", None)


def call_app(app: WSGIApp, environ: WSGIEnviron) -> tuple[str, list[tuple[str, str]], bytes]:
    """Run a WSGI app to the end: (status line, headers, body)."""
    seen: dict[str, Any] = {}

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: Any = None
    ) -> Callable[[bytes], None]:
        seen.update(status=status, headers=headers)
        return lambda data: None

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close:
            close()
    return seen["status"], seen["headers"], body


# --- browser POST-policy uploads ----------------------------------------------------------


@dataclass
class PostForm:
    """The fields of a browser upload in form order, up to the file (S3 ignores anything
    after it), and the file itself."""

    fields: list[tuple[str, str]] = field(default_factory=list)
    file_name: str = ""
    file_data: bytes | None = None

    def get(self, name: str) -> str | None:
        """A field's value; field names are case-insensitive."""
        wanted = name.lower()
        return next((value for key, value in self.fields if key.lower() == wanted), None)

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise S3Error(
                400,
                "InvalidArgument",
                f"Bucket POST must contain a field named '{name}'.  If it is specified, "
                "please check the order of the fields.",
            )
        return value


def parse_form(body: bytes, content_type: str) -> PostForm:
    """Read a ``multipart/form-data`` body in order; the part named ``file`` is the file."""
    _, options = parse_options_header(content_type)
    boundary = options.get("boundary")
    if not boundary:
        raise S3Error(
            400,
            "MalformedPOSTRequest",
            "The body of your POST request is not well-formed multipart/form-data.",
        )
    decoder = MultipartDecoder(boundary.encode())
    decoder.receive_data(body)
    decoder.receive_data(None)
    form = PostForm()
    for name, filename, data in _parts(decoder):
        if name.lower() == "file":
            form.file_name, form.file_data = filename, data
            break
        form.fields.append((name, data.decode("utf-8", "replace")))
    if form.file_data is None:
        raise S3Error(400, "InvalidArgument", "POST requires exactly one file upload per request.")
    return form


def _parts(decoder: MultipartDecoder) -> Iterator[tuple[str, str, bytes]]:
    """(name, filename or "", content) for each part, in order."""
    name, filename, chunks = "", "", bytearray()
    while True:
        try:
            event = decoder.next_event()
        except ValueError:
            raise S3Error(
                400,
                "MalformedPOSTRequest",
                "The body of your POST request is not well-formed multipart/form-data.",
            ) from None
        if isinstance(event, (Field, File)):
            name, filename, chunks = event.name, getattr(event, "filename", "") or "", bytearray()
        elif isinstance(event, Data):
            chunks += event.data
            if not event.more_data:
                yield name, filename, bytes(chunks)
        elif isinstance(event, (Epilogue, NeedData)):
            return


def policy_failed(condition: Any) -> S3Error:
    return S3Error(
        403,
        "AccessDenied",
        f"Invalid according to Policy: Policy Condition failed: {json.dumps(condition)}",
    )


def invalid_policy(message: str) -> S3Error:
    return S3Error(400, "InvalidPolicyDocument", f"Invalid Policy: {message}")


def post_family(form: PostForm) -> Family:
    """S3's ``x-amz-*`` fields, or Google's ``x-goog-*``."""
    return next((f for f in FAMILIES if form.get(f.field_prefix + "algorithm") is not None), AWS4)


def verify_post_signature(family: Family, form: PostForm) -> tuple[Credential, str]:
    """The signature is hex HMAC-SHA256 of the base64 policy as sent, under the signing key
    of the credential's scope. Returns the credential and its secret."""
    prefix = family.field_prefix
    algorithm = form.require(prefix + "algorithm")
    credential_text = form.require(prefix + "credential")
    form.require(prefix + "date")
    provided = form.require(prefix + "signature")
    policy = form.require("policy")
    if algorithm != family.algorithm:
        raise S3Error(
            400, "InvalidArgument", f'{prefix}algorithm only supports "{family.algorithm}"'
        )
    credential = parse_credential(family, credential_text, prefix + "credential")
    secret = secret_for(credential.access_key)
    if secret is None:
        raise invalid_access_key(credential.access_key)
    key = signing_key(family, secret, credential.date, credential.region, credential.service)
    if not hmac.compare_digest(hex_signature(key, policy), provided):
        raise signature_does_not_match(
            AWSAccessKeyId=credential.access_key, StringToSign=policy, SignatureProvided=provided
        )
    return credential, secret


def decode_policy(policy: str) -> dict[str, Any]:
    try:
        # lenient base64 (line breaks and the like are skipped): the signature, not the
        # decoding, is what guards the policy
        document = json.loads(base64.b64decode(policy))
    except (binascii.Error, ValueError):
        raise invalid_policy("Invalid JSON.") from None
    if not isinstance(document, dict):
        raise invalid_policy("Invalid JSON.")
    if "expiration" not in document:
        raise invalid_policy("Policy missing expiration.")
    if not isinstance(document.get("conditions"), list):
        raise invalid_policy("Policy missing conditions.")
    return document


def check_expiration(expiration: Any, now: float) -> None:
    """``expiration`` is ISO 8601 UTC (``2025-01-01T12:00:00Z``, fractions allowed)."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z$", str(expiration))
    if not match:
        raise invalid_policy("Invalid 'expiration' value: " + json.dumps(expiration))
    whole = calendar.timegm(time.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S"))
    moment = whole + float(match.group(2) or 0)
    if now >= moment:
        raise S3Error(403, "AccessDenied", "Invalid according to Policy: Policy expired.")


def field_value(form: PostForm, bucket: str, name: str) -> str | None:
    """What a condition on ``name`` compares: the form field, or the URL's bucket."""
    return bucket if name.lower() == "bucket" else form.get(name)


def check_condition(condition: Any, form: PostForm, bucket: str, size: int) -> str | None:
    """Check one policy condition; returns the (lowercase) field it covers, if any."""
    if isinstance(condition, dict) and len(condition) == 1:
        [(name, expected)] = condition.items()
        return check_match(["eq", f"${name}", expected], form, bucket)
    if isinstance(condition, list) and condition:
        operator = str(condition[0]).lower()
        if operator == "content-length-range":
            check_length(_length_range(condition), size)
            return None
        if operator in ("eq", "starts-with") and len(condition) == 3:
            return check_match(condition, form, bucket)
    raise invalid_policy(f"Invalid Condition: {json.dumps(condition)}")


def check_match(condition: list[Any], form: PostForm, bucket: str) -> str:
    """``["eq", "$field", value]`` or ``["starts-with", "$field", prefix]``. A field the
    form lacks reads as "" (as MinIO reads it), so a prefix "" allows any value or none:
    an optional field the page may or may not set."""
    operator, target, expected = condition
    if not isinstance(target, str) or not target.startswith("$") or not isinstance(expected, str):
        raise invalid_policy(f"Invalid Condition: {json.dumps(condition)}")
    name = target[1:]
    value = field_value(form, bucket, name) or ""
    if operator.lower() == "eq":
        holds = value == expected
    elif name.lower() == "content-type":
        # S3: a Content-Type may list several types; each must start with the prefix.
        holds = all(part.strip().startswith(expected) for part in value.split(","))
    else:
        holds = value.startswith(expected)
    if not holds:
        raise policy_failed(condition)
    return name.lower()


def check_length(allowed: tuple[int, int], size: int) -> None:
    """``content-length-range``: the file's size in bytes, bounds included."""
    low, high = allowed
    if size > high:
        raise S3Error(
            400,
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed size",
            ProposedSize=str(size),
            MaxSizeAllowed=str(high),
        )
    if size < low:
        raise S3Error(
            400,
            "EntityTooSmall",
            "Your proposed upload is smaller than the minimum allowed size",
            ProposedSize=str(size),
            MinSizeAllowed=str(low),
        )


def _length_range(condition: list[Any]) -> tuple[int, int]:
    try:
        _, low, high = condition
        return int(low), int(high)
    except (TypeError, ValueError):
        raise invalid_policy(f"Invalid Condition: {json.dumps(condition)}") from None


def exempt_from_policy(name: str, family: Family) -> bool:
    """Fields S3 does not require a condition for."""
    lower = name.lower()
    return lower in ("file", "policy", family.field_prefix + "signature") or lower.startswith(
        "x-ignore-"
    )


def verify_post_policy(
    form: PostForm, bucket: str, now: float | None = None
) -> tuple[Credential, str]:
    """Check a browser upload as S3 does, or raise :class:`S3Error`: the signature, then the
    policy's expiry, every condition, and that no field goes uncovered by one. Conditions
    compare the fields as posted (``key`` before ``${filename}`` is filled in).
    Returns the signer's credential and secret."""
    now = time.time() if now is None else now
    family = post_family(form)
    credential, secret = verify_post_signature(family, form)
    document = decode_policy(form.require("policy"))
    check_expiration(document["expiration"], now)
    size = len(form.file_data or b"")
    covered = {check_condition(c, form, bucket, size) for c in document["conditions"]}
    extra = [
        name
        for name, _ in form.fields
        if name.lower() not in covered and not exempt_from_policy(name, family)
    ]
    if extra:
        raise S3Error(
            403, "AccessDenied", f"Invalid according to Policy: Extra input fields: {extra[0]}"
        )
    return credential, secret


STORED_HEADER_FIELDS = (
    "content-type",
    "cache-control",
    "content-disposition",
    "content-encoding",
    "expires",
)
"""Form fields S3 stores with the object as the same-named headers."""


def upload_headers(form: PostForm, family: Family) -> dict[str, str]:
    """The headers the PUT to moto carries: the stored-header fields and user metadata."""
    meta_prefix = family.field_prefix + "meta-"
    headers = {}
    for name, value in form.fields:
        lower = name.lower()
        if lower in STORED_HEADER_FIELDS:
            headers[name] = value
        elif lower.startswith(meta_prefix):
            headers["x-amz-meta-" + name[len(meta_prefix) :]] = value
    return headers


def upload_environ(
    base: WSGIEnviron, bucket: str, key: str, data: bytes, headers: dict[str, str]
) -> WSGIEnviron:
    """A fresh PUT request environ for moto: the server fields of ``base``, none of the
    browser's headers but ``Host``."""
    from moto.core.request import (
        PRESERVED_HEADER_NAMES_ENVIRON_KEY,
        environ_key_for_header,
        should_preserve_original_header_name,
    )

    environ = {k: v for k, v in base.items() if not k.startswith(("HTTP_", "CONTENT_"))}
    environ.pop(PRESERVED_HEADER_NAMES_ENVIRON_KEY, None)
    environ.update(
        HTTP_HOST=base.get("HTTP_HOST", ""),
        CONTENT_LENGTH=str(len(data)),
        **{"wsgi.input": io.BytesIO(data)},
    )
    preserved = {}
    for name, value in headers.items():
        environ[environ_key_for_header(name)] = value
        if should_preserve_original_header_name(name):
            preserved[environ_key_for_header(name)] = name
    environ[PRESERVED_HEADER_NAMES_ENVIRON_KEY] = preserved
    return environ


def object_path(bucket: str, key: str) -> str:
    return "/" + quote(bucket, safe="") + "/" + quote(key, safe="/~")


def post_response(
    form: PostForm, environ: WSGIEnviron, bucket: str, key: str, etag: str
) -> tuple[str, list[tuple[str, str]], bytes]:
    """S3's answer to a stored upload, by ``success_action_status`` (201, 200, else 204).

    ``success_action_redirect`` is ignored: the pages under test read the status, and a
    redirect to another site would leave this test server anyway."""
    status = form.get("success_action_status")
    location = f"http://{header_value(environ, 'host')}{object_path(bucket, key)}"
    headers = [("ETag", etag), ("Location", location)]
    if status == "201":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse>'
            f"<Location>{escape(location)}</Location><Bucket>{escape(bucket)}</Bucket>"
            f"<Key>{escape(key)}</Key><ETag>{escape(etag)}</ETag></PostResponse>"
        ).encode()
        return "201 Created", [("Content-Type", "application/xml"), *headers], body
    if status == "200":
        return "200 OK", headers, b""
    return "204 No Content", headers, b""


# --- the gate -----------------------------------------------------------------------------


def is_browser_upload(environ: WSGIEnviron) -> str | None:
    """The bucket of a form POST to ``/<bucket>`` (path-style), else None."""
    if environ.get("REQUEST_METHOD") != "POST" or environ.get("QUERY_STRING"):
        return None
    if not environ.get("CONTENT_TYPE", "").lower().startswith("multipart/form-data"):
        return None
    segments = wire_path(environ).strip("/").split("/")
    return unquote(segments[0]) if len(segments) == 1 and segments[0] else None


class SignatureGate:
    """WSGI middleware: verifies pre-signed URLs and POST-policy uploads, then lets moto
    serve them as header-signed requests; passes every other request through.

    ``clock`` (seconds since the epoch) is there for tests that need to move time."""

    def __init__(self, app: WSGIApp, clock: Callable[[], float] = time.time) -> None:
        self.app = app
        self.clock = clock

    def __call__(self, environ: WSGIEnviron, start_response: StartResponse) -> Iterable[bytes]:
        try:
            bucket = is_browser_upload(environ)
            if bucket is not None:
                return self.browser_upload(environ, start_response, bucket)
            params = parse_query(environ.get("QUERY_STRING", ""))
            family = query_family(params)
            if family is not None:
                return self.presigned(family, environ, start_response)
            if is_signature_v2_query(params):
                raise S3Error(
                    400,
                    "InvalidRequest",
                    "The authorization mechanism you have provided is not supported. "
                    "Please use AWS4-HMAC-SHA256.",
                )
        except S3Error as error:
            return self.refuse(error, environ, start_response)
        return self.app(environ, start_response)

    def presigned(
        self, family: Family, environ: WSGIEnviron, start_response: StartResponse
    ) -> Iterable[bytes]:
        """Verify, then hand moto the same request signed with a header (body untouched)."""
        if environ.get("HTTP_AUTHORIZATION"):
            raise S3Error(
                400,
                "InvalidArgument",
                "Only one auth mechanism allowed; only the "
                "X-Amz-Algorithm query parameter, Signature query string parameter or "
                "the Authorization header should be specified",
            )
        auth = verify_query_signature(family, environ, self.clock())
        sign_for_moto(
            environ,
            environ["REQUEST_METHOD"],
            wire_path(environ),
            auth.remaining_query,
            auth.credential,
            auth.secret,
        )
        return self.app(environ, start_response)

    def browser_upload(
        self, environ: WSGIEnviron, start_response: StartResponse, bucket: str
    ) -> Iterable[bytes]:
        """Verify the form, store its file with a PUT to moto, answer as S3 answers a form."""
        stream = environ["wsgi.input"]
        if environ.get("wsgi.input_terminated"):  # chunked: the server marks the end
            body = stream.read()
        else:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = stream.read(length) if length else b""
        form = parse_form(body, environ.get("CONTENT_TYPE", ""))
        if form.get("policy") is None:
            # moto would store an unsigned form POST; S3 refuses it on a private bucket.
            raise S3Error(403, "AccessDenied", "Access Denied")
        credential, secret = verify_post_policy(form, bucket, self.clock())
        key = form.require("key").replace("${filename}", form.file_name)
        data = form.file_data or b""
        put = upload_environ(environ, bucket, key, data, upload_headers(form, post_family(form)))
        sign_for_moto(put, "PUT", object_path(bucket, key), "", credential, secret)
        status, headers, answer = call_app(self.app, put)
        if not status.startswith("200"):
            start_response(status, headers)
            return [answer]
        etag = next((v for k, v in headers if k.lower() == "etag"), "")
        status, headers, answer = post_response(form, environ, bucket, key, etag)
        start_response(status, [*headers, ("Content-Length", str(len(answer)))])
        return [answer]

    @staticmethod
    def refuse(
        error: S3Error, environ: WSGIEnviron, start_response: StartResponse
    ) -> Iterable[bytes]:
        """The XML error (no body for HEAD, as S3)."""
        body = b"" if environ.get("REQUEST_METHOD") == "HEAD" else error.xml()
        reason = {400: "Bad Request", 403: "Forbidden"}.get(error.status, "Error")
        start_response(
            f"{error.status} {reason}",
            [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))],
        )
        return [body]


# --- running it ---------------------------------------------------------------------------


def let_moto_verify_user_agent() -> None:
    """moto re-signs a request with botocore, which never signs User-Agent, so it rejects
    every client that does (libcloud signs all its headers); S3 and MinIO verify by the
    request's own SignedHeaders list. Dropping User-Agent from botocore's exclusions makes
    moto verify as they do."""
    import botocore.auth

    if "user-agent" in botocore.auth.SIGNED_HEADERS_BLACKLIST:
        botocore.auth.SIGNED_HEADERS_BLACKLIST.remove("user-agent")


def gated_moto_app(clock: Callable[[], float] = time.time) -> SignatureGate:
    """moto's whole server application (every service, as ``moto_server`` runs it) behind
    the gate."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    app = DomainDispatcherApplication(create_backend_app)
    app.debug = True  # type: ignore[attr-defined]
    return SignatureGate(app, clock)


def main(argv: list[str] | None = None) -> None:
    """``-H host -p port``, like ``moto.server.main``; serves until killed."""
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import run_simple

    parser = argparse.ArgumentParser(description="moto's server behind the signature gate")
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))
    let_moto_verify_user_agent()
    run_simple(
        args.host,
        args.port,
        gated_moto_app(),
        threaded=True,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main()
