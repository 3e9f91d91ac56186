import JSON

/// The patch writer lives with `JSONPatch` in JSON, where the response encoder (in Admission) can reach
/// it to write a mutating response's patch straight into the response; replay writes patches through
/// this name.
public typealias PatchWriter = JSONPatchWriter
