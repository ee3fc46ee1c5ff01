using System.Text;
using Microsoft.AspNetCore.Http;
using Tracker.Jobs.Apis;

namespace Tracker.Jobs.Tests.Apis;

public sealed class JobIdRequestTests
{
    private const string A = "0030161-180716060648641-oozie-W";
    private const string B = "0030162-180716060648641-oozie-W";

    private static Task<JobIdRequest.Result> Read(string? contentType, string body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return JobIdRequest.ReadAsync(context.Request, CancellationToken.None);
    }

    [Fact]
    public async Task PlainText_OneIdPerLine_SkipsBlankLinesAndTrims()
    {
        var result = await Read("text/plain; charset=utf-8", $"{A}\r\n\n  {B}  \n\n");
        Assert.Null(result.Error);
        Assert.Equal([A, B], result.Ids);
    }

    [Fact]
    public async Task JsonArray_IsTheListOfIds()
    {
        var result = await Read("application/json", $"[\"{A}\", \"{B}\"]");
        Assert.Equal([A, B], result.Ids);
    }

    [Fact]
    public async Task JsonObject_WithStringId_IsOneId()
    {
        var result = await Read("application/json; charset=utf-8", $"{{\"id\": \"{A}\"}}");
        Assert.Equal([A], result.Ids);
    }

    [Fact]
    public async Task JsonObject_WithArrayId_IsThatList_WithoutDuplicates()
    {
        var result = await Read("application/json", $"{{\"id\": [\"{A}\", \"{B}\", \"{A}\"]}}");
        Assert.Equal([A, B], result.Ids);
    }

    [Theory]
    [InlineData(null, "", "Missing content type")]
    [InlineData("", "", "Missing content type")]
    [InlineData("application/xml", "<id/>", "Unrecognized content type: application/xml")]
    [InlineData("application/x-www-form-urlencoded", "id=1", "Unrecognized content type")]
    [InlineData("application/json", "[\"0030161-180716060648641-oozie-W\"", "Malformed JSON")]
    [InlineData("application/json", "42", "Expected a JSON array")]
    [InlineData("application/json", "{\"ids\": []}", "no \"id\" property")]
    [InlineData("application/json", "[42]", "must be a JSON string")]
    [InlineData("application/json", "[]", "No job id given")]
    [InlineData("application/json", "[\"\"]", "Empty job id")]
    [InlineData("text/plain", "\n\n  \n", "No job id given")]
    [InlineData("text/plain", "not-a-job", "Malformed job id: not-a-job")]
    [InlineData("application/json", "{\"id\": null}", "Expected a JSON array")]
    [InlineData("application/json", "[\"\\udc00\"]", "valid Unicode text")]
    [InlineData("application/json", "{\"id\": \"\\ud800x\"}", "valid Unicode text")]
    public async Task BadBodies_AreClientErrors(string? contentType, string body, string expected)
    {
        var result = await Read(contentType, body);
        Assert.Null(result.Ids);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public async Task OversizedBody_IsRefused()
    {
        var result = await Read("text/plain", new string('x', JobIdRequest.MaxBodyBytes + 1));
        Assert.Equal("Request body too large.", result.Error);
    }
}
