"""The web board (督导工作台): server-rendered pages over the same use cases the CLI and the flows call.

A top layer beside cli/ (they never import each other): `dudao web` starts it by its import string
(`web.app:make_app`), and every handler opens a unit of work for the logged-in user and calls a use case.
"""
