"""The styles a campaign can choose."""

STYLES: tuple[str, ...] = ("mosaic", "garden")
