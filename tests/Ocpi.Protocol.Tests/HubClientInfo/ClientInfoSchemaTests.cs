using System.Text.Json.Nodes;
using Ocpi.Protocol.HubClientInfo;
using static Ocpi.Protocol.Tests.SchemaCheck;

namespace Ocpi.Protocol.Tests.HubClientInfo;

/// <summary>
/// The ClientInfo table of mod_hub_client_info.asciidoc (2.3.0/release/core). The spec's own example omits last_updated
/// (and has a trailing comma), so the base document is built from the table.
/// </summary>
public sealed class ClientInfoSchemaTests
{
    private static JsonNode ClientInfo => JsonNode.Parse(
        """{"party_id": "ALL", "country_code": "NL", "role": "CPO", "status": "PLANNED", "last_updated": "2025-01-01T10:00:00Z"}""")!;

    [Fact]
    public void client_info_matches_its_field_table() =>
        FieldTable(HubClientInfoSchemas.ClientInfo).ShouldBe([
            "party_id 1 CiString(3)", "country_code 1 CiString(2)", "role 1 Role", "status 1 ConnectionStatus", "last_updated 1 DateTime",
        ]);

    [Fact]
    public void connection_status_holds_the_four_spec_values() =>
        HubClientInfoSchemas.ConnectionStatus.Values.ShouldBe(["CONNECTED", "OFFLINE", "PLANNED", "SUSPENDED"], ignoreOrder: true);

    [Fact]
    public void the_base_document_is_valid() => HubClientInfoSchemas.ClientInfo.ShouldValidate(ClientInfo);

    [Fact]
    public void a_2_2_1_hub_role_is_accepted() => HubClientInfoSchemas.ClientInfo.ShouldValidate(ClientInfo.With("role", "HUB"));

    [Theory]
    [InlineData("party_id")]
    [InlineData("country_code")]
    [InlineData("role")]
    [InlineData("status")]
    [InlineData("last_updated")]
    public void client_info_without_a_required_field_is_refused_by_its_path(string path) =>
        HubClientInfoSchemas.ClientInfo.ShouldRefuse(ClientInfo.Without(path), path, "required field is missing");

    [Fact]
    public void an_unknown_status_is_refused() =>
        HubClientInfoSchemas.ClientInfo.ShouldRefuse(ClientInfo.With("status", "ONLINE"), "status", "not a valid ConnectionStatus");

    [Fact]
    public void a_party_id_beyond_3_characters_is_refused() =>
        HubClientInfoSchemas.ClientInfo.ShouldRefuse(ClientInfo.With("party_id", "ALLX"), "party_id", "max 3");
}
