"""Someone using accsr's remote_storage switches by changing one import: same names,
same parameters in the same order, same summary fields and JSON; the secret never shows.

The signature checks are driven by ``accsr_signatures.json``, recorded from the installed
accsr package by ``tests/tools/record_accsr_signatures.py`` (its docstring says how to
re-record for a new accsr release). Each recorded callable, property, dataclass and Provider
member is a test case of its own, with an id such as ``RemoteStorage.pull``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

import bucketferry.core as core
from bucketferry.core import RemoteStorage, SyncObject, TransactionSummary
from tests.helpers import write
from tests.tools.record_accsr_signatures import record_fields, record_member

# Documented, intended differences from accsr (case id -> one-line reason). The README's
# list of differences follows this one. A listed case must really differ: once Bucket Ferry
# matches accsr there, its test fails until the entry is removed.
KNOWN_DIFFERENCES: dict[str, str] = {}

REFERENCE: dict[str, Any] = json.loads(
    Path(__file__).with_name("accsr_signatures.json").read_text(encoding="utf-8")
)
ACCSR = f"accsr {REFERENCE['accsr_version']}"

PROPERTY_KINDS = {"property", "cached_property"}
CALLABLE_KINDS = {"method", "staticmethod", "classmethod"}


def _cases() -> tuple[list[Any], list[Any], list[Any]]:
    provider_cases = [
        pytest.param(enum_name, name, value, id=f"{enum_name}.{name}")
        for enum_name, recorded in sorted(REFERENCE["enums"].items())
        for name, value in recorded["members"]
    ]
    member_cases = [
        pytest.param(class_name, name, member, id=f"{class_name}.{name}")
        for class_name, recorded in sorted(REFERENCE["classes"].items())
        for name, member in sorted(recorded["members"].items())
    ]
    field_cases = [
        pytest.param(class_name, recorded["fields"], id=f"{class_name}.<fields>")
        for class_name, recorded in sorted(REFERENCE["classes"].items())
        if recorded["is_dataclass"]
    ]
    return provider_cases, member_cases, field_cases


PROVIDER_CASES, MEMBER_CASES, FIELD_CASES = _cases()
ALL_CASE_IDS = {case.id for case in (*PROVIDER_CASES, *MEMBER_CASES, *FIELD_CASES)}


def _judge(case_id: str, problems: list[str]) -> None:
    """Pass when Bucket Ferry matches accsr, or differs where KNOWN_DIFFERENCES says so."""
    if case_id in KNOWN_DIFFERENCES:
        assert problems, (
            f"{case_id} now matches {ACCSR}: remove it from KNOWN_DIFFERENCES "
            "(and from the README's list of differences)"
        )
    elif problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _show_default(default: str | None) -> str:
    return "no default" if default is None else f"default {default}"


def _show(params: list[dict[str, Any]]) -> str:
    """A parameter list as Python would write it: (self, a, b=None, *, c=1)."""
    shown = []
    star_written = False
    for position, p in enumerate(params):
        kind = p["kind"]
        if kind == "KEYWORD_ONLY" and not star_written:
            shown.append("*")
        star_written = star_written or kind in ("VAR_POSITIONAL", "KEYWORD_ONLY")
        prefix = {"VAR_POSITIONAL": "*", "VAR_KEYWORD": "**"}.get(kind, "")
        default = "" if p["default"] is None else f"={p['default']}"
        shown.append(f"{prefix}{p['name']}{default}")
        following = params[position + 1]["kind"] if position + 1 < len(params) else None
        if kind == "POSITIONAL_ONLY" and following != "POSITIONAL_ONLY":
            shown.append("/")
    return "(" + ", ".join(shown) + ")"


def _compare_parameters(
    case_id: str, reference: list[dict[str, Any]], ours: list[dict[str, Any]]
) -> list[str]:
    """accsr's parameters lead, with the same names, order, kinds and defaults; every further
    parameter of Bucket Ferry's is keyword-only with a default."""
    problems = []
    for position, ref in enumerate(reference):
        name = ref["name"]
        if position >= len(ours) or ours[position]["name"] != name:
            found = next((i for i, p in enumerate(ours) if p["name"] == name), None)
            got = (
                f"Bucket Ferry has {ours[position]['name']!r} there"
                if position < len(ours)
                else "Bucket Ferry's parameters end there"
            )
            where = (
                f"and no {name!r} at all"
                if found is None
                else f"and has {name!r} at position {found} ({ours[found]['kind']})"
            )
            problems.append(
                f"{case_id}: parameter {position} of {ACCSR} is {name!r}; {got} {where}"
            )
            ours_names = {p["name"] for p in ours}
            missing = [p["name"] for p in reference if p["name"] not in ours_names]
            if missing:
                problems.append(f"{case_id}: Bucket Ferry lacks {', '.join(missing)}")
            break
        mine = ours[position]
        if mine["kind"] != ref["kind"]:
            problems.append(
                f"{case_id}: parameter {name!r} is {mine['kind']}, {ACCSR} has {ref['kind']}"
            )
        if mine["default"] != ref["default"]:
            problems.append(
                f"{case_id}: parameter {name!r} has {_show_default(mine['default'])}, "
                f"{ACCSR} has {_show_default(ref['default'])}"
            )
    else:
        for extra in ours[len(reference) :]:
            if extra["kind"] != "KEYWORD_ONLY" or extra["default"] is None:
                problems.append(
                    f"{case_id}: extension parameter {extra['name']!r} is {extra['kind']} with "
                    f"{_show_default(extra['default'])}; it must be keyword-only with a default"
                )
    if problems:
        problems.append(f"    {ACCSR}:      {_show(reference)}")
        problems.append(f"    Bucket Ferry: {_show(ours)}")
    return problems


