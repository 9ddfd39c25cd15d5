using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Ocpi.Emsp.Audit.Chain;
using Ocpi.Emsp.Tests.InternalApi;
using Ocpi.Emsp.Tests.Tokens;

namespace Ocpi.Emsp.Tests.Audit;

/// <summary>
/// Every writer's events end up in the chain (the group commit, the authorization recorder, Marten sessions), the
/// chain verifies over the API and on the command line, checkpoints vouch for it with a signature, and the documented
/// algorithm, re-implemented here over the export lines' text, gives the very links stored.
/// </summary>
public sealed class AuditChainSealingTests(AuditChainFixture emsp) : IClassFixture<AuditChainFixture>
{
    private async Task<long> WriteWithEveryWriterAsync()
    {
        var (cpo, _) = await emsp.RegisteredCpoAsync();
        await Push.SessionAsync(cpo, "S" + Guid.NewGuid().ToString("N")[..8], "ACTIVE", "2025-04-01T10:00:00Z", "NL-EMS-C1");
        var uid = "A" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        (await emsp.PutTokenAsync(TokensFixture.NewToken(uid))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var decision = await cpo.CallEmspAsync(HttpMethod.Post, $"{cpo.EmspEndpoint("tokens")}/{uid}/authorize", cpo.TokenForEmsp);
        var reference = decision.Data.GetProperty("authorization_reference").GetString()!;
        // The recorder stores decisions behind the answer.
        await Infrastructure.Eventually.HoldsAsync(async () => await emsp.ScalarAsync<long>(
            "select count(*) from emsp.mt_events where stream_id = @s", ("s", $"authorization:{reference}")) > 0, "the decision stored");
        await using (var session = emsp.Store.LightweightSession())
        {
            session.Events.Append("audit-test:" + Guid.NewGuid().ToString("N"), new AuditCheckpointRecorded(0, new string('0', 64), DateTimeOffset.UtcNow, null, null));
            // What canonical text must get right: escapes, control characters, text beyond ASCII (a surrogate pair
            // included), member order, numbers, and a header named like the correlation id, which the column wins over.
            session.CorrelationId = "corr-\"\u00e9";
            session.SetHeader("correlation_id", "header loses");
            session.SetHeader("zeta", new Dictionary<string, object> { ["b"] = 2.50m, ["a"] = "\u0001\n" });
            session.Events.Append("audit-test:" + Guid.NewGuid().ToString("N"), new AuditTextEvent("\"\\/\t\u001f é € 😀 <>&'",
                JsonNode.Parse("""{"z":[1,1e2,0.0000001,-0.5,{"y":null,"x":true}],"é":"\ud83d\ude00","A":{}}""")!.AsObject()));
            await session.SaveChangesAsync();
        }
        return await emsp.LastEventSeqAsync();
    }

    [Fact]
    public async Task events_of_every_writer_are_sealed_and_the_chain_verifies()
    {
        var last = await WriteWithEveryWriterAsync();
        await emsp.SealedUpToAsync(last);

        var types = await emsp.ScalarAsync<string[]>("select array_agg(distinct type) from emsp.mt_events where seq_id <= @last", ("last", last));
        types.ShouldContain("authorization_decided");
        types.ShouldContain("audit_checkpoint_recorded");
        types.ShouldContain(t => t.StartsWith("session"));
        (await emsp.ScalarAsync<long>("select count(*) from emsp.mt_events e where seq_id <= @last and not exists " +
                                      "(select 1 from emsp.audit_chain c where c.seq = e.seq_id)", ("last", last))).ShouldBe(0);

        var answer = await emsp.InternalApi().GetFromJsonAsync<JsonElement>($"/api/audit/verify?to={last}");
        answer.GetProperty("ok").GetBoolean().ShouldBeTrue(answer.ToString());
        answer.GetProperty("checked").GetInt64().ShouldBe(await emsp.ScalarAsync<long>("select count(*) from emsp.mt_events where seq_id <= @last", ("last", last)));
        (answer.TryGetProperty("first_broken", out var broken) && broken.ValueKind != JsonValueKind.Null).ShouldBeFalse();
    }

    [Fact]
    public async Task the_command_line_verify_exits_zero_on_an_intact_chain()
    {
        var last = await WriteWithEveryWriterAsync();
        await emsp.SealedUpToAsync(last);
        var output = new StringWriter();

        var exit = await AuditVerifyCommand.RunAsync(emsp.Host.Services, ["audit", "verify", "--to", last.ToString()], output, new StringWriter());

        exit.ShouldBe(0, output.ToString());
        output.ToString().ShouldStartWith("OK:");
    }

    [Fact]
    public async Task a_bad_seq_is_refused_with_400_naming_the_parameter()
    {
        var response = await emsp.InternalApi().GetAsync("/api/audit/verify?from=yesterday");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("from");
    }

    [Fact]
    public async Task a_signed_checkpoint_records_the_link_the_chain_holds_at_its_seq()
    {
        var last = await WriteWithEveryWriterAsync();
        await emsp.SealedUpToAsync(last);

        AuditCheckpointRecorded? checkpoint = null;
        var seen = "";
        try
        {
            await Infrastructure.Eventually.HoldsAsync(async () =>
            {
                await using var session = emsp.Store.QuerySession();
                var events = await session.Events.FetchStreamAsync(AuditCheckpointRecorded.StreamKey);
                seen = string.Join(", ", events.Select(e => $"{e.Sequence}: {((AuditCheckpointRecorded)e.Data).Seq}"));
                checkpoint = events.Select(e => (AuditCheckpointRecorded)e.Data).LastOrDefault(c => c.Seq >= last);
                return checkpoint is not null;
            }, "a checkpoint past our events", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; events sealed up to {last}, checkpoints seen: {seen}", e);
        }

        var link = await emsp.ScalarAsync<string>("select link from emsp.audit_chain where seq = @seq", ("seq", checkpoint!.Seq));
        checkpoint.Link.ShouldBe(link);
        checkpoint.KeyId.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(emsp.SigningKey.ExportSubjectPublicKeyInfo())));
        emsp.SigningKey.VerifyData(Encoding.UTF8.GetBytes($"{checkpoint.Seq}:{checkpoint.Link}"), Convert.FromBase64String(checkpoint.Signature!),
            HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).ShouldBeTrue();
    }

