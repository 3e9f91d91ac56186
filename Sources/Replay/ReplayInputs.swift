/// Expands command-line paths into reviews: files as they are, directories recursively (`*.json` and
/// `*.jsonl` files only, so a README beside the captures is not an error), `-` as standard input. What
/// cannot be read (a file, a subdirectory, a dangling link to a review file) is a failure in its place;
/// the rest is still replayed.
public enum ReplayInputs {
    public static func collect(_ paths: [String]) -> [ReviewInput] {
        var out: [ReviewInput] = []
        for path in paths {
            let files = path != "-" && InputFiles.isDirectory(path) ? InputFiles.files(under: path, where: isReviewFile) : [.success(path)]
            for file in files {
                do throws(InputFiles.Failure) {
                    let file = try file.get()
                    out.append(contentsOf: ReviewDecoder.reviews(in: try InputFiles.read(file), source: file))
                } catch {
                    out.append(ReviewInput(source: error.path, review: .failure(ReplayInputError(source: error.path, reason: error.reason))))
                }
            }
        }
        return out
    }

    static func isReviewFile(_ path: String) -> Bool {
        path.hasSuffix(".json") || path.hasSuffix(".jsonl")
    }
}
