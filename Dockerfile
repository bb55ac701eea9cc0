# Build: docker build -t tagger .
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/tagger ./cmd/tagger

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tagger /usr/local/bin/tagger
USER nonroot
# /metrics, /healthz, /readyz (TAGGER_HTTP_ADDR, default :8080).
EXPOSE 8080
# No shell or curl in this image: the binary asks its own /readyz.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/tagger", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/tagger"]
CMD ["run"]
