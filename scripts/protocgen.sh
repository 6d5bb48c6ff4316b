#!/usr/bin/env bash
# Generates Go (gogoproto), gRPC-gateway (v1) and OpenAPI code from proto/ballast,
# offline: tools come from the Go module proxy at pinned versions, third-party
# .proto files from the Go module cache. Nothing is fetched from the buf registry.
set -euo pipefail

BUF_VERSION=v1.57.2
GOGOPROTO_VERSION=v1.7.2       # protoc-gen-gocosmos; matches go.mod
GATEWAY_V1_VERSION=v1.16.0     # protoc-gen-grpc-gateway; the SDK's REST mux is v1
GATEWAY_V2_VERSION=v2.28.0     # protoc-gen-openapiv2

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
MODULE="$(go list -m)"
TOOLS="$ROOT/build/tools"
mkdir -p "$TOOLS"
export PATH="$TOOLS:$PATH"

install_tool() { # name package version
  local name="$1" pkg="$2" version="$3" stamp="$TOOLS/.$1.version"
  if [[ -x "$TOOLS/$name" && "$(cat "$stamp" 2>/dev/null)" == "$version" ]]; then return; fi
  echo "installing $name@$version" >&2
  GOBIN="$TOOLS" go install "$pkg@$version"
  echo "$version" >"$stamp"
}
install_tool buf github.com/bufbuild/buf/cmd/buf "$BUF_VERSION"
install_tool protoc-gen-gocosmos github.com/cosmos/gogoproto/protoc-gen-gocosmos "$GOGOPROTO_VERSION"
install_tool protoc-gen-grpc-gateway github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway "$GATEWAY_V1_VERSION"
install_tool protoc-gen-openapiv2 github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2 "$GATEWAY_V2_VERSION"

if [[ -z "$(find proto -name '*.proto' 2>/dev/null)" ]]; then
  echo "no .proto files under proto/: nothing to generate" >&2
  exit 0
fi

# Third-party protos, straight from the module cache (module versions from go.mod).
moddir() { go mod download -json "$1@$(go list -m -f '{{.Version}}' "$1")" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p'; }
SDK_PROTO="$(moddir github.com/cosmos/cosmos-sdk)/proto"
GOGO_DIR="$(moddir github.com/cosmos/gogoproto)"
COSMOS_PROTO="$(moddir github.com/cosmos/cosmos-proto)/proto"
GOOGLEAPIS="$(moddir github.com/grpc-ecosystem/grpc-gateway)/third_party/googleapis"

# buf resolves imports only inside a workspace, so assemble one in a temp dir:
# our protos as the module to generate, the third-party trees as read-only ones.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/ballast" "$WORK/deps" "$WORK/out"
cp -r proto/ballast "$WORK/ballast/"
cp -r "$SDK_PROTO"/. "$WORK/deps/"
mkdir -p "$WORK/deps/gogoproto" "$WORK/deps/cosmos_proto" "$WORK/deps/google/api"
cp "$GOGO_DIR/gogoproto/gogo.proto" "$WORK/deps/gogoproto/"
cp "$COSMOS_PROTO/cosmos_proto/cosmos.proto" "$WORK/deps/cosmos_proto/"
cp "$GOOGLEAPIS/google/api/annotations.proto" "$GOOGLEAPIS/google/api/http.proto" "$WORK/deps/google/api/"
chmod -R u+w "$WORK"
find "$WORK/deps" -name 'buf*.yaml' -delete -o -name 'buf.lock' -delete

cat >"$WORK/buf.yaml" <<YAML
version: v2
modules:
  - path: ballast
  - path: deps
YAML

cat >"$WORK/buf.gen.yaml" <<YAML
version: v2
plugins:
  - local: protoc-gen-gocosmos
    out: out
    opt: plugins=grpc,Mgoogle/protobuf/any.proto=github.com/cosmos/gogoproto/types/any
  - local: protoc-gen-grpc-gateway
    out: out
    opt: logtostderr=true,allow_colon_final_segments=true
  - local: protoc-gen-openapiv2
    out: openapi
    strategy: all
    opt: allow_merge=true,merge_file_name=ballast,output_format=yaml,json_names_for_fields=false,disable_default_errors=true
YAML

(cd "$WORK" && buf generate --path ballast/ballast)

# Move the generated Go into the module tree, replacing what was there.
find x -name '*.pb.go' -o -name '*.pb.gw.go' 2>/dev/null | xargs -r rm -f
cp -r "$WORK/out/$MODULE"/. ./
mkdir -p docs/openapi
cp "$WORK/openapi/ballast.swagger.yaml" docs/openapi/ballast.yaml
go mod tidy >/dev/null
echo "generated: $(find . -path ./build -prune -o \( -name '*.pb.go' -o -name '*.pb.gw.go' \) -print | wc -l) Go files, docs/openapi/ballast.yaml" >&2
