import AgencyJSON
import Foundation

/// The administrator's page, from the JSON of the commands that show the same things
/// (`people history`, `schedule list`, `notifications list`, `verify --all`).
enum AdminView {
    /// One row per people-directory version the store journal recorded.
    static func peopleHistory(_ records: JSONValue, naming: Naming) -> [[String: String]] {
        (records.arrayValue ?? []).reversed().map { record in
            let changes = record["details"]?["changes"]
            func names(_ key: String) -> String {
                (changes?[key]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue ?? $0["id"]?.stringValue }
                    .joined(separator: "、")
            }
            return [
                "at": naming.time(record["at"]?.stringValue),
                "actor": naming.person(record["actor"]?.stringValue),
                "how": record["details"]?["source"]?.stringValue == "edited" ? "直接修改文件" : "agency people apply",
                "joined": names("joined"), "left": names("left"), "changed": names("changed"),
                "version": String((record["details"]?["version"]?.stringValue ?? "").prefix(12)),
            ]
        }
    }

    /// A dry run's or an apply's answer as the page shows it.
    static func change(_ answer: JSONValue) -> [String: Any] {
        let changes = answer["changes"]
        func people(_ key: String) -> [[String: String]] {
            (changes?[key]?.arrayValue ?? []).map { person in
                ["name": person["name"]?.stringValue ?? "", "id": person["id"]?.stringValue ?? "",
                 "roles": (person["roles"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "、")]
            }
        }
        let joined = people("joined"), left = people("left"), changed = people("changed")
        return [
            "joined": joined, "left": left, "changed": changed,
            "affected": answer["affectedItems"]?.arrayValue?.count ?? 0,
            "nothing": joined.isEmpty && left.isEmpty && changed.isEmpty,
            "written": answer["written"]?.boolValue ?? false,
        ]
    }

    static func schedules(_ answer: JSONValue) -> [[String: String]] {
        (answer.arrayValue ?? []).map {
            ["workflow": $0["workflow"]?.stringValue ?? "", "next": $0["next"]?.stringValue ?? "（已停用）"]
        }
    }

    /// Pending notifications by kind and by recipient (the ten with most).
    static func notifications(_ answer: JSONValue, naming: (String?) -> String) -> [String: Any] {
        let pending = answer.arrayValue ?? []
        var byKind: [String: Int] = [:], byPerson: [String: Int] = [:]
        for note in pending {
            byKind[note["kind"]?.stringValue ?? "", default: 0] += 1
            byPerson[note["to"]?.stringValue ?? "", default: 0] += 1
        }
        let kinds = ["assigned": "新待办", "remind": "催办", "escalate": "督办", "color": "亮灯变化", "due": "到期",
                     "cc": "抄送", "urge": "催办（申请人）"]
        return [
            "pending": pending.count,
            "byKind": byKind.sorted { $0.value > $1.value }.map { ["kind": kinds[$0.key] ?? $0.key, "count": "\($0.value)"] },
            "byPerson": byPerson.sorted { $0.value > $1.value }.prefix(10)
                .map { ["person": naming($0.key), "count": "\($0.value)"] },
        ]
    }

    /// `verify --all --json` in a sentence and a list of what failed.
    static func verification(_ answer: JSONValue) -> [String: Any] {
        let results = answer.arrayValue ?? []
        let failed = results.filter { $0["ok"]?.boolValue == false }
        return [
            "checked": results.count, "ok": failed.isEmpty,
            "failed": failed.map { result in
                ["id": result["id"]?.stringValue ?? "",
                 "problem": (result["problems"]?.arrayValue ?? []).compactMap { $0.stringValue ?? (try? $0.canonicalString()) }
                    .joined(separator: "；")]
            },
        ]
    }
}
