#!/usr/bin/env python3
"""Validates pack.json files against data/schema/pack.schema.json with the jsonschema package (Draft 2020-12,
formats checked), and optionally each deliberately broken variant of the first file.

    validate_packs.py SCHEMA PACK.json... [--variants broken-variants.json]

Prints one JSON object per line: {"file": ..., "variant": ..., "valid": bool, "error": "..."}; exits 0 when it
could run (the caller judges the results), 2 on a usage error.
"""
import copy
import json
import sys

import jsonschema


def pointer_parts(path):
    return [part.replace("~1", "/").replace("~0", "~") for part in path.lstrip("/").split("/")]


def apply(document, mutation):
    result = copy.deepcopy(document)
    *parents, last = pointer_parts(mutation["path"])
    node = result
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    key = int(last) if isinstance(node, list) else last
    if mutation["op"] == "remove":
        del node[key]
    else:
        node[key] = mutation["value"]
    return result


def main(argv):
    args = list(argv[1:])
    variants = []
    if "--variants" in args:
        index = args.index("--variants")
        with open(args[index + 1], encoding="utf-8") as handle:
            variants = json.load(handle)
        del args[index : index + 2]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    def report(file, variant, document):
        error = jsonschema.exceptions.best_match(validator.iter_errors(document))
        message = None if error is None else "/" + "/".join(map(str, error.absolute_path)) + ": " + error.message
        print(json.dumps({"file": file, "variant": variant, "valid": error is None, "error": message}))

    documents = []
    for path in args[1:]:
        with open(path, encoding="utf-8") as handle:
            documents.append((path, json.load(handle)))
    for path, document in documents:
        report(path, None, document)
    for mutation in variants:
        report(documents[0][0], mutation["name"], apply(documents[0][1], mutation))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
