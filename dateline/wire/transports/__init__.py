"""How copy reaches the desk: polled over HTTP, dropped in a folder, or pushed by the agency."""
