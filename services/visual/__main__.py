"""`python -m services.visual`: the visual stage as its own process on RabbitMQ + Redis."""

from services.visual.bootstrap import build
from shared.service import main

if __name__ == "__main__":
    main(build)
