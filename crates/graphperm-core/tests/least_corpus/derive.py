#!/usr/bin/env python3
"""Fills the expected first candidate per scheme of calls.txt from permissions.json.

An independent reading of the data (no code shared with the engine): a call's
candidates are the permissions whose pathSets list its method and its template (the
same template key: lower case, placeholders as {}, `Default.` dropped, `x({id})` as
`x/{id}`), ranked by the data's least= flag, privilegeLevel, then narrow scope before
none before .All, then ReadBasic < Read < ReadWrite < broader, then name.
Usage: derive.py PERMISSIONS_JSON < calls.txt > calls.tsv
"""
import json
import re
import sys

SCHEMES = ["DelegatedWork", "DelegatedPersonal", "Application"]
NARROW = {"selected", "ownedby", "shared", "chat", "group", "hidden", "createdbyapp", "appfolder", "migrate"}


def key(path):
    path = path.split("?")[0].lower().replace("}}", "}")
    out = []
    for segment in path.split("/"):
        if not segment:
            continue
        if segment.startswith("default."):
            segment = segment[len("default."):]
        m = re.fullmatch(r"([^(]+)\((\{[^}=]*\}|'\{[^}=]*\}')\)", segment)
        if m:
            out += [m.group(1), "{}"]
            continue
        out.append(re.sub(r"\{[^}]*\}", "{}", segment))
    return "/" + "/".join(out)


def scope_rank(name):
    parts = name.split(".")
    last = parts[-1].lower()
    if last == "all":
        return 2
    if len(parts) >= 2 and last in NARROW:
        return 0
    return 1


def access_rank(name):
    parts = [p.lower() for p in name.split(".")]
    if "readbasic" in parts:
        return 0
    if "read" in parts:
        return 1
    if {"fullcontrol", "manage", "accessasuser", "everything"} & set(parts):
        return 3
    return 2


def main():
    data = json.load(open(sys.argv[1]))["permissions"]
    index = {}
    for name, permission in data.items():
        for path_set in permission.get("pathSets", []):
            for path, value in path_set["paths"].items():
                least = []
                for part in value.split(";"):
                    if part.startswith("least="):
                        least = part[len("least="):].split(",")
                for method in path_set["methods"]:
                    entry = index.setdefault((method.upper(), key(path)), {})
                    for scheme in path_set["schemeKeys"]:
                        is_least = scheme in least
                        entry.setdefault(scheme, {})
                        entry[scheme][name] = entry[scheme].get(name, False) or is_least

    def first(method, template, scheme):
        candidates = index.get((method, key(template)), {}).get(scheme, {})
        if not candidates:
            return None

        def rank(name):
            level = data[name].get("schemes", {}).get(scheme, {}).get("privilegeLevel")
            return (not candidates[name], level if level is not None else 255,
                    scope_rank(name), access_rank(name), name.lower())

        return sorted(candidates, key=rank)[0]

    print("# shape\tmethod\turl\ttemplate\tDelegatedWork\tDelegatedPersonal\tApplication")
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            print(line)
            continue
        shape, call, template = line.split("\t")
        method, url = call.split(" ", 1)
        method = method.upper()
        if template == "-":
            print("\t".join([shape, method, url, "-", "-", "-", "-"]))
            continue
        lookup_method, lookup_template = method, template
        if " " in template:
            lookup_method, lookup_template = template.split(" ", 1)
        if (lookup_method, key(lookup_template)) not in index:
            print(f"template not in the data: {lookup_method} {lookup_template}", file=sys.stderr)
        is_me = key(url.split("?")[0].split("#")[0]).lstrip("/").split("/")
        is_me = bool(re.match(r"^(https?://[^/]+)?/*(v1\.0/|beta/)?me(/|$|\?)", url, re.I))
        row = []
        for scheme in SCHEMES:
            if is_me and scheme == "Application":
                row.append("-")
                continue
            name = first(lookup_method, lookup_template, scheme)
            if name is None and is_me:
                users = "/users/{id}" + key(lookup_template)[len("/me"):]
                name = first(lookup_method, users, scheme)
            row.append(name or "-")
        print("\t".join([shape, method, url, lookup_template if " " not in template else template] + row))


main()
