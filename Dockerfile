# syntax=docker/dockerfile:1
# tenantry: build with the Swift toolchain, run on slim Debian.
#   docker build -t ghcr.io/tenantry/tenantry:TAG .
# Both stages are Debian 12 (bookworm) so the binary's glibc and OpenSSL 3 match the runtime's.

ARG SWIFT_VERSION=6.3
ARG DEBIAN_RELEASE=bookworm

FROM swift:${SWIFT_VERSION}-${DEBIAN_RELEASE} AS build
# The COpenSSL module links the system OpenSSL (libssl3 at run time).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libssl-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# SwiftPM checks every target's directory when it loads the manifest, so the test and bench targets'
# sources come along (they are not built: --product tenantry).
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY bench/Sources ./bench/Sources
RUN swift package resolve
# --static-swift-stdlib: the runtime image needs no Swift runtime, only glibc and OpenSSL.
RUN swift build -c release --static-swift-stdlib --product tenantry \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/tenantry" /out/tenantry

FROM debian:${DEBIAN_RELEASE}-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 65532 tenantry \
 && useradd --system --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin tenantry
COPY --from=build /out/tenantry /usr/local/bin/tenantry
# Policies in the image serve `docker run` tries; in Kubernetes the ConfigMap mounted at
# /etc/tenantry/policies replaces them.
COPY policies /etc/tenantry/policies
# Numeric, so runAsNonRoot can verify it without resolving names.
USER 65532:65532
# 8443: webhook (TLS); 8080: /healthz, /readyz, /metrics (plain HTTP).
EXPOSE 8443 8080
ENTRYPOINT ["/usr/local/bin/tenantry"]
# The server binds 127.0.0.1 by default: in a container it must listen on every interface.
CMD ["serve", "--policies=/etc/tenantry/policies", "--addr=:8443", "--metrics-addr=:8080"]
