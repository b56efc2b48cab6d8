#!/usr/bin/env python3
"""Validate Sluice's topic contracts with jsonschema and print one JSON report.

Checks, in one process:
  * every schema in schemas/ passes Draft202012Validator.check_schema, has $id, title and
    description, and describes every property it declares;
  * every example in examples/ is valid against its schema (chosen by file-name prefix);
  * every example in examples/invalid/ is listed in examples/invalid/index.json and is
    rejected by the schema named there;
  * any extra instance given as --valid SCHEMA=FILE is valid (the Swift tests pass the JSON
    their encoder wrote, so Swift's output is held to the same contract);
  * each --same A=B pair holds equal JSON values (an independent check of the Swift round trip).

Format checking is on for date-time. jsonschema only checks date-time when the optional
rfc3339-validator package is installed, so this script registers its own strict RFC 3339 checker
(and proves it is active with a self-check) rather than silently skipping the format.

Usage: python topics/validate.py [--root TOPICS_DIR] [--valid SCHEMA=FILE ...] [--same A=B ...]
Exit status 0 when everything holds, 1 otherwise; the report is on stdout either way.
"""

import argparse
import json
import os
import re
import sys

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

PREFIXES = {
    "request": "request.schema.json",
    "result": "result.schema.json",
    "savings": "savings.schema.json",
    "alert": "alert.schema.json",
    "dlq-headers": "dlq-headers.schema.json",
}

_DATE_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$"
)


def is_rfc3339_date_time(value):
    """RFC 3339 section 5.6 `date-time`, with calendar and clock ranges checked."""
    if not isinstance(value, str):
        return True  # formats only constrain strings
    m = _DATE_TIME.match(value)
    if not m:
        return False
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if not 1 <= day <= days or hour > 23 or minute > 59 or second > 60:
        return False
    if m.group(9) is not None and (int(m.group(10)) > 23 or int(m.group(11)) > 59):
        return False
    return True


def format_checker():
    checker = FormatChecker()
    checker.checks("date-time")(is_rfc3339_date_time)
    return checker


def undescribed_properties(node, where=""):
    """Paths of properties declared without a `description` (the contract documents every field).

    Conditional subschemas (if/then/else/not) only restate properties declared elsewhere.
    """
    found = []
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            if isinstance(sub, dict) and "description" not in sub:
                found.append("%s/properties/%s" % (where, name))
        for key, sub in node.items():
            if key not in ("if", "then", "else", "not"):
                found += undescribed_properties(sub, "%s/%s" % (where, key))
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            found += undescribed_properties(sub, "%s/%d" % (where, i))
    return found


def error_list(validator, instance):
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [
        {"path": "/".join(str(p) for p in e.absolute_path), "message": e.message[:300]}
        for e in errors
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--valid", action="append", default=[], metavar="SCHEMA=FILE")
    parser.add_argument("--same", action="append", default=[], metavar="A=B")
    args = parser.parse_args()
    root = args.root
    report = {"ok": True, "schemas": [], "instances": [], "same": [], "problems": []}

    def problem(text):
        report["problems"].append(text)
        report["ok"] = False

    # Schemas: check each, and register all so relative $refs resolve offline.
    schema_dir = os.path.join(root, "schemas")
    schemas = {}
    resources = []
    for name in sorted(os.listdir(schema_dir)):
        if not name.endswith(".schema.json"):
            continue
        path = os.path.join(schema_dir, name)
        entry = {"file": "schemas/" + name, "ok": True, "error": None}
        try:
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            Draft202012Validator.check_schema(schema)
            for key in ("$id", "title", "description"):
                if key not in schema:
                    raise ValueError("missing top-level " + key)
            missing = undescribed_properties(schema)
            if missing:
                raise ValueError("properties without description: " + ", ".join(missing))
            schemas[name] = schema
            resources.append((schema["$id"], Resource.from_contents(schema)))
        except Exception as exc:  # report every broken schema, not just the first
            entry["ok"] = False
            entry["error"] = "%s: %s" % (type(exc).__name__, exc)
            report["ok"] = False
        report["schemas"].append(entry)
    registry = Registry().with_resources(resources)
    checker = format_checker()
    validators = {
        name: Draft202012Validator(schema, registry=registry, format_checker=checker)
        for name, schema in schemas.items()
    }

    # Prove date-time format checking is on: a validator that ignored formats would pass these.
    probe = Draft202012Validator({"type": "string", "format": "date-time"}, format_checker=checker)
    self_check = (
        probe.is_valid("2026-11-23T18:00:00Z")
        and probe.is_valid("2024-02-29T23:59:60.5+05:30")
        and not probe.is_valid("2026-02-30T10:00:00Z")
        and not probe.is_valid("2026-11-23 18:00")
    )
    report["date_time_format_checked"] = self_check
    if not self_check:
        problem("date-time format checking is not active")

    def check(rel, schema_name, expect, path):
        entry = {"file": rel, "schema": schema_name, "expect": expect, "valid": False, "errors": []}
        validator = validators.get(schema_name)
        if validator is None:
            entry["errors"] = [{"path": "", "message": "no usable schema " + str(schema_name)}]
        else:
            try:
                with open(path, encoding="utf-8") as f:
                    instance = json.load(f)
            except ValueError as exc:
                entry["errors"] = [{"path": "", "message": "not JSON: %s" % exc}]
            else:
                entry["errors"] = error_list(validator, instance)
                entry["valid"] = not entry["errors"]
        if entry["valid"] != (expect == "valid"):
            report["ok"] = False
        report["instances"].append(entry)

    examples = os.path.join(root, "examples")
    for name in sorted(os.listdir(examples)):
        if not name.endswith(".json"):
            continue
        prefix = max((p for p in PREFIXES if name.startswith(p + "-") or name == p + ".json"),
                     key=len, default=None)
        if prefix is None:
            problem("examples/%s matches no schema prefix" % name)
            continue
        check("examples/" + name, PREFIXES[prefix], "valid", os.path.join(examples, name))

    invalid_dir = os.path.join(examples, "invalid")
    with open(os.path.join(invalid_dir, "index.json"), encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    listed = set()
    for case in cases:
        listed.add(case["file"])
        for key in ("schema", "field", "why"):
            if not case.get(key):
                problem("invalid/index.json: %s has no %s" % (case["file"], key))
        check("examples/invalid/" + case["file"], case.get("schema"), "invalid",
              os.path.join(invalid_dir, case["file"]))
    on_disk = {n for n in os.listdir(invalid_dir) if n.endswith(".json") and n != "index.json"}
    for name in sorted(on_disk - listed):
        problem("examples/invalid/%s is not listed in index.json" % name)
    for name in sorted(listed - on_disk):
        problem("index.json lists missing file %s" % name)

    for spec in args.valid:
        schema_name, _, path = spec.partition("=")
        check(path, schema_name, "valid", path)

    for spec in args.same:
        left, _, right = spec.partition("=")
        with open(left, encoding="utf-8") as f:
            a = json.load(f)
        with open(right, encoding="utf-8") as f:
            b = json.load(f)
        report["same"].append({"left": left, "right": right, "equal": a == b})
        if a != b:
            report["ok"] = False

    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
