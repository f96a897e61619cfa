import ArgumentParser
import Foundation
import ReportGenCore

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// Runs a nested subcommand's body so that a failure names it whole (`reportgen: error: signer add: …`; the root's
/// error line names a subcommand by its last word only), then exits 1.
func reporting<T>(_ command: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        printError("\(command): \(error)")
        throw ExitCode.failure
    }
}

/// A warning on stderr, shown even with `--quiet`: `reportgen: warning: COMMAND: …`.
func printWarning(_ command: String, _ message: String) {
    FileHandle.standardError.write(Data("reportgen: warning: \(command): \(message)\n".utf8))
}

/// The archive a command reads: `--archive`, else `--workspace`'s, else the pack folder's (wherever it is).
func archiveURL(archive: String?, workspace: String?, pack: String? = nil) throws -> URL {
    if let archive { return fileURL(archive) }
    if let pack {
        return URL(
            fileURLWithPath: try PackLocation.locate(fileURL(pack), workspace: workspace.map(fileURL)).archivePath)
    }
    return fileURL(workspace ?? ".").appendingPathComponent(DecisionArchive.fileName)
}

/// Passphrases for protected keys: from `REPORTGEN_KEY_PASSPHRASE`, else typed at the terminal without echo;
/// never from a command-line flag (which other users could read in the process list).
enum Passphrase {
    /// The passphrase, or nil when neither the variable nor a terminal gives one.
    /// - Parameter confirm: ask twice at a terminal (keygen).
    static func read(prompt: String, confirm: Bool = false) throws -> Data? {
        if let value = ProcessInfo.processInfo.environment[SigningKey.passphraseVariable], !value.isEmpty {
            return Data(value.utf8)
        }
        guard let first = readFromTerminal(prompt) else { return nil }
        if confirm {
            guard readFromTerminal("Repeat the passphrase: ") == first else {
                throw ValidationError("the two passphrases differ; nothing was written")
            }
        }
        return first.isEmpty ? nil : Data(first.utf8)
    }

    /// One line from `/dev/tty` with echo off, or nil without a terminal.
    private static func readFromTerminal(_ prompt: String) -> String? {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var original = termios()
        guard tcgetattr(descriptor, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = prompt.withCString { write(descriptor, $0, strlen($0)) }
        tcsetattr(descriptor, TCSAFLUSH, &silent)
        defer {
            tcsetattr(descriptor, TCSAFLUSH, &original)
            _ = write(descriptor, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while systemRead(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
