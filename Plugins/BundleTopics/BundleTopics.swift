import Foundation
import PackagePlugin

/// Bundles `topics/topics.yaml` into the target that uses this plugin, so the binary carries the
/// one authoritative topics contract instead of a copy that could drift from it.
@main
struct BundleTopics: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let input = context.package.directoryURL.appending(path: "topics/topics.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "topics.yaml")
        return [
            .buildCommand(
                displayName: "Bundling topics/topics.yaml",
                executable: URL(fileURLWithPath: "/bin/cp"),
                arguments: [input.path, output.path],
                inputFiles: [input],
                outputFiles: [output])
        ]
    }
}
