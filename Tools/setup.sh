#!/usr/bin/env bash
# Installs what dims needs on a Debian machine: the C libraries, and the Python packages the tests use.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(liblmdb-dev libcurl4-openssl-dev zlib1g-dev libpq-dev pkg-config git)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
  # The team log tests start their own PostgreSQL servers on 127.0.0.1 (initdb and pg_ctl from Debian's postgresql).
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "setup: installing postgresql" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fi
  # dims serve's browser test drives Debian's headless Chromium; its end-to-end tests ask with curl.
  browser_missing=()
  command -v chromium >/dev/null 2>&1 || browser_missing+=(chromium)
  command -v curl >/dev/null 2>&1 || browser_missing+=(curl)
  if [ ${#browser_missing[@]} -gt 0 ]; then
    echo "setup: installing ${browser_missing[*]}" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${browser_missing[@]}" >/dev/null
  fi
  # The tests start a real S3 API server on 127.0.0.1 and validate notebooks with nbformat.
  py_missing=()
  python3 -c "import moto.server, flask" 2>/dev/null || py_missing+=("moto[server]")
  python3 -c "import nbformat" 2>/dev/null || py_missing+=("nbformat")
  python3 -c "import boto3" 2>/dev/null || py_missing+=("boto3")
  # dims serve's tests: Prometheus' own text parser, the OpenAPI validator, and the DevTools protocol for Chromium.
  python3 -c "import prometheus_client" 2>/dev/null || py_missing+=("prometheus_client")
  python3 -c "import openapi_spec_validator" 2>/dev/null || py_missing+=("openapi-spec-validator")
  python3 -c "import websockets" 2>/dev/null || py_missing+=("websockets")
  # The forecast tests compare the Theil–Sen estimator with scipy.stats.theilslopes.
  python3 -c "import numpy" 2>/dev/null || py_missing+=("numpy")
  python3 -c "import scipy" 2>/dev/null || py_missing+=("scipy")
  # config migrate's tests run the original's `aws s3 ls` pipelines.
  command -v aws >/dev/null 2>&1 || py_missing+=("awscli")
  if [ ${#py_missing[@]} -gt 0 ]; then
    echo "setup: pip installing ${py_missing[*]}" >&2
    python3 -m pip install -q "${py_missing[@]}"
  fi
fi
