#!/usr/bin/env python3
"""schema_check.py - validates JSON documents against ecsim's scenario schema
with a real JSON Schema validator (the jsonschema module), for
tests/unit/test_schema.c.

usage: schema_check.py SCHEMA CASES OUT

SCHEMA is what 'ecsim schema' prints.  CASES holds one case a line, a JSON
array [POINTER, DOCUMENT]: DOCUMENT is checked against the part of the
schema at the JSON pointer POINTER ("" for the whole schema, e.g.
"/properties/services" for the value of "services").  OUT gets one line a
case, in order: "ok", or "invalid: " and the validator's first message.

Exit status: 0 when every case was checked (valid or not), 1 when SCHEMA is
not a valid draft 2020-12 schema, 3 when the jsonschema module is missing.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("the Python module jsonschema is missing (Debian: python3-jsonschema)")
    sys.exit(3)


def part(schema, pointer):
    node = schema
    for token in pointer.split("/")[1:]:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    if node is schema:
        return schema
    return dict(node, **{"$defs": schema["$defs"]})


def main():
    schema_file, cases_file, out_file = sys.argv[1:4]
    with open(schema_file) as f:
        schema = json.load(f)
    cls = jsonschema.Draft202012Validator
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print("not a valid draft 2020-12 schema: %s" % e.message)
        return 1
    validators = {}
    with open(cases_file) as f, open(out_file, "w") as out:
        for line in f:
            pointer, doc = json.loads(line)
            if pointer not in validators:
                validators[pointer] = cls(part(schema, pointer))
            error = jsonschema.exceptions.best_match(validators[pointer].iter_errors(doc))
            if error is None:
                out.write("ok\n")
            else:
                where = "$" + "".join("[%d]" % p if isinstance(p, int) else "." + p
                                      for p in error.absolute_path)
                out.write("invalid: %s: %s\n" % (where, error.message[:300].replace("\n", " ")))
    return 0


sys.exit(main())
