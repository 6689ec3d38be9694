"""collective_ai.selfcheck: feedback for learners, from a plain or an encoded key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from collective_ai.errors import InputError
from collective_ai.selfcheck import check, encoding, keys, last_result

REPO = Path(__file__).resolve().parents[1]

DEMO_KEY = """\
q1:
  kind: number
  answer: 0.75
  tolerance: 0.005
  hint: "Divide the lower selection rate by the higher one."
  explanation: "0.30 / 0.40 = 0.75, under the four-fifths line."
q2: {kind: choice, answer: "b", options: ["a", "b", "c"], hint: "Look at the line."}
q3: {kind: choices, answer: ["a", "c"], options: ["a", "b", "c", "d"], hint: "Two apply."}
q4:
  kind: text
  must_include: ["review", ["ability", "skill"], "human oversight"]
  hint: "Say who checks the decision, what is measured and who watches."
q5: {kind: choice, answer: no, options: [yes, no]}
q6: {kind: number, answer: 12}
"""


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """A folder with keys/demo.yaml, as the working directory."""
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "demo.yaml").write_text(DEMO_KEY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(keys.ENV_VAR, raising=False)
    return tmp_path


@pytest.fixture
def student(demo):
    """The same key, encoded as the student edition ships it, and no YAML anywhere."""
    yaml_path = demo / "keys" / "demo.yaml"
    bundle = encoding.encode_key(
        keys.read_yaml_key(yaml_path), exercise="demo", seed=yaml_path.read_bytes()
    )
    yaml_path.unlink()
    (demo / "keys" / "demo.json").write_text(json.dumps(bundle), encoding="utf-8")
    return demo


@pytest.fixture(params=["master", "student"])
def edition(request):
    return request.getfixturevalue("demo" if request.param == "master" else "student")


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        (0.75, True),
        (0.7549, True),
        (0.7451, True),
        (0.745, True),  # inclusive at both ends, despite binary rounding
        (0.755, True),
        (0.756, False),
        (0.744, False),
        (3 / 4, True),
    ],
)
def test_number_within_absolute_tolerance(edition, answer, correct):
    assert check("demo:q1", answer).correct is correct


def test_number_accepts_numbers_and_numpy_but_not_text(edition):
    assert check("demo:q1", 36 / 48).correct
    assert check("demo:q1", "0.75").status == "invalid"  # grading would not read it either
    assert check("demo:q1", np.float64(0.751)).correct
    assert check("demo:q6", 12).correct
    assert not check("demo:q6", 12.001).correct  # no tolerance given: exact


def test_wrong_number_shows_hint_not_explanation(edition):
    result = check("demo:q1", 0.8)
    assert result.status == "incorrect"
    assert result.hint == "Divide the lower selection rate by the higher one."
    assert result.explanation == ""
    assert "Hint: Divide" in repr(result)


def test_right_number_shows_explanation(edition):
    result = check("demo:q1", 0.75)
    assert result.explanation == "0.30 / 0.40 = 0.75, under the four-fifths line."
    assert result.hint == ""
    assert bool(result) is True


@pytest.mark.parametrize(
    ("answer", "correct"), [("b", True), ("B", True), (" b ", True), ("a", False)]
)
def test_choice_is_case_insensitive(edition, answer, correct):
    assert check("demo:q2", answer).correct is correct


def test_choice_outside_options_names_them(edition):
    result = check("demo:q2", "d")
    assert result.status == "invalid"
    assert "not one of the options: a, b, c" in result.message


def test_yaml_no_stays_a_word(edition):
    assert check("demo:q5", "No").correct
    assert not check("demo:q5", "yes").correct


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        (["a", "c"], True),
        (["C", "a"], True),
        ({"c", "a"}, True),
        ("c, a", True),
        (["a", "c", "c"], True),
        (["a"], False),
        (["a", "b", "c"], False),
    ],
)
def test_choices_are_a_set(edition, answer, correct):
    assert check("demo:q3", answer).correct is correct


def test_choices_feedback_counts_picks(edition):
    assert check("demo:q3", ["a", "b", "c"]).message == (
        "2 of your 3 picks belong; the full answer has 2."
    )
    assert check("demo:q3", ["a"]).message == "1 of your 1 picks belong; the full answer has 2."


@pytest.mark.parametrize(
    ("answer", "covered"),
    [
        ("A union review of each skill, with human oversight.", 3),
        ("Reviews of abilities under Human Oversight!", 3),  # plural and case
        ("A review with human oversight.", 2),
        (
            "Oversight by a human, reviewed for skill.",
            1,
        ),  # phrase order matters, 'reviewed' is not 'review'
        ("", None),
    ],
)
def test_text_must_include_each_item(edition, answer, covered):
    result = check("demo:q4", answer)
    if covered is None:
        assert result.status == "unanswered"
    elif covered == 3:
        assert result.correct
    else:
        assert result.message == f"Your answer covers {covered} of the 3 points the key looks for."


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("demo:q1", "abc", "Expected one number, such as 0.75; got str 'abc'."),
        ("demo:q1", "75%", "Give a share of 1 without quotes or a % sign: 24% is 0.24."),
        ("demo:q1", "0,75", "Write 0.75, with a decimal point and no quotes."),
        ("demo:q1", "36/48", "Write 36/48 without quotes, so Python works it out."),
        ("demo:q1", " 0.75 ", "Write 0.75 without quotes: text in quotes is not a number."),
        ("demo:q1", [0.75, 0.8], "Expected one number"),
        ("demo:q1", float("nan"), "Expected one number"),
        ("demo:q1", True, "Expected one number"),
        ("demo:q2", ["b"], "Expected one option as text"),
        ("demo:q3", 7, "Expected a list of options"),
        ("demo:q3", [], "Expected a list of options"),
        ("demo:q4", 42, "Expected your answer as text in quotes"),
    ],
)
def test_malformed_answer_is_a_message_not_an_exception(edition, question, answer, expected):
    result = check(question, answer)
    assert result.status == "invalid"
    assert not result.correct
    assert expected in result.message
    assert result.hint == ""


def test_a_percentage_for_a_rate_gets_a_hint(edition):
    result = check("demo:q1", 75)
    assert result.status == "incorrect"
    assert "looks like a percentage" in result.message


@pytest.mark.parametrize(
    ("placeholder", "todo"),
    [
        (..., "Replace ... with your answer"),
        (None, "Replace ... with your answer"),
        ("   ", "Write your answer between the quotes"),
    ],
)
def test_placeholder_is_unanswered(edition, placeholder, todo):
    result = check("demo:q1", placeholder)
    assert result.status == "unanswered"
    assert result.message == f"{todo}, then run the cell again."


def test_unknown_question_lists_the_known_ones(edition):
    result = check("demo:q9", 1)
    assert result.status == "error"
    assert result.message == "demo has no question 'q9'; it has q1, q2, q3, q4, q5, q6"


@pytest.mark.parametrize("question", ["q1", "demo:q1:x", 7, None])
def test_badly_named_question(edition, question):
    result = check(question, 1)
    assert result.status == "error"
    assert "'exercise:question'" in result.message


def test_missing_key_says_where_it_looked(demo):
    result = check("nothere:q1", 1)
    assert result.status == "error"
    assert "keys/nothere.yaml" in result.message
    assert str(demo) in result.message


def test_key_found_from_a_subfolder_and_exercises_keys(tmp_path, monkeypatch):
    monkeypatch.delenv(keys.ENV_VAR, raising=False)
    (tmp_path / "exercises" / "keys").mkdir(parents=True)
    (tmp_path / "exercises" / "keys" / "demo.yaml").write_text(DEMO_KEY, encoding="utf-8")
    (tmp_path / "notebooks" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "notebooks" / "deep")
    assert check("demo:q2", "b").correct


def test_env_var_points_at_the_keys(tmp_path, monkeypatch):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "demo.yaml").write_text(DEMO_KEY, encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setenv(keys.ENV_VAR, str(tmp_path / "elsewhere"))
    assert check("demo:q2", "b").correct


def test_nearest_key_wins(student, monkeypatch):
    """A student folder inside the repo uses its own encoded key, not a master above it."""
    inner = student / "student" / "demo"
    (inner / "keys").mkdir(parents=True)
    (inner / "keys" / "demo.json").write_text(
        json.dumps(
            encoding.encode_key({"q1": {"kind": "number", "answer": 2}}, exercise="demo", seed=b"x")
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(inner)
    assert check("demo:q1", 2).correct


def test_bundle_holds_no_answer_in_plain_text(student):
    text = (student / "keys" / "demo.json").read_text(encoding="utf-8")
    for plain in [
        "0.75",
        "review",
        "ability",
        "skill",
        "oversight",
        "0.30 / 0.40",
        '"answer": "b"',
    ]:
        assert plain not in text
    data = json.loads(text)
    assert data["notice"].endswith("it is not security.")
    assert "must_include" in data["questions"]["q4"]  # hashed alternatives, not words


def test_bundle_is_stable_across_builds(demo):
    path = demo / "keys" / "demo.yaml"
    first = encoding.encode_key(keys.read_yaml_key(path), exercise="demo", seed=path.read_bytes())
    again = encoding.encode_key(keys.read_yaml_key(path), exercise="demo", seed=path.read_bytes())
    assert first == again
    assert first["questions"]["q1"]["salt"] != first["questions"]["q2"]["salt"]


def test_edited_key_is_reloaded(demo):
    assert check("demo:q6", 12).correct
    path = demo / "keys" / "demo.yaml"
    path.write_text(DEMO_KEY.replace("answer: 12", "answer: 13"), encoding="utf-8")
    import os

    os.utime(path, (1, 1))
    assert check("demo:q6", 13).correct


@pytest.mark.parametrize(
    ("yaml_text", "field"),
    [
        ("q1: {kind: number, answer: 1, tolerence: 0.1}", "demo.yaml q1"),
        ("q1: {kind: number, answer: high}", "demo.yaml q1.answer"),
        ("q1: {kind: number, answer: 1, tolerance: -1}", "demo.yaml q1.tolerance"),
        ("q1: {kind: guess, answer: 1}", "demo.yaml q1"),
        ("q1: {kind: choice, answer: d, options: [a, b]}", "demo.yaml q1.answer"),
        ("q1: {kind: choices, answer: []}", "demo.yaml q1.answer"),
        ("q1: {kind: text, must_include: [review, []]}", "demo.yaml q1.must_include[2]"),
        ("q1: {kind: text, must_include: ['...']}", "demo.yaml q1.must_include[1]"),
        ("q1: {kind: choice, answer: a, hint: [x]}", "demo.yaml q1.hint"),
        ("- just a list", "demo.yaml"),
        ("q1: {kind: number", "demo.yaml"),
    ],
)
def test_bad_key_names_the_field(tmp_path, yaml_text, field):
    path = tmp_path / "demo.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        keys.read_yaml_key(path)
    assert caught.value.field == field


def test_bad_key_reaches_the_learner_as_a_message(demo):
    (demo / "keys" / "broken.yaml").write_text("q1: {kind: number, answer: high}", encoding="utf-8")
    result = check("broken:q1", 1)
    assert result.status == "error"
    assert "tell your instructor" in result.message
    assert "q1.answer" in result.message


def test_html_escapes_and_does_not_rely_on_colour(tmp_path, monkeypatch):
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "x.yaml").write_text(
        'q1: {kind: choice, answer: a, hint: "<b>bold</b> & co"}', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    html = check("x:q1", "z")._repr_html_()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html
    assert "<b>" not in html
    assert "Not yet" in html
    assert "role='status'" in html


def test_last_result_is_remembered_for_the_grader(demo):
    check("demo:q2", "a")
    check("demo:q2", "b")
    assert last_result("demo:q2").correct
    assert last_result("demo:never-checked") is None


@pytest.mark.parametrize("path", sorted((REPO / "exercises" / "keys").glob("*.yaml")), ids=str)
def test_every_exercise_key_is_valid(path):
    questions = keys.read_yaml_key(path)
    assert questions, path


@pytest.mark.parametrize(
    "master", sorted((REPO / "exercises").glob("*.ipynb")), ids=lambda p: p.stem
)
def test_every_question_a_master_checks_is_in_its_key(master):
    """A typo in check("NAME:qN") or a missing key entry is caught before a learner sees it."""
    nb = json.loads(master.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    checked = set(re.findall(r"""check\(\s*["']([\w.-]+):([\w.-]+)["']""", code))
    if not checked:
        pytest.skip(f"{master.name} has no self-checks yet")
    assert {name for name, _ in checked} == {master.stem}
    key = keys.read_yaml_key(REPO / "exercises" / "keys" / f"{master.stem}.yaml")
    assert {qid for _, qid in checked} == set(key)
