using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ocpi.Protocol.Json;
using Ocpi.Protocol.Transport;
using Ocpi.Protocol.Validation;
using Ocpi.Protocol.Versions;

namespace Ocpi.CpoSimulator;

// The CPO's SENDER lists (Locations, Sessions, CDRs, Tariffs): objects the test seeds, served with real OCPI
// pagination (date_from inclusive, date_to exclusive, offset/limit, Link rel="next", X-Total-Count, X-Limit), and
// switches that make one page fail once or shift the pages between two requests.
public sealed partial class CpoSimulator
{
    private readonly Lock _listsLock = new();
    private readonly Dictionary<string, List<JsonObject>> _lists = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<(string Module, int Offset)> _failOnce = [];
    private readonly Dictionary<string, Queue<JsonObject>> _insertAfterNextPage = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds objects to the end of a module's list, or replaces the object with the same id where it stands.</summary>
    public void Serve(string module, params JsonObject[] objects)
    {
        lock (_listsLock)
        {
            var list = List(module);
            foreach (var item in objects)
            {
                var index = list.FindIndex(o => Id(o) == Id(item));
                if (index >= 0) list[index] = (JsonObject)item.DeepClone();
                else list.Add((JsonObject)item.DeepClone());
            }
        }
    }

    /// <summary>The next request for the page at <paramref name="offset"/> is answered HTTP 500; later ones succeed.</summary>
    public void FailPageOnce(string module, int offset)
    {
        lock (_listsLock) _failOnce.Add((module, offset));
    }

    /// <summary>
    /// Right after the next page of the module is served, <paramref name="item"/> is inserted at the head of the list:
    /// every object after it moves one place on, as when a CPO lists an object changed while a client pages through.
    /// </summary>
    public void InsertAtHeadAfterNextPage(string module, JsonObject item)
    {
        lock (_listsLock)
        {
            if (!_insertAfterNextPage.TryGetValue(module, out var queue)) _insertAfterNextPage[module] = queue = new Queue<JsonObject>();
            queue.Enqueue((JsonObject)item.DeepClone());
        }
    }

    /// <summary>The GETs of a module's list the simulator received (paths with query).</summary>
    public IReadOnlyList<RecordedRequest> ListRequests(string module) =>
        Requests.Where(r => r.Method == "GET" && (r.Path == $"/ocpi/2.3.0/{module}" || r.Path.StartsWith($"/ocpi/2.3.0/{module}?"))).ToList();

    private void MapSenderLists() =>
        _app.MapGet("/ocpi/2.3.0/{module}", (HttpContext http, string module) =>
        {
            if (Authorized(http, allowTokenA: false) is { } refused) return refused;
            if (!Options.Modules.Contains((module, InterfaceRole.SENDER))) return Envelope<object?>(null);
            var errors = new ValidationResult();
            var request = PageRequest.Parse(q => http.Request.Query.TryGetValue(q, out var v) ? v.ToString() : null, Options.SenderMaxLimit, errors);
            if (!errors.IsValid) return Envelope<object?>(null, OcpiStatusCode.InvalidOrMissingParameters);
            List<JsonObject> page;
            int total;
            lock (_listsLock)
            {
                if (_failOnce.Remove((module, request.Offset))) return Results.StatusCode(StatusCodes.Status500InternalServerError);
                var matching = List(module).Where(o => request.Includes(LastUpdated(o))).ToList();
                total = matching.Count;
                page = matching.Skip(request.Offset).Take(request.Limit).Select(o => (JsonObject)o.DeepClone()).ToList();
                if (_insertAfterNextPage.TryGetValue(module, out var queue) && queue.TryDequeue(out var inserted)) List(module).Insert(0, inserted);
            }
            var headers = PageHeaders.For($"{BaseUrl}/ocpi/2.3.0/{module}", request, total, Options.SenderMaxLimit);
            if (headers.Link is not null) http.Response.Headers[OcpiHeaders.Link] = headers.Link;
            http.Response.Headers[OcpiHeaders.TotalCount] = headers.TotalCount.ToString();
            http.Response.Headers[OcpiHeaders.Limit] = headers.Limit.ToString();
            return Envelope(page);
        });

    private List<JsonObject> List(string module) =>
        _lists.TryGetValue(module, out var list) ? list : _lists[module] = [];

    private static string? Id(JsonObject o) => o["id"]?.GetValue<string>();

    private static DateTimeOffset LastUpdated(JsonObject o) =>
        OcpiDateTime.TryParse(o["last_updated"]?.GetValue<string>(), out var value) ? value : DateTimeOffset.MinValue;
}
