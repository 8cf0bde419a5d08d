"""Finding and fetching reports: bundled seeds, files and folders, inboxes, publisher websites."""
