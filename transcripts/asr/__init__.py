"""Speech recognition engines behind one small interface (see ``engine.py``)."""