def _has_attribute(cls: type, name: str) -> bool:
    if hasattr(cls, name):
        return True
    if dataclasses.is_dataclass(cls) and name in {f.name for f in dataclasses.fields(cls)}:
        return True
    return any(name in vars(klass).get("__annotations__", {}) for klass in cls.__mro__)


def test_public_names_of_the_reference_are_importable():
    missing = [name for name in REFERENCE["public_names"] if not hasattr(core, name)]
    assert not missing, f"bucketferry.core lacks {ACCSR}'s public names: {', '.join(missing)}"
    for enum_name, recorded in REFERENCE["enums"].items():
        assert issubclass(getattr(core, enum_name), str) == recorded["str_valued"], enum_name
    assert core.Provider("local") is core.Provider.LOCAL


def test_known_differences_name_recorded_cases():
    unknown = sorted(set(KNOWN_DIFFERENCES) - ALL_CASE_IDS)
    assert not unknown, f"KNOWN_DIFFERENCES names no recorded case: {', '.join(unknown)}"
    for case_id, reason in KNOWN_DIFFERENCES.items():
        assert reason.strip() and "\n" not in reason, f"{case_id} needs a one-line reason"


@pytest.mark.parametrize(("enum_name", "name", "value"), PROVIDER_CASES)
def test_provider_member(enum_name: str, name: str, value: Any):
    case_id = f"{enum_name}.{name}"
    ours = getattr(core, enum_name)
    problems = []
    if name not in ours.__members__:
        problems.append(f"{case_id}: Bucket Ferry's {enum_name} has no member {name}")
    elif ours[name].value != value:
        problems.append(
            f"{case_id}: value is {ours[name].value!r} in Bucket Ferry, {value!r} in {ACCSR}"
        )
    _judge(case_id, problems)


@pytest.mark.parametrize(("class_name", "name", "reference"), MEMBER_CASES)
def test_member_matches_the_reference(class_name: str, name: str, reference: dict[str, Any]):
    case_id = f"{class_name}.{name}"
    cls = getattr(core, class_name)
    kind = reference["kind"]
    if kind == "attribute":
        problems = [] if _has_attribute(cls, name) else [f"{case_id}: Bucket Ferry lacks it"]
        _judge(case_id, problems)
        return
    try:
        ours = record_member(cls, name)
    except AttributeError:
        _judge(case_id, [f"{case_id}: Bucket Ferry lacks this {kind}"])
        return
    wrong_kind = [f"{case_id}: is {_a(ours['kind'])} in Bucket Ferry, {ACCSR} has {_a(kind)}"]
    if kind in PROPERTY_KINDS:
        problems = [] if ours["kind"] in PROPERTY_KINDS else wrong_kind
    elif kind in CALLABLE_KINDS:
        if ours["kind"] != kind:
            problems = wrong_kind
        else:
            problems = _compare_parameters(case_id, reference["parameters"], ours["parameters"])
    else:
        pytest.fail(f"{case_id}: unknown recorded kind {kind!r}")
    _judge(case_id, problems)


