/// Converts a decimal significand and power of ten to the nearest Double with one or two
/// 64-by-64-bit multiplications, by the Eisel-Lemire method (Daniel Lemire, "Number
/// parsing at a gigabyte per second", Software: Practice and Experience 51(8), 2021,
/// doi:10.1002/spe.2984).
///
/// It returns nil where the truncated product leaves the rounding in doubt, and for
/// exact ties between two Doubles, so callers keep an exact path for those. It covers
/// powers of ten from 10^-27 to 10^27, the range of the trace's step values, where every
/// result is a normal Double.
enum DecimalToDouble {
    static let exponentRange = -27...27

    /// Returns `significand * 10^exponent`, negated when `isNegative`, correctly rounded,
    /// or nil when this method cannot round it with certainty.
    @inline(__always)
    static func double(significand: UInt64, exponent: Int, isNegative: Bool) -> Double? {
        guard exponent >= exponentRange.lowerBound, exponent <= exponentRange.upperBound else {
            return nil
        }
        if significand == 0 {
            return isNegative ? -0.0 : 0.0
        }

        // The significand, shifted so that its top bit is set, times the top 64 bits of
        // the power of five, also normalized: a 128-bit product of at least 2^126.
        let leadingZeros = significand.leadingZeroBitCount
        let normalized = significand << leadingZeros
        let index = exponent - exponentRange.lowerBound
        let product = normalized.multipliedFullWidth(by: powerOfFiveHigh[index])
        var high = product.high
        var low = product.low

        // The power's lower 64 bits add less than `normalized` to the product's low word.
        // They can only change the result when that carries into the 9 bits below the
        // mantissa and those are all ones. Then the full 192-bit product decides, unless
        // it is still within one unit of a carry.
        if high & 0x1FF == 0x1FF, low &+ normalized < low {
            let correction = normalized.multipliedFullWidth(by: powerOfFiveLow[index])
            let (sum, carried) = low.addingReportingOverflow(correction.high)
            low = sum
            if carried {
                high &+= 1
            }
            if high & 0x1FF == 0x1FF, low == .max {
                return nil
            }
        }

        // The top 54 bits: 53 for the mantissa and one to round on.
        let upperBit = Int(high >> 63)
        var mantissa = high >> (upperBit + 9)
        if low == 0, high & 0x1FF == 0, mantissa & 3 == 1 {
            return nil
        }
        mantissa += mantissa & 1
        mantissa >>= 1

        // The value is mantissa * 2^binaryExponent, where (exponent * 152170) >> 16 is
        // floor(log2(5^exponent)) across the covered range.
        var binaryExponent = (exponent &* 152_170) >> 16 + exponent + 11 + upperBit - leadingZeros
        if mantissa >= 1 << 53 {
            mantissa = 1 << 52
            binaryExponent += 1
        }
        let biasedExponent = binaryExponent + 52 + 1023
        guard biasedExponent > 0, biasedExponent < 0x7FF else {
            return nil
        }

        let sign: UInt64 = isNegative ? 1 << 63 : 0
        return Double(bitPattern: sign | UInt64(biasedExponent) << 52 | mantissa & (1 << 52 - 1))
    }

