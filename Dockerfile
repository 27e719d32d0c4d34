FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
# CPU torch from PyTorch's CPU index; a GPU image would install the CUDA build instead.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md alembic.ini ./
COPY memsvc ./memsvc
COPY eval ./eval
COPY migrations ./migrations
COPY clients ./clients
RUN pip install --no-cache-dir -e . ./clients/python
EXPOSE 8000
CMD ["memsvc", "serve", "--host", "0.0.0.0", "--port", "8000"]
