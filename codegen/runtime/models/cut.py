"""Writes the models of the services the client's credential providers call, cut down to the
operations they call and the shapes those reach, with their endpoint rule sets, from botocore's
data directory (tests/corpus/fetch.sh unpacks the pinned one), without the errors the operations
list:

    python3 codegen/runtime/models/cut.py "$(bash tests/corpus/fetch.sh)"

then `cargo xtask codegen` writes their modules into codegen/runtime/src/client/credentials/services/.
"""
import gzip
import json
import pathlib
import sys

# Shapes marked `sensitive` here, which botocore's models leave unmarked, so that no `Debug` of
# the generated types shows them: STS's session tokens.
SENSITIVE = {"sts": ["tokenType"]}

SERVICES = {
    "sts": ("2011-06-15", ["AssumeRole", "AssumeRoleWithWebIdentity"]),
    "sso": ("2019-06-10", ["GetRoleCredentials"]),
    "sso-oidc": ("2019-06-10", ["CreateToken"]),
}


def read(path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as file:
        return json.load(file)


def references(value, found):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "shape" and isinstance(inner, str):
                found.append(inner)
            else:
                references(inner, found)
    elif isinstance(value, list):
        for inner in value:
            references(inner, found)


def cut(model, operations):
    # The providers read an error only as the service's code and message (its type would add
    # a typed reader per exception that nothing calls), so the operations list none.
    kept = {
        name: {k: v for k, v in model["operations"][name].items() if k != "errors"}
        for name in operations
    }
    pending, reached = [], set()
    references(kept, pending)
    while pending:
        name = pending.pop()
        if name not in reached:
            reached.add(name)
            references(model["shapes"][name], pending)
    model["operations"] = kept
    model["shapes"] = {k: v for k, v in model["shapes"].items() if k in reached}
    return model


def main():
    data = pathlib.Path(sys.argv[1])
    here = pathlib.Path(__file__).parent
    for name, (version, operations) in SERVICES.items():
        source = data / name / version
        model = cut(read(next(source.glob("service-2.json*"))), operations)
        for shape in SENSITIVE.get(name, []):
            model["shapes"][shape]["sensitive"] = True
        rules = read(next(source.glob("endpoint-rule-set-1.json*")))
        (here / f"{name}.json").write_text(json.dumps(model, indent=1, sort_keys=True) + "\n")
        (here / f"{name}.endpoint-rule-set.json").write_text(
            json.dumps(rules, indent=1, sort_keys=True) + "\n"
        )


main()
