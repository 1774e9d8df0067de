# One image for every grimreel service; the command picks the stage.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY shared ./shared
COPY services ./services
COPY schemas ./schemas
RUN pip install --no-cache-dir .
USER 65534:65534
ENV GRIMREEL_LOG_FORMAT=json
CMD ["grimreel", "serve"]
