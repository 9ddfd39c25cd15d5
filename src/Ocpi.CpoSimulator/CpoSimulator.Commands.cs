using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ocpi.Protocol.Transport;

namespace Ocpi.CpoSimulator;

/// <summary>How the simulated CPO treats the next commands it receives (settable per test).</summary>
public sealed class CommandBehaviour
{
    /// <summary>The CommandResponseType it answers: ACCEPTED, REJECTED, NOT_SUPPORTED or UNKNOWN_SESSION.</summary>
    public string Response { get; set; } = "ACCEPTED";

    /// <summary>The OCPI status_code of that answer (e.g. 2003 for an unknown Location, as the spec's diagram shows).</summary>
    public int StatusCode { get; set; } = OcpiStatusCode.Success;

    /// <summary>When set, the command is answered with this HTTP status and no envelope (e.g. 503: the CPO is failing).</summary>
    public int? HttpStatus { get; set; }

    /// <summary>Answers 1000 without data (no CommandResponse), as some CPOs do.</summary>
    public bool OmitResponse { get; set; }

    /// <summary>The timeout (seconds) it announces in its CommandResponse.</summary>
    public int Timeout { get; set; } = 30;

    /// <summary>The CommandResultType it posts to the response_url after an ACCEPTED answer; null: it never posts one.</summary>
    public string? Result { get; set; } = "ACCEPTED";

    /// <summary>How long after answering it posts the result.</summary>
    public TimeSpan ResultDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How many times it posts the result (2: a duplicate).</summary>
    public int ResultPosts { get; set; } = 1;
}

/// <summary>A command the CPO received: its type (URL segment) and body.</summary>
public sealed record ReceivedCommand(string Type, JsonElement Body)
{
    public string ResponseUrl => Body.GetProperty("response_url").GetString()!;
}

/// <summary>A CommandResult the CPO posted, and how the eMSP answered it.</summary>
public sealed record PostedResult(string ResponseUrl, string Result, OcpiCallResult Answer);

// The CPO's commands RECEIVER: answers a CommandResponse as configured, then posts the CommandResult to the response_url.
public sealed partial class CpoSimulator
{
    private readonly ConcurrentQueue<ReceivedCommand> _commands = new();
    private readonly ConcurrentQueue<PostedResult> _postedResults = new();

    public CommandBehaviour Commands { get; } = new();
    public IReadOnlyList<ReceivedCommand> ReceivedCommands => _commands.ToList();
    public IReadOnlyList<PostedResult> PostedResults => _postedResults.ToList();

    /// <summary>Reaches the eMSP through another handler from now on (e.g. the in-memory handler of a restarted host).</summary>
    public void ReachEmspThrough(HttpMessageHandler handler)
    {
        var previous = _client;
        _client = new HttpClient(handler, disposeHandler: false);
        previous.Dispose();
    }

    /// <summary>POSTs a CommandResult to a response_url, with our token for the eMSP unless another is given.</summary>
    public async Task<OcpiCallResult> PostCommandResultAsync(string responseUrl, string result, string? token = null, string? rawBody = null)
    {
        var answer = await CallEmspAsync(HttpMethod.Post, responseUrl, token ?? TokenForEmsp, new { result }, rawBody: rawBody);
        _postedResults.Enqueue(new PostedResult(responseUrl, result, answer));
        return answer;
    }

    private void MapCommandReceiver() =>
        _app.MapPost("/ocpi/2.3.0/commands/{command}", async (HttpContext http, string command) =>
        {
            if (Authorized(http, allowTokenA: false) is { } refused) return refused;
            var body = (await JsonDocument.ParseAsync(http.Request.Body)).RootElement.Clone();
            var received = new ReceivedCommand(command, body);
            _commands.Enqueue(received);
            var behaviour = Commands;
            if (behaviour.HttpStatus is { } failing) return Results.StatusCode(failing);
            if (behaviour is { Response: "ACCEPTED", Result: { } result })
                _ = PostResultsLaterAsync(received.ResponseUrl, result, behaviour.ResultDelay, behaviour.ResultPosts);
            if (behaviour.OmitResponse) return Envelope<object?>(null, behaviour.StatusCode);
            return Envelope(new { result = behaviour.Response, timeout = behaviour.Timeout }, behaviour.StatusCode);
        });

    private async Task PostResultsLaterAsync(string responseUrl, string result, TimeSpan delay, int times)
    {
        await Task.Delay(delay);
        for (var i = 0; i < times; i++)
        {
            try
            {
                await PostCommandResultAsync(responseUrl, result);
            }
            catch (Exception e) when (e is HttpRequestException or ObjectDisposedException or InvalidOperationException)
            {
                // The eMSP is unreachable (e.g. stopped): OCPI does not retry callbacks, so neither does the CPO.
            }
        }
    }
}
