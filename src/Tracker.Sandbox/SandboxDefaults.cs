namespace Tracker.Sandbox;

/// <summary>Fixed facts of the emulated cluster that the README and the tests rely on.</summary>
public static class SandboxDefaults
{
    /// <summary>The Knox gateway's port unless <c>--Sandbox:Port</c> says otherwise.</summary>
    public const int GatewayPort = 8890;

    /// <summary>The Knox topology the gateway serves: <c>/gateway/sandbox/...</c>.</summary>
    public const string KnoxTopology = "sandbox";

    /// <summary>
    /// The ResourceManager's RPC address: what a workflow names as its <c>job-tracker</c>. The emulated Oozie
    /// refuses any other (it also accepts <c>sandbox-RMS:8032</c>, the reference's alias of the same host).
    /// </summary>
    public const string ResourceManagerAddress = "sandbox-rm.example.com:8032";

    /// <summary>The HDFS name node, an HA nameservice: workflows' <c>name-node</c> and the authority of application paths.</summary>
    public const string NameNode = "hdfs://sandbox";
}
