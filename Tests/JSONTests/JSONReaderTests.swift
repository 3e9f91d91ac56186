import JSON
import XCTest

/// Accept and reject tables in the spirit of JSONTestSuite: `y_` inputs must parse (to the given
/// value, when one is given), `n_` inputs must be refused with an error that says where and why.
final class JSONReaderTests: XCTestCase {
    private struct Accept {
        let name: String
        let input: [UInt8]
        let expected: JSON?
    }

    private struct Reject {
        let name: String
        let input: [UInt8]
        /// A phrase the reason must contain, for the cases whose wording callers rely on.
        let reason: String?
        let limits: JSONLimits
    }

    private static func y(_ name: String, _ text: String, _ expected: JSON? = nil) -> Accept {
        Accept(name: name, input: Array(text.utf8), expected: expected)
    }

    private static func y(_ name: String, bytes: [UInt8], _ expected: JSON? = nil) -> Accept {
        Accept(name: name, input: bytes, expected: expected)
    }

    private static func n(_ name: String, _ text: String, _ reason: String? = nil, limits: JSONLimits = .default) -> Reject {
        Reject(name: name, input: Array(text.utf8), reason: reason, limits: limits)
    }

    private static func n(_ name: String, bytes: [UInt8], _ reason: String? = nil) -> Reject {
        Reject(name: name, input: bytes, reason: reason, limits: .default)
    }

    /// `"` + bytes + `"`: a string literal around raw (possibly invalid) UTF-8.
    private static func quoted(_ bytes: [UInt8]) -> [UInt8] { [0x22] + bytes + [0x22] }

    private static let manyMembers = (0..<20).map { "\"key\($0)\":\($0)" }.joined(separator: ",")

