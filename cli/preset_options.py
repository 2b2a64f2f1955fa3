"""``--preset NAME`` and ``bucketferry presets``: a ready-made endpoint in place of
``--provider``, ``--host`` and ``--region``.

The rules, also in ``--help``:

- The preset decides *which* server is reached, so a ``--provider`` or ``--host`` that
  says otherwise is refused (exit code 2) instead of one of them silently winning: a
  command that names two servers is wrong somewhere, and sending a key to the wrong one
  is the worst way to find out. Repeating what the preset says is fine.
- ``--region`` chooses among the preset's regions (default: its usual one), and
  ``--account-id`` is Cloudflare R2's; both are checked before anything connects.
- ``--port`` and ``--no-tls`` still apply: they say *how* to reach that same server (a
  proxy, a MinIO without a certificate).
- MinIO runs on the person's own machine: there ``--host`` is required, and is its host.

With ``--profile`` (or ``profiles add --update``) the preset's fields replace the
profile's, like any other connection option; a host the preset does not have (Amazon S3)
replaces the profile's host with none.
"""

from __future__ import annotations

import argparse
import dataclasses
import textwrap
from typing import Any, TextIO

from bucketferry.core import ConfigurationError
from bucketferry.core.display import printable
from bucketferry.core.presets import PRESET_TITLE, PRESETS, Preset, connection_fields, find_preset

from .exit_codes import EXIT_OK
from .output import print_json

PRESET_FIELDS = "preset_fields"
"""Where :func:`apply_preset` leaves the profile fields the preset decided, on ``args``."""


def apply_preset(args: argparse.Namespace) -> None:
    """Turn ``--preset`` (with ``--region``, ``--account-id``, and MinIO's ``--host``) into
    the connection options it stands for, in ``args`` itself, so everything after reads
    them as if typed. ConfigurationError (exit code 2) for contradictions, an unknown
    preset or region, or a bad account ID. Does nothing the second time."""
    if hasattr(args, PRESET_FIELDS):
        return
    name, account_id = getattr(args, "preset", None), getattr(args, "account_id", None)
    if name is None:
        setattr(args, PRESET_FIELDS, {})
        if account_id is not None:
            raise ConfigurationError(
                "--account-id goes with a preset that needs one: --preset r2 (Cloudflare R2).",
                title=PRESET_TITLE,
            )
        return
    preset = find_preset(name)
    if args.provider is not None and args.provider != preset.provider:
        raise ConfigurationError(
            f"--preset {preset.name} makes a '{preset.provider}' connection, but --provider "
            f"says '{args.provider}'. Leave out one of the two.",
            title=PRESET_TITLE,
        )
    fields = connection_fields(
        preset, args.region, account_id, host=args.host if preset.own_host else None
    )
    if not preset.own_host and args.host is not None and not _same_host(args.host, fields.host):
        where = f"is reached at {fields.host}" if fields.host else "uses Amazon's own endpoints"
        raise ConfigurationError(
            f"--preset {preset.name} ({preset.label}) {where}, but --host says {args.host}. "
            "Leave out --host, or leave out --preset and give --provider, --host and "
            "--region yourself.",
            title=PRESET_TITLE,
        )
    args.provider, args.host, args.region = fields.provider, fields.host, fields.region
    if args.port is None:
        args.port = fields.port
    decided: dict[str, Any] = {
        "provider": fields.provider,
        "host": fields.host,
        "port": args.port,
        "secure": fields.secure and not args.no_tls,
        "region": fields.region,
    }
    setattr(args, PRESET_FIELDS, decided)


def preset_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The profile fields a preset decided (empty without one), None values included: a
    preset without a host must clear a profile's host, not keep it."""
    apply_preset(args)
    fields: dict[str, Any] = getattr(args, PRESET_FIELDS)
    return fields


def _same_host(given: str, host: str | None) -> bool:
    return host is not None and given.strip().lower().rstrip(".") == host.lower()


def run_presets(args: argparse.Namespace, out: TextIO) -> int:
    """``bucketferry presets``: every preset, its endpoint, regions and where its keys are."""
    if args.json:
        entries = [dataclasses.asdict(preset) for preset in PRESETS]
        print_json(entries, out, ensure_ascii=False)
        return EXIT_OK
    for preset in PRESETS:
        out.write(f"{preset.name:<9} {printable(preset.label)}\n")
        for label, text in _describe(preset):
            lines = textwrap.wrap(printable(text), 80, break_on_hyphens=False) or [""]
            out.write(f"          {label:<9} {lines[0]}\n")
            for line in lines[1:]:
                out.write(f"          {'':<9} {line}\n")
        out.write("\n")
    out.write(
        "Use one with --preset NAME [--region R] on any command that connects, or save it:\n"
        "  bucketferry profiles add NAME --preset b2 --region eu-central-003 --key K \\\n"
        "      --bucket B --secret-stdin\n"
    )
    return EXIT_OK


def _describe(preset: Preset) -> list[tuple[str, str]]:
    if preset.own_host:
        endpoint = f"your own server (--host), port {preset.port}"
    elif preset.endpoint is None:
        endpoint = "Amazon's, chosen by the region"
    else:
        endpoint = preset.endpoint.replace("{region}", "<region>").replace(
            "{account_id}", "<account id>"
        )
    if preset.regions:
        others = [r for r in preset.regions if r != preset.default_region]
        regions = ", ".join([f"{preset.default_region} (default)", *others])
    else:
        regions = f"any (default {preset.default_region})"
    rows = [("endpoint", endpoint), ("regions", regions)]
    if preset.needs_account_id:
        rows.append(("needs", "--account-id (your account ID, 32 hexadecimal digits)"))
    rows.append(("keys", preset.key_help))
    return rows
