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

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public void Dispose() => Http.Dispose();
}
