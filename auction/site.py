"""The site's services behind one facade: the web layer calls only ``Site``.

``Site`` opens the database (the records), the IPFS backend (the published files) and the chain
(the auction), and answers in frozen view objects. What it shows of an auction comes from the
indexed chain events (``auction.indexer``), not from what it sent. Every refusal raises
``Refused`` with a sentence for people and leaves the chain and the database as they were.
Public methods hold one lock, so a threaded web server may call them at once.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import numpy as np
import sqlalchemy as sa
from eth_account.signers.local import LocalAccount
from web3 import Web3

from artgen import unixfs
from artgen.campaign import load_campaign
from artgen.car import export_car
from artgen.dataset import PublicDataset, load_dataset
from artgen.errors import ArtgenError
from artgen.multiformats import CID
from artgen.palettes import PALETTES
from artgen.publish import complete_salts, prepare_publication, read_salts, write_publication
from artgen.records import aggregate, load_campaign_records
from artgen.styles import STYLES
from auction import db
from auction.chain import (
    Chain,
    ChainError,
    Suite,
    SuiteClients,
    campaign_id as chain_campaign_id,
    connect_suite,
    deploy_suite,
    format_eth,
)
from auction.config import Config
from auction.indexer import IndexedEvent, Indexer
from auction.ipfs import IpfsError, backend_from_env
from auction.journal import JournaledTester, journaled_chain

P = ParamSpec("P")
T = TypeVar("T")
ZERO_ADDRESS = "0x" + "00" * 20
CLAIM_PERIOD = 90 * 24 * 3600  # participants have three months to claim their share
_LINK_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class SiteError(Exception):
    """Base of the site's errors; the message is for people."""


class NotFound(SiteError):
    """No such campaign, participant link or content (a 404)."""


class Refused(SiteError):
    """A bid, settlement or organiser action that could not happen; nothing changed (a 400)."""


@dataclass(frozen=True)
class ArtworkView:
    """One published campaign: what the artwork page shows."""

    campaign_id: str
    name: str
    name_ja: str
    description: str
    description_ja: str
    start: datetime.date
    end: datetime.date
    unit: str
    participants: int
    total: float
    co2e_kg: float
    co2e_factor: float
    co2e_source: str
    co2e_url: str
    style: str
    seed: int
    renderer: str
    width: int
    height: int
    directory_cid: str
    image_cid: str
    dataset_cid: str
    metadata_cid: str
    merkle_root: str
    chain_id: int
    art_contract: str
    token_id: int | None
    auction_contract: str


@dataclass(frozen=True)
class BidView:
    """One bid as the chain recorded it."""

    bidder: str
    amount_wei: int
    time: int
    tx_hash: str
    block: int
    extended_to: int | None


@dataclass(frozen=True)
class AuctionView:
    """A campaign's auction, computed from indexed chain events and the chain's clock."""

    campaign_id: str
    token_id: int
    status: str  # "live" | "ended" (awaiting settle) | "settled" | "none"
    reserve_wei: int
    min_next_bid_wei: int
    highest_wei: int
    leader: str | None
    start_time: int
    end_time: int
    now: int
    time_buffer: int
    min_increment_pct: int
    bids: tuple[BidView, ...]  # newest first
    winner: str | None
    owner: str | None
    treasury: str
    proceeds_treasury_wei: int
    proceeds_pool_wei: int


@dataclass(frozen=True)
class PieceView:
    """What "whose piece is this" shows: the commitment, never an id."""

    commitment: str
    amount: float
    unit: str
    bbox: tuple[int, int, int, int]
    centroid: tuple[float, float]
    rank: int
    of: int


@dataclass(frozen=True)
class ParticipantView:
    """A participant's private page behind an unguessable link."""

    participant: str
    campaign_id: str
    commitment: str
    amount: float
    unit: str
    activities: dict[str, float]
    activity_labels: dict[str, str]
    months: tuple[str, ...]
    district: str | None
    rank: int
    of: int
    bbox: tuple[int, int, int, int]
    centroid: tuple[float, float]
    area_px: int
    proof: tuple[str, ...]
    merkle_root: str
    salt: str
    activity_labels_ja: dict[str, str] = field(default_factory=dict)



