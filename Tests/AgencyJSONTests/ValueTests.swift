import Testing
import AgencyJSON

@Suite("JSONValue: literals, accessors, equality")
struct ValueTests {
    @Test func literalsProduceMatchingCases() {
        let value: JSONValue = ["n": nil, "b": true, "i": 3, "d": 3.0, "s": "x", "a": [1], "o": ["k": "v"]]
        #expect(value == .object([
            "n": .null, "b": .bool(true), "i": .integer(3), "d": .double(3.0), "s": .string("x"),
            "a": .array([.integer(1)]), "o": .object(["k": .string("v")]),
        ]))
    }

    @Test func accessorsReturnPayloadsOnlyForTheirKind() {
        let integer: JSONValue = 7
        #expect(integer.intValue == 7)
        #expect(integer.doubleValue == 7.0)
        #expect(integer.stringValue == nil)
        #expect(integer.boolValue == nil)
        let double: JSONValue = 2.0
        #expect(double.intValue == nil)
        #expect(double.doubleValue == 2.0)
        #expect(JSONValue.string("s").stringValue == "s")
        #expect(JSONValue.bool(false).boolValue == false)
        #expect(JSONValue.array([1]).arrayValue == [1])
        #expect(JSONValue.object(["a": 1]).objectValue == ["a": 1])
        #expect(JSONValue.null.isNull)
        #expect(!JSONValue.integer(0).isNull)
        #expect(JSONValue.string("1").intValue == nil)
    }

    @Test func subscriptsDistinguishAbsentFromNull() {
        let value: JSONValue = ["present": nil, "list": [10, 20]]
        #expect(value["present"] == .some(.null))
        #expect(value["missing"] == nil)
        #expect(value["list"]?[1] == 20)
        #expect(value["list"]?[2] == nil)
        #expect(value["list"]?[-1] == nil)
        #expect(value[0] == nil)
        #expect(JSONValue.integer(1)["key"] == nil)
    }

    @Test func typeNames() {
        let names = ([nil, true, 1, 1.5, "s", [], [:]] as [JSONValue]).map(\.typeName)
        #expect(names == ["null", "boolean", "integer", "number", "string", "array", "object"])
    }

    @Test func integerAndDoubleAreDifferentValues() {
        #expect(JSONValue.integer(1) != JSONValue.double(1.0))
        let set: Set<JSONValue> = [1, 1.0, "1", [1], ["1": 1]]
        #expect(set.count == 5)
    }
}
