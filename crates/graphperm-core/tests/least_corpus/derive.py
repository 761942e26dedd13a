#!/usr/bin/env python3
"""Fills the expected first candidate per scheme of calls.txt from permissions.json.

An independent reading of the data (no code shared with the engine): a call's
candidates are the permissions whose pathSets list its method and its template (the
same template key: lower case, placeholders as {}, `Default.` dropped, `x({id})` as
`x/{id}`), ranked as README "Ranking" says (issue 10):
- the least flag for this method: a least= marker of a pathSet with one method counts;
  one of a pathSet with several methods counts only where no candidate has a lower
  access; for GET, a flagged read takes the flag from every write, and where only
  writes are flagged, the first read (by the ranking below) whose monotone level is no
  higher than the lowest flagged write's takes the flag;
- then access ReadBasic < Read < ReadWrite (and other writes) < Manage < FullControl;
- then privilegeLevel made monotone within a family (Resource.Access[.Scope]);
- then one resource before Directory.*;
- then narrow scope before none before .All, then the exact name;
- an Intune permission (DeviceManagement*) on a path with none of the device words,
  where another permission grants the call too, carries no marker (it passes to the
  first other candidate by the ranking), and ranks after every other candidate;
- a write (PATCH, PUT, DELETE) that a write permission grants has no read candidates,
  and a marker a read carried passes to the lowest write of its family;
- a /me call answered from a /users/{id} template: a marker on X.All passes to X.
Scheme entries without privilegeLevel and without a GUID (in provisioningInfo.json or
the descriptions) are placeholders: the same name + `.All`, or the name differing only
in case, stands in for them.
Usage: derive.py PERMISSIONS_JSON PROVISIONING_JSON DESCRIPTIONS_JSON < calls.txt > calls.tsv
"""
import json
import re
import sys

SCHEMES = ["DelegatedWork", "DelegatedPersonal", "Application"]


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


FAMILY_ACCESS = {"ReadBasic": 0, "Read": 1, "ReadWrite": 2, "Manage": 3, "FullControl": 4, "AccessAsUser": 4}


def access(name):
    parts = name.split(".")
    if "ReadBasic" in parts:
        return 0
    rank, read = 2, False
    for part in parts:
        if part in ("FullControl", "AccessAsUser", "Everything"):
            rank = 4
        elif part == "Manage":
            rank = max(rank, 3)
        elif part == "Read" or part.startswith("ReadFor"):
            read = True
    return 1 if read and rank == 2 else rank


def scope(name):
    parts = name.split(".")
    narrow = {"Selected", "OwnedBy", "Shared", "Chat", "Group", "Hidden", "CreatedByApp", "AppFolder", "Migrate"}
    if parts[-1] == "All":
        return 2
    if len(parts) >= 2 and parts[-1] in narrow:
        return 0
    return 1


DEVICE_WORDS = ["device", "managed", "mobile", "intune", "windows", "android", "ios", "macos",
                "compliance", "enrollment", "autopilot", "tenantattach"]


def off_resource(name, path):
    return name.startswith("DeviceManagement") and not any(word in path.lower() for word in DEVICE_WORDS)


def directory(name):
    return name.split(".")[0] == "Directory"


def family(name):
    parts = name.split(".")
    for index, part in enumerate(parts):
        if part in FAMILY_ACCESS and index > 0 and len(parts) <= index + 2:
            return (".".join(parts[:index]), parts[index + 1] if index + 1 < len(parts) else None), FAMILY_ACCESS[part]
    return None, None


