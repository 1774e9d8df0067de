"""`python -m services.story`: the story stage as its own process on RabbitMQ + Redis."""

from services.story.bootstrap import build
from shared.service import main

if __name__ == "__main__":
    main(build)
