"""Story providers, one module each, named as GRIMREEL_STORY_PROVIDER names them."""
