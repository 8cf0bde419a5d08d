"""`bureau bench`: synthetic corpus, end-to-end timings, accuracy at scale."""
