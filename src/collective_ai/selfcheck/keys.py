"""Finding, reading and checking answer keys.

An instructor writes ``exercises/keys/NAME.yaml`` (format: ``exercises/keys/README.md``);
the student edition ships ``keys/NAME.json`` (see :mod:`.encoding`). :func:`find_key`
looks in ``$COLLECTIVE_AI_KEYS`` first, then upward from the working directory, so a
notebook finds its key whether it runs from ``exercises/`` in the repository, from the repo
root, or from an unzipped student folder. The nearest key wins and YAML beats JSON in the
same folder, so a student folder inside the repo still uses its own encoded key.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import yaml

from collective_ai.errors import InputError
from collective_ai.selfcheck import encoding

ENV_VAR = "COLLECTIVE_AI_KEYS"
KINDS = ("number", "choice", "choices", "text")
_COMMON = {"kind", "hint", "explanation", "points"}
_FIELDS = {
    "number": _COMMON | {"answer", "tolerance"},
    "choice": _COMMON | {"answer", "options"},
    "choices": _COMMON | {"answer", "options", "partial"},
    "text": _COMMON | {"must_include", "min_words", "partial", "manual"},
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans only: ``answer: no`` stays the string "no", not False."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def candidate_dirs(*, start: Path | None = None) -> list[Path]:
    """Folders searched for ``NAME.yaml``/``NAME.json``, nearest first."""
    dirs = []
    if os.environ.get(ENV_VAR):
        dirs.extend(Path(p) for p in os.environ[ENV_VAR].split(os.pathsep) if p)
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        dirs.extend([folder / "keys", folder / "exercises" / "keys"])
    return dirs


def find_key(exercise: str, *, start: Path | None = None) -> Path:
    """The key file for ``exercise``; InputError saying where we looked if there is none."""
    if not _NAME.match(exercise):
        raise InputError(f"{exercise!r} is not an exercise name", field="question")
    here = (start or Path.cwd()).resolve()
    dirs = candidate_dirs(start=here)
    for folder in dirs:
        for suffix in (".yaml", ".json"):
            path = folder / f"{exercise}{suffix}"
            if path.is_file():
                return path
    raise InputError(
        f"no answer key for exercise {exercise!r}: looked for keys/{exercise}.yaml or "
        f"keys/{exercise}.json from {here} upward "
        f"(set {ENV_VAR} to the folder holding it)",
        field="question",
    )


def read_yaml_key(path: Path) -> dict[str, dict]:
    """Parse and validate an instructor's key; InputError names the question and field."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader
    except yaml.YAMLError as error:
        raise InputError(f"not valid YAML ({error})", field=path.name) from None
    if not isinstance(data, dict) or not data:
        raise InputError("expected a mapping of question ids (q1: ...)", field=path.name)
    return {
        str(qid): validate_question(spec, where=f"{path.name} {qid}") for qid, spec in data.items()
    }


def validate_question(spec: object, *, where: str) -> dict:
    """Check one question of a YAML key and return it unchanged."""
    if not isinstance(spec, dict):
        raise InputError("expected a mapping with kind, answer, hint ...", field=where)
    kind = spec.get("kind")
    if kind not in KINDS:
        raise InputError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}", field=where)
    unknown = sorted(set(spec) - _FIELDS[kind])
    if unknown:
        allowed = ", ".join(sorted(_FIELDS[kind]))
        raise InputError(f"unknown field(s) {', '.join(unknown)} (allowed: {allowed})", field=where)
    for text_field in ("hint", "explanation"):
        if text_field in spec and not isinstance(spec[text_field], str):
            raise InputError("must be text", field=f"{where}.{text_field}")
    for flag in ("partial", "manual"):
        if flag in spec and not isinstance(spec[flag], bool):
            raise InputError("must be true or false", field=f"{where}.{flag}")
    points = spec.get("points", 1)
    if not _is_number(points) or points < 0:
        raise InputError("points must be a number >= 0", field=f"{where}.points")
    min_words = spec.get("min_words", 0)
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
        raise InputError("min_words must be a whole number >= 0", field=f"{where}.min_words")
    _VALIDATORS[kind](spec, where)
    return spec


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _validate_number(spec: dict, where: str) -> None:
    if not _is_number(spec.get("answer")):
        raise InputError("answer must be a finite number", field=f"{where}.answer")
    tolerance = spec.get("tolerance", 0)
    if not _is_number(tolerance) or tolerance < 0:
        raise InputError("tolerance must be a number >= 0", field=f"{where}.tolerance")


def _text_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str | int) for v in value)


def _validate_options(spec: dict, where: str, answers: list) -> None:
    if "options" not in spec:
        return
    if not _text_list(spec["options"]):
        raise InputError("options must be a list of text", field=f"{where}.options")
    options = {encoding.normalise(o) for o in spec["options"]}
    missing = [a for a in answers if encoding.normalise(a) not in options]
    if missing:
        raise InputError(f"answer {missing[0]!r} is not among the options", field=f"{where}.answer")


def _validate_choice(spec: dict, where: str) -> None:
    if not isinstance(spec.get("answer"), str | int) or isinstance(spec.get("answer"), bool):
        raise InputError("answer must be one option (text)", field=f"{where}.answer")
    _validate_options(spec, where, [spec["answer"]])


def _validate_choices(spec: dict, where: str) -> None:
    if not _text_list(spec.get("answer")):
        raise InputError("answer must be a non-empty list of options", field=f"{where}.answer")
    _validate_options(spec, where, spec["answer"])


def _validate_text(spec: dict, where: str) -> None:
    items = spec.get("must_include")
    if not isinstance(items, list) or not items:
        raise InputError("must_include must be a non-empty list", field=f"{where}.must_include")
    for i, item in enumerate(items, start=1):
        alternatives = [item] if isinstance(item, str) else item
        if not _text_list(alternatives) or not all(encoding.words(str(a)) for a in alternatives):
            raise InputError(
                "each item is a word or a list of alternative words",
                field=f"{where}.must_include[{i}]",
            )


_VALIDATORS = {
    "number": _validate_number,
    "choice": _validate_choice,
    "choices": _validate_choices,
    "text": _validate_text,
}


def read_bundle(path: Path) -> dict[str, dict]:
    """Parse a student-edition key file (the encoded JSON)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"not a readable key file ({error})", field=path.name) from None
    if not isinstance(data, dict) or data.get("format") != encoding.FORMAT:
        raise InputError(f"not a {encoding.FORMAT} key file", field=path.name)
    return {str(qid): q for qid, q in data["questions"].items()}


_CACHE: dict[tuple[Path, float], dict[str, dict]] = {}


def load_key(exercise: str, *, start: Path | None = None) -> dict[str, dict]:
    """Encoded questions of ``exercise``, cached until the key file changes."""
    path = find_key(exercise, start=start)
    stamp = (path, path.stat().st_mtime)
    if stamp not in _CACHE:
        if path.suffix == ".yaml":
            questions = read_yaml_key(path)
            _CACHE[stamp] = encoding.encode_key(
                questions, exercise=exercise, seed=path.read_bytes()
            )["questions"]
        else:
            _CACHE[stamp] = read_bundle(path)
    return _CACHE[stamp]
