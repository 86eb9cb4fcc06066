"""The newsletter: double opt-in sign-up, preferences, digests and one-click unsubscribe."""
