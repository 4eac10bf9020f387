"""The site's services behind one facade: the web layer calls only ``Site``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from auction.config import Config


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


class Site:
    """Opens the database, the IPFS backend and the chain; everything the web layer needs."""

    def __init__(self, config: Config) -> None:
        self.config = config
        raise NotImplementedError("Site is being built (site-services)")

    def close(self) -> None:
        raise NotImplementedError

    def sync(self) -> None:
        raise NotImplementedError

    def campaigns(self) -> list[ArtworkView]:
        raise NotImplementedError

    def artwork(self, campaign_id: str) -> ArtworkView:
        raise NotImplementedError

    def auction(self, campaign_id: str) -> AuctionView:
        raise NotImplementedError

    def piece_at(self, campaign_id: str, x: int, y: int) -> PieceView | None:
        raise NotImplementedError

    def participant(self, link_token: str) -> ParticipantView:
        raise NotImplementedError

    def participant_links(self, campaign_id: str) -> dict[str, str]:
        raise NotImplementedError

    def dev_accounts(self) -> list[tuple[str, int]] | None:
        raise NotImplementedError

    def bid(self, campaign_id: str, bidder: str, amount_wei: int) -> str:
        raise NotImplementedError

    def prepare_bid(self, campaign_id: str, bidder: str, amount_wei: int) -> dict:
        raise NotImplementedError

    def settle(self, campaign_id: str, sender: str | None = None) -> str:
        raise NotImplementedError

    def advance_time(self, seconds: int) -> int:
        raise NotImplementedError

    def file(self, cid: str, path: str = "") -> bytes:
        raise NotImplementedError

    def block(self, cid: str) -> bytes:
        raise NotImplementedError

    def car(self, cid: str) -> bytes:
        raise NotImplementedError

    def import_campaign(self, campaign_dir: Path) -> str:
        raise NotImplementedError

    def publish(
        self, campaign_id: str, *, seed: int | None = None, style: str | None = None, palette: str | None = None
    ) -> ArtworkView:
        raise NotImplementedError

    def mint(self, campaign_id: str) -> int:
        raise NotImplementedError

    def start_auction(self, campaign_id: str, *, reserve_wei: int, duration: int) -> None:
        raise NotImplementedError
