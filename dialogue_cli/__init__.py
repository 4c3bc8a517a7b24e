"""dialogue-cli: analyse Vietnamese news articles from the command line."""

__version__ = "0.1.0"
