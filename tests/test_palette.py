from matplotlib.colors import to_rgb

from collective_ai.palette import GROUP_COLOURS, group_style


def _luminance(hex_colour):
    r, g, b = to_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_first_two_groups_differ_in_lightness_for_greyscale_print():
    assert abs(_luminance(GROUP_COLOURS[0]) - _luminance(GROUP_COLOURS[1])) > 0.2


def test_groups_also_differ_by_hatch_and_linestyle():
    first, second = group_style(0), group_style(1)
    assert first["hatch"] != second["hatch"]
    assert first["linestyle"] != second["linestyle"]


def test_styles_cycle():
    assert group_style(len(GROUP_COLOURS))["color"] == group_style(0)["color"]
