"""Text mechanisms several stages share: Arabic folding with a map back to the original
offsets, the data-file loader and the regex alternation builder."""
