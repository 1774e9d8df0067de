"""Image providers, one module each, named as GRIMREEL_IMAGE_PROVIDER names them.

Each module exposes ``PROVIDER`` (see ``shared.providers.registry``) and is imported only
when chosen, so an unused SDK is never loaded.
"""
