"""`dudao demo`: the example district's 2022 season replayed step by step (command.py lists the steps)."""