    /// The top 64 bits of 5^q for q from -27 to 27, shifted so that bit 127 of the
    /// 128-bit value is set. Negative powers are truncated, not rounded.
    static let powerOfFiveHigh: [UInt64] = [
        0x9E74_D1B7_91E0_7E48, 0xC612_0625_7658_9DDA, 0xF796_87AE_D3EE_C551,
        0x9ABE_14CD_4475_3B52, 0xC16D_9A00_9592_8A27, 0xF1C9_0080_BAF7_2CB1,
        0x971D_A050_74DA_7BEE, 0xBCE5_0864_9211_1AEA, 0xEC1E_4A7D_B695_61A5,
        0x9392_EE8E_921D_5D07, 0xB877_AA32_36A4_B449, 0xE695_94BE_C44D_E15B,
        0x901D_7CF7_3AB0_ACD9, 0xB424_DC35_095C_D80F, 0xE12E_1342_4BB4_0E13,
        0x8CBC_CC09_6F50_88CB, 0xAFEB_FF0B_CB24_AAFE, 0xDBE6_FECE_BDED_D5BE,
        0x8970_5F41_36B4_A597, 0xABCC_7711_8461_CEFC, 0xD6BF_94D5_E57A_42BC,
        0x8637_BD05_AF6C_69B5, 0xA7C5_AC47_1B47_8423, 0xD1B7_1758_E219_652B,
        0x8312_6E97_8D4F_DF3B, 0xA3D7_0A3D_70A3_D70A, 0xCCCC_CCCC_CCCC_CCCC,
        0x8000_0000_0000_0000, 0xA000_0000_0000_0000, 0xC800_0000_0000_0000,
        0xFA00_0000_0000_0000, 0x9C40_0000_0000_0000, 0xC350_0000_0000_0000,
        0xF424_0000_0000_0000, 0x9896_8000_0000_0000, 0xBEBC_2000_0000_0000,
        0xEE6B_2800_0000_0000, 0x9502_F900_0000_0000, 0xBA43_B740_0000_0000,
        0xE8D4_A510_0000_0000, 0x9184_E72A_0000_0000, 0xB5E6_20F4_8000_0000,
        0xE35F_A931_A000_0000, 0x8E1B_C9BF_0400_0000, 0xB1A2_BC2E_C500_0000,
        0xDE0B_6B3A_7640_0000, 0x8AC7_2304_89E8_0000, 0xAD78_EBC5_AC62_0000,
        0xD8D7_26B7_177A_8000, 0x8786_7832_6EAC_9000, 0xA968_163F_0A57_B400,
        0xD3C2_1BCE_CCED_A100, 0x8459_5161_4014_84A0, 0xA56F_A5B9_9019_A5C8,
        0xCECB_8F27_F420_0F3A
    ]

    /// The next 64 bits of the same values, zero from 5^0 on because those fit in 64 bits.
    static let powerOfFiveLow: [UInt64] = [
        0x775E_A264_CF55_347D, 0x9536_4AFE_032A_819D, 0x3A83_DDBD_83F5_2204,
        0xC492_6A96_7279_3542, 0x75B7_053C_0F17_8293, 0x5324_C68B_12DD_6338,
        0xD3F6_FC16_EBCA_5E03, 0x88F4_BB1C_A6BC_F584, 0x2B31_E9E3_D06C_32E5,
        0x3AFF_322E_6243_9FCF, 0x09BE_FEB9_FAD4_87C2, 0x4C2E_BE68_7989_A9B3,
        0x0F9D_3701_4BF6_0A10, 0x5384_84C1_9EF3_8C94, 0x2865_A5F2_06B0_6FB9,
        0xF93F_87B7_442E_45D3, 0xF78F_69A5_1539_D748, 0xB573_440E_5A88_4D1B,
        0x3168_0A88_F895_3030, 0xFDC2_0D2B_36BA_7C3D, 0x3D32_9076_0469_1B4C,
        0xA63F_9A49_C2C1_B10F, 0x0FCF_80DC_3372_1D53, 0xD3C3_6113_404E_A4A8,
        0x645A_1CAC_0831_26E9, 0x3D70_A3D7_0A3D_70A3, 0xCCCC_CCCC_CCCC_CCCC,
        0x0000_0000_0000_0000, 0x0000_0000_0000_0000, 0x0000_0000_0000_0000,
        0x0000_0000_0000_0000, 0x0000_0000_0000_0000, 0x0000_0000_0000_0000,
        0x0000_0000_0000_0000, 0x0000_0000_0000_0000, 0x0000_0000_0000_0000,
        0x0000_0000_0000_0000, 0x0000_0000_0000_0000, 0x0000_0000_0000_0000,
        0x0000_0000_0000_0000, 0x0000_0000_0000_0000, 0x0000_0000_0000_0000,
        0x0000_0000_0000_0000, 0x0000_0000_0000_0000, 0x0000_0000_0000_0000,
        0x0000_0000_0000_0000, 0x0000_0000_0000_0000, 0x0000_0000_0000_0000,
        0x0000_0000_0000_0000, 0x0000_0000_0000_0000, 0x0000_0000_0000_0000,
        0x0000_0000_0000_0000, 0x0000_0000_0000_0000, 0x0000_0000_0000_0000,
        0x0000_0000_0000_0000
    ]
}
