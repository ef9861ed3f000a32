#!/usr/bin/env bash
# Builds dims's parsers with libFuzzer (swiftc -sanitize=fuzzer,address) and fuzzes each for SECONDS (default 60).
#
#   Tools/fuzz/run.sh [SECONDS] [TARGET...]     targets: config formula timespec event stream listing pipeline
#
# Each target starts from its committed seed corpus (Tools/fuzz/Corpus/TARGET) and keeps what it finds in
# .build-fuzz/corpus/TARGET; a crash leaves its input in .build-fuzz/artifacts/ and fails the script.
# Tools/test.sh runs every target for a few seconds; run it longer by hand, e.g. Tools/fuzz/run.sh 600 formula.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(config formula timespec event stream listing pipeline); fi

build=.build-fuzz
flags=(-Xswiftc -sanitize=fuzzer,address)
# The library targets the harnesses use, instrumented; debug builds keep @testable access to internal types.
for target in DIMSInventory DIMSProbes DIMSStore DIMSS3; do
    swift build --build-path "$build" --target "$target" "${flags[@]}" 2>&1 | grep -E "error|warning: .*fuzz" || true
done
debug="$build/debug"
objects() { for module in "$@"; do find "$debug/$module.build" -name '*.o'; done; }

mkdir -p "$build/bin" "$build/artifacts"
status=0
for target in "${targets[@]}"; do
    case "$target" in
        config) modules=(DIMSCore DIMSSystem DIMSInventory Yams CYaml); libraries=() ;;
        formula | pipeline) modules=(DIMSCore DIMSSystem DIMSTrust DIMSProbes); libraries=() ;;
        timespec) modules=(DIMSCore); libraries=() ;;
        event | stream) modules=(DIMSCore DIMSSystem DIMSStore LMDB CCRC32C); libraries=(-llmdb -lz) ;;
        listing) modules=(DIMSCore Curl CCurl DIMSS3); libraries=(-lcurl) ;;
        *) echo "unknown fuzz target '$target'" >&2; exit 2 ;;
    esac
    # Every target's DIMSCore holds the one lock: swift-nio's NIOConcurrencyHelpers over its C atomics.
    modules+=(NIOConcurrencyHelpers CNIOAtomics)
    binary="$build/bin/fuzz-$target"
    rm -f "$binary"
    # shellcheck disable=SC2046
    swiftc -sanitize=fuzzer,address -parse-as-library -g -I "$debug/Modules" -I Sources/CZlib -I Sources/CLMDB \
        -I Sources/CCurlSystem -I Sources/CCurl/include -Xcc -fmodule-map-file="$debug/CCurl.build/module.modulemap" -Xcc -fmodule-map-file="$debug/CNIOAtomics.build/module.modulemap" \
        -Xcc -fmodule-map-file="$debug/CCRC32C.build/module.modulemap" \
        -I "$build/checkouts/Yams/Sources/CYaml/include" \
        "Tools/fuzz/Targets/$target.swift" $(objects "${modules[@]}") "${libraries[@]}" -o "$binary" 2>&1 \
        | grep -v "Cannot export local symbol" || true
    [ -x "$binary" ] || { echo "fuzz target '$target' did not build" >&2; exit 2; }
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    echo "fuzzing $target for ${seconds}s"
    if ! "$binary" "$corpus" "Tools/fuzz/Corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -artifact_prefix="$build/artifacts/$target-" -print_final_stats=1 > "$build/$target.log" 2>&1; then
        echo "fuzz target '$target' found a problem:" >&2
        tail -40 "$build/$target.log" >&2
        status=1
    else
        grep -E "^stat::number_of_executed_units|^Done" "$build/$target.log" | tr '\n' ' '
        echo
    fi
done
exit $status