def _locked(method: Callable[P, T]) -> Callable[P, T]:
    """Runs the method under the site's lock (the chain and its journal are not thread-safe)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with args[0]._lock:  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return wrapper


def duration_text(seconds: int) -> str:
    """A short duration for messages, in whole units: "45 s", "4 min", "2 h 5 min", "3 d 2 h"."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    hours, minutes = divmod(seconds // 60, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def minimum_raise(amount: int, increment_pct: int) -> int:
    """The smallest bid above ``amount``: the contract's rule, rounded up so always at least 1 wei more."""
    return amount + (amount * increment_pct + 99) // 100


def _shape(published: _Published, commitment: str) -> tuple[tuple[int, int, int, int], np.ndarray]:
    """A piece's bbox [x0, y0, x1, y1) and the owner map cropped to it, True where it is theirs."""
    x0, y0, x1, y1 = (int(v) for v in published.places[commitment]["bbox"])
    return (x0, y0, x1, y1), published.owner[y0:y1, x0:x1] == published.index[commitment]


def _months(start: datetime.date, mask: int) -> tuple[str, ...]:
    """A months bitmask (bit k: the k-th month from the campaign's start month) as "YYYY-MM" strings."""
    found = []
    for k in range(mask.bit_length()):
        if mask >> k & 1:
            year, month = divmod(start.month - 1 + k, 12)
            found.append(f"{start.year + year:04d}-{month + 1:02d}")
    return tuple(found)


@dataclass(frozen=True)
class _Published:
    """A publication's files, loaded once: the public dataset and the private places and proofs."""

    dataset: PublicDataset
    owner: np.ndarray  # owner map: index into dataset.pieces (sorted by commitment), -1 for none
    private: dict[str, dict[str, Any]]  # participant id -> salt, commitment, weight, amount, proof
    places: dict[str, dict[str, Any]]  # commitment -> bbox, centroid, area_px
    ranks: dict[str, int]  # commitment -> 1 for the largest amount
    index: dict[str, int]  # commitment -> its value in the owner map (position in dataset.pieces)

    @classmethod
    def load(cls, folder: Path) -> _Published:
        dataset = load_dataset(folder / "dataset.json")
        private = json.loads((folder / "private" / "participants.json").read_text(encoding="utf-8"))["participants"]
        rows = json.loads((folder / "private" / "pieces.json").read_text(encoding="utf-8"))
        with np.load(folder / "private" / "owner.npz") as npz:
            owner = npz["owner"]
        places = {private[row["participant"]]["commitment"]: row for row in rows}
        order = sorted(dataset.pieces, key=lambda p: (-p.amount, p.participant))
        ranks = {p.participant: i for i, p in enumerate(order, start=1)}
        index = {p.participant: i for i, p in enumerate(dataset.pieces)}
        return cls(dataset, owner, private, places, ranks, index)


