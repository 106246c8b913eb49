"""Generate the kiosk's feedback sounds (a developer tool, not run by the kiosk).

The three sounds are synthesised from plain sine and square waves, so the repository owns them
outright (no third-party samples, no licence to track) and anyone can rebuild them byte for byte.
They must be told apart without looking at the screen, in a noisy gate:

* ``ok.wav``: a bright rising two-note chime (E6 → B6);
* ``attention.wav``: two identical mid beeps (A5), "look at the screen";
* ``refused.wav``: a low, rough buzz (a square wave at 150 Hz).

Output is 16-bit mono PCM WAV at 44.1 kHz, which QSoundEffect plays on every platform.

Usage::

    .venv/bin/python scripts/make_sounds.py [--out-dir assets/sounds]
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_RATE = 44_100
PEAK = 0.6
"""Loudest sample as a share of full scale: loud enough for a gate, no clipping."""

Wave = Callable[[float], float]
"""A waveform of phase (in cycles) with values in [-1, 1]."""


def sine(phase: float) -> float:
    return math.sin(2 * math.pi * phase)


def soft_square(phase: float) -> float:
    """A square wave with its corners rounded (odd harmonics up to the 9th): harsh, not shrill."""
    return sum(sine(phase * n) / n for n in (1, 3, 5, 7, 9)) * 4 / math.pi * 0.8


def chime(phase: float) -> float:
    """A sine with a little octave and twelfth, like a small bell."""
    return 0.75 * sine(phase) + 0.18 * sine(2 * phase) + 0.07 * sine(3 * phase)


def tone(
    frequency: float,
    seconds: float,
    waveform: Wave = sine,
    *,
    attack: float = 0.005,
    release: float = 0.03,
    decay_per_second: float = 0.0,
) -> list[float]:
    """One note with a click-free envelope: linear attack and release, optional decay."""
    count = round(seconds * SAMPLE_RATE)
    samples = []
    for index in range(count):
        t = index / SAMPLE_RATE
        envelope = min(1.0, t / attack, (seconds - t) / release) * math.exp(-decay_per_second * t)
        samples.append(waveform(frequency * t) * max(envelope, 0.0))
    return samples


def silence(seconds: float) -> list[float]:
    return [0.0] * round(seconds * SAMPLE_RATE)


def ok_sound() -> list[float]:
    return [
        *tone(1318.5, 0.11, chime, decay_per_second=6),
        *tone(1975.5, 0.26, chime, decay_per_second=9, release=0.08),
    ]


def attention_sound() -> list[float]:
    beep = tone(880.0, 0.12, sine, release=0.02)
    return [*beep, *silence(0.08), *beep]


def refused_sound() -> list[float]:
    return tone(150.0, 0.42, soft_square, attack=0.01, release=0.06, decay_per_second=1.5)


SOUNDS: dict[str, Callable[[], list[float]]] = {
    "ok": ok_sound,
    "attention": attention_sound,
    "refused": refused_sound,
}


def write_wav(path: Path, samples: Iterable[float]) -> None:
    """Write mono 16-bit PCM, scaled so the loudest sample reaches :data:`PEAK`."""
    values = list(samples)
    loudest = max((abs(v) for v in values), default=0.0) or 1.0
    scale = PEAK * 32767 / loudest
    frames = b"".join(struct.pack("<h", round(v * scale)) for v in values)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(frames)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out-dir", type=Path, default=REPO / "assets" / "sounds")
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        path = out_dir / f"{name}.wav"
        write_wav(path, make())
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
