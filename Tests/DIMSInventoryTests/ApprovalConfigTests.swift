import DIMSCore
import DIMSInventory
import Testing

/// The `approval:` section and a metric's `allow_zero`.
struct ApprovalConfigTests {
    func parse(_ text: String) throws -> InventoryConfig {
        try ConfigLoader.parse(text, file: "inventory/config.yaml")
    }

    @Test func readsTheOriginalsKeys() throws {
        let config = try parse("""
            approval:
              enabled: true
              critical_metrics: ["s3_storage.*", code_base.python_files]
              require_approval_threshold: 15
              required_for: [major, critical]
            metrics:
              s3_storage:
                deleted: {command: "echo 0", allow_zero: true}
                total: {command: "echo 1"}
            """)
        #expect(config.approval == ApprovalSettings(enabled: true, criticalMetrics: ["s3_storage.*", "code_base.python_files"], threshold: 15))
        #expect(config.approval.isCritical("s3_storage.total"))
        #expect(config.spec("s3_storage.deleted")?.allowsZero == true)
        #expect(config.spec("s3_storage.total")?.allowsZero == false)
        #expect(!config.inactiveSections.contains("approval"))
    }

    /// Without the section approvals are off; `features.approval_workflow: false` turns them off too.
    @Test func offUnlessEnabled() throws {
        #expect(try parse("version: '1.0.0'").approval.enabled == false)
        let off = try parse("features: {approval_workflow: false}\napproval: {enabled: true, critical_metrics: [a.b]}")
        #expect(off.approval.enabled == false)
        #expect(off.approval.criticalMetrics == ["a.b"])
    }

    @Test(arguments: [
        ("approval: {require_approval_threshold: -5}", 1, "approval.require_approval_threshold"),
        ("approval: {enabled: maybe}", 1, "approval.enabled"),
        ("metrics:\n  a:\n    b: {command: 'echo 1', allow_zero: sometimes}", 3, "metrics.a.b.allow_zero"),
    ])
    func badValuesNameTheirKey(text: String, line: Int, key: String) {
        let error = #expect(throws: InventoryFileError.self) { try parse(text) }
        #expect(error?.line == line)
        #expect(error?.key == key)
    }
}
