"""The trained entity tagger: tokens, features, the CRF model, training and cross-validation."""
