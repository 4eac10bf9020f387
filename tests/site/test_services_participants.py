"""Participant links and "whose piece is this", checked against the published private files and a
fresh render of the public dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from artgen.dataset import LEAF_ENCODING, load_dataset, weight
from artgen.merkle import StandardMerkleTree
from artgen.publish import render_dataset
from auction.site import NotFound, Site


def _private(site: Site, campaign_id: str, name: str) -> object:
    return json.loads((site.config.publish_root / campaign_id / "private" / name).read_text())


def test_every_participant_has_one_unguessable_link(site: Site, campaign_id: str) -> None:
    links = site.participant_links(campaign_id)
    participants = _private(site, campaign_id, "participants.json")["participants"]  # type: ignore[index]
    assert set(links) == set(participants)
    assert len(set(links.values())) == len(links)
    assert all(len(token) == 32 for token in links.values())  # token_urlsafe(24): 192 random bits


def test_participant_page_matches_the_private_files(site: Site, campaign_id: str) -> None:
    participants = _private(site, campaign_id, "participants.json")["participants"]  # type: ignore[index]
    pieces = {row["participant"]: row for row in _private(site, campaign_id, "pieces.json")}  # type: ignore[union-attr]
    for participant, token in site.participant_links(campaign_id).items():
        view = site.participant(token)
        secret, piece = participants[participant], pieces[participant]
        assert (view.participant, view.campaign_id) == (participant, campaign_id)
        assert (view.commitment, view.salt, list(view.proof)) == (secret["commitment"], secret["salt"], secret["proof"])
        assert (list(view.bbox), list(view.centroid), view.area_px, view.amount) == (
            piece["bbox"], piece["centroid"], piece["area_px"], piece["amount"])
        assert StandardMerkleTree.verify(
            view.merkle_root, LEAF_ENCODING, [view.commitment, weight(view.amount)], list(view.proof))


def test_participant_record_and_rank(site: Site, campaign_id: str) -> None:
    views = [site.participant(t) for t in site.participant_links(campaign_id).values()]
    by_rank = sorted(views, key=lambda v: v.rank)
    assert [v.rank for v in by_rank] == list(range(1, len(views) + 1))
    assert all(a.amount >= b.amount for a, b in zip(by_rank, by_rank[1:]))
    assert all(v.of == len(views) == 40 for v in views)
    sample = views[0]
    assert set(sample.activities) <= {"harvest", "weeding"}
    assert sample.activity_labels == {"harvest": "Harvest", "weeding": "Weeding session"}
    assert sample.activity_labels_ja == {"harvest": "収穫", "weeding": "草取り"}
    assert sample.district in {"Bed A", "Bed B", "Bed C", "Bed D"}
    assert sample.months and all(m.startswith("2022-0") for m in sample.months)


@pytest.mark.parametrize(
    "token", ["", "short", "x" * 32, "../../etc/passwd-aaaaaaaaaaaaaaaaaaaa", "é" * 32],
    ids=["empty", "short", "unknown", "path", "non-ascii"],
)
def test_unknown_or_malformed_link_is_not_found(site: Site, token: str) -> None:
    with pytest.raises(NotFound, match="^no such participant link$"):
        site.participant(token)


def test_piece_at_agrees_with_a_fresh_render_of_the_dataset(site: Site, campaign_id: str) -> None:
    folder = site.config.publish_root / campaign_id
    dataset = load_dataset(folder / "dataset.json")
    owner = render_dataset(dataset).owner
    height, width = owner.shape
    for y in range(0, height, 7):
        for x in range(0, width, 7):
            piece = site.piece_at(campaign_id, x, y)
            index = int(owner[y, x])
            if index < 0:
                assert piece is None
            else:
                assert piece is not None and piece.commitment == dataset.pieces[index].participant


def test_piece_at_finds_each_participant_inside_its_bbox(site: Site, campaign_id: str) -> None:
    participants = _private(site, campaign_id, "participants.json")["participants"]  # type: ignore[index]
    for row in _private(site, campaign_id, "pieces.json"):  # type: ignore[union-attr]
        x0, y0, x1, y1 = row["bbox"]
        commitment = participants[row["participant"]]["commitment"]
        hits = [site.piece_at(campaign_id, x, y) for y in range(y0, y1) for x in range(x0, x1)]
        mine = [p for p in hits if p is not None and p.commitment == commitment]
        assert len(mine) == row["area_px"]
        assert list(mine[0].bbox) == row["bbox"] and mine[0].amount == row["amount"]


@pytest.mark.parametrize(("x", "y"), [(-1, 0), (0, -1), (256, 0), (0, 256)])
def test_piece_at_outside_the_image_is_none(site: Site, campaign_id: str, x: int, y: int) -> None:
    assert site.piece_at(campaign_id, x, y) is None


def test_piece_view_carries_no_participant_id(site: Site, campaign_id: str) -> None:
    row = _private(site, campaign_id, "pieces.json")[0]  # type: ignore[index]
    x0, y0, x1, y1 = row["bbox"]
    pieces = [site.piece_at(campaign_id, x, y) for y in range(y0, y1) for x in range(x0, x1)]
    piece = next(p for p in pieces if p is not None)
    assert row["participant"] not in repr(piece)
    assert not hasattr(piece, "participant")


def test_unknown_campaign_is_not_found(site: Site) -> None:
    for call in (lambda: site.artwork("nope"), lambda: site.auction("nope"), lambda: site.piece_at("nope", 0, 0),
                 lambda: site.participant_links("nope")):
        with pytest.raises(NotFound, match="^no campaign 'nope'$"):
            call()


def test_published_folder_is_where_the_notes_say(site: Site, campaign_id: str) -> None:
    folder: Path = site.config.publish_root / campaign_id
    assert (folder / "metadata.json").is_file() and (folder / "private" / "owner.npz").is_file()
    assert oct((folder / "private" / "salts.json").stat().st_mode & 0o777) == "0o600"