class Site:
    """Opens the database, the IPFS backend and the chain; everything the web layer needs."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._lock = threading.RLock()
        self._published: dict[tuple[str, str], _Published] = {}
        self.engine = db.connect(config.database_url)
        self.ipfs = backend_from_env(config.data_dir, config.env)
        self.chain = journaled_chain(config.journal_path) if config.dev_mode else Chain.from_env(config.env)
        self.suite: Suite | None = None
        self.clients: SuiteClients | None = None
        self.indexer: Indexer | None = None
        self._load_suite()
        self.sync()

    # --- chain plumbing -------------------------------------------------------------------

    @property
    def program(self) -> LocalAccount:
        """The program's own key: owner of the suite, minter, EIP-712 signer."""
        return self.chain.default_account

    def _treasury_address(self) -> str:
        treasury = self.config.env.get("ART_TREASURY")
        if treasury:
            return Web3.to_checksum_address(treasury)
        return self.chain.accounts[-1].address if self.config.dev_mode else self.program.address

    def _load_suite(self) -> None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(db.deployments).where(db.deployments.c.chain_id == self.chain.chain_id)
            ).mappings().first()
        if row is None:
            return
        if not self.chain.w3.eth.get_code(row["auction_house"]):
            # The chain was reset (journal deleted, dev node restarted): what the DB knew of it is void.
            db.forget_chain(self.engine, self.chain.chain_id)
            return
        self._connect(Suite(**{k: v for k, v in row.items() if k != "chain_id"}))

    def _connect(self, suite: Suite) -> None:
        self.suite = suite
        self.clients = connect_suite(self.chain, suite)
        self.indexer = Indexer(self.engine, self.chain, suite)

    def _ensure_suite(self) -> SuiteClients:
        """The deployed suite, deploying it on first use (treasury: a test account in dev mode)."""
        if self.clients is None:
            suite = self._chain_action(
                lambda: deploy_suite(self.chain, treasury=self._treasury_address(), signer=self.program.address)
            )
            with self.engine.begin() as conn:
                conn.execute(db.deployments.insert().values(chain_id=self.chain.chain_id, **suite.as_dict()))
            self._connect(suite)
        assert self.clients is not None
        return self.clients

    @staticmethod
    def _chain_action(action: Callable[[], T]) -> T:
        """Runs a chain call, turning a revert or a refusal into ``Refused`` with its sentence."""
        try:
            return action()
        except ChainError as exc:
            raise Refused(str(exc)) from exc

    def _now(self) -> int:
        """The time the next block will carry: the chain's clock, which follows the wall clock."""
        tester = self.chain.tester
        if tester is not None:
            pending = int(tester.get_block_by_number("pending")["timestamp"])
            return max(pending, int(time.time()))
        return max(self.chain.now(), int(time.time()))

    def _require_dev(self, what: str) -> None:
        if not self.config.dev_mode:
            raise Refused(f"{what} exists only in development mode (a real chain is configured)")

    def _test_account(self, address: str) -> LocalAccount:
        for account in self.chain.accounts:
            if account.address.lower() == str(address).lower():
                return account
        raise Refused(f"{address} is not one of this chain's test accounts")

    @_locked
    def close(self) -> None:
        """Releases the database connections (the chain lives in memory; its journal is on disk)."""
        self.engine.dispose()

    @_locked
    def sync(self) -> None:
        """Indexes new chain events into the database (cheap when nothing is new)."""
        if self.indexer is not None:
            self.indexer.sync()

    # --- campaigns and artworks ------------------------------------------------------------

    def _row(self, campaign_id: str) -> sa.RowMapping:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(db.campaigns).where(db.campaigns.c.id == campaign_id)).mappings().first()
        if row is None:
            raise NotFound(f"no campaign {campaign_id!r}")
        return row

    def _publication(self, row: sa.RowMapping) -> _Published:
        if not row["directory_cid"]:
            raise NotFound(f"campaign {row['id']!r} is not published yet")
        key = (row["id"], row["directory_cid"])
        if key not in self._published:
            self._published[key] = _Published.load(self.config.data_dir / row["publish_dir"])
        return self._published[key]

    def _artwork(self, row: sa.RowMapping) -> ArtworkView:
        published = self._publication(row)
        c, art = published.dataset.campaign, published.dataset.art
        total = round(sum(p.amount for p in published.dataset.pieces), 6)
        suite = self.suite
        return ArtworkView(
            campaign_id=c.id, name=c.name, name_ja=c.name_ja, description=c.description,
            description_ja=c.description_ja, start=c.start, end=c.end, unit=c.unit,
            participants=len(published.dataset.pieces), total=total, co2e_kg=round(total * c.co2e_factor, 1),
            co2e_factor=c.co2e_factor, co2e_source=c.co2e_source, co2e_url=c.co2e_url,
            style=str(art["style"]), seed=int(art["seed"]), renderer=str(art["renderer"]),
            width=int(art["width"]), height=int(art["height"]), directory_cid=row["directory_cid"],
            image_cid=row["image_cid"], dataset_cid=row["dataset_cid"], metadata_cid=row["metadata_cid"],
            merkle_root=row["merkle_root"], chain_id=self.chain.chain_id,
            art_contract=row["art_contract"] or (suite.art if suite else ""),
            token_id=row["token_id"],
            auction_contract=row["auction_contract"] or (suite.auction_house if suite else ""),
        )

    @_locked
    def campaigns(self) -> list[ArtworkView]:
        """Every published campaign, the latest publication first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(db.campaigns)
                .where(db.campaigns.c.directory_cid.is_not(None))
                .order_by(db.campaigns.c.published_at.desc(), db.campaigns.c.id)
            ).mappings().all()
        return [self._artwork(row) for row in rows]

    @_locked
    def artwork(self, campaign_id: str) -> ArtworkView:
        """One published campaign; ``NotFound`` if unknown or unpublished."""
        return self._artwork(self._row(campaign_id))

    @_locked
    def piece_at(self, campaign_id: str, x: int, y: int) -> PieceView | None:
        """Whose piece covers pixel (x, y): its commitment and place, or None for bare canvas."""
        published = self._publication(self._row(campaign_id))
        height, width = published.owner.shape
        if not (0 <= x < width and 0 <= y < height):
            return None
        index = int(published.owner[y, x])
        if index < 0:
            return None
        piece = published.dataset.pieces[index]
        place = published.places[piece.participant]
        return PieceView(
            commitment=piece.participant, amount=piece.amount, unit=published.dataset.campaign.unit,
            bbox=tuple(int(v) for v in place["bbox"]),  # type: ignore[arg-type]
            centroid=(float(place["centroid"][0]), float(place["centroid"][1])),
            rank=published.ranks[piece.participant], of=len(published.dataset.pieces),
        )

    # --- participants ----------------------------------------------------------------------

    def _link(self, link_token: str) -> tuple[sa.RowMapping, sa.RowMapping, _Published]:
        """The link row, its campaign's row and publication; ``NotFound`` for unknown/malformed tokens."""
        if not isinstance(link_token, str) or not _LINK_TOKEN.fullmatch(link_token):
            raise NotFound("no such participant link")
        with self.engine.connect() as conn:
            link = conn.execute(
                sa.select(db.participant_links).where(db.participant_links.c.token == link_token)
            ).mappings().first()
        if link is None:
            raise NotFound("no such participant link")
        row = self._row(link["campaign_id"])
        return link, row, self._publication(row)

    @_locked
    def participant(self, link_token: str) -> ParticipantView:
        """The private page of the participant whose link this is; ``NotFound`` otherwise."""
        link, row, published = self._link(link_token)
        secret = published.private[link["participant"]]
        commit = secret["commitment"]
        piece = published.dataset.pieces[published.index[commit]]
        place = published.places[commit]
        c = published.dataset.campaign
        return ParticipantView(
            participant=link["participant"], campaign_id=c.id, commitment=commit, amount=piece.amount,
            unit=c.unit, activities=dict(piece.activities),
            activity_labels={k: a.label for k, a in c.activities.items()},
            months=_months(c.start, piece.months), district=piece.district,
            rank=published.ranks[commit], of=len(published.dataset.pieces),
            bbox=tuple(int(v) for v in place["bbox"]),  # type: ignore[arg-type]
            centroid=(float(place["centroid"][0]), float(place["centroid"][1])), area_px=int(place["area_px"]),
            proof=tuple(secret["proof"]), merkle_root=row["merkle_root"], salt=secret["salt"],
            activity_labels_ja={k: a.label_ja or a.label for k, a in c.activities.items()},
        )

    @_locked
    def piece_mask(self, link_token: str) -> tuple[tuple[int, int, int, int], np.ndarray]:
        """The link's piece exactly: its bbox [x0, y0, x1, y1) and the owner map cropped to it,
        True where the pixel is this piece's (so the page can outline the shape, not the box)."""
        link, _row, published = self._link(link_token)
        return _shape(published, published.private[link["participant"]]["commitment"])

    @_locked
    def piece_shape(self, campaign_id: str, commitment: str) -> tuple[tuple[int, int, int, int], np.ndarray]:
        """piece_mask by public commitment, for "whose piece is this" on the public page: the
        shape is in the published data anyway (anyone can re-render the owner map)."""
        published = self._publication(self._row(campaign_id))
        if commitment not in published.index:
            raise NotFound(f"no piece with commitment {commitment!r} in {campaign_id}")
        return _shape(published, commitment)

    @_locked
    def participant_links(self, campaign_id: str) -> dict[str, str]:
        """For the organiser: participant id -> private link token."""
        self._row(campaign_id)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(db.participant_links.c.participant, db.participant_links.c.token)
                .where(db.participant_links.c.campaign_id == campaign_id)
                .order_by(db.participant_links.c.participant)
            ).all()
        return {participant: token for participant, token in rows}

    def _create_links(self, campaign_id: str, participants: list[str]) -> None:
        """A link token for every participant who has none (existing links never change)."""
        have = set(self.participant_links(campaign_id))
        new = [{"token": secrets.token_urlsafe(24), "campaign_id": campaign_id, "participant": p}
               for p in participants if p not in have]
        if new:
            with self.engine.begin() as conn:
                conn.execute(db.participant_links.insert(), new)

    # --- the auction -----------------------------------------------------------------------

    def _token_events(self, token_id: int) -> list[IndexedEvent]:
        """The events about artwork ``token_id``: its transfers, auctions and proceeds (not badges,
        whose token ids are another contract's)."""
        assert self.indexer is not None and self.suite is not None
        contracts = {self.suite.art, self.suite.auction_house, self.suite.proceeds}
        return [e for e in self.indexer.events()
                if e.contract in contracts and int(e.args.get("tokenId", -1)) == token_id]

    def _auction_view(self, campaign_id: str, row: sa.RowMapping) -> AuctionView:
        token = row["token_id"]
        now = self._now()
        clients = self.clients
        treasury = self._treasury_address() if clients is None else self.suite.treasury  # type: ignore[union-attr]
        settings = clients.auction_house.settings() if clients is not None else None
        pct = settings.min_bid_increment_percentage if settings else 0
        buffer = settings.time_buffer if settings else 0
        events = self._token_events(int(token)) if token is not None and clients is not None else []
        created_at = max((i for i, e in enumerate(events) if e.event == "AuctionCreated"), default=None)
        owner = None
        for e in events:
            if e.event == "Transfer":
                owner = str(e.args["to"])
        if created_at is None:
            return AuctionView(
                campaign_id=campaign_id, token_id=int(token or 0), status="none", reserve_wei=0, min_next_bid_wei=0,
                highest_wei=0, leader=None, start_time=0, end_time=0, now=now, time_buffer=buffer,
                min_increment_pct=pct, bids=(), winner=None, owner=owner, treasury=treasury,
                proceeds_treasury_wei=0, proceeds_pool_wei=0,
            )
        created = events[created_at]
        later = events[created_at + 1:]
        end_time = int(created.args["endTime"])
        extended = {e.tx_hash: int(e.args["endTime"]) for e in later if e.event == "AuctionExtended"}
        bids = []
        for e in later:
            if e.event == "AuctionBid":
                bids.append(BidView(str(e.args["bidder"]), int(e.args["amount"]), e.block_time, e.tx_hash,
                                    e.block_number, extended.get(e.tx_hash)))
        if extended:
            end_time = max(end_time, *extended.values())
        settled = next((e for e in later if e.event == "AuctionSettled"), None)
        deposit = next((e for e in later if e.event == "ProceedsDeposited"), None)
        reserve = int(created.args["reservePrice"])
        highest = bids[-1].amount_wei if bids else 0
        if settled is not None:
            status = "settled"
        else:
            status = "ended" if now >= end_time else "live"
        winner = str(settled.args["winner"]) if settled is not None else None
        return AuctionView(
            campaign_id=campaign_id, token_id=int(token), status=status, reserve_wei=reserve,
            min_next_bid_wei=minimum_raise(highest, pct) if bids else reserve, highest_wei=highest,
            leader=bids[-1].bidder if bids else None, start_time=int(created.args["startTime"]),
            end_time=end_time, now=now, time_buffer=buffer, min_increment_pct=pct, bids=tuple(reversed(bids)),
            winner=None if winner in (None, ZERO_ADDRESS) else winner, owner=owner, treasury=treasury,
            proceeds_treasury_wei=int(deposit.args["toTreasury"]) if deposit else 0,
            proceeds_pool_wei=int(deposit.args["toPool"]) if deposit else 0,
        )

    @_locked
    def auction(self, campaign_id: str) -> AuctionView:
        """The campaign's auction from the indexed events; status "none" if it never started."""
        self.sync()
        return self._auction_view(campaign_id, self._row(campaign_id))

    def _open_auction(self, campaign_id: str) -> AuctionView:
        view = self.auction(campaign_id)
        if view.status == "none":
            raise Refused(f"the auction of {campaign_id} has not started")
        if view.status == "settled":
            raise Refused(f"the auction of {campaign_id} is settled; bids are closed")
        if view.status == "ended":
            raise Refused(f"the auction of {campaign_id} ended {duration_text(view.now - view.end_time)} ago; "
                          "bids are closed")
        return view

    @_locked
    def dev_accounts(self) -> list[tuple[str, int]] | None:
        """The test accounts collectors may bid with (address, balance in wei); None on a real chain."""
        if not self.config.dev_mode:
            return None
        return [(a.address, self.chain.balance(a.address)) for a in self.chain.accounts[1:-1]]

    @_locked
    def bid(self, campaign_id: str, bidder: str, amount_wei: int) -> str:
        """Development mode: bids ``amount_wei`` from test account ``bidder``; returns the tx hash."""
        self._require_dev("bidding with a test account")
        account = self._test_account(bidder)
        if not isinstance(amount_wei, int) or amount_wei <= 0:
            raise Refused("a bid must be a positive amount of wei")
        view = self._open_auction(campaign_id)
        balance = self.chain.balance(account.address)
        if amount_wei >= balance:
            raise Refused(f"{account.address} holds only {format_eth(balance)}")
        clients = self._ensure_suite()
        receipt = self._chain_action(lambda: clients.auction_house.bid(view.token_id, amount_wei, bidder=account))
        self.sync()
        return receipt["transactionHash"].to_0x_hex()

    @_locked
    def prepare_bid(self, campaign_id: str, bidder: str, amount_wei: int) -> dict:
        """The EIP-1193 ``eth_sendTransaction`` parameters of a bid, for a browser wallet to sign."""
        if not Web3.is_address(bidder):
            raise Refused(f"{bidder!r} is not an Ethereum address")
        if not isinstance(amount_wei, int) or amount_wei <= 0:
            raise Refused("a bid must be a positive amount of wei")
        view = self._open_auction(campaign_id)
        if amount_wei < view.min_next_bid_wei:
            raise Refused(f"bid must be at least {format_eth(view.min_next_bid_wei)}")
        house = self._ensure_suite().auction_house.contract
        return {
            "from": Web3.to_checksum_address(bidder),
            "to": house.address,
            "data": house.encode_abi("createBid", args=[view.token_id]),
            "value": hex(amount_wei),
            "chainId": hex(self.chain.chain_id),
        }

    @_locked
    def settle(self, campaign_id: str, sender: str | None = None) -> str:
        """Settles the ended auction (anyone may); returns the tx hash."""
        view = self.auction(campaign_id)
        if view.status == "none":
            raise Refused(f"the auction of {campaign_id} has not started")
        if view.status == "settled":
            raise Refused(f"the auction of {campaign_id} is already settled")
        if view.status == "live":
            raise Refused(f"the auction ends in {duration_text(view.end_time - view.now)}")
        if sender is None:
            account = self.program
        else:
            self._require_dev("settling from a test account")
            account = self._test_account(sender)
        clients = self._ensure_suite()
        receipt = self._chain_action(lambda: clients.auction_house.settle(sender=account))
        self.sync()
        return receipt["transactionHash"].to_0x_hex()

    @_locked
    def advance_time(self, seconds: int) -> int:
        """Development mode: moves the chain's clock ``seconds`` ahead; returns the new chain time."""
        self._require_dev("moving time")
        if not isinstance(seconds, int) or seconds <= 0:
            raise Refused("time moves forward by a positive number of seconds")
        tester = self.chain.tester
        assert isinstance(tester, JournaledTester)
        tester.time_travel(self._now() + seconds)
        self.sync()
        return self.chain.now()

    # --- IPFS ------------------------------------------------------------------------------

    @staticmethod
    def _cid(text: str) -> CID:
        try:
            return CID.parse(text)
        except (ValueError, ArtgenError):
            raise NotFound(f"{text!r} is not a CID") from None

    def _get_block(self, cid: CID) -> bytes:
        try:
            return self.ipfs.get_block(cid)
        except (unixfs.MissingBlockError, IpfsError, FileNotFoundError):
            raise NotFound(f"{cid} is not pinned here") from None

    def _directory_links(self, cid: CID) -> tuple[unixfs.Link, ...] | None:
        """The links of a UnixFS directory, or None if ``cid`` is a file."""
        block = unixfs.checked_block(cid, self._get_block)
        if cid.codec != unixfs.DAG_PB:
            return None
        node = unixfs.decode_pbnode(block)
        return node.links if unixfs.decode_unixfs(node.data).type == unixfs.DIRECTORY else None

    def _resolve(self, cid: str, path: str) -> CID:
        """The CID at ``path`` inside the directory ``cid`` (each step a named link)."""
        current = self._cid(cid)
        for name in (part for part in path.split("/") if part):
            links = self._directory_links(current)
            if links is None:
                raise NotFound(f"{current} is a file, it has no {name!r}")
            link = next((link for link in links if link.name == name), None)
            if link is None:
                raise NotFound(f"no {name!r} in {current}")
            current = link.cid
        return current

    @_locked
    def file(self, cid: str, path: str = "") -> bytes:
        """A file's bytes by CID (and path inside a directory), every block checked."""
        target = self._resolve(cid, path)
        if self._directory_links(target) is not None:
            raise NotFound(f"{target} is a directory, not a file")
        return b"".join(unixfs.iter_file(target, self._get_block))

    @_locked
    def block(self, cid: str) -> bytes:
        """One raw block (trustless gateway ``?format=raw``)."""
        target = self._cid(cid)
        return unixfs.checked_block(target, self._get_block)

    @_locked
    def car(self, cid: str) -> bytes:
        """The DAG under ``cid`` as CAR v1 (trustless gateway ``?format=car``)."""
        target = self._cid(cid)
        out = io.BytesIO()
        try:
            export_car(out, target, self._get_block)
        except unixfs.DagError as exc:
            raise NotFound(str(exc)) from None
        return out.getvalue()

    # --- organiser actions -----------------------------------------------------------------

    @_locked
    def import_campaign(self, campaign_dir: Path) -> str:
        """Validates a campaign folder's settings and records and registers it; returns its id."""
        try:
            campaign = load_campaign(campaign_dir)
            aggregate(load_campaign_records(campaign), campaign)
        except (ArtgenError, ValueError) as exc:
            raise Refused(str(exc)) from exc
        with self.engine.begin() as conn:
            known = conn.execute(sa.select(db.campaigns.c.id).where(db.campaigns.c.id == campaign.id)).first()
            if known is None:
                conn.execute(db.campaigns.insert().values(
                    id=campaign.id, campaign_dir=str(Path(campaign_dir).resolve()), imported_at=int(time.time())))
            else:
                conn.execute(db.campaigns.update().where(db.campaigns.c.id == campaign.id)
                             .values(campaign_dir=str(Path(campaign_dir).resolve())))
        return campaign.id

    @_locked
    def publish(
        self, campaign_id: str, *, seed: int | None = None, style: str | None = None, palette: str | None = None
    ) -> ArtworkView:
        """Renders, writes and pins the campaign's publication; re-publishing keeps every salt."""
        row = self._row(campaign_id)
        if style is not None and style not in STYLES:
            raise Refused(f"unknown style {style!r}; allowed: {', '.join(STYLES)}")
        if palette is not None and palette not in PALETTES:
            raise Refused(f"unknown palette {palette!r}; allowed: {', '.join(PALETTES)}")
        if seed is not None and not 0 <= seed < 2**64:
            raise Refused(f"seed must be 0 to 2^64 - 1, not {seed}")
        token = row["token_id"]
        if token is not None and self.clients is not None and self.clients.art.metadata_frozen(token):
            raise Refused(f"the artwork of {campaign_id} is minted with frozen metadata; it cannot change")
        try:
            campaign = load_campaign(row["campaign_dir"])
            contributions = aggregate(load_campaign_records(campaign), campaign)
        except (ArtgenError, ValueError) as exc:
            raise Refused(str(exc)) from exc
        out = self.config.publish_root / campaign_id
        salts = complete_salts(contributions, read_salts(out))
        profile = self.config.env.get("IPFS_PROFILE", unixfs.DEFAULT_PROFILE)
        publication = prepare_publication(
            campaign, contributions, salts, size=self.config.demo_size,
            seed=campaign.seed if seed is None else seed, style=style or campaign.style,
            palette=palette or campaign.palette, profile=profile,
            external_url=f"{self.config.site_url}/art/{campaign_id}",
        )
        try:  # pin first: until the database names it, a pinned DAG changes nothing
            self.ipfs.put_dag(publication.directory.cid, publication.directory.blocks)
            self.ipfs.pin(publication.directory.cid)
        except IpfsError as exc:
            raise Refused(f"IPFS: {exc}") from exc
        write_publication(out, publication, campaign, salts)
        metadata_cid = str(unixfs.add_bytes(publication.files["metadata.json"], profile).cid)  # type: ignore[arg-type]
        with self.engine.begin() as conn:
            conn.execute(db.campaigns.update().where(db.campaigns.c.id == campaign_id).values(
                publish_dir=str(out.relative_to(self.config.data_dir)), directory_cid=publication.cid,
                image_cid=publication.image_cid, dataset_cid=publication.dataset_cid, metadata_cid=metadata_cid,
                merkle_root=publication.merkle_root,
                art=json.loads(publication.files["dataset.json"])["art"],  # type: ignore[arg-type]
                published_at=int(time.time())))
        self._create_links(campaign_id, [c.participant for c in contributions])
        clients = self.clients
        if token is not None and clients is not None:  # point the token at the regenerated metadata
            self._chain_action(lambda: clients.art.set_cid(token, f"{publication.cid}/metadata.json"))
            self.sync()
        return self._artwork(self._row(campaign_id))

    @_locked
    def mint(self, campaign_id: str) -> int:
        """Mints the published artwork (tokenURI ``ipfs://<dir>/metadata.json``) and sets its proceeds
        pool; returns the token id. Minting again returns the same token."""
        row = self._row(campaign_id)
        if not row["directory_cid"]:
            raise Refused(f"publish {campaign_id} before minting it")
        clients = self._ensure_suite()
        slug = chain_campaign_id(campaign_id)
        token = clients.art.token_of_campaign(slug)
        if token is None:
            token = self._chain_action(
                lambda: clients.art.mint(slug, f"{row['directory_cid']}/metadata.json", sender=self.program))
        bps = self.config.demo_participants_bps
        if bps and clients.proceeds.pool(token).participants_bps != bps:
            published = self._publication(row)
            tree = published.dataset.tree()
            total = sum(int(s["weight"]) for s in published.private.values())
            self._chain_action(lambda: clients.proceeds.configure_pool(
                token, participants_bps=bps, merkle_root=bytes.fromhex(tree.root[2:]), total_weight=total,
                claim_period=CLAIM_PERIOD, sender=self.program))
        with self.engine.begin() as conn:
            conn.execute(db.campaigns.update().where(db.campaigns.c.id == campaign_id).values(
                token_id=token, chain_id=self.chain.chain_id, art_contract=self.suite.art,  # type: ignore[union-attr]
                auction_contract=self.suite.auction_house))  # type: ignore[union-attr]
        self.sync()
        return token

    @_locked
    def start_auction(self, campaign_id: str, *, reserve_wei: int, duration: int) -> None:
        """Opens the minted artwork's auction (the house sells one artwork at a time)."""
        row = self._row(campaign_id)
        if row["token_id"] is None:
            raise Refused(f"mint {campaign_id} before opening its auction")
        if self.auction(campaign_id).status != "none":
            raise Refused(f"the auction of {campaign_id} has already started")
        clients = self._ensure_suite()
        token = int(row["token_id"])
        self._chain_action(lambda: clients.auction_house.start(token, reserve_wei, duration, sender=self.program))
        self.sync()
