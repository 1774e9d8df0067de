"""`python -m services.tts`: the tts stage as its own process on RabbitMQ + Redis."""

from services.tts.bootstrap import build
from shared.service import main

if __name__ == "__main__":
    main(build)
