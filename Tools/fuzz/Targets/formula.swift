// Fuzz target: the formula parser and evaluator on any text.
import DIMSProbes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    if let formula = try? Formula(text) { _ = formula.evaluate { _ in 3 } }
    return 0
}
