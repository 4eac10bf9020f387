"""`python -m artgen render` and `locate`: files written, bad input refused with nothing written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from artgen import load_campaign, render
from artgen.records import aggregate, load_campaign_records

from .conftest import REPO, SAMPLES


def artgen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "artgen", *args], cwd=REPO,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render") / "out"
    result = artgen("render", str(SAMPLES / "nakahara-school-garden-2022"), "--out", str(out),
                    "--size", "512", "--seed", "9")
    assert result.returncode == 0, result.stderr
    return out


def test_render_writes_the_artwork_and_its_pieces(rendered):
    pieces = json.loads((rendered / "pieces.json").read_text())
    campaign = load_campaign(SAMPLES / "nakahara-school-garden-2022")
    contributions = aggregate(load_campaign_records(campaign), campaign)
    art = render(contributions, width=512, height=512, seed=9, style=campaign.style,
                 campaign=campaign)
    assert (rendered / "artwork.png").read_bytes() == art.png_bytes()
    assert [p["participant"] for p in pieces] == [c.participant for c in contributions]
    for piece in pieces:
        assert set(piece) == {"participant", "bbox", "centroid", "area_px", "amount"}
        assert art.owner_at(*piece["centroid"]) == piece["participant"]


def test_locate_prints_bbox_and_centroid(rendered):
    piece = json.loads((rendered / "pieces.json").read_text())[3]
    result = artgen("locate", str(rendered), piece["participant"])
    assert result.returncode == 0, result.stderr
    x0, y0, x1, y1 = piece["bbox"]
    assert f"bbox {x0} {y0} {x1} {y1}" in result.stdout
    assert f"centroid {piece['centroid'][0]} {piece['centroid'][1]}" in result.stdout


def test_locate_unknown_participant_fails(rendered):
    result = artgen("locate", str(rendered), "nobody")
    assert result.returncode == 2
    assert "no participant 'nobody'" in result.stderr


def test_bad_records_exit_non_zero_and_write_nothing(tmp_path):
    campaign = tmp_path / "campaign"
    shutil.copytree(SAMPLES / "kawasaki-2021", campaign)
    lines = (campaign / "records.csv").read_text().splitlines(keepends=True)
    lines[5000] = "h-0001,2021-07-01,compost,abc,Asao-ku\n"
    (campaign / "records.csv").write_text("".join(lines))
    out = tmp_path / "out"
    result = artgen("render", str(campaign), "--out", str(out))
    assert result.returncode == 2
    assert "records.csv:5001: amount: 'abc' is not a number" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--size", "10"], "size must be 64 to 16384 px, not 10"),
    (["--seed", "-3"], "seed must be >= 0, not -3"),
    (["--style", "cubist"], "invalid choice: 'cubist'"),
])
def test_bad_options_are_refused(tmp_path, args, message):
    out = tmp_path / "out"
    result = artgen("render", str(SAMPLES / "kawasaki-2021"), "--out", str(out), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert not out.exists()


def test_missing_campaign_is_refused(tmp_path):
    result = artgen("render", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "nowhere" in result.stderr and "campaign.toml" in result.stderr


@pytest.mark.parametrize(("content", "profile", "expected"), [
    (b"hello world\n", "kubo-default", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"),
    (b"", "kubo-default", "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH"),
    (b"hello world", "unixfs-v1-2025",
     "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"),
])
def test_cid_prints_what_kubo_computes(tmp_path, content, profile, expected):
    path = tmp_path / "file"
    path.write_bytes(content)
    result = artgen("cid", str(path), "--profile", profile)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_cid_of_a_missing_file_fails(tmp_path):
    result = artgen("cid", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "nope: not a file" in result.stderr
