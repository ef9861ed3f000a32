// swift-tools-version: 6.1
import PackageDescription

// Dependencies, each named once.
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let yams = Target.Dependency.product(name: "Yams", package: "Yams")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
/// The one lock: `NIOLockedValueBox` (a pthread mutex, which Thread Sanitizer sees; `Synchronization.Mutex` locks with
/// futexes it does not, so every access under it is reported as a race).
let lock = Target.Dependency.product(name: "NIOConcurrencyHelpers", package: "swift-nio")

/// Release builds of `dims` link the Swift runtime and Foundation statically: the dynamic loader then has a few
/// libraries to map instead of about fifty, and `dims` starts in a fraction of the time (BENCHMARKS.md, start-up).
/// Foundation's static libraries need ICU and collections libraries that `-static-stdlib` alone does not add. The
/// executable stays position-independent, so ASLR places it at a random address: dims parses files and network
/// answers it does not control, and the ~1.5 ms the relocations cost at start (BENCHMARKS.md, start-up) is worth it.
let staticSwiftRuntime: [LinkerSetting] = [
    .unsafeFlags(["-static-stdlib", "-Xlinker", "--start-group", "-lFoundation", "-lCoreFoundation", "-lswiftSynchronization", "-lFoundationInternationalization", "-l_FoundationICU",
                  "-lFoundationEssentials", "-l_FoundationCollections", "-l_FoundationCShims", "-Xlinker", "--end-group"],
                 .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "dims",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dims", targets: ["dims"]),
        .executable(name: "dims-serve", targets: ["dims-serve"]),
        .library(name: "DIMSCore", targets: ["DIMSCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // `dims serve` only; no traits: swift-configuration and full Foundation are not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
    ],
    targets: [
        // C libraries
        .systemLibrary(name: "CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libcurl's header only: CCurl loads the library with dlopen when a request needs it.
        .systemLibrary(name: "CCurlSystem", path: "Sources/CCurlSystem", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CCurl", dependencies: ["CCurlSystem"]),
        // libpq's header (Debian libpq-dev); the library itself is loaded at first use, see Sources/CPQ.
        .target(name: "CPQ"),
        // CRC-32C with the CPU's crc32 instruction (tables where there is none): the store's record checksums.
        .target(name: "CCRC32C"),

        // Wrappers: know nothing about dims
        .target(name: "LMDB", dependencies: ["CLMDB", lock]),
        .target(name: "Curl", dependencies: ["CCurl"]),
        .target(name: "PostgreSQL", dependencies: ["CPQ"]),

        // Domain
        .target(name: "DIMSCore", dependencies: [lock]),
        // POSIX edges the adapters share: the atomic file writer, the blocking-work pool
        .target(name: "DIMSSystem"),

        // Adapters
        .target(name: "DIMSStore", dependencies: ["DIMSCore", "DIMSSystem", "LMDB", "CZlib", "CCRC32C", lock]),
        .target(name: "DIMSInventory", dependencies: ["DIMSCore", "DIMSSystem", yams]),
        .target(name: "DIMSTrust", dependencies: ["DIMSCore"]),
        .target(name: "DIMSProbes", dependencies: ["DIMSCore", "DIMSSystem", "DIMSTrust", lock]),
        .target(name: "DIMSS3", dependencies: ["DIMSCore", "Curl", lock]),
        .target(name: "DIMSReports", dependencies: ["DIMSCore", "DIMSInsight"]),
        .target(name: "DIMSTeam", dependencies: ["DIMSCore", "DIMSStore", "PostgreSQL", lock]),
        .target(name: "DIMSAlerts", dependencies: ["DIMSCore", "DIMSSystem", "DIMSProbes", "DIMSReports", "Curl"]),
        .target(name: "DIMSServe", dependencies: ["DIMSCore", "DIMSReports", hummingbird, httpTypes, nioCore, logging, lock]),
        .target(name: "DIMSInsight", dependencies: ["DIMSCore"]),

        // Workflow: what the commands do, without the command line
        .target(name: "DIMSWorkflow", dependencies: [
            "DIMSCore", "DIMSStore", "DIMSInventory", "DIMSProbes", "DIMSS3", "DIMSReports", "DIMSAlerts", "DIMSTrust", "DIMSTeam",
            "DIMSInsight", lock,
        ]),

        // Command-line tool
        .executableTarget(name: "dims", dependencies: [
            "DIMSCore", "DIMSStore", "DIMSInventory", "DIMSProbes", "DIMSS3", "DIMSReports", "DIMSAlerts", "DIMSTrust", "DIMSTeam", "DIMSWorkflow", "DIMSInsight", argumentParser,
        ], linkerSettings: staticSwiftRuntime),

        // `dims serve` runs this program: the HTTP server is linked here alone, so the other commands start without it.
        .executableTarget(name: "dims-serve", dependencies: ["DIMSCore", "DIMSStore", "DIMSReports", "DIMSWorkflow", "DIMSServe", argumentParser, lock],
                          linkerSettings: staticSwiftRuntime),

        // Tools
        .executableTarget(name: "dims-bench", dependencies: ["DIMSCore", "DIMSStore", "LMDB"], path: "Tools/bench/Sources/dims-bench"),

        // Tests
        .target(name: "DIMSTestSupport", dependencies: ["DIMSCore"], path: "Tests/DIMSTestSupport"),
        .testTarget(name: "DIMSCoreTests", dependencies: ["DIMSCore", "DIMSTestSupport"]),
        .testTarget(name: "DIMSSystemTests", dependencies: ["DIMSSystem", lock]),
        .testTarget(name: "DIMSStoreTests", dependencies: ["DIMSCore", "DIMSStore", "LMDB", "DIMSTestSupport", "DIMSTeam", "CCRC32C"]),
        .testTarget(name: "DIMSInventoryTests", dependencies: ["DIMSCore", "DIMSInventory", "DIMSTestSupport"]),
        .testTarget(name: "DIMSTrustTests", dependencies: ["DIMSCore", "DIMSTrust", "DIMSTestSupport"]),
        .testTarget(name: "DIMSProbesTests", dependencies: ["DIMSCore", "DIMSProbes", "DIMSTestSupport", "DIMSInventory", "DIMSS3"]),
        .testTarget(name: "DIMSS3Tests", dependencies: ["DIMSCore", "DIMSS3", "Curl", "DIMSTestSupport", "DIMSProbes", lock]),
        .testTarget(name: "DIMSReportsTests", dependencies: ["DIMSCore", "DIMSReports", "DIMSTestSupport"]),
        .testTarget(name: "DIMSServeTests", dependencies: ["DIMSServe"]),
        .testTarget(name: "DIMSAlertsTests", dependencies: ["DIMSCore", "DIMSAlerts", "DIMSTestSupport"]),
        .testTarget(name: "DIMSWorkflowTests", dependencies: ["DIMSCore", "DIMSStore", "DIMSInventory", "DIMSWorkflow", "DIMSTestSupport"]),
        .testTarget(name: "DIMSInsightTests", dependencies: ["DIMSCore", "DIMSInsight", "DIMSTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["DIMSCore", "DIMSStore", "DIMSTestSupport", "DIMSTeam", lock]),
        .testTarget(name: "DIMSTeamTests", dependencies: ["DIMSCore", "DIMSStore", "DIMSTeam", "PostgreSQL", "DIMSTestSupport", lock]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
