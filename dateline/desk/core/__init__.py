"""The desk's pure core: what a wire item says, and what the desk makes of it.

Plain functions and dataclasses, no ORM and no I/O beyond the models shipped inside the
packages they come from, so the live pipeline and `dateline desk process` run the same code.
"""
