/// Expands command-line paths into reviews: files as they are, directories recursively (`*.json` and
/// `*.jsonl` files only, so a README beside the captures is not an error), `-` as standard input.
public enum ReplayInputs {
    public static func collect(_ paths: [String]) -> [ReviewInput] {
        var out: [ReviewInput] = []
        for path in paths {
            let files: [String]
            if path != "-", InputFiles.isDirectory(path) {
                do {
                    files = try InputFiles.files(under: path).filter { $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") }
                } catch {
                    out.append(ReviewInput(source: path, review: .failure(ReplayInputError(source: path, reason: error.reason))))
                    continue
                }
            } else {
                files = [path]
            }
            for file in files {
                do {
                    out.append(contentsOf: ReviewDecoder.reviews(in: try InputFiles.read(file), source: file))
                } catch {
                    out.append(ReviewInput(source: file, review: .failure(ReplayInputError(source: file, reason: error.reason))))
                }
            }
        }
        return out
    }
}
