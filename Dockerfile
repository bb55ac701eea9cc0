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
ENTRYPOINT ["/usr/local/bin/tagger"]
CMD ["run"]
