using Tracker.Jobs.Tracking;

namespace Tracker.Jobs.Tests.Tracking;

public sealed class OozieJobIdTests
{
    [Theory]
    [InlineData("0030161-180716060648641-oozie-W", 0)]
    [InlineData("0000001-200101000000000-oozie-oozi-C", 1)]
    [InlineData("0000002-200101000000000-oozie-B", 2)]
    public void TryParse_AcceptsWorkflowCoordinatorAndBundleIds(string text, int expectedKind)
    {
        Assert.True(OozieJobId.TryParse(text, out var id, out var kind));
        Assert.Equal(text, id);
        Assert.Equal((OozieJobKind)expectedKind, kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("0030161-180716060648641-oozie-X")]
    [InlineData("0030161-180716060648641-oozie-W@action")]
    [InlineData("0030161-180716060648641-oozie-C@1")]
    [InlineData("job_1529519049029_420001")]
    [InlineData("../../etc/passwd")]
    [InlineData("0030161-180716060648641-oozie-W\n")]
    [InlineData("abc-180716060648641-oozie-W")]
    public void TryParse_RefusesAnythingElse(string text)
    {
        Assert.False(OozieJobId.TryParse(text, out _, out _));
    }
}
