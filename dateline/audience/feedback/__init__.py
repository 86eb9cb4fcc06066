"""Reader feedback: a form, a rate limit, the desk's inbox in the admin."""
