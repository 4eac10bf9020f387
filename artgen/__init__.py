"""artgen: contributions in, one collective artwork out, each participant's piece findable.

Pure: records -> layout -> pixels, pieces and metadata; no web, chain or network code.
"""

from .campaign import Activity, Campaign, load_campaign
from .errors import ArtgenError, CampaignError, InputError, RecordError
from .records import Contribution, Record, aggregate, load_campaign_records, load_records
from .render import RENDERER_VERSION, Artwork, Piece, render

__all__ = [
    "Activity", "ArtgenError", "Artwork", "Campaign", "CampaignError", "Contribution",
    "InputError", "Piece", "RENDERER_VERSION", "Record", "RecordError", "aggregate",
    "load_campaign", "load_campaign_records", "load_records", "render",
]
