using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ocpi.Emsp.Tests.Infrastructure;
using Ocpi.Protocol.Transport;
using Xunit.Abstractions;

namespace Ocpi.Emsp.Tests.Fuzz;

/// <summary>Hostile input against the service process on real Kestrel: raw request lines, and memory after large bodies.</summary>
public sealed class KestrelHostileInputTests(KestrelServiceFixture service, ITestOutputHelper output) : IClassFixture<KestrelServiceFixture>
{
    [Theory]
    [InlineData("GET /ocpi/2.3.0/locations/NL/TNM/../x HTTP/1.1")]
    [InlineData("GET /ocpi/2.3.0/locations/NL/TNM/LOC1/.. HTTP/1.1")]
    [InlineData("GET /ocpi/2.3.0/./locations HTTP/1.1")]
    [InlineData("GET /ocpi/2.3.0/locations/NL/TNM//E1 HTTP/1.1")]
    [InlineData("PUT /ocpi/2.3.0/locations/NL/TNM/A%2FB/C/D/E HTTP/1.1")]
    [InlineData("GET /ocpi/2.3.0/sessions/NL/TNM/A%2F..%2F..%2Fx HTTP/1.1")]
    [InlineData("DELETE /ocpi/2.3.0/sessions/NL/TNM/S1 HTTP/1.1")]
    [InlineData("GET /ocpi/2.3.0/nomodule/%FF%FE HTTP/1.1")]
    [InlineData("POST /ocpi/2.3.0/tokens/T1/authorize?type=%00 HTTP/1.1")]
    [InlineData("GET /ocpi/2.3.0/tokens?offset=%00&limit=%FF HTTP/1.1")]
    public async Task every_answer_under_ocpi_carries_the_envelope_on_kestrel(string requestLine)
    {
        var (status, body) = await service.RawAsync(requestLine);

        status.ShouldBeInRange(400, 499, body);
        var envelope = JsonDocument.Parse(body).RootElement;
        envelope.GetProperty("status_code").GetInt32().ShouldBeInRange(2000, 2999);
        envelope.GetProperty("status_message").GetString().ShouldNotBeNullOrEmpty();
        envelope.GetProperty("timestamp").GetString()!.ShouldEndWith("Z");
    }

    /// <summary>
    /// Three rounds of 50 concurrent 3 MiB bodies (one JSON value every two bytes: the densest a parser meets), each read,
    /// parsed and refused with 2001; afterwards the process returns near its resting memory. Before, it kept gigabytes.
    /// </summary>
    [Fact]
    public async Task after_a_burst_of_large_refused_bodies_memory_returns_near_its_resting_level()
    {
        var tokenA = await service.InviteAsync();
        var body = Encoding.ASCII.GetBytes("{\"x\":[" + string.Join(",", Enumerable.Repeat("1", 1536 * 1024 - 10)) + "]}");
        await SendAsync(tokenA, Encoding.ASCII.GetBytes("{\"x\":1}"));
        await Task.Delay(TimeSpan.FromSeconds(2)); // let start-up work settle before the resting level is read
        var resting = service.RssMb();

        var peak = resting;
        for (var round = 0; round < 3; round++)
        {
            // 50 bodies per round, 10 in flight: on a loaded machine 50 uploads at once starve each other below
            // Kestrel's minimum request body data rate, and Kestrel rightly drops the slowest connections.
            using var inFlight = new SemaphoreSlim(10);
            var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            {
                await inFlight.WaitAsync();
                try { return await SendAsync(tokenA, body); }
                finally { inFlight.Release(); }
            }));
            answers.ShouldAllBe(a => a.Contains("\"status_code\":2001"));
            peak = Math.Max(peak, service.RssMb());
        }

        var allowance = 150.0;
        double after = 0;
        await Eventually.HoldsAsync(() => (after = service.RssMb()) <= resting + allowance,
            $"RSS back within {allowance} MB of its resting {resting} MB (now {after} MB)", TimeSpan.FromSeconds(90));
        output.WriteLine($"VmRSS resting {resting} MB, after a round {peak} MB, settled {after} MB");
    }

    private async Task<string> SendAsync(string token, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ocpi/2.3.0/credentials") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(OcpiHeaders.Authorization, CredentialsTokenHeader.Encode(token));
        using var response = await service.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }
}
