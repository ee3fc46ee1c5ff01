namespace Tracker.Heron.Proto;

/// <summary>The generated Heron messages live in this assembly (issue 5 adds the .proto files).</summary>
public static class HeronProto;