def main():
    data = json.load(open(sys.argv[1]))["permissions"]
    guids = set()
    for deployments in json.load(open(sys.argv[2]))["permissionDeployments"].items():
        name, entries = deployments
        for entry in entries:
            if entry.get("id"):
                guids.add((name, entry["scheme"]))
    descriptions = json.load(open(sys.argv[3]))
    for entry in descriptions["delegatedScopesList"]:
        if entry.get("id"):
            guids.add((entry["value"], "DelegatedWork"))
            guids.add((entry["value"], "DelegatedPersonal"))
    for entry in descriptions["applicationScopesList"]:
        if entry.get("id"):
            guids.add((entry["value"], "Application"))

    def level(name, scheme):
        return data.get(name, {}).get("schemes", {}).get(scheme, {}).get("privilegeLevel")

    def placeholder(name, scheme):
        info = data.get(name, {}).get("schemes", {}).get(scheme)
        return info is not None and info.get("privilegeLevel") is None and (name, scheme) not in guids

    def real(name, scheme):
        def ok(other):
            return other != name and not placeholder(other, scheme) and (
                level(other, scheme) is not None or (other, scheme) in guids)
        if name + ".All" in data and ok(name + ".All"):
            return name + ".All"
        for other in data:
            if other.lower() == name.lower() and ok(other):
                return other
        return None

    families = {}
    for name in data:
        fam, acc = family(name)
        if fam is not None:
            families.setdefault(fam, []).append((acc, name))

    def monotone(name, scheme):
        own = level(name, scheme)
        fam, acc = family(name)
        if own is None or fam is None:
            return own
        below = [level(other, scheme) for other_acc, other in families[fam] if other_acc < acc]
        below = [b for b in below if b is not None]
        return max([own] + below)

    index = {}
    for name, permission in data.items():
        for path_set in permission.get("pathSets", []):
            multi = len(path_set["methods"]) > 1
            for path, value in path_set["paths"].items():
                least = []
                for part in value.split(";"):
                    if part.startswith("least="):
                        least = part[len("least="):].split(",")
                for method in path_set["methods"]:
                    entry = index.setdefault((method.upper(), key(path)), {})
                    for scheme in path_set["schemeKeys"]:
                        candidate = name
                        if placeholder(name, scheme):
                            candidate = real(name, scheme)
                            if candidate is None:
                                continue
                        flags = entry.setdefault(scheme, {}).setdefault(candidate, [False, False])
                        if scheme in least:
                            flags[1 if multi else 0] = True

    def first(method, template, scheme, signed_in=False):
        candidates = dict(index.get((method, key(template)), {}).get(scheme, {}))
        if not candidates:
            return None

        def base_rank(name):
            value = monotone(name, scheme)
            return (access(name), value if value is not None else 255, directory(name), scope(name), name)

        # An Intune permission on a path not about devices: its marker passes to the first
        # other candidate by the ranking.
        off = {name for name in candidates if off_resource(name, template)}
        if any(any(candidates[name]) for name in off):
            others = sorted((name for name in candidates if name not in off), key=base_rank)
            merged = [any(candidates[name][0] for name in off), any(candidates[name][1] for name in off)]
            if others:  # only where another permission grants the call
                for name in off:
                    candidates[name] = [False, False]
                heir = candidates[others[0]] = list(candidates[others[0]])
                heir[0] |= merged[0]
                heir[1] |= merged[1]
        # A write (PATCH, PUT, DELETE) that a write grants: reads are no candidates, and
        # their markers pass to the lowest write of their family.
        if method in ("PATCH", "PUT", "DELETE") and any(access(name) >= 2 for name in candidates):
            reads = [name for name in candidates if access(name) < 2]
            for read in reads:
                fam, _ = family(read)
                heirs = sorted((family(other)[1], other) for other in candidates
                               if access(other) >= 2 and fam is not None and family(other)[0] == fam)
                if heirs:
                    heir = candidates[heirs[0][1]] = list(candidates[heirs[0][1]])
                    heir[0] |= candidates[read][0]
                    heir[1] |= candidates[read][1]
            for read in reads:
                del candidates[read]
        flag = {}
        for name, (single, multi) in candidates.items():
            lower = any(access(other) < access(name) for other in candidates)
            flag[name] = single or (multi and not lower)
        def level_of(name):
            value = monotone(name, scheme)
            return value if value is not None else 255

        if method == "GET" and not any(flag[name] and access(name) < 2 for name in candidates):
            flagged = [monotone(name, scheme) for name in candidates if flag[name]]
            flagged = [value for value in flagged if value is not None]
            if flagged:
                reads = [name for name in candidates if access(name) < 2
                         and monotone(name, scheme) is not None and monotone(name, scheme) <= min(flagged)]
                if reads:
                    best = sorted(reads, key=lambda name: (name in off, access(name), level_of(name), directory(name),
                                                           scope(name), name))[0]
                    flag[best] = True
        if method == "GET" and any(flag[name] and access(name) < 2 for name in candidates):
            for name in candidates:
                if access(name) >= 2:
                    flag[name] = False

        # A /me call answered from a /users/{id} template: a marker on X.All passes to X.
        if signed_in:
            for name in list(candidates):
                if flag[name] and name.endswith(".All") and name[:-4] in candidates:
                    flag[name[:-4]] = True
                    flag[name] = False

        def rank(name):
            return (not flag[name], name in off) + base_rank(name)

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
            signed_in = is_me and not key(lookup_template).startswith("/me")
            name = first(lookup_method, lookup_template, scheme, signed_in)
            if name is None and is_me:
                users = "/users/{id}" + key(lookup_template)[len("/me"):]
                name = first(lookup_method, users, scheme, True)
            row.append(name or "-")
        print("\t".join([shape, method, url, lookup_template if " " not in template else template] + row))


main()
