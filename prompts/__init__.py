"""The prompt banks shipped with Companion (TOML files beside this one)."""
