"""The factory the wiring calls from the settings, and the printer test badge."""

from __future__ import annotations

import pytest

from kiosk.badges.sink import BadgeSink
from kiosk.core.errors import ConfigError
from kiosk.printers import BrotherQLSink, LabelSink, ZplSink, label_sink


def test_settings_pick_the_sink() -> None:
    """print_target brother_ql / zpl with printer, model and label give the right sink."""
    brother = label_sink("brother_ql", "tcp://10.0.0.9:9100", "QL-800", "62x100")
    assert isinstance(brother, BrotherQLSink)
    assert (brother.model, brother.label, brother.preset.name) == ("QL-800", "62x100", "ql62x100")
    zebra = label_sink("zpl", "usb://", "ZD421-300dpi", "4x3in")
    assert isinstance(zebra, ZplSink)
    assert zebra.preset.name == "4x3in@300"
    for sink in (brother, zebra):
        assert isinstance(sink, BadgeSink)
        assert isinstance(sink, LabelSink)
        assert sink.mono


def test_empty_model_and_label_take_the_defaults() -> None:
    """A fresh settings file (model and label empty) still gives a working sink."""
    brother = label_sink("brother_ql", "10.0.0.9", "", "")
    assert (brother.preset.name, brother.preset.size_px) == ("ql62x100", (696, 1109))
    assert label_sink("zpl", "10.0.0.9", "", "").preset.name == "4x3in@203"


def test_an_unknown_target_is_a_config_error() -> None:
    """A print_target that is no label printer is refused naming the ones that are."""
    with pytest.raises(ConfigError, match="brother_ql, zpl"):
        label_sink("escpos", "10.0.0.9")
