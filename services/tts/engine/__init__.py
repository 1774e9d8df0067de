"""What sits behind the voices: the offline hibari model and the word aligners (per character,
per phoneme, by audio energy) that the providers use to time each word."""
