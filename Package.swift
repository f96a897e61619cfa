// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The Monte Carlo model runs 10,000 draws over 25 months: optimise it even in debug builds, so that
/// `swift run reportgen demo` and the tests take seconds, not half a minute.
let optimisedSettings: [SwiftSetting] = strictSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

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
        .executableTarget(
            name: "ReportGen",
            dependencies: [
                "Matrix",
                "Templates",
                "CSQLite",
                "CZlib",
                "CLibXML2",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: optimisedSettings,
            plugins: ["EmbedResourcesPlugin"]
        ),
        .target(name: "Matrix", swiftSettings: optimisedSettings),
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
        .target(
            name: "Templates",
            dependencies: [.product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strictSettings,
            plugins: ["EmbedResourcesPlugin"]
        ),
        .executableTarget(name: "embed-resources", path: "Sources/EmbedResources"),
        .plugin(
            name: "EmbedResourcesPlugin",
            capability: .buildTool(),
            dependencies: ["embed-resources"],
            path: "Sources/EmbedResourcesPlugin"
        ),
        .testTarget(name: "MatrixTests", dependencies: ["Matrix"], swiftSettings: strictSettings),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"], swiftSettings: strictSettings),
        .testTarget(
            name: "ReportGenTests",
            dependencies: [
                "ReportGen", "Matrix", "Templates", "CLibXML2", "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
