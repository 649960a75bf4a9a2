# syntax=docker/dockerfile:1
# Build: a static binary with the sample knowledge base, messages and web
# assets embedded (go:embed), so the image needs nothing else.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/dalil ./cmd/dalil

# Run: distroless static, non-root (uid 65532), no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/dalil /usr/local/bin/dalil
USER nonroot:nonroot
EXPOSE 8080
ENV DALIL_ADDR=:8080
ENTRYPOINT ["/usr/local/bin/dalil"]
CMD ["serve"]
