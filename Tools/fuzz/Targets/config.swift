// Fuzz target: the config loader (YAML limits, node conversion, option checks) on any bytes.
import DIMSInventory

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    _ = try? ConfigLoader.parse(text, file: "config.yaml")
    return 0
}