    /// <summary>
    /// The README's algorithm, written again with nothing but SHA-256 and a JSON parser: the canonical text is the raw
    /// text of the export line's seven members, in order, joined by commas inside brackets.
    /// </summary>
    [Fact]
    public async Task links_recomputed_from_the_export_lines_text_alone_equal_the_stored_links()
    {
        var last = await WriteWithEveryWriterAsync();
        await emsp.SealedUpToAsync(last);

        string? previous = null;
        var compared = 0;
        await using var connection = new NpgsqlConnection(emsp.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select {AuditEventLine.Columns}, c.link from emsp.mt_events join emsp.audit_chain c on c.seq = seq_id where seq_id <= @last order by seq_id", connection);
        command.Parameters.AddWithValue("last", last);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var line = AuditEventLine.From(reader).ToJsonLine(reader.GetString(9));

            using var parsed = JsonDocument.Parse(line);
            var members = new[] { "seq", "stream", "version", "type", "timestamp", "metadata", "data" }
                .Select(m => parsed.RootElement.GetProperty(m).GetRawText());
            var canonical = "[" + string.Join(",", members) + "]";
            var link = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((previous ?? "") + canonical)));

            link.ShouldBe(parsed.RootElement.GetProperty("link").GetString(), line);
            previous = link;
            compared++;
        }
        compared.ShouldBeGreaterThan(5);
    }
}

/// <summary>An event written only by these tests, with text and JSON that canonical form must render exactly.</summary>
public sealed record AuditTextEvent(string Text, JsonObject Payload);
