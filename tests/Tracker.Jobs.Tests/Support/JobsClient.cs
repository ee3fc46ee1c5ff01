using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tracker.Jobs.Tests.Support;

/// <summary>An HTTP client of Tracker's /api acting as one user, with helpers for the contract's bodies.</summary>
internal sealed class JobsClient(Uri baseAddress, string? user, string? password) : IDisposable
{
    public HttpClient Http { get; } = Create(baseAddress, user, password);

    private static HttpClient Create(Uri baseAddress, string? user, string? password)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (user is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return http;
    }

    public Task<HttpResponseMessage> PostTextAsync(string path, string body)
        => Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "text/plain"));

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json)
        => Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The job's copy status once every copy has finished (<c>"finished": true</c>), polled until <paramref name="deadline"/>.</summary>
    public Task<JsonElement> CopiesFinishedAsync(string jobId, TimeSpan deadline)
        => Eventually.MatchesAsync(
            async () =>
            {
                var (response, body) = await GetJsonAsync($"/api/job/{jobId}/logs/status");
                return response.StatusCode == System.Net.HttpStatusCode.OK ? body : default;
            },
            body => body.ValueKind == JsonValueKind.Object && body.GetProperty("finished").GetBoolean(),
            deadline,
            $"the copies of {jobId} to finish");

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public void Dispose() => Http.Dispose();
}