    private static let accepted: [Accept] = [
        // Containers
        y("y_array_empty", "[]", []),
        y("y_object_empty", "{}", [:]),
        y("y_array_of_empty_containers", "[[],{}]", [[], [:]]),
        y("y_object_empty_key", #"{"":0}"#, ["": 0]),
        y("y_array_heterogeneous", #"[1,"a",{},[],null,true]"#, [1, "a", [:], [], nil, true]),
        y("y_nested_mixed", #"{"a":[1,{"b":null}],"c":{"d":[true,false]}}"#,
          ["a": [1, ["b": nil]], "c": ["d": [true, false]]]),
        y("y_deeply_nested_within_limit", String(repeating: "[", count: 100) + String(repeating: "]", count: 100)),
        y("y_object_many_members", "{\(manyMembers)}"),
        y("y_object_keys_differ_in_case", #"{"a":1,"A":2}"#, ["a": 1, "A": 2]),
        y("y_object_escaped_key", #"{"\u0061b":1}"#, ["ab": 1]),
        y("y_object_key_with_quote", #"{"k\"l":6}"#, ["k\"l": 6]),
        // Strings and escapes
        y("y_string_empty", #""""#, ""),
        y("y_string_simple_escapes", #""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        y("y_string_escaped_solidus", #""\/""#, "/"),
        y("y_string_unicode_escapes", #""\u0061\u00e9\u4E2D""#, "aé中"),
        y("y_string_unicode_escape_both_cases", #""\u00E9\u00e9""#, "éé"),
        y("y_string_surrogate_pair", #""\uD83D\uDE00""#, "😀"),
        y("y_string_surrogate_pair_lowercase", #""\ud83d\ude00""#, "😀"),
        y("y_string_surrogate_pair_max", #""\uDBFF\uDFFF""#, "\u{10FFFF}"),
        y("y_string_escaped_nul", #""\u0000""#, "\u{0}"),
        y("y_string_escaped_noncharacter", #""\uFFFF""#, "\u{FFFF}"),
        y("y_string_escaped_backslash_then_u", #""\\u0041""#, "\\u0041"),
        y("y_string_raw_utf8_two_bytes", #""é""#, "é"),
        y("y_string_raw_utf8_three_bytes", #""中文""#, "中文"),
        y("y_string_raw_utf8_four_bytes", #""😀""#, "😀"),
        y("y_string_raw_noncharacter", bytes: quoted([0xEF, 0xBF, 0xBF]), "\u{FFFF}"),
        y("y_string_raw_max_scalar", bytes: quoted([0xF4, 0x8F, 0xBF, 0xBF]), "\u{10FFFF}"),
        y("y_string_raw_del", bytes: quoted([0x7F]), "\u{7F}"),
        y("y_string_raw_line_separator", "\"\u{2028}\"", "\u{2028}"),
        // Numbers (their exact text is checked in testNumbersKeepTheirExactText)
        y("y_number_zero", "0", 0),
        y("y_number_negative_zero", "-0"),
        y("y_number_exponent_with_plus", "1E+2"),
        y("y_number_fraction_and_negative_exponent", "0.5e-3"),
        y("y_number_big_integer", "123456789012345678901234567890"),
        y("y_number_negative_big_integer", "-123456789012345678901234567890"),
        y("y_number_trailing_fraction_zeros", "1.50"),
        y("y_number_huge_exponent", "1e400"),
        y("y_numbers_in_array", "[-1,0.25,3e0]"),
        // Literals and top-level scalars
        y("y_literals", "[true,false,null]", [true, false, nil]),
        y("y_top_level_true", "true", true),
        y("y_top_level_null", "null", nil),
        y("y_top_level_string", #""x""#, "x"),
        // Whitespace
        y("y_whitespace_around", " \t\n\r[1] \n\t\r ", [1]),
        y("y_whitespace_inside_array", "[ 1 ,\t2\n]", [1, 2]),
        y("y_whitespace_inside_object", "{ \"a\" : 1 ,\r\n \"b\" : [ ] }", ["a": 1, "b": []]),
        y("y_whitespace_crlf_lines", "{\r\n  \"a\": 1\r\n}\r\n", ["a": 1]),
    ]

    private static var tooDeep: String { String(repeating: "[", count: 600) + String(repeating: "]", count: 600) }

    private static var shallowLimits: JSONLimits {
        var limits = JSONLimits.default
        limits.maxDepth = 4
        return limits
    }

    private static var tinyLimits: JSONLimits {
        var limits = JSONLimits.default
        limits.maxBytes = 8
        return limits
    }

    private static let rejected: [Reject] = [
        // Arrays
        n("n_array_trailing_comma", "[1,]", "trailing comma"),
        n("n_array_nested_trailing_comma", "[[1],]", "trailing comma"),
        n("n_array_leading_comma", "[,1]"),
        n("n_array_double_comma", "[1,,2]"),
        n("n_array_missing_comma", "[1 2]"),
        n("n_array_unclosed", "[1", "unexpected end of input"),
        n("n_array_unclosed_after_comma", "[1,", "unexpected end of input"),
        n("n_array_extra_close", "[1]]", "unexpected data after the top-level value"),
        n("n_array_colon_instead_of_comma", #"["a":1]"#),
        n("n_array_closed_by_brace", "[1}"),
        // Objects
        n("n_object_trailing_comma", #"{"a":1,}"#, "trailing comma"),
        n("n_object_unclosed", #"{"a":1"#, "unexpected end of input"),
        n("n_object_unquoted_key", "{a:1}"),
        n("n_object_single_quoted_key", "{'a':1}"),
        n("n_object_missing_colon", #"{"a" 1}"#),
        n("n_object_missing_value", #"{"a":}"#),
        n("n_object_missing_comma", #"{"a":1 "b":2}"#),
        n("n_object_numeric_key", "{1:1}"),
        n("n_object_key_without_value", #"{"a":1,"b"}"#),
        n("n_object_lone_comma", "{,}"),
        n("n_object_closed_by_bracket", #"{"a":1]"#),
        n("n_object_duplicate_key", #"{"a":1,"a":2}"#, "duplicate key"),
        n("n_object_duplicate_key_among_many", "{\(manyMembers),\"key7\":0}", "duplicate key"),
        n("n_object_duplicate_key_escaped", #"{"a":1,"\u0061":2}"#, "duplicate key"),
        // Numbers
        n("n_number_leading_zero", "[01]", "leading zero"),
        n("n_number_negative_leading_zero", "-01", "leading zero"),
        n("n_number_double_zero", "00"),
        n("n_number_trailing_dot", "[1.]"),
        n("n_number_leading_dot", "[.5]"),
        n("n_number_plus_sign", "[+1]"),
        n("n_number_nan", "[NaN]"),
        n("n_number_infinity", "[Infinity]"),
        n("n_number_minus_infinity", "[-Infinity]"),
        n("n_number_hex", "[0x10]"),
        n("n_number_exponent_without_digits", "[1e]"),
        n("n_number_exponent_sign_only", "[1e+]"),
        n("n_number_minus_alone", "-"),
        n("n_number_minus_space", "[- 1]"),
        n("n_number_dot_before_exponent", "[2.e3]"),
        n("n_number_fractional_exponent", "[1e1.5]"),
        // Strings
        n("n_string_single_quotes", "['a']"),
        n("n_string_unclosed", #"["abc"#, "unexpected end of input"),
        n("n_string_unescaped_control_char", "[\"a\u{1}\"]", "control character"),
        n("n_string_unescaped_newline", "[\"a\nb\"]", "control character"),
        n("n_string_unescaped_tab", "[\"\t\"]", "control character"),
        n("n_string_lone_high_surrogate", #"["\uD800"]"#, "lone surrogate"),
        n("n_string_lone_low_surrogate", #"["\uDC00"]"#, "lone surrogate"),
        n("n_string_high_surrogate_then_letter", #"["\uD800\u0041"]"#, "lone surrogate"),
        n("n_string_reversed_surrogate_pair", #"["\uDE00\uD83D"]"#, "lone surrogate"),
        n("n_string_two_high_surrogates", #"["\uD800\uD800"]"#, "lone surrogate"),
        n("n_string_invalid_escape_x", #"["\x"]"#, "invalid escape"),
        n("n_string_invalid_escape_quote", #"["\'"]"#, "invalid escape"),
        n("n_string_short_unicode_escape", #"["\u12"]"#),
        n("n_string_non_hex_unicode_escape", #"["\uZZZZ"]"#),
        n("n_string_backslash_at_end", #""\"#),
        n("n_string_escape_outside_string", #"[\"a\"]"#),
        // UTF-8
        n("n_utf8_overlong_solidus", bytes: quoted([0xC0, 0xAF]), "invalid UTF-8"),
        n("n_utf8_ff", bytes: quoted([0xFF]), "invalid UTF-8"),
        n("n_utf8_truncated_sequence", bytes: quoted([0xE6, 0x97]), "invalid UTF-8"),
        n("n_utf8_truncated_at_end_of_input", bytes: [0x22, 0xE6, 0x97], "invalid UTF-8"),
        n("n_utf8_encoded_surrogate", bytes: quoted([0xED, 0xA0, 0x80]), "invalid UTF-8"),
        n("n_utf8_above_max_scalar", bytes: quoted([0xF4, 0x90, 0x80, 0x80]), "invalid UTF-8"),
        n("n_utf8_lone_continuation_byte", bytes: quoted([0x80]), "invalid UTF-8"),
        n("n_utf8_overlong_three_bytes", bytes: quoted([0xE0, 0x80, 0xAF]), "invalid UTF-8"),
        n("n_utf8_overlong_four_bytes", bytes: quoted([0xF0, 0x80, 0x80, 0xAF]), "invalid UTF-8"),
        n("n_utf8_f5_lead_byte", bytes: quoted([0xF5, 0x80, 0x80, 0x80]), "invalid UTF-8"),
        n("n_utf8_bom", bytes: [0xEF, 0xBB, 0xBF, 0x5B, 0x5D]),
        // Literals
        n("n_literal_truncated", "tru"),
        n("n_literal_capitalized", "True"),
        n("n_literal_nul", "nul"),
        n("n_literal_extra_letter", "nulll"),
        // Top level
        n("n_empty_input", "", "unexpected end of input"),
        n("n_whitespace_only", "  \n ", "unexpected end of input"),
        n("n_two_top_level_arrays", "[1] [2]", "unexpected data after the top-level value"),
        n("n_two_top_level_numbers", "1 2", "unexpected data after the top-level value"),
        n("n_object_then_garbage", "{} x", "unexpected data after the top-level value"),
        n("n_nul_after_value", "[]\u{0}", "unexpected data after the top-level value"),
        n("n_lone_close_brace", "}"),
        n("n_block_comment", "/* c */ []"),
        n("n_line_comment_after_value", "[1] // c"),
        n("n_hash_comment", "# c\n[]"),
        // Limits
        n("n_depth_over_default_limit", tooDeep, "maximum depth"),
        n("n_depth_over_custom_limit", "[[[[[1]]]]]", "maximum depth", limits: shallowLimits),
        n("n_object_depth_over_custom_limit", #"{"a":{"b":{"c":{"d":{"e":1}}}}}"#, "maximum depth", limits: shallowLimits),
        n("n_bytes_over_limit", "[1,2,3,4,5]", limits: tinyLimits),
    ]

    func testTablesAreLargeEnough() {
        XCTAssertGreaterThanOrEqual(Self.accepted.count, 40)
        XCTAssertGreaterThanOrEqual(Self.rejected.count, 50)
        XCTAssertEqual(Set(Self.accepted.map(\.name)).count, Self.accepted.count, "case names are unique")
        XCTAssertEqual(Set(Self.rejected.map(\.name)).count, Self.rejected.count, "case names are unique")
    }

    func testAcceptedInputs() {
        for testCase in Self.accepted {
            do {
                let value = try JSONReader.parse(testCase.input)
                if let expected = testCase.expected {
                    XCTAssertEqual(value, expected, testCase.name)
                }
            } catch {
                XCTFail("\(testCase.name): \(error)")
            }
        }
    }

    func testRejectedInputs() {
        for testCase in Self.rejected {
            do throws(JSONParseError) {
                let value = try JSONReader.parse(testCase.input, limits: testCase.limits)
                XCTFail("\(testCase.name): accepted as \(value)")
            } catch {
                XCTAssertGreaterThanOrEqual(error.offset, 0, testCase.name)
                XCTAssertLessThanOrEqual(error.offset, testCase.input.count, testCase.name)
                XCTAssertGreaterThanOrEqual(error.line, 1, testCase.name)
                XCTAssertGreaterThanOrEqual(error.column, 1, testCase.name)
                XCTAssertFalse(error.reason.isEmpty, testCase.name)
                if let phrase = testCase.reason {
                    XCTAssertTrue(error.reason.contains(phrase), "\(testCase.name): reason \"\(error.reason)\"")
                }
            }
        }
    }

    /// The String and byte entry points are the same reader.
    func testStringAndBytesAgree() throws {
        for testCase in Self.accepted {
            guard let text = String(validating: testCase.input, as: UTF8.self) else { continue }
            XCTAssertEqual(try JSONReader.parse(text), try JSONReader.parse(testCase.input), testCase.name)
        }
        XCTAssertThrowsError(try JSONReader.parse("[1,]"))
    }

    func testNumbersKeepTheirExactText() throws {
        for text in ["0", "-0", "1E+2", "0.5e-3", "123456789012345678901234567890", "-123456789012345678901234567890",
                     "1.50", "1e400", "2E-7", "100", "-0.0"] {
            XCTAssertEqual(try JSONReader.parse(text).numberValue?.text, text)
            XCTAssertEqual(try JSONReader.parse("[\(text)]")[0]?.numberValue?.text, text, "inside an array")
            XCTAssertEqual(try JSONReader.parse("{\"n\":\(text)}")["n"]?.numberValue?.text, text, "inside an object")
        }
        XCTAssertEqual(try JSONReader.parse("9007199254740993").numberValue?.text, "9007199254740993",
                       "2^53 + 1 is not representable as a Double but survives as text")
    }

    func testMemberOrderIsKept() throws {
        let value = try JSONReader.parse(#"{"b":1,"a":2,"c":{"z":1,"y":2}}"#)
        XCTAssertEqual(value.objectValue?.keys, ["b", "a", "c"])
        XCTAssertEqual(value["c"]?.objectValue?.keys, ["z", "y"])
    }

    func testErrorPositions() throws {
        let cases: [(String, offset: Int, line: Int, column: Int)] = [
            ("[1,]", 3, 1, 4),
            (#"{"a":1,"a":2}"#, 7, 1, 8),
            ("{\n  \"a\": 01\n}", 9, 2, 8),
            ("[1,\n 2,\n]", 8, 3, 1),
            ("[1] x", 4, 1, 5),
            ("[1", 2, 1, 3),
        ]
        for (text, offset, line, column) in cases {
            XCTAssertThrowsError(try JSONReader.parse(text), text) { error in
                guard let error = error as? JSONParseError else { return XCTFail("\(type(of: error))") }
                XCTAssertEqual(error.offset, offset, text)
                XCTAssertEqual(error.line, line, text)
                XCTAssertEqual(error.column, column, text)
                XCTAssertTrue(error.description.contains("line \(line), column \(column)"), error.description)
            }
        }
    }

    func testDepthLimitCountsNesting() throws {
        XCTAssertNoThrow(try JSONReader.parse("[[[1]]]", limits: Self.shallowLimits))
        XCTAssertNoThrow(try JSONReader.parse(#"{"a":[{"b":1}]}"#, limits: Self.shallowLimits))
        XCTAssertThrowsError(try JSONReader.parse("[[[[[[[[1]]]]]]]]", limits: Self.shallowLimits))
    }
}
