namespace Tracker.Sandbox;

/// <summary>Fixed facts of the emulated cluster that the README and the tests rely on.</summary>
public static class SandboxDefaults
{
    /// <summary>The Knox gateway's port unless <c>--Sandbox:Port</c> says otherwise.</summary>
    public const int GatewayPort = 8890;

    /// <summary>The Knox topology the gateway serves: <c>/gateway/sandbox/...</c>.</summary>
    public const string KnoxTopology = "sandbox";
}
