/// Decoding of ZIP member names that lack the UTF-8 flag.
///
/// Python's `zipfile`, which `numpy.load` uses, decodes such names as IBM code page 437,
/// the ZIP default, so this decoder yields the same keys that NumPy shows.
enum CodePage437 {
    /// Characters for bytes 0x80 through 0xFF; bytes below 0x80 are ASCII.
    private static let upperHalf: [Character] = Array(
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{00A0}"
    )

    static func decode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var text = ""
        for byte in bytes {
            if byte < 0x80 {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text.append(upperHalf[Int(byte - 0x80)])
            }
        }
        return text
    }
}
