"""biasdash: a media-bias and sourcing dashboard for news articles."""

__version__ = "0.1.0"
