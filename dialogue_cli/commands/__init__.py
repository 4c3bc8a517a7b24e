"""One module per `dialogue` command; shared options and Session in :mod:`.common`."""
