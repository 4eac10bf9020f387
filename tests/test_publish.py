"""publish, verify and prove: what is pinned is reproducible, private data stays private,
and tampering with any published byte, amount or proof step is caught and described."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from eth_abi import encode as abi_encode
from eth_utils import keccak

from artgen import RENDERER_VERSION, unixfs
from artgen.dataset import commitment, load_dataset
from artgen.multiformats import CID
from artgen.verify import read_folder
from auction.ipfs import LocalBlockStore

from .conftest import REPO, SAMPLES

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "erc721-metadata.schema.json").read_text())
SCHOOL = SAMPLES / "nakahara-school-garden-2022"


def artgen(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("IPFS_", "KUBO_"))}
    environment |= {"DATA_DIR": str(data_dir), **env}
    return subprocess.run([sys.executable, "-m", "artgen", *args], cwd=REPO, env=environment,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path, str]:
    """The school sample published once at 384 px: (folder, data dir, directory CID)."""
    base = tmp_path_factory.mktemp("publish")
    out, data = base / "pub", base / "data"
    result = artgen("publish", str(SCHOOL), "--out", str(out), "--size", "384", data_dir=data)
    assert result.returncode == 0, result.stderr
    return out, data, result.stdout.strip().splitlines()[-1]


def tampered_copy(published_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(published_dir, copy, ignore=shutil.ignore_patterns("private"))
    assert not (copy / "private").exists()
    return copy


def failures(output: str) -> dict[str, str]:
    return dict(re.findall(r"^FAIL  ([^:]+): (.*)$", output, re.M))


def test_publish_prints_the_directory_cid_of_exactly_the_public_files(published):
    out, data, cid = published
    names = ["artwork.dzi", "artwork.png", "artwork_files", "dataset.json", "metadata.json"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names + ["private"])
    assert sorted(p.name for p in (out / "private").iterdir()) == [
        "owner.npz", "participants.json", "pieces.json", "salts.json"]
    files = {name: read_folder(out / name) for name in names}
    assert cid == str(unixfs.add_directory(files).cid)
    assert cid.startswith("Qm")
    store = LocalBlockStore(data / "ipfs")
    assert store.is_pinned(CID.parse(cid))
    tree = unixfs.read_tree(CID.parse(cid), store.get_block)
    assert sorted(tree) == names  # private/ is never part of what is published
    assert tree["artwork.png"] == files["artwork.png"]
    assert tree["artwork_files"] == files["artwork_files"]


def test_published_files_name_no_participant_and_no_salt(published):
    out, _, _ = published
    private = json.loads((out / "private" / "participants.json").read_text())["participants"]
    public = "".join((out / n).read_text(errors="replace") for n in ("dataset.json", "metadata.json"))
    for participant, entry in private.items():
        assert participant not in public
        assert entry["salt"][2:] not in public
        # A participant can recompute their public commitment from their id and salt.
        expected = keccak(abi_encode(["string", "bytes32"],
                                     [participant, bytes.fromhex(entry["salt"][2:])]))
        assert entry["commitment"] == "0x" + expected.hex()
    assert oct((out / "private" / "salts.json").stat().st_mode & 0o777) == "0o600"


def test_metadata_follows_erc721_and_opensea(published):
    out, _, _ = published
    metadata = json.loads((out / "metadata.json").read_text())
    jsonschema.validate(metadata, SCHEMA)
    traits = {a["trait_type"]: a["value"] for a in metadata["attributes"]}
    dataset = load_dataset(out / "dataset.json")
    assert traits["Participants"] == len(dataset.pieces) == 40
    assert traits["Total (kg)"] == pytest.approx(sum(p.amount for p in dataset.pieces))
    assert traits["Merkle root"] == dataset.tree().root
    assert traits["Dataset"] == f"ipfs://{unixfs.add_bytes((out / 'dataset.json').read_bytes()).cid}"
    assert metadata["image"] == f"ipfs://{unixfs.add_bytes((out / 'artwork.png').read_bytes()).cid}"
    assert {"Style", "Seed", "Renderer", "CO2e source", "Campaign start"} <= set(traits)


@pytest.mark.parametrize("bad", [
    {"image": "https://example.org/a.png"},
    {"background_color": "#2A1D14"},
    {"attributes": [{"trait_type": "Seed", "value": "7", "display_type": "number"}]},
])
def test_schema_refuses_what_marketplaces_cannot_read(published, bad):
    out, _, _ = published
    metadata = json.loads((out / "metadata.json").read_text()) | bad
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(metadata, SCHEMA)


def test_verify_passes_on_the_published_folder_and_by_cid(published):
    out, data, cid = published
    result = artgen("verify", str(out), "--cid", cid, data_dir=data)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 of 7 checks passed" in result.stdout
    assert "byte-identical to a re-render" in result.stdout
    result = artgen("verify", cid, data_dir=data)
    assert result.returncode == 0, result.stdout + result.stderr


def test_republishing_keeps_commitments_and_cids(published, tmp_path):
    out, data, cid = published
    again = tmp_path / "again"
    shutil.copytree(out / "private", again / "private")
    result = artgen("publish", str(SCHOOL), "--out", str(again), "--size", "384", data_dir=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == cid


def test_one_byte_of_the_png_changed_is_caught(published, tmp_path):
    copy = tampered_copy(published[0], tmp_path)
    png = bytearray((copy / "artwork.png").read_bytes())
    png[len(png) // 2] ^= 0x01
    (copy / "artwork.png").write_bytes(bytes(png))
    result = artgen("verify", str(copy), data_dir=published[1])
    assert result.returncode == 1
    failed = failures(result.stdout)
    assert set(failed) == {"image CID", "re-render"}  # the tiles come from the pixels: intact
    assert "but metadata.json says ipfs://Qm" in failed["image CID"]
    assert "artwork.png is not a readable PNG" in failed["re-render"]
    assert f"1 byte(s) differ, first at offset {len(png) // 2}" in failed["re-render"]


def test_one_amount_changed_in_the_dataset_is_caught(published, tmp_path):
    copy = tampered_copy(published[0], tmp_path)
    body = json.loads((copy / "dataset.json").read_text())
    body["pieces"][7]["amount"] = round(body["pieces"][7]["amount"] + 5.0, 1)
    (copy / "dataset.json").write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n")
    result = artgen("verify", str(copy), data_dir=published[1])
    assert result.returncode == 1
    failed = failures(result.stdout)
    assert set(failed) == {"dataset CID", "Merkle root", "records hash", "re-render",
                           "deep-zoom tiles"}
    assert f"dataset.json states {body['merkle']['root']}" in failed["Merkle root"]
    assert re.search(r"\d+ pixel\(s\) differ from the re-render, first at \(\d+, \d+\)",
                     failed["re-render"])


def test_a_dataset_from_another_renderer_version_is_named_not_diffed(published, tmp_path):
    copy = tampered_copy(published[0], tmp_path)
    body = json.loads((copy / "dataset.json").read_text())
    assert body["art"]["renderer"] == RENDERER_VERSION
    body["art"]["renderer"] = "artgen-render/0"
    (copy / "dataset.json").write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n")
    result = artgen("verify", str(copy), data_dir=published[1])
    assert result.returncode == 1
    failed = failures(result.stdout)
    assert set(failed) == {"dataset CID", "re-render"}
    assert failed["re-render"] == (f"dataset.json was made by renderer artgen-render/0, this is "
                                   f"{RENDERER_VERSION}: verify with the artgen release that "
                                   "made it")


def test_changing_any_amount_changes_the_root(published):
    dataset = load_dataset(published[0] / "dataset.json")
    root = dataset.tree().root
    for index in (0, 17, 39):
        pieces = list(dataset.pieces)
        p = pieces[index]
        pieces[index] = type(p)(p.participant, p.amount + 0.001, p.activities, p.months,
                                p.first_date, p.district)
        assert type(dataset)(dataset.campaign, dataset.art, tuple(pieces)).tree().root != root


def test_prove_accepts_the_participants_proof_and_names_a_tampered_sibling(published, tmp_path):
    out, data, _ = published
    entry = next(iter(json.loads((out / "private" / "participants.json").read_text())
                      ["participants"].values()))
    good = tmp_path / "proof.json"
    good.write_text(json.dumps(entry))
    result = artgen("prove", str(out), "--commitment", entry["commitment"], "--proof", str(good),
                    data_dir=data)
    assert result.returncode == 0, result.stdout
    assert "2 of 2 checks passed" in result.stdout
    sibling = entry["proof"][2]
    entry["proof"][2] = sibling[:-1] + ("1" if sibling[-1] == "0" else "0")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(entry))
    result = artgen("prove", str(out), "--commitment", entry["commitment"], "--proof", str(bad),
                    data_dir=data)
    assert result.returncode == 1
    assert f"step 2 is {entry['proof'][2]}, but the sibling at that level is {sibling}" \
        in failures(result.stdout)["inclusion proof"]


def test_prove_unknown_commitment_fails(published):
    out, data, _ = published
    result = artgen("prove", str(out), "--commitment", commitment("nobody", "0x" + "11" * 32),
                    data_dir=data)
    assert result.returncode == 1
    assert "no piece with commitment" in result.stdout


def test_publish_with_the_2025_profile_gives_cidv1_and_verifies(tmp_path):
    out = tmp_path / "pub"
    result = artgen("publish", str(SCHOOL), "--out", str(out), "--size", "256", "--profile",
                    "unixfs-v1-2025", data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    cid = result.stdout.strip().splitlines()[-1]
    assert cid.startswith("bafy")
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["image"].startswith("ipfs://bafk")  # one raw block: the PNG is under 1 MiB
    result = artgen("verify", str(out), "--cid", cid, data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stdout


def test_publish_with_bad_records_writes_and_pins_nothing(tmp_path):
    campaign = tmp_path / "campaign"
    shutil.copytree(SCHOOL, campaign)
    body = json.loads((campaign / "records.json").read_text())
    rows = body["records"] if isinstance(body, dict) else body
    rows[3]["date"] = "2031-01-01"
    (campaign / "records.json").write_text(json.dumps(body, indent=1))
    result = artgen("publish", str(campaign), "--out", str(tmp_path / "pub"), data_dir=tmp_path / "d")
    assert result.returncode == 2
    assert "records.json:" in result.stderr and "date: 2031-01-01 is outside the campaign" in result.stderr
    assert not (tmp_path / "pub").exists()
    assert not (tmp_path / "d" / "ipfs").exists() or not LocalBlockStore(tmp_path / "d" / "ipfs").pins()


def test_publish_to_a_kubo_daemon_that_is_down_fails_clearly_and_pins_nothing(tmp_path):
    result = artgen("publish", str(SCHOOL), "--out", str(tmp_path / "pub"), "--size", "128",
                    data_dir=tmp_path / "d", IPFS_BACKEND="kubo",
                    KUBO_API="/ip4/127.0.0.1/tcp/9")
    assert result.returncode == 2
    assert "127.0.0.1" in result.stderr or "Kubo" in result.stderr
    store = tmp_path / "d" / "ipfs"
    assert not store.exists() or not LocalBlockStore(store).pins()
