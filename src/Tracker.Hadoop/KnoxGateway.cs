namespace Tracker.Hadoop;

/// <summary>Where a Knox gateway answers; issue 2 fills in the clients.</summary>
public sealed record KnoxGateway(Uri BaseUrl);
