"""Reference tables of the domain: municipalities, parties, KLE.

Neutral ground: loaders use them to recognise names in text, the graph uses
them to name and key nodes. Neither side owns them.
"""
