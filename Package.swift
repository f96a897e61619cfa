// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ReportGen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "reportgen", targets: ["ReportGen"]),
        .library(name: "Matrix", targets: ["Matrix"]),
        .library(name: "Templates", targets: ["Templates"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The command-line tool: flag parsing, printing and exit codes over the core library.
        .executableTarget(
            name: "ReportGen",
            dependencies: [
                "ReportGenCore",
                "Matrix",
                "Templates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The pipeline: ingest, model, decision, pack, archive, and the one room that orders them.
        .target(
            name: "ReportGenCore",
            dependencies: [
                "Matrix",
                "Templates",
                "CSQLite",
                "CZlib",
                "CLibXML2",
                .product(name: "Yams", package: "Yams"),
                // The parsed templates, handed from the stage that parses them to the renderer.
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                // scrypt, for the passphrases that protect signing keys.
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings,
            plugins: ["EmbedResourcesPlugin"]
        ),
        .target(
            name: "Matrix",
            swiftSettings: strictSettings + [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .target(
            name: "Templates",
            // Matrix for the Pareto front the scatter chart draws: one front for the plan search and the chart.
            dependencies: ["Matrix", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strictSettings,
            plugins: ["EmbedResourcesPlugin"]
        ),
        // The on-demand benchmarks, kept out of the user-facing tool (docs/bench/run.sh runs them).
        .executableTarget(
            name: "ReportGenBench",
            dependencies: [
                "ReportGenCore",
                "Matrix",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .executableTarget(name: "embed-resources", path: "Sources/EmbedResources"),
        .plugin(
            name: "EmbedResourcesPlugin",
            capability: .buildTool(),
            dependencies: ["embed-resources"],
            path: "Sources/EmbedResourcesPlugin"
        ),
        // Golden-file comparison shared by the test targets (no Testing dependency: it returns a message).
        .target(name: "GoldenTestSupport", path: "Tests/GoldenTestSupport", swiftSettings: strictSettings),
        .testTarget(name: "MatrixTests", dependencies: ["Matrix"], swiftSettings: strictSettings),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates", "Matrix"], swiftSettings: strictSettings),
        .testTarget(
            name: "ReportGenCoreTests",
            dependencies: ["ReportGenCore", "Matrix", "Templates", "CLibXML2", "CZlib", "GoldenTestSupport"],
            exclude: ["Fixtures", "Decision/Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReportGenTests",
            dependencies: [
                "ReportGen", "ReportGenCore", "Matrix", "Templates", "GoldenTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Commands/Golden"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
