"""khabar: streaming ingestion workers for news."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("khabar")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"
