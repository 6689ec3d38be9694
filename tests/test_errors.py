from collective_ai.errors import InputError


def test_message_names_column_and_row():
    error = InputError("not a yes/no value: 'maybe'", column="selected", row=14)
    assert str(error) == "column 'selected', row 14: not a yes/no value: 'maybe'"
    assert (error.column, error.row, error.field) == ("selected", 14, None)


def test_message_names_field():
    assert str(InputError("required", field="employer")) == "field 'employer': required"


def test_plain_message():
    error = InputError("the file is empty")
    assert str(error) == "the file is empty"
