"""`python -m services.render`: the render stage as its own process on RabbitMQ + Redis."""

from services.render.bootstrap import build
from shared.service import main

if __name__ == "__main__":
    main(build)
