"""Text processing: normalization, cleaning, segmentation, dictionaries and matching."""
