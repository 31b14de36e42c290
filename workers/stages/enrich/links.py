"""URLs, @handles and #hashtags of an article: its text plus its tweet embeds.

``pic.twitter.com/…``, ``t.co/…`` and ``www.…`` count as URLs even without a scheme. Trailing
punctuation that closes a sentence or a bracket is not part of a URL. Handles keep their "@",
hashtags their "#"; each list is sorted and free of duplicates.
"""

from __future__ import annotations

from collections.abc import Sequence

from workers.record import Embed, Links
from workers.stages.enrich import patterns as pat


def _scan(text: str, urls: set[str], handles: set[str], hashtags: set[str]) -> None:
    if "@" not in text and "#" not in text and "." not in text:
        return  # no URL, handle or hashtag can match: skip three scans
    for match in pat.URL_RE.finditer(text):
        url = match.group(0).rstrip(pat.URL_TRAILING)
        if "/" in url or "." in url:
            urls.add(url)
    if "@" not in text and "#" not in text:
        return
    without_urls = pat.URL_RE.sub(" ", text)
    handles.update("@" + m.group(1) for m in pat.HANDLE_RE.finditer(without_urls))
    hashtags.update("#" + m.group(1) for m in pat.HASHTAG_RE.finditer(without_urls))


def find_links(text: str, embeds: Sequence[Embed] = ()) -> Links:
    urls: set[str] = set()
    handles: set[str] = set()
    hashtags: set[str] = set()
    _scan(text, urls, handles, hashtags)
    for embed in embeds:
        _scan(" ".join(filter(None, [embed.raw, embed.text])), urls, handles, hashtags)
        if embed.url:
            urls.add(embed.url.rstrip(pat.URL_TRAILING))
        if embed.handle:
            handles.add("@" + embed.handle.lstrip("@"))
    return Links(urls=sorted(urls), handles=sorted(handles), hashtags=sorted(hashtags))
