/// For the 16-byte block tests of the reader (`JSONStringScan.specialBytes`) and the writer
/// (`JSONWriter.escapesInBlock`): every byte value at every lane of a block of plain bytes, the block
/// starting at an even and at an odd address, handed to `check` with the byte and its lane.
func forEveryByteAtEveryLane(_ check: (_ byte: UInt8, _ lane: Int, _ block: UnsafePointer<UInt8>) -> Void) {
    for value in 0...255 {
        for lane in 0..<16 {
            for shift in [0, 1] {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 32)
                bytes[shift + lane] = UInt8(value)
                bytes.withUnsafeBufferPointer { check(UInt8(value), lane, $0.baseAddress! + shift) }
            }
        }
    }
}