@pytest.mark.parametrize(("class_name", "reference"), FIELD_CASES)
def test_dataclass_fields_match_the_reference(class_name: str, reference: list[dict[str, Any]]):
    """accsr's positional fields are Bucket Ferry's leading positional fields, in the same
    order, with the same defaults and the same exclusions from the repr; further fields of
    Bucket Ferry's are keyword-only with a default."""
    case_id = f"{class_name}.<fields>"
    cls = getattr(core, class_name)
    assert dataclasses.is_dataclass(cls), f"{case_id}: Bucket Ferry's {class_name} is no dataclass"
    ours = record_fields(cls)
    ref_positional = [f for f in reference if f["init"] and not f["kw_only"]]
    our_positional = [f for f in ours if f["init"] and not f["kw_only"]]
    problems = []
    for position, ref in enumerate(ref_positional):
        name = ref["name"]
        if position >= len(our_positional) or our_positional[position]["name"] != name:
            got = (
                repr(our_positional[position]["name"])
                if position < len(our_positional)
                else "no further positional field"
            )
            problems.append(
                f"{case_id}: positional field {position} of {ACCSR} is {name!r}, "
                f"Bucket Ferry has {got}"
            )
            break
        mine = our_positional[position]
        if mine["default"] != ref["default"]:
            problems.append(
                f"{case_id}: field {name!r} has {_show_default(mine['default'])}, "
                f"{ACCSR} has {_show_default(ref['default'])}"
            )
        if mine["repr"] != ref["repr"]:
            shown = {True: "shown in", False: "excluded from"}
            problems.append(
                f"{case_id}: field {name!r} is {shown[mine['repr']]} the repr, "
                f"{ACCSR} has it {shown[ref['repr']]} it"
            )
    else:
        for extra in our_positional[len(ref_positional) :]:
            problems.append(
                f"{case_id}: extension field {extra['name']!r} must be keyword-only "
                "(accsr's positional fields end before it)"
            )
    by_name = {f["name"]: f for f in ours}
    for ref in reference:
        if ref["kw_only"] and (
            ref["name"] not in by_name or by_name[ref["name"]]["default"] != ref["default"]
        ):
            problems.append(f"{case_id}: keyword-only field {ref['name']!r} differs or is missing")
    for extra in ours:
        if extra["init"] and extra["kw_only"] and extra["default"] is None:
            problems.append(f"{case_id}: extension field {extra['name']!r} needs a default")
    if problems:
        problems.append(f"    {ACCSR}:      {[f['name'] for f in ref_positional]}")
        problems.append(f"    Bucket Ferry: {[f['name'] for f in our_positional]}")
    _judge(case_id, problems)


def test_summary_rejects_an_unknown_direction():
    with pytest.raises(ValueError):
        TransactionSummary(sync_direction="sideways")  # type: ignore[arg-type]


def test_sync_object_accepts_the_reference_constructor(tmp_path: Path):
    path = write(tmp_path / "a.txt", "abc")
    sync_object = SyncObject("push", str(path), remote_path="base/a.txt")
    assert sync_object.name == "base/a.txt"
    assert sync_object.exists_locally and not sync_object.exists_on_remote
    assert sync_object.local_hash == "900150983cd24fb0d6963f7d28e17f72"
    assert not sync_object.exists_on_target and not sync_object.equal_md5_hash_sum
    assert sync_object.get_bytes_transferred() == 3
    assert json.loads(sync_object.to_json())["local_size"] == 3
    with pytest.raises(FileExistsError):
        SyncObject("push", str(tmp_path), remote_path="x")
    with pytest.raises(ValueError):
        SyncObject("push")


def test_dry_run_summary_json_has_the_reference_shape(make_storage, tmp_path: Path):
    write(tmp_path / "src/d/a.txt", "a")
    storage = make_storage()
    summary = storage.push("d", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    data = json.loads(summary.to_json())
    assert data["sync_direction"] == "push"
    assert data["not_on_target"][0]["remote_path"] == "d/a.txt"
    assert repr(summary).startswith("\nTransactionSummary: \n")
    assert summary.get_short_summary_dict() == {
        "sync_direction": "push",
        "files_to_sync": 1,
        "total_size": 1,
        "unresolvable_collisions": 0,
        "synced_files": 0,
        "failed_files": 0,
        "refused_files": 0,
    }


def test_the_secret_never_appears(s3_conf, tmp_path: Path, caplog: pytest.LogCaptureFixture):
    secret = "Sup3r-Secret-Value-42"
    conf = s3_conf()
    conf = dataclasses.replace(conf, secret=secret)
    storage = RemoteStorage(conf)
    write(tmp_path / "src/a.txt", "a")
    caplog.set_level("DEBUG")
    summary = storage.push("a.txt", local_path_prefix=str(tmp_path / "src"))
    pulled = storage.pull("a.txt", local_base_dir=str(tmp_path / "out"), dryrun=True)
    texts = [repr(conf), str(conf), repr(storage), summary.to_json(), repr(pulled), caplog.text]
    broken = dataclasses.replace(conf, port=1)
    with pytest.raises(core.ConnectionFailedError) as excinfo:
        RemoteStorage(broken).list_objects("")
    texts.append(str(excinfo.value))
    assert not any(secret in text for text in texts)
