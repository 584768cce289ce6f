"""PLOVER event coding: lexicon, parties, modality, sentence coder, merging."""
