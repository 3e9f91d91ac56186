/// Expands command-line paths into reviews: files as they are, directories recursively (`*.json` and
/// `*.jsonl` files only, so a README beside the captures is not an error), `-` as standard input. What
/// cannot be read (a file, a subdirectory, a dangling link to a review file) is a failure in its place;
/// the rest is still replayed.
public enum ReplayInputs {
    public static func collect(_ paths: [String]) -> [ReviewInput] {
        var out: [ReviewInput] = []
        forEach(paths) { out.append($0) }
        return out
    }

    /// The reviews of `collect(_:)`, in the same order, handed to `body` one at a time (see
    /// `ReviewDecoder.forEachReview`): replay keeps one review in memory, not the whole corpus.
    public static func forEach(_ paths: [String], _ body: (ReviewInput) -> Void) {
        for path in paths {
            let files = path != "-" && InputFiles.isDirectory(path) ? InputFiles.files(under: path, where: isReviewFile) : [.success(path)]
            for file in files {
                do throws(InputFiles.Failure) {
                    let file = try file.get()
                    try InputFiles.withLines(of: file) { (lines) throws(InputFiles.Failure) in
                        try ReviewDecoder.forEachReview(reading: &lines, source: file, body)
                    }
                } catch {
                    body(ReviewInput(source: error.path, review: .failure(ReplayInputError(source: error.path, reason: error.reason))))
                }
            }
        }
    }

    static func isReviewFile(_ path: String) -> Bool {
        path.hasSuffix(".json") || path.hasSuffix(".jsonl")
    }
}
