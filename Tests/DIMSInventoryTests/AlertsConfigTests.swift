import DIMSCore
import DIMSInventory
import Testing

struct AlertsConfigTests {
    static let config = """
        alerts:
          enabled: true
          channels:
            - name: team-slack
              type: slack
              url: "${SLACK_WEBHOOK_URL}"
              min_level: major
              metrics: ["s3_storage.*"]
              repeat_after_hours: 24
            - name: pager
              type: command
              command: "notify --json"
              min_level: error
        events:
          enabled: true
          cooldown_seconds: 60
          hooks:
            - name: code-change
              trigger: post-commit
              metrics: ["code_base.*"]
            - name: nightly
              trigger: cron
              schedule: "0 2 * * mon-fri"
              metrics: ["s3_storage.*"]
        """

    @Test func channelsAndHooksAreRead() throws {
        let config = try ConfigLoader.parse(Self.config, file: "inventory/config.yaml")
        #expect(config.alerts.enabled)
        #expect(config.alerts.channels.map(\.name) == ["team-slack", "pager"])
        let slack = try #require(config.alerts.channel(named: "team-slack"))
        #expect(slack.kind == .slack)
        #expect(slack.url == "${SLACK_WEBHOOK_URL}", "the config keeps the reference, never the secret")
        #expect(slack.minLevel == .major)
        #expect(slack.metrics == ["s3_storage.*"])
        #expect(slack.repeatAfterHours == 24)
        #expect(config.alerts.channel(named: "pager")?.command == "notify --json")
        #expect(config.events.enabled)
        #expect(config.events.cooldownSeconds == 60)
        #expect(config.events.hooks.map(\.trigger) == [.postCommit, .cron])
        #expect(config.events.hooks[1].schedule?.expression == "0 2 * * mon-fri")
        #expect(config.events.hooks(for: "post-commit").map(\.name) == ["code-change"])
        #expect(config.events.hooks(for: "nightly").map(\.name) == ["nightly"])
        #expect(!config.inactiveSections.contains("events"))
    }

    @Test(arguments: [
        ("alerts:\n  channels:\n    - name: a\n      type: email\n", 4, "alerts.channels[0].type",
         "inventory/config.yaml:4: 'alerts.channels[0].type' must be slack, webhook or command, not 'email'"),
        ("alerts:\n  channels:\n    - name: a\n      type: slack\n", 3, "alerts.channels[0].url",
         "inventory/config.yaml:3: Channel 'a' needs a 'url', e.g. \"${SLACK_WEBHOOK_URL}\""),
        ("alerts:\n  channels:\n    - name: a\n      type: webhook\n      url: x\n      min_level: minor\n", 6, "alerts.channels[0].min_level",
         "inventory/config.yaml:6: 'alerts.channels[0].min_level' must be moderate, major, critical, error or approval, not 'minor'"),
        ("alerts:\n  channels:\n    - {name: a, type: command, command: x}\n    - {name: a, type: command, command: y}\n", 4,
         "alerts.channels[1].name", "inventory/config.yaml:4: Channel name 'a' is used twice"),
        ("events:\n  hooks:\n    - name: n\n      trigger: cron\n      schedule: \"0 25 * * *\"\n", 5, "events.hooks[0].schedule",
         "inventory/config.yaml:5: Invalid hour '25' in '25': use *, N, A-B, */N or A-B/N within 0-23"),
        ("events:\n  hooks:\n    - name: n\n      trigger: cron\n", 3, "events.hooks[0].schedule",
         "inventory/config.yaml:3: Hook 'n' is a cron hook and needs a 'schedule', e.g. \"0 2 * * *\""),
        ("events:\n  hooks:\n    - name: n\n      trigger: on-push\n", 4, "events.hooks[0].trigger",
         "inventory/config.yaml:4: 'events.hooks[0].trigger' must be post-commit, s3_event, scraper_complete or cron, not 'on-push'"),
        ("events:\n  cooldown_seconds: -5\n", 2, "events.cooldown_seconds",
         "inventory/config.yaml:2: 'events.cooldown_seconds' must be a positive number or 0, not '-5'"),
    ] as [(String, Int, String, String)])
    func badSettingsNameFileLineAndKey(text: String, line: Int, key: String, message: String) {
        let error = #expect(throws: InventoryFileError.self) { try ConfigLoader.parse(text, file: "inventory/config.yaml") }
        #expect(error?.line == line)
        #expect(error?.key == key)
        #expect(error?.message == message)
    }
}
