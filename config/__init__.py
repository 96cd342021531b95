"""Configuration: typed Settings (env prefix DUDAO_) and the district config (TOML).

Kept import-light: `dudao --help` must not load pydantic-settings, so import the
submodules (`config.settings`, `config.district`) where they are needed.
"""
